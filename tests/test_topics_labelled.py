"""Topic tagging against a hand-labelled sample, with pinned floors (tests/data).

``topics_labelled.jsonl`` holds 270 statements labelled by hand with the shipped taxonomy's
topics: German from the German Wikinews texts of the bundled sample (offsets of the gold dev
quotes), English from the English Wikinews sample and from the PolNeAR dev set in ../shared
(only ids, offsets and labels are stored for those; their text is read from ../shared).
Gold labels are expanded with their parents, as the tagger's output is. Floors live in
``topics_baseline.json``: raise them deliberately when tagging improves.

``python -m tests.test_topics_labelled`` prints the per-topic table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from ingest.model import Statement
from ingest.paths import shared_path
from ingest.topics import Tagger, Taxonomy, load_taxonomy
from ingest.when import context_bounds

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "topics_labelled.jsonl"
BASELINE = REPO / "tests" / "data" / "topics_baseline.json"
SAMPLE = {
    "wikinews_de": REPO / "data" / "articles" / "wikinews_de.jsonl",
    "wikinews_en": REPO / "data" / "articles" / "wikinews_en_2019_2020.jsonl",
}
POLNEAR = ("data", "gold", "en_polnear_dev.jsonl")


@dataclass(frozen=True, slots=True)
class Labelled:
    source: str
    language: str
    quote: str
    context: str
    topics: frozenset[str]


@cache
def _texts(source: str) -> dict[str, str]:
    if source in SAMPLE:
        path: Path | None = SAMPLE[source]
        key = "id"
    else:
        path, key = shared_path(*POLNEAR), "doc_id"
    if path is None:
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row[key]: row["text"] for row in map(json.loads, fh)}


def labelled() -> list[Labelled]:
    """Every labelled statement whose text is here (PolNeAR's only with ../shared)."""
    out = []
    for row in map(json.loads, LABELS.read_text(encoding="utf-8").splitlines()):
        text = _texts(row["source"]).get(row["doc"])
        if text is None:
            continue
        start, end = row["start"], row["end"]
        statement = Statement("x", "direct", start, end, text[start:end], ((start, end),))
        lo, hi = context_bounds(text, statement)
        topics = frozenset(row["topics"])
        out.append(Labelled(row["source"], row["language"], text[start:end], text[lo:hi], topics))
    return out


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def evaluate(rows: Iterable[Labelled], taxonomy: Taxonomy) -> dict[str, Score]:
    """Per-topic counts, plus ``"all"`` (micro-averaged)."""
    tagger = Tagger(taxonomy)
    counts: dict[str, Counter[str]] = {"tp": Counter(), "fp": Counter(), "fn": Counter()}
    for row in rows:
        gold = set(row.topics) | {p for t in row.topics for p in taxonomy.ancestors(t)}
        found = {s.topic for s in tagger.tag(row.quote, row.context, row.language)}
        for topic in found & gold:
            counts["tp"][topic] += 1
        for topic in found - gold:
            counts["fp"][topic] += 1
        for topic in gold - found:
            counts["fn"][topic] += 1
    topics = set().union(*counts.values())
    scores = {t: Score(counts["tp"][t], counts["fp"][t], counts["fn"][t]) for t in topics}
    scores["all"] = Score(*(sum(c.values()) for c in counts.values()))
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'topic':<16} {'support':>7} {'P':>6} {'R':>6}"]
    for topic, s in sorted(scores.items(), key=lambda kv: (kv[0] == "all", -kv[1].support)):
        lines.append(f"{topic:<16} {s.support:>7} {s.precision:>6.1%} {s.recall:>6.1%}")
    return "\n".join(lines)


def baseline() -> dict[str, dict[str, dict[str, float]]]:
    data: dict[str, dict[str, dict[str, float]]] = json.loads(BASELINE.read_text("utf-8"))
    return data


def _check(language: str, rows: list[Labelled]) -> None:
    scores = evaluate(rows, load_taxonomy(REPO / "data"))
    failures = []
    for topic, floor in baseline()[language].items():
        s = scores.get(topic, Score(0, 0, 0))
        if s.precision < floor["precision"] or s.recall < floor["recall"]:
            failures.append(f"{topic}: P {s.precision:.3f} R {s.recall:.3f} below {floor}")
    assert not failures, "\n".join(failures) + "\n" + table(scores)


def test_the_sample_is_large_enough_and_labelled_with_known_topics() -> None:
    rows = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines()]
    assert Counter(r["language"] for r in rows) == {"de": 135, "en": 135}
    known = {t.id for t in load_taxonomy(REPO / "data").topics}
    assert {t for r in rows for t in r["topics"]} <= known
    assert all("quote" not in r for r in rows if not r["source"].startswith("wikinews"))


def test_german_topics_meet_their_floors() -> None:
    _check("de", [r for r in labelled() if r.language == "de"])


def test_english_topics_meet_their_floors() -> None:
    if shared_path(*POLNEAR) is None:
        pytest.skip("needs ../shared/data/gold/en_polnear_dev.jsonl (part of the English sample)")
    _check("en", [r for r in labelled() if r.language == "en"])


if __name__ == "__main__":
    rows = labelled()
    for language in ("de", "en"):
        subset = [r for r in rows if r.language == language]
        print(f"\n{language}: {len(subset)} statements")
        print(table(evaluate(subset, load_taxonomy(REPO / "data"))))

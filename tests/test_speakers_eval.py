"""Speaker resolution measured on labelled mentions (tests/data/README.md): pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import need_shared

from ingest.model import Article
from ingest.readers import read_paths
from ingest.registry import load_registry
from ingest.speaker_eval import LabelledMention, evaluate, pairwise, read_labels, read_texts
from ingest.speakers import Mention

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "data" / "speaker_mentions.jsonl"
BACKGROUND = REPO / "tests" / "data" / "speaker_background_forms.jsonl"

# Measured floors (raise them deliberately when resolution improves). The target is merge
# precision >= 0.98 and recall >= 0.90; recall is below it because bare surnames of families
# (Trump, Clinton, Kennedy, Gates, Müller) stay apart when neither article, role nor a clear
# majority decides.
FLOORS = {
    "registry, corpus counts": (0.98, 0.92),
    "no registry, corpus counts": (0.98, 0.89),
    "no registry, labels only": (0.98, 0.80),
}


def labels() -> list[LabelledMention]:
    return read_labels(LABELS)


def test_the_labelled_set_is_large_and_holds_the_hard_cases() -> None:
    rows = labels()
    cases = {m.case for m in rows}
    assert len(rows) >= 300
    assert {
        "same_surname",
        "genitive",
        "transliteration",
        "organisation",
        "group",
        "cross_language",
        "pronoun_chain",
    } <= cases
    same = [m for m in rows if m.case == "same_surname"]
    assert len({m.entity for m in same if "mueller" in m.entity}) >= 5


def test_the_labels_hold_ids_offsets_and_names_only() -> None:
    keys = {"source", "article_id", "start", "end", "name", "role", "language", "entity", "case"}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == keys and len(row["name"]) < 60


def test_sample_labels_point_at_their_names() -> None:
    texts = {
        a.id: a.text
        for a in read_paths([str(REPO / "data" / "articles")])
        if isinstance(a, Article)
    }
    for m in labels():
        if m.source == "sample" and m.case != "pronoun_chain":
            assert texts[m.article_id][m.start : m.end] == m.name


def test_pairwise_scores_count_pairs() -> None:
    score = pairwise(["a", "a", "b", "b"], ["x", "x", "x", None])
    assert (score.true_pairs, score.predicted_pairs, score.correct_pairs) == (2, 3, 1)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    fang = need_shared("data", "corpora", "fang_covid_de", "articles.jsonl.gz")
    rows = labels()
    out = read_texts([fang], {m.article_id for m in rows if m.source == "fang_covid_de"})
    for a in read_paths([str(REPO / "data" / "articles")]):
        if isinstance(a, Article):
            out[a.id] = a.text
    return out


def background() -> list[Mention]:
    out: list[Mention] = []
    for line in BACKGROUND.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.extend([Mention(row["name"], "de", None, "background")] * int(row["statements"]))
    return out


@pytest.mark.shared
@pytest.mark.parametrize("setting", sorted(FLOORS))
def test_merge_precision_and_recall_stay_above_their_floors(
    setting: str, texts: dict[str, str]
) -> None:
    registry = load_registry(REPO / "data") if setting.startswith("registry") else []
    extra = background() if "corpus" in setting else []
    score, _ = evaluate(labels(), texts, registry, extra)
    precision, recall = FLOORS[setting]
    print(f"{setting}: {score}")
    assert score.precision >= precision and score.recall >= recall, str(score)

"""How well speakers are resolved, against mentions labelled with the entity they name.

A labelled mention (``tests/data/speaker_mentions.jsonl``) is one line::

    {"source": "fang_covid_de", "article_id": "fang-123", "start": 10, "end": 22,
     "name": "Gerd Müller", "role": "Entwicklungsminister", "language": "de",
     "entity": "gerd-mueller", "case": "same_surname"}

``name`` is the speaker name as the resolver receives it (the extractor's ``speaker``),
``start``/``end`` where it stands in the article, ``entity`` the true speaker. Article texts
are read from the corpora (the labels carry ids, offsets and names only). The score is
pairwise: of all pairs of mentions the resolver puts in one speaker, how many name one entity
(precision), and of all pairs naming one entity, how many it put together (recall).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.registry import RegistryEntry
from ingest.speakers import Mention, resolve_mentions


@dataclass(frozen=True, slots=True)
class LabelledMention:
    source: str
    article_id: str
    start: int
    end: int
    name: str
    entity: str
    case: str
    language: str = "de"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class PairwiseScore:
    mentions: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    def __str__(self) -> str:
        return (
            f"{self.mentions} mentions: merge precision {self.precision:.3f} "
            f"({self.correct_pairs}/{self.predicted_pairs} pairs), recall {self.recall:.3f} "
            f"({self.correct_pairs}/{self.true_pairs})"
        )


def read_labels(path: Path) -> list[LabelledMention]:
    with path.open(encoding="utf-8") as fh:
        return [LabelledMention(**json.loads(line)) for line in fh if line.strip()]


def read_texts(paths: Iterable[Path], wanted: set[str]) -> dict[str, str]:
    """Article texts by id, for the ids wanted, from JSONL(.gz) article files."""
    texts: dict[str, str] = {}
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("id") in wanted:
                    texts[row["id"]] = row.get("text") or ""
    return texts


def pairwise(gold: Sequence[str], predicted: Sequence[str | None]) -> PairwiseScore:
    """Pairwise merge precision and recall; an unresolved mention is a speaker of its own."""
    labels = [p if p is not None else f"\x00unresolved-{i}" for i, p in enumerate(predicted)]
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(gold).values())
    predicted_pairs = sum(n * (n - 1) // 2 for n in Counter(labels).values())
    correct = Counter(zip(gold, labels, strict=True))
    correct_pairs = sum(n * (n - 1) // 2 for n in correct.values())
    return PairwiseScore(len(gold), true_pairs, predicted_pairs, correct_pairs)


def mentions_of(labels: Sequence[LabelledMention], texts: Mapping[str, str]) -> list[Mention]:
    return [
        Mention(m.name, m.language, m.role, m.article_id, texts.get(m.article_id)) for m in labels
    ]


def evaluate(
    labels: Sequence[LabelledMention],
    texts: Mapping[str, str],
    registry: Sequence[RegistryEntry] = (),
    background: Sequence[Mention] = (),
) -> tuple[PairwiseScore, list[str | None]]:
    """Resolve the labelled mentions (with ``background`` mentions from the rest of the corpus
    resolved alongside, as in a real build) and score them."""
    predicted = resolve_mentions([*mentions_of(labels, texts), *background], registry)
    mine = predicted[: len(labels)]
    return pairwise([m.entity for m in labels], mine), mine


def errors(
    labels: Sequence[LabelledMention], predicted: Sequence[str | None]
) -> list[tuple[str, str, str, str | None]]:
    """(case, name, entity, predicted) for mentions whose predicted speaker holds others'
    entities or whose entity is split — the list to read when a score drops."""
    by_pred: dict[str | None, Counter[str]] = {}
    for m, p in zip(labels, predicted, strict=True):
        by_pred.setdefault(p, Counter())[m.entity] += 1
    majority = {p: c.most_common(1)[0][0] for p, c in by_pred.items()}
    entity_home = Counter((m.entity, p) for m, p in zip(labels, predicted, strict=True))
    home: dict[str, str | None] = {}
    for (entity, p), _n in entity_home.most_common():
        home.setdefault(entity, p)
    return [
        (m.case, m.name, m.entity, p)
        for m, p in zip(labels, predicted, strict=True)
        if majority[p] != m.entity or home[m.entity] != p
    ]


def pairs_by_case(labels: Sequence[LabelledMention]) -> Counter[str]:
    return Counter(m.case for m in labels)

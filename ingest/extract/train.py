"""Train the candidate model (``make train``) from the gold *train* splits only.

    python -m ingest.extract.train [--gold-dir DIR] [--out FILE]

Every candidate the rules propose on a training document is labelled by the gold standard:
right when at least half of its word tokens lie in one gold message. A logistic regression over
the hashed features of ``ingest.extract.scoring`` is fitted (numpy, L2, full-batch gradient
descent with Adagrad steps; deterministic), the per-language threshold is chosen by 5-fold
cross-validation on the same training split to maximise the evaluation's message F1 plus half
its speaker F1, and weights and thresholds are written as JSON. Dev data is never read here.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ingest.evaluate import Tally, Tokens, doc_article, gold_quotes, read_gold, score_document
from ingest.extract import analyse, scoring
from ingest.extract.statements import Row
from ingest.paths import shared_path

TRAIN_FILES = {"de": "de_news_train.jsonl", "en": "en_polnear_train.jsonl"}
L2 = 1e-3
EPOCHS = 300
FOLDS = 5
THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 17)]


class Example:
    __slots__ = ("doc", "features", "label", "lang", "row")

    def __init__(self, doc: int, row: Row, label: int, lang: str) -> None:
        self.doc, self.row, self.label, self.lang = doc, row, label, lang
        self.features = [scoring.index(f) for f in row.features]


def _label(row: Row, gold_tokens: list[frozenset[int]], tokens: Tokens) -> int:
    pred = tokens.inside(row.statement.spans)
    if not pred:
        return 0
    best = max((len(pred & g) for g in gold_tokens), default=0)
    return int(2 * best >= len(pred))


def examples(docs: list[dict[str, Any]], lang: str) -> Iterator[Example]:
    for n, doc in enumerate(docs):
        tokens = Tokens(doc["text"])
        golds = [g.tokens for g in gold_quotes(doc, tokens)]
        for row in analyse(doc_article(doc), keep_all=True):
            yield Example(n, row, _label(row, golds, tokens), lang)


def fit(batch: list[Example], dim: int = scoring.DIM) -> np.ndarray:
    """Logistic regression weights (L2, Adagrad, full batch, fixed epochs: deterministic)."""
    lengths = np.array([len(e.features) for e in batch])
    cols = np.concatenate([np.array(e.features, dtype=np.int64) for e in batch])
    rows = np.repeat(np.arange(len(batch)), lengths)
    y = np.array([e.label for e in batch], dtype=np.float64)
    w = np.zeros(dim)
    g2 = np.full(dim, 1e-8)
    for _ in range(EPOCHS):
        z = np.bincount(rows, weights=w[cols], minlength=len(batch))
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(cols, weights=(p - y)[rows], minlength=dim) / len(batch) + L2 * w
        g2 += grad * grad
        w -= 0.5 * grad / np.sqrt(g2)
    return w


def _probabilities(batch: list[Example], w: np.ndarray) -> list[float]:
    return [float(1.0 / (1.0 + np.exp(-np.clip(w[e.features].sum(), -30, 30)))) for e in batch]


def _score(docs: list[dict[str, Any]], batch: list[Example], probs: list[float], t: float) -> float:
    kept: dict[int, list[Row]] = {}
    for e, p in zip(batch, probs, strict=True):
        if p >= t:
            kept.setdefault(e.doc, []).append(e.row)
    tally = Tally()
    for n, doc in enumerate(docs):
        score_document(doc, [r.statement for r in kept.get(n, [])], tally)
    s = tally.scores()
    return float(s["message"]["f1"] + 0.5 * s["speaker"]["f1"])


def cross_validated(docs: list[dict[str, Any]], batch: list[Example]) -> list[float]:
    """Out-of-fold probabilities: each document scored by a model that did not see it."""
    probs = [0.0] * len(batch)
    for fold in range(FOLDS):
        train = [e for e in batch if e.doc % FOLDS != fold]
        w = fit(train)
        held = [k for k, e in enumerate(batch) if e.doc % FOLDS == fold]
        for k, p in zip(held, _probabilities([batch[k] for k in held], w), strict=True):
            probs[k] = p
    return probs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", type=Path, default=shared_path("data", "gold"))
    parser.add_argument("--out", type=Path, default=scoring.MODEL_PATH)
    args = parser.parse_args(argv)
    if args.gold_dir is None:
        print("train: skipped: ../shared/data/gold is absent (training data is not shipped)")
        return 0
    everything: list[Example] = []
    thresholds: dict[str, float] = {}
    for lang, name in TRAIN_FILES.items():
        docs = list(read_gold(args.gold_dir / name))
        batch = list(examples(docs, lang))
        probs = cross_validated(docs, batch)
        scores = {t: _score(docs, batch, probs, t) for t in THRESHOLDS}
        best = max(scores, key=lambda t: (scores[t], -t))
        thresholds[lang] = best
        rate = sum(e.label for e in batch) / max(1, len(batch))
        print(
            f"{lang}: {len(batch)} candidates ({rate:.0%} right); threshold {best} "
            f"(score {scores[best]:.1f}; keep-all {_score(docs, batch, [1.0] * len(batch), 0.5):.1f})"
        )
        everything += batch
    w = fit(everything)
    nonzero = {int(k): round(float(w[k]), 4) for k in np.flatnonzero(np.abs(w) >= 1e-4)}
    model = {
        "about": "quotetrack candidate model: logistic regression over hashed features; see "
        "ingest/models/README.md",
        "dim": scoring.DIM,
        "thresholds": thresholds,
        "trained_on": sorted(TRAIN_FILES.values()),
        "weights": {str(k): v for k, v in sorted(nonzero.items())},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(nonzero)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction quality against annotated gold data (the metric of docs/EVALUATION.md).

Tokens are ``\\w+``; a token belongs to a span when it lies fully inside it. Per document,
predictions and top-level gold messages are paired one-to-one by maximum token overlap
(linear sum assignment). From the pairs: message P/R/F1 (token overlap), detection P/R/F1
(pairs covering half of both sides), speaker P/R/F1 and kind agreement.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.model import Article, Statement

TOKEN = re.compile(r"\w+")
Spans = Sequence[Sequence[int]]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    tokens: frozenset[int]
    kind: str
    type: str  # orig_type where the gold has it, else kind
    speaker_spans: tuple[tuple[int, int], ...]
    speaker_words: frozenset[str]  # capitalised speaker tokens longer than two letters


@dataclass
class Tally:
    """Counts summed over documents; the scores are derived from them."""

    pred_tokens: int = 0
    gold_tokens: int = 0
    overlap_tokens: int = 0
    predictions: int = 0
    gold: int = 0
    hits: int = 0
    gold_by_type: Counter[str] = field(default_factory=Counter)
    hits_by_type: Counter[str] = field(default_factory=Counter)
    pred_with_speaker: int = 0
    gold_with_speaker: int = 0
    right_speakers: int = 0
    pairs: int = 0
    same_kind: int = 0
    documents: int = 0

    def scores(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "gold": self.gold,
            "predictions": self.predictions,
            "message": _prf(self.overlap_tokens, self.pred_tokens, self.gold_tokens),
            "detection": _prf(self.hits, self.predictions, self.gold),
            "speaker": _prf(self.right_speakers, self.pred_with_speaker, self.gold_with_speaker),
            "kind_agreement": _ratio(self.same_kind, self.pairs),
            "detection_recall_by_type": {
                t: {"recall": _ratio(self.hits_by_type[t], n), "gold": n}
                for t, n in sorted(self.gold_by_type.items())
            },
        }


def _ratio(a: int, b: int) -> float:
    return round(100.0 * a / b, 1) if b else 0.0


def _prf(right: int, predicted: int, gold: int) -> dict[str, float]:
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}


class Tokens:
    """Word tokens of one text, to map character spans to sets of token indices."""

    def __init__(self, text: str) -> None:
        found = [m.span() for m in TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def inside(self, spans: Spans) -> frozenset[int]:
        out: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_left(self.starts, start)
            last = bisect.bisect_right(self.ends, end)
            out.update(range(first, last))
        return frozenset(out)


def _speaker_words(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    return frozenset(w for w in TOKEN.findall(text) if len(w) > 2 and w[0].isupper())


def gold_quotes(doc: dict[str, Any], tokens: Tokens) -> list[GoldQuote]:
    out = []
    for q in doc.get("quotes", []):
        if q.get("is_nested"):
            continue
        spans = q.get("spans") or [[q["start"], q["end"]]]
        speaker_spans = q.get("speaker_spans") or (
            [[q["speaker_start"], q["speaker_end"]]] if q.get("speaker_start") is not None else []
        )
        out.append(
            GoldQuote(
                tokens=tokens.inside(spans),
                kind=q.get("kind", ""),
                type=q.get("orig_type") or q.get("kind", ""),
                speaker_spans=tuple((int(a), int(b)) for a, b in speaker_spans),
                speaker_words=_speaker_words(q.get("speaker_text")),
            )
        )
    return out


def _right_speaker(pred: Statement, gold: GoldQuote) -> bool:
    if pred.speaker_start is not None and pred.speaker_end is not None:
        for a, b in gold.speaker_spans:
            if pred.speaker_start < b and a < pred.speaker_end:
                return True
    named = set(TOKEN.findall(pred.speaker or "")) | set(TOKEN.findall(pred.speaker_mention or ""))
    return bool(gold.speaker_words & named)


def _pair(preds: list[frozenset[int]], golds: list[GoldQuote]) -> list[tuple[int, int, int]]:
    """One-to-one pairs (pred, gold, overlap) maximising total overlap; zero overlaps dropped."""
    if not preds or not golds:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    overlap = np.array([[len(p & g.tokens) for g in golds] for p in preds], dtype=np.int64)
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return [(r, c, int(overlap[r, c])) for r, c in zip(rows, cols, strict=True) if overlap[r, c]]


def score_document(doc: dict[str, Any], predictions: list[Statement], tally: Tally) -> None:
    tokens = Tokens(doc["text"])
    golds = gold_quotes(doc, tokens)
    pred_tokens = [tokens.inside(p.spans or ((p.start, p.end),)) for p in predictions]
    tally.documents += 1
    tally.predictions += len(predictions)
    tally.gold += len(golds)
    tally.pred_tokens += sum(len(t) for t in pred_tokens)
    tally.gold_tokens += sum(len(g.tokens) for g in golds)
    tally.pred_with_speaker += sum(1 for p in predictions if p.speaker or p.speaker_mention)
    tally.gold_with_speaker += sum(1 for g in golds if g.speaker_spans or g.speaker_words)
    for g in golds:
        tally.gold_by_type[g.type] += 1
    for pi, gi, n in _pair(pred_tokens, golds):
        pred, gold = predictions[pi], golds[gi]
        tally.overlap_tokens += n
        tally.pairs += 1
        tally.same_kind += pred.kind == gold.kind
        if 2 * n >= len(gold.tokens) and 2 * n >= len(pred_tokens[pi]):
            tally.hits += 1
            tally.hits_by_type[gold.type] += 1
        if (pred.speaker or pred.speaker_mention) and _right_speaker(pred, gold):
            tally.right_speakers += 1


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def doc_article(doc: dict[str, Any]) -> Article:
    return Article(id=str(doc["doc_id"]), text=doc["text"], language=doc.get("lang"))


Extractor = Callable[[Article], list[Statement]]


def evaluate(docs: Iterable[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    tally = Tally()
    for doc in docs:
        score_document(doc, extractor(doc_article(doc)), tally)
    return tally.scores()


def format_table(results: dict[str, dict[str, Any]]) -> str:
    """The human table: one row per gold set, then detection recall per gold type."""
    head = (
        f"{'set':<18} {'docs':>5} {'gold':>5} {'pred':>5}  {'message P/R/F1':>18}  "
        f"{'detect P/R/F1':>18}  {'speaker P/R/F1':>18}  {'kind':>5}"
    )
    lines = [head, "-" * len(head)]
    for name, s in results.items():
        m, d, sp = s["message"], s["detection"], s["speaker"]
        lines.append(
            f"{name:<18} {s['documents']:>5} {s['gold']:>5} {s['predictions']:>5}  "
            f"{m['p']:>5.1f}/{m['r']:>5.1f}/{m['f1']:>5.1f}  "
            f"{d['p']:>5.1f}/{d['r']:>5.1f}/{d['f1']:>5.1f}  "
            f"{sp['p']:>5.1f}/{sp['r']:>5.1f}/{sp['f1']:>5.1f}  {s['kind_agreement']:>5.1f}"
        )
    lines.append("")
    lines.append("detection recall by gold type")
    for name, s in results.items():
        parts = [
            f"{t} {v['recall']:.1f} (n={v['gold']})"
            for t, v in s["detection_recall_by_type"].items()
        ]
        lines.append(f"  {name:<18} " + ", ".join(parts))
    return "\n".join(lines)

"""The learned part: how likely a candidate statement is right, from features of its frame.

Rules propose candidates generously; a logistic model over hashed features (frame type, cue,
speaker mention, length, mood, …) estimates the probability that a candidate is a real
statement, and candidates below the language's threshold are dropped. The probability is the
statement's confidence. The model is trained by ``make train`` (``ingest.extract.train``) from
the gold *train* splits only and stored in ``ingest/models/candidates.json`` as hashed
feature indices and weights — no text. Without a model file every candidate is kept.
"""

from __future__ import annotations

import json
import math
import zlib
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ingest.extract.candidates import Candidate
from ingest.extract.grammar import Grammar
from ingest.extract.mentions import Mention
from ingest.extract.speakers import Resolution

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "candidates.json"
DIM = 1 << 18


class Model(NamedTuple):
    weights: dict[int, float]
    thresholds: dict[str, float]


@cache
def model(path: Path = MODEL_PATH) -> Model | None:
    """The trained model, or None when there is no model file (every candidate kept)."""
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    weights = {int(k): float(v) for k, v in data["weights"].items()}
    return Model(weights, {k: float(v) for k, v in data["thresholds"].items()})


def index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIM - 1)


_WEIGHTS: dict[str, float] = {}  # feature -> weight, filled as features are seen
_CACHE_LIMIT = 500_000


def _weight(feature: str, m: Model) -> float:
    w = _WEIGHTS.get(feature)
    if w is None:
        w = m.weights.get(index(feature), 0.0)
        if len(_WEIGHTS) < _CACHE_LIMIT:
            _WEIGHTS[feature] = w
    return w


def probability(features: list[str], m: Model) -> float:
    if m is not model():
        _WEIGHTS.clear()  # another model file: forget the cached weights
    z = 0.0
    for f in features:
        w = _WEIGHTS.get(f)
        z += _weight(f, m) if w is None else w
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _bucket(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= limit:
            return name
    return "41+"


def features(
    c: Candidate,
    mention: Mention | None,
    res: Resolution,
    how: str,
    text: str,
    g: Grammar,
    moods: list[str],
    gap: int,
    prev_how: str,
) -> list[str]:
    """Features of one candidate, prefixed by language (one model serves every language)."""
    first, last = c.spans[0][0], c.spans[-1][1]
    content = text[first:last]
    words = content.split() if last - first < 400 else content[:400].split()  # 41+ either way
    cue = c.cue.text.lower() if c.cue else "-"
    mk = mention.kind if mention else "none"
    wb = _bucket(len(words))
    head = words[0].lower().strip("„“\"»«‚‘'(") if words else "-"
    mood = _bucket(len(moods)) if moods else "0"
    mood_word = moods[0] if moods else "-"
    quoted = any(ch in content for ch in '„“”"»«')
    p = g.code  # one model serves every language: features carry the language
    gap_b = _bucket(gap // 80) if gap >= 0 else "first"
    return [
        f"{p}:bias",
        f"{p}:how={how}",
        f"{p}:cue={cue}",
        f"{p}:how|cue={how}|{cue}",
        f"{p}:mention={mk}",
        f"{p}:how|mention={how}|{mk}",
        f"{p}:resolved={res.speaker is not None}",
        f"{p}:words={wb}",
        f"{p}:how|words={how}|{wb}",
        f"{p}:head={head}",
        f"{p}:mood={mood}",
        f"{p}:how|mood={how}|{mood}",
        f"{p}:quoted={quoted}",
        f"{p}:gap={gap_b}",
        f"{p}:how|gap={how}|{gap_b}",
        f"{p}:reported_cue={c.cue.reported if c.cue else False}",
        f"{p}:moodword={mood_word}",
        f"{p}:how|moodword={how}|{mood_word}",
        f"{p}:prev={prev_how}",
        f"{p}:how|prev={how}|{prev_how}",
        f"{p}:how|head={how}|{head}",
    ]

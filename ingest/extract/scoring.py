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
from typing import Any, Final, NamedTuple

from ingest.extract.candidates import Candidate
from ingest.extract.grammar import Grammar
from ingest.extract.mentions import Mention
from ingest.extract.speakers import Resolution
from ingest.paths import PACKAGE_DIR

# From the package root, not this file: compiled, this module loads from another folder
MODEL_PATH = PACKAGE_DIR / "models" / "candidates.json"
DIM: Final = 1 << 18


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


class Signals:
    """What the features of one candidate are made of (each feature names one or two).
    (Compiled, a small class is a C struct, made and read without tuple calls.)"""

    __slots__ = (
        "cue",
        "gap",
        "head",
        "how",
        "language",
        "mention",
        "mood",
        "mood_word",
        "prev",
        "quoted",
        "reported",
        "resolved",
        "words",
    )

    def __init__(
        self,
        language: str,
        how: str,
        cue: str,
        mention: str,
        resolved: bool,
        words: str,
        head: str,
        mood: str,
        quoted: bool,
        gap: str,
        reported: bool,
        mood_word: str,
        prev: str,
    ) -> None:
        self.language = language  # one model serves every language: features carry the language
        self.how = how
        self.cue = cue
        self.mention = mention
        self.resolved = resolved
        self.words = words
        self.head = head
        self.mood = mood
        self.quoted = quoted
        self.gap = gap
        self.reported = reported
        self.mood_word = mood_word
        self.prev = prev


# The features, in the order their weights are summed: a label names one signal, or the frame
# (``how``) paired with one; every feature is prefixed by the language.
FEATURES: Final = (
    ("bias", ""),
    ("how", "how"),
    ("cue", "cue"),
    ("how|cue", "cue"),
    ("mention", "mention"),
    ("how|mention", "mention"),
    ("resolved", "resolved"),
    ("words", "words"),
    ("how|words", "words"),
    ("head", "head"),
    ("mood", "mood"),
    ("how|mood", "mood"),
    ("quoted", "quoted"),
    ("gap", "gap"),
    ("how|gap", "gap"),
    ("reported_cue", "reported"),
    ("moodword", "mood_word"),
    ("how|moodword", "mood_word"),
    ("prev", "prev"),
    ("how|prev", "prev"),
    ("how|head", "head"),
)


def names(s: Signals) -> list[str]:
    """The features of a candidate as the model file hashes them (``de:how|cue=leading|sagte``)."""
    out = []
    for label, field in FEATURES:
        if not field:
            out.append(f"{s.language}:{label}")
        elif label.startswith("how|"):
            out.append(f"{s.language}:{label}={s.how}|{getattr(s, field)}")
        else:
            out.append(f"{s.language}:{label}={getattr(s, field)}")
    return out


_CACHE_LIMIT: Final = 100_000  # values kept per feature (first words and cues are open classes)


class _Weights(dict[str | bool, float]):
    """The weights of one feature by its value, for one language, filled as values are seen:
    for ``de:cue=`` the value ``sagte`` gives the weight of ``de:cue=sagte``."""

    def __init__(self, weights: dict[int, float], prefix: str) -> None:
        super().__init__()
        self.weights, self.prefix = weights, prefix

    def __missing__(self, value: str | bool) -> float:
        w = self.weights.get(index(f"{self.prefix}{value}"), 0.0)
        if len(self) < _CACHE_LIMIT:
            self[value] = w
        return w


class _Paired(dict[str, _Weights]):
    """The weights of a feature that pairs the frame with another value, by frame first."""

    def __init__(self, weights: dict[int, float], prefix: str) -> None:
        super().__init__()
        self.weights, self.prefix = weights, prefix

    def __missing__(self, how: str) -> _Weights:
        table = self[how] = _Weights(self.weights, f"{self.prefix}{how}|")
        return table


Table = Any  # the bias (a float), a _Weights or a _Paired
_TABLES: Final[dict[str, list[Table]]] = {}
_TABLES_MODEL: Final[list[Model]] = []  # the model the tables were filled from
# (language, frame) -> the sum of the first two terms and the tables of the other features,
# those that pair the frame with a value already narrowed to that frame (see ``_frame_tables``)
_FRAME_TABLES: Final[dict[tuple[str, str], tuple[Any, ...]]] = {}


def _tables(m: Model, language: str) -> list[Table]:
    """One table per feature, in the order of ``FEATURES``."""
    if not _TABLES_MODEL or _TABLES_MODEL[0] is not m:
        _TABLES.clear()  # another model: forget the cached weights
        _FRAME_TABLES.clear()
        _TABLES_MODEL[:] = [m]
    tables = _TABLES.get(language)
    if tables is None:
        tables = _TABLES[language] = [_table(m.weights, language, *f) for f in FEATURES]
    return tables


def _table(weights: dict[int, float], p: str, label: str, field: str) -> Table:
    if not field:
        return weights.get(index(f"{p}:{label}"), 0.0)
    if label.startswith("how|"):
        return _Paired(weights, f"{p}:{label}=")
    return _Weights(weights, f"{p}:{label}=")


def _frame_tables(m: Model, language: str, how: str) -> tuple[Any, ...]:
    """``_tables(m, language)`` for candidates of frame ``how``: the bias and the frame's own
    weight added up as ``probability`` adds them (``0.0 + bias + how``, the same two
    additions), then one table per remaining feature, the paired ones already looked up
    by ``how``. Made once per language and frame; the tables themselves are shared."""
    if not _TABLES_MODEL or _TABLES_MODEL[0] is not m:
        _tables(m, language)  # another model: forget everything first
    key = (language, how)
    found = _FRAME_TABLES.get(key)
    if found is None:
        tables = _tables(m, language)
        head = 0.0 + tables[0] + tables[1][how]
        rest = [t[how] if isinstance(t, _Paired) else t for t in tables[2:]]
        found = _FRAME_TABLES[key] = (head, *rest)
    return found


def probability(s: Signals, m: Model) -> float:
    """The logistic model's estimate: the weights of ``names(s)`` summed in that order."""
    (
        z,  # 0.0 + bias + the weight of the frame
        cue_,
        how_cue,
        mention_,
        how_mention,
        resolved_,
        words_,
        how_words,
        head_,
        mood_,
        how_mood,
        quoted_,
        gap_,
        how_gap,
        reported_,
        mood_word_,
        how_mood_word,
        prev_,
        how_prev,
        how_head,
    ) = _frame_tables(m, s.language, s.how)
    cue, mention, words, head, mood, gap, mood_word, prev = (
        s.cue,
        s.mention,
        s.words,
        s.head,
        s.mood,
        s.gap,
        s.mood_word,
        s.prev,
    )
    z = (  # summed left to right, as the features come in ``FEATURES``
        z
        + cue_[cue]
        + how_cue[cue]
        + mention_[mention]
        + how_mention[mention]
        + resolved_[s.resolved]
        + words_[words]
        + how_words[words]
        + head_[head]
        + mood_[mood]
        + how_mood[mood]
        + quoted_[s.quoted]
        + gap_[gap]
        + how_gap[gap]
        + reported_[s.reported]
        + mood_word_[mood_word]
        + how_mood_word[mood_word]
        + prev_[prev]
        + how_prev[prev]
        + how_head[head]
    )
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _bucket(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= limit:
            return name
    return "41+"


_BUCKETS: Final = [_bucket(n) for n in range(41)]  # the bucket of every count up to 40
_QUOTE_MARKS: Final = '„“”"»«'


def _has_quote_mark(text: str, start: int, end: int) -> bool:
    """Whether a double quotation mark lies in ``text[start:end]`` (a C search per mark)."""
    return any(text.find(mark, start, end) >= 0 for mark in _QUOTE_MARKS)


def _bucket_of(n: int) -> str:
    """``_bucket(n)`` for ``n >= 0``, looked up."""
    return _BUCKETS[n] if n <= 40 else "41+"


def _words(window: str) -> tuple[int, str]:
    """How many words ``window.split(maxsplit=40)`` makes, and the first ("" if none).

    Most windows hold no space but single plain ones (no line break, no other space, none
    at either end: every other space character is unprintable): their words are counted by
    their spaces, without making 41 strings."""
    if window.isprintable() and window[:1] != " " and window[-1:] != " " and "  " not in window:
        if not window:
            return 0, ""
        cut = window.find(" ")
        return min(window.count(" ") + 1, 41), window if cut < 0 else window[:cut]
    words = window.split(maxsplit=40)
    return len(words), words[0] if words else ""


def signals(
    c: Candidate,
    mention: Mention | None,
    res: Resolution,
    how: str,
    text: str,
    g: Grammar,
    moods: list[str],
    gap: int,
    prev_how: str,
) -> Signals:
    """What the features of one candidate are made of."""
    first, last = c.spans[0][0], c.spans[-1][1]
    # the words of the first 400 characters (41+ either way), counted up to 41
    count, head = _words(text[first : min(last, first + 400)])
    cue = c.cue
    return Signals(
        g.code,
        how,
        cue.text.lower() if cue else "-",
        mention.kind if mention else "none",
        res.speaker is not None,
        _bucket_of(count),
        head.lower().strip("„“\"»«‚‘'(") if count else "-",
        _bucket_of(len(moods)) if moods else "0",
        _has_quote_mark(text, first, last),
        _bucket_of(gap // 80) if gap >= 0 else "first",
        cue.reported if cue else False,
        moods[0] if moods else "-",
        prev_how,
    )

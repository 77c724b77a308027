"""Change over time: what one speaker said on one topic, in order, and pairs worth a look.

``topic_timeline`` lists a speaker's statements on a topic by the day they were said (one per
quote cluster, so a quote twenty outlets repeated appears once). ``worth_a_look`` pairs an
earlier and a later statement from that list that talk about the same things (shared content
words) with opposite polarity: a negation only one of them has, or stance words that point
opposite ways (*unterstützen* / *ablehnen*, *more* / *less*). These are hints for a reader,
never a verdict: the wording may differ for many reasons.

Negations and stance words are language data: the ``[stance]`` table of
``ingest/lexicon/<lang>.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import combinations

import duckdb
from rapidfuzz import fuzz

from ingest import lexicon
from ingest.clusters import normalise
from ingest.topics import stopwords

MIN_SHARED = 2  # content words two statements must share to be about the same thing
MIN_WORD = 4  # letters of a content word


@dataclass(frozen=True, slots=True)
class TimelineStatement:
    statement_id: str
    cluster_id: str | None
    said_on: date | None
    said_on_estimated: bool
    quote: str
    language: str | None
    outlet: str | None
    url: str | None
    articles: int  # how many articles carry this quote


@dataclass(frozen=True, slots=True)
class ShiftHint:
    """Two statements of one speaker on one topic that may say different things."""

    earlier: TimelineStatement
    later: TimelineStatement
    similarity: float  # 0–100, token set ratio of the normalised quotes
    shared: tuple[str, ...]  # content words both use
    reasons: tuple[str, ...]  # why it is worth a look
    score: float


@dataclass(frozen=True, slots=True)
class Stance:
    negations: frozenset[str]
    positive: frozenset[str]
    negative: frozenset[str]


@cache
def stance_words(language: str) -> Stance:
    try:
        table = lexicon.load(language).get("stance", {})
    except KeyError:
        table = {}
    return Stance(*(frozenset(table.get(k, [])) for k in ("negations", "positive", "negative")))


_TIMELINE = """
SELECT s.statement_id, s.cluster_id, s.said_on, coalesce(s.said_on_estimated, false), s.quote,
       s.language, s.outlet, s.url, count(*) OVER (PARTITION BY s.cluster_id) AS articles
FROM statements_v s
WHERE s.speaker_id = $speaker AND list_contains(s.topics, $topic)
QUALIFY row_number() OVER (PARTITION BY coalesce(s.cluster_id, s.statement_id)
                           ORDER BY s.published NULLS LAST, s.statement_id) = 1
ORDER BY s.said_on NULLS LAST, s.statement_id
"""


def topic_timeline(
    con: duckdb.DuckDBPyConnection, speaker_id: str, topic: str
) -> list[TimelineStatement]:
    """The speaker's statements on ``topic``, one per quote, in the order they were said."""
    cur = con.cursor()
    try:
        rows = cur.execute(_TIMELINE, {"speaker": speaker_id, "topic": topic}).fetchall()
    finally:
        cur.close()
    return [TimelineStatement(*row) for row in rows]


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _content(words: list[str]) -> set[str]:
    """Content words, cut to a stem of six letters so inflected forms meet."""
    stop = stopwords()
    return {w[:6] for w in words if len(w) >= MIN_WORD and w not in stop and not w.isdigit()}


def _polarity(words: list[str], stance: Stance) -> tuple[bool, int]:
    """Whether a negation occurs, and the stance: +1, -1, or 0 for none or both."""
    present = set(words)
    negated = not present.isdisjoint(stance.negations)
    pos = not present.isdisjoint(stance.positive)
    neg = not present.isdisjoint(stance.negative)
    return negated, (1 if pos and not neg else -1 if neg and not pos else 0)


def compare_statements(a: TimelineStatement, b: TimelineStatement) -> ShiftHint | None:
    """A hint when ``a`` (earlier) and ``b`` (later) share content but not polarity."""
    wa, wb = _words(a.quote), _words(b.quote)
    shared = _content(wa) & _content(wb)
    if len(shared) < MIN_SHARED:
        return None
    stance = stance_words(a.language or b.language or "")
    (neg_a, pol_a), (neg_b, pol_b) = _polarity(wa, stance), _polarity(wb, stance)
    reasons = []
    if neg_a != neg_b:
        reasons.append("negation in one only")
    if pol_a and pol_b and pol_a != pol_b:
        reasons.append("opposite stance words")
    if not reasons:
        return None
    similarity = fuzz.token_set_ratio(" ".join(wa), " ".join(wb))
    if similarity < 50:
        reasons.append("low similarity")
    overlap = len(shared) / min(len(_content(wa)), len(_content(wb)))
    score = round(len(reasons) + overlap, 3)
    return ShiftHint(a, b, similarity, tuple(sorted(shared)), tuple(reasons), score)


def worth_a_look(
    con: duckdb.DuckDBPyConnection, speaker_id: str, topic: str, limit: int = 20
) -> list[ShiftHint]:
    """Pairs of the speaker's statements on ``topic`` that may contradict each other, the
    strongest hints first (earlier statement first within each pair)."""
    timeline = topic_timeline(con, speaker_id, topic)
    hints = [
        hint
        for a, b in combinations(timeline, 2)
        if a.cluster_id != b.cluster_id and (hint := compare_statements(a, b)) is not None
    ]
    hints.sort(key=lambda h: (-h.score, h.earlier.said_on or date.min))
    return hints[:limit]

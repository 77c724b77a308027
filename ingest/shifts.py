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
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
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
MIN_OVERLAP = 0.4  # … and this share of the shorter one's content words
COMMON_SHARE = 0.2  # words in more of a timeline's statements say nothing about the subject
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
WITH said AS (
    SELECT s.statement_id, s.cluster_id, s.said_on, coalesce(s.said_on_estimated, false) AS estimated,
           s.quote, s.language, s.outlet, s.url, s.published
    FROM statements_v s
    WHERE s.speaker_id = $speaker
      AND s.statement_id IN (SELECT statement_id FROM statement_topics WHERE topic = $topic)
),
spread AS (
    SELECT cluster_id, count(DISTINCT s.article_id) AS articles
    FROM statement_clusters JOIN statements s USING (statement_id)
    WHERE cluster_id IN (SELECT cluster_id FROM said)
    GROUP BY cluster_id
)
SELECT statement_id, cluster_id, said_on, estimated, quote, language, outlet, url,
       coalesce(spread.articles, 1)
FROM said LEFT JOIN spread USING (cluster_id)
QUALIFY row_number() OVER (PARTITION BY coalesce(cluster_id, statement_id)
                           ORDER BY published NULLS LAST, statement_id) = 1
ORDER BY said_on NULLS LAST, statement_id
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


@dataclass(frozen=True, slots=True)
class Features:
    """What a comparison needs from one statement, computed once."""

    words: tuple[str, ...]
    content: frozenset[str]  # content words cut to six letters, so inflected forms meet
    negated: bool
    stance: int  # +1, -1, or 0 for none or both


def features(statement: TimelineStatement) -> Features:
    words = tuple(_WORD.findall(normalise(statement.quote)))
    stop = stopwords()
    content = frozenset(
        w[:6] for w in words if len(w) >= MIN_WORD and w not in stop and not w.isdigit()
    )
    stance = stance_words(statement.language or "")
    present = set(words)
    pos = not present.isdisjoint(stance.positive)
    neg = not present.isdisjoint(stance.negative)
    negated = not present.isdisjoint(stance.negations)
    return Features(words, content, negated, 1 if pos and not neg else -1 if neg and not pos else 0)


def compare_statements(
    a: TimelineStatement,
    b: TimelineStatement,
    fa: Features | None = None,
    fb: Features | None = None,
    common: frozenset[str] = frozenset(),
) -> ShiftHint | None:
    """A hint when ``a`` (earlier) and ``b`` (later) share their subject but not polarity:
    at least ``MIN_SHARED`` content words (not counting the ``common`` ones) and
    ``MIN_OVERLAP`` of the shorter statement's content words."""
    fa, fb = fa or features(a), fb or features(b)
    shared = (fa.content & fb.content) - common
    smaller = min(len(fa.content - common), len(fb.content - common))
    if len(shared) < MIN_SHARED or len(shared) < MIN_OVERLAP * smaller:
        return None
    reasons = []
    if fa.negated != fb.negated:
        reasons.append("negation in one only")
    if fa.stance and fb.stance and fa.stance != fb.stance:
        reasons.append("opposite stance words")
    if not reasons:
        return None
    similarity = fuzz.token_set_ratio(" ".join(fa.words), " ".join(fb.words))
    if similarity < 50:
        reasons.append("low similarity")
    overlap = len(shared) / max(1, smaller)
    score = round(overlap * (1 + len(reasons)), 3)
    return ShiftHint(a, b, similarity, tuple(sorted(shared)), tuple(reasons), score)


def _candidates(found: Sequence[Features], common: frozenset[str]) -> Iterable[tuple[int, int]]:
    """Index pairs sharing at least ``MIN_SHARED`` content words that are not common."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(found):
        for word in f.content - common:
            postings[word].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        for x, y in combinations(members, 2):
            shared[(x, y)] += 1
    return (pair for pair, n in shared.items() if n >= MIN_SHARED)


def worth_a_look(
    con: duckdb.DuckDBPyConnection, speaker_id: str, topic: str, limit: int = 20
) -> list[ShiftHint]:
    """Pairs of the speaker's statements on ``topic``, said on different days, that may
    contradict each other: the strongest hints first (earlier statement first in each pair).
    Words in more than ``COMMON_SHARE`` of the timeline (*Corona* on the pandemic) do not
    count as a shared subject."""
    timeline = topic_timeline(con, speaker_id, topic)
    found = [features(t) for t in timeline]
    df = Counter(word for f in found for word in f.content)
    common = frozenset(w for w, n in df.items() if n > max(2, COMMON_SHARE * len(found)))
    hints = []
    for i, j in _candidates(found, common):
        a, b = timeline[i], timeline[j]
        if a.said_on is None or b.said_on is None or a.said_on == b.said_on:
            continue
        hint = compare_statements(a, b, found[i], found[j], common)
        if hint is not None:
            hints.append(hint)
    hints.sort(key=lambda h: (-h.score, h.earlier.said_on or date.min, h.earlier.statement_id))
    return hints[:limit]

"""One record per repeated quote: the same words reported in several articles form a cluster.

Statements are grouped per speaker (``statement_speakers``). Within a speaker:

* identical quotes after normalisation (case, quotation marks, punctuation, spacing) share a
  ``quote_key`` computed beside extraction, so they are one *variant* at once;
* variants that are near-identical (a few letters changed: ``rapidfuzz`` ratio ≥ ``SIMILAR``;
  or in long quotes a few words: word-level similarity ≥ ``SIMILAR_WORDS``) are merged;
* a shortened report (at least ``CONTAINED_WORDS`` words, found inside a longer variant with
  partial ratio ≥ ``CONTAINED``) joins the longer one it matches best — only that one, so two
  different long quotes are never merged through a short phrase they share.

Candidate pairs come from blocking: variants of the same speaker that share word 3-grams
(shingles); shingles that many variants share (set phrases) are not used for blocking.

Statements by different speakers are never merged. Statements without a speaker are merged
only when they are identical and at least ``UNKNOWN_WORDS`` words long (agency copy printed by
several outlets); anything shorter could be anyone's, so it stays a cluster of its own.

Every statement belongs to exactly one cluster; ``cluster_id`` is the statement id of the
cluster's first appearance (earliest publication, then statement id).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

log = logging.getLogger(__name__)

SIMILAR = 90.0  # character ratio from which two wordings are the same quote
SIMILAR_WORDS = 0.8  # … or the share of words in place (word edit distance), for long quotes
SIMILAR_WORDS_MIN = 8  # words a quote needs for the word-level test
CONTAINED = 95.0  # partial ratio from which a shorter wording is part of a longer one
CONTAINED_WORDS = 6  # a shortened wording needs this many words
MIN_WORDS = 4  # shorter quotes only cluster when identical
UNKNOWN_WORDS = 8  # statements without a speaker cluster only when identical and this long
SHINGLE = 3  # words per shingle
COMMON_SHINGLE = 50  # a shingle shared by more variants of one speaker is not a block
MIN_SHARED = 0.4  # candidate pairs share this part of the shorter one's shingles

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(quote: str) -> str:
    """The words of ``quote`` only: case, quotation marks, punctuation and spacing removed."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", quote).casefold()).strip()


def quote_key(quote: str) -> str | None:
    """A short hash of the normalised quote: equal keys, identical words."""
    words = normalise(quote)
    return hashlib.sha1(words.encode("utf-8", "surrogatepass")).hexdigest()[:16] if words else None


# -- variants and their links ------------------------------------------------------------------


@dataclass
class Variant:
    """One wording of one speaker: the statements that carry exactly these words."""

    speaker: str | None
    words: str  # normalised
    statements: list[int] = field(default_factory=list)  # row indices

    @property
    def n_words(self) -> int:
        return self.words.count(" ") + 1


@dataclass(frozen=True, slots=True)
class Link:
    a: int  # variant index
    b: int
    kind: str  # similar | contained (a inside b)
    score: float


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def shingles(words: str) -> set[int]:
    tokens = words.split()
    return {
        hash(" ".join(tokens[i : i + SHINGLE])) for i in range(max(1, len(tokens) - SHINGLE + 1))
    }


def candidate_pairs(variants: Sequence[Variant]) -> Iterable[tuple[int, int]]:
    """Pairs of variants of one speaker that share enough shingles to be worth comparing."""
    postings: dict[tuple[str | None, int], list[int]] = defaultdict(list)
    sizes: dict[int, int] = {}
    for i, v in enumerate(variants):
        if v.speaker is None or v.n_words < MIN_WORDS:
            continue
        own = shingles(v.words)
        sizes[i] = len(own)
        for sh in own:
            postings[(v.speaker, sh)].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if 1 < len(members) <= COMMON_SHINGLE:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    shared[(members[x], members[y])] += 1
    for (a, b), n in shared.items():
        if n >= MIN_SHARED * min(sizes[a], sizes[b]):
            yield a, b


def compare(a: Variant, b: Variant) -> tuple[str, float] | None:
    """How two wordings of one speaker relate: ``similar``, ``contained``, or not at all."""
    ratio = fuzz.ratio(a.words, b.words, score_cutoff=SIMILAR)
    if ratio:
        return "similar", ratio
    if min(a.n_words, b.n_words) >= SIMILAR_WORDS_MIN:
        words = Levenshtein.normalized_similarity(a.words.split(), b.words.split())
        if words >= SIMILAR_WORDS:
            return "similar", round(100 * words, 1)
    short = a if len(a.words) <= len(b.words) else b
    if short.n_words < CONTAINED_WORDS:
        return None
    partial = fuzz.partial_ratio(a.words, b.words, score_cutoff=CONTAINED)
    return ("contained", partial) if partial else None


def links(variants: Sequence[Variant]) -> list[Link]:
    out = []
    for a, b in candidate_pairs(variants):
        found = compare(variants[a], variants[b])
        if found is None:
            continue
        kind, score = found
        if kind == "contained" and len(variants[a].words) > len(variants[b].words):
            a, b = b, a
        out.append(Link(a, b, kind, score))
    return out


def group(variants: Sequence[Variant]) -> list[int]:
    """The group (a representative variant index) of every variant."""
    union = _Union(len(variants))
    best_container: dict[int, Link] = {}
    for link in links(variants):
        if link.kind == "similar":
            union.join(link.a, link.b)
        elif link.a not in best_container or best_container[link.a].score < link.score:
            best_container[link.a] = link
    for link in best_container.values():
        union.join(link.a, link.b)
    return [union.find(i) for i in range(len(variants))]


# -- the build pass ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    statement_id: str
    speaker: str | None
    quote: str
    quote_key: str | None
    article_id: str
    published: datetime | None


def variants_of(rows: Sequence[Row]) -> list[Variant]:
    """Statements with identical words (the same ``quote_key``) and speaker as one variant."""
    by_key: dict[tuple[str | None, str], Variant] = {}
    out: list[Variant] = []
    for i, row in enumerate(rows):
        key = (row.speaker, row.quote_key or quote_key(row.quote) or f"\x00{row.statement_id}")
        variant = by_key.get(key)
        if variant is None:
            words = normalise(row.quote)
            if row.speaker is None and words.count(" ") + 1 < UNKNOWN_WORDS:
                key = (None, f"\x00{row.statement_id}")  # too short to be told apart
            variant = by_key[key] = Variant(row.speaker, words)
            out.append(variant)
        variant.statements.append(i)
    return out


def _order(row: Row) -> tuple[bool, datetime, str]:
    return (row.published is None, row.published or datetime.min, row.statement_id)


@dataclass(frozen=True, slots=True)
class Cluster:
    cluster_id: str
    speaker_id: str | None
    canonical_statement_id: str
    members: tuple[tuple[str, str, float], ...]  # (statement_id, match, similarity)


def clusters_of(rows: Sequence[Row]) -> list[Cluster]:
    """Cluster ``rows`` (see the module docstring)."""
    variants = variants_of(rows)
    groups: dict[int, list[int]] = defaultdict(list)
    for index, root in enumerate(group(variants)):
        groups[root].append(index)
    return [_cluster(rows, [variants[i] for i in members]) for members in groups.values()]


def _cluster(rows: Sequence[Row], variants: Sequence[Variant]) -> Cluster:
    def reach(v: Variant) -> tuple[int, int, datetime]:
        first = min((rows[i] for i in v.statements), key=_order)
        articles = len({rows[i].article_id for i in v.statements})
        return (-articles, -len(v.words), first.published or datetime.max)

    canonical = min(variants, key=reach)
    statements = [i for v in variants for i in v.statements]
    first = min((rows[i] for i in statements), key=_order)
    canonical_first = min((rows[i] for i in canonical.statements), key=_order)
    members = []
    for v in variants:
        found = None if v is canonical else compare(v, canonical)
        match, similarity = found or ("identical", 100.0)
        if found is None and v is not canonical:  # joined through another wording
            match, similarity = "similar", round(fuzz.ratio(v.words, canonical.words), 1)
        for i in v.statements:
            kind = "first" if rows[i].statement_id == first.statement_id else match
            members.append((rows[i].statement_id, kind, similarity))
    return Cluster(first.statement_id, first.speaker, canonical_first.statement_id, tuple(members))


def read_rows(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Every statement a user sees (not corrected away), with its speaker and date."""
    result = con.execute(
        "SELECT s.statement_id, ss.speaker_id, s.quote, s.quote_key, s.article_id, a.published "
        "FROM statements s JOIN articles a USING (article_id) "
        "LEFT JOIN statement_speakers ss USING (statement_id) "
        "LEFT JOIN statement_corrections sc USING (statement_id) "
        "WHERE sc.not_statement IS NOT TRUE"
    ).fetchall()
    return [Row(*r) for r in result]


def write_clusters(con: duckdb.DuckDBPyConnection, clusters: Sequence[Cluster]) -> None:
    con.execute("DELETE FROM clusters")
    con.execute("DELETE FROM statement_clusters")
    tables: dict[str, pa.Table] = {
        "clusters": pa.table(
            {
                "cluster_id": [c.cluster_id for c in clusters],
                "speaker_id": pa.array([c.speaker_id for c in clusters], pa.string()),
                "canonical_statement_id": [c.canonical_statement_id for c in clusters],
            }
        ),
        "statement_clusters": pa.table(
            {
                "statement_id": [m[0] for c in clusters for m in c.members],
                "cluster_id": [c.cluster_id for c in clusters for _ in c.members],
                "match": [m[1] for c in clusters for m in c.members],
                "similarity": pa.array([m[2] for c in clusters for m in c.members], pa.float64()),
            }
        ),
    }
    for table, rows in tables.items():
        con.register("incoming_clusters", rows)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_clusters")
        con.unregister("incoming_clusters")


@dataclass(frozen=True, slots=True)
class ClusterRun:
    statements: int
    clusters: int
    repeated: int  # clusters with more than one statement
    seconds: float


def build_clusters(con: duckdb.DuckDBPyConnection) -> ClusterRun:
    """Recompute every cluster of the snapshot behind ``con``."""
    began = time.perf_counter()
    rows = read_rows(con)
    clusters = clusters_of(rows)
    write_clusters(con, clusters)
    repeated = sum(1 for c in clusters if len(c.members) > 1)
    return ClusterRun(len(rows), len(clusters), repeated, time.perf_counter() - began)


def clusters_pass(con: duckdb.DuckDBPyConnection, ctx: Any) -> None:
    """Build pass: one record per repeated quote."""
    run = build_clusters(con)
    log.info(
        "clusters: %d statements in %d clusters (%d repeated), %.1fs",
        run.statements,
        run.clusters,
        run.repeated,
        run.seconds,
    )

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
Grouping, blocking and assembling clusters are SQL over the snapshot (``GROUP BY`` the
``quote_key`` computed beside extraction); only the candidate pairs are compared in Python.

Statements by different speakers are never merged. Statements without a speaker are merged
only when they are identical and at least ``UNKNOWN_WORDS`` words long (agency copy printed by
several outlets); such a wording joins the cluster of the one speaker it is attributed to
elsewhere, when exactly one speaker has those identical words. Anything shorter could be
anyone's, so it stays a cluster of its own. Very
short quotes (under ``MIN_WORDS`` words: *„historisch“*) merge only within ``SHORT_DAYS``.

Every statement belongs to exactly one cluster; ``cluster_id`` is the statement id of the
cluster's first appearance (earliest publication, then statement id).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
MIN_WORDS = 4  # shorter quotes only cluster when identical and from the same period
SHORT_DAYS = 14  # that period, in days (fixed periods from 1970-01-01)
UNKNOWN_WORDS = 10  # statements without a speaker cluster only when identical and this long
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


# -- comparing two wordings ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variant:
    """One wording (normalised words) of a speaker's quote."""

    words: str

    @property
    def n_words(self) -> int:
        return self.words.count(" ") + 1


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


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group(pairs: Iterable[tuple[int, str, int, str]]) -> dict[int, int]:
    """The group of every variant that joins another: ``pairs`` are candidate (variant id,
    words) pairs of one speaker; similar wordings merge, a shorter wording contained in longer
    ones joins only the one it matches best."""
    union = _Union()
    best: dict[int, tuple[float, int]] = {}
    for a, words_a, b, words_b in pairs:
        found = compare(Variant(words_a), Variant(words_b))
        if found is None:
            continue
        kind, score = found
        if kind == "similar":
            union.join(a, b)
            continue
        short, long = (a, b) if len(words_a) <= len(words_b) else (b, a)
        if short not in best or best[short] < (score, -long):  # ties: the older variant
            best[short] = (score, -long)
    for short, (_, minus_long) in best.items():
        union.join(short, -minus_long)
    return {v: union.find(v) for v in union.parent}


# -- the build pass ------------------------------------------------------------------------------

# Statements a user sees (not corrected away), one variant per speaker and wording: without a
# speaker, only quotes of UNKNOWN_WORDS words and more share a variant; quotes shorter than
# MIN_WORDS only within the same SHORT_DAYS period (*„historisch“* on one day is one quote,
# the same word months apart is not).
_VARIANTS = r"""
CREATE OR REPLACE TEMP TABLE cl_rows AS
SELECT s.statement_id, ss.speaker_id AS speaker, s.article_id, a.published,
       coalesce(s.quote_key, md5(s.quote)) AS quote_key,
       trim(regexp_replace(lower(s.quote), '[^\p{L}\p{N}]+', ' ', 'g')) AS words
FROM statements s
JOIN articles a USING (article_id)
LEFT JOIN statement_speakers ss USING (statement_id)
LEFT JOIN statement_corrections sc USING (statement_id)
WHERE sc.not_statement IS NOT TRUE;

CREATE OR REPLACE TEMP TABLE cl_keyed AS
SELECT *, CASE WHEN speaker IS NULL AND len(string_split(words, ' ')) < $unknown_words
               THEN '~' || statement_id
               WHEN len(string_split(words, ' ')) < $min_words AND published IS NOT NULL
               THEN quote_key || ':' || (epoch(published) // (86400 * $short_days))::BIGINT
               ELSE quote_key END AS vkey
FROM cl_rows;

CREATE OR REPLACE TEMP TABLE cl_variants AS
SELECT row_number() OVER (ORDER BY min(statement_id)) AS variant, speaker, vkey,
       min(words) AS words, len(string_split(min(words), ' ')) AS n_words,
       count(DISTINCT article_id) AS articles, min(published) AS first_published
FROM cl_keyed
GROUP BY speaker, vkey;
"""

# Blocking: shingles of a speaker's variants; pairs sharing enough of the rarer ones.
_PAIRS = r"""
CREATE OR REPLACE TEMP TABLE cl_shingles AS
SELECT DISTINCT variant, speaker, hash(w[i] || ' ' || w[i + 1] || ' ' || w[i + 2]) AS sh
FROM (SELECT variant, speaker, string_split(words, ' ') AS w,
             unnest(range(1, greatest(n_words - 1, 2))) AS i
      FROM cl_variants WHERE speaker IS NOT NULL AND n_words >= $min_words);

CREATE OR REPLACE TEMP TABLE cl_pairs AS
WITH sizes AS (SELECT variant, count(*) AS n FROM cl_shingles GROUP BY variant),
usable AS (
    SELECT speaker, sh FROM cl_shingles GROUP BY ALL
    HAVING count(*) BETWEEN 2 AND $common
),
blocked AS (SELECT x.* FROM cl_shingles x JOIN usable USING (speaker, sh)),
shared AS (
    SELECT a.variant AS a, b.variant AS b, count(*) AS n
    FROM blocked a JOIN blocked b
      ON a.speaker = b.speaker AND a.sh = b.sh AND a.variant < b.variant
    GROUP BY ALL
)
SELECT p.a, p.b
FROM shared p JOIN sizes sa ON sa.variant = p.a JOIN sizes sb ON sb.variant = p.b
WHERE p.n >= $min_shared * least(sa.n, sb.n);
"""

# A speakerless wording long enough to share a variant joins the one speaker whose identical
# words it is, when exactly one speaker has them (agency copy that dropped the attribution).
_ADOPTED = r"""
SELECT n.variant, n.words, min(s.variant), min(s.words)
FROM cl_variants n
JOIN cl_variants s ON s.vkey = n.vkey AND s.speaker IS NOT NULL
WHERE n.speaker IS NULL AND n.vkey NOT LIKE '~%'
GROUP BY n.variant, n.words
HAVING count(DISTINCT s.speaker) = 1
ORDER BY n.variant
"""

# Assembly: the first appearance names the cluster; the wording most articles carry is its text
# (a wording with a speaker first: the cluster is that speaker's).
_HEADS = r"""
CREATE OR REPLACE TEMP TABLE cl_grouped AS
SELECT v.*, coalesce(m.grp, v.variant) AS grp
FROM cl_variants v LEFT JOIN cl_map m USING (variant);

CREATE OR REPLACE TEMP TABLE cl_members AS
SELECT k.statement_id, k.published, g.variant, g.grp
FROM cl_keyed k JOIN cl_grouped g ON g.speaker IS NOT DISTINCT FROM k.speaker AND g.vkey = k.vkey;

CREATE OR REPLACE TEMP TABLE cl_heads AS
WITH first AS (
    SELECT grp, statement_id AS cluster_id FROM cl_members
    QUALIFY row_number() OVER (PARTITION BY grp ORDER BY published NULLS LAST, statement_id) = 1
),
canonical AS (
    SELECT grp, variant AS canonical, speaker FROM cl_grouped
    QUALIFY row_number() OVER (PARTITION BY grp ORDER BY speaker IS NULL, articles DESC,
                               length(words) DESC, first_published NULLS LAST, variant) = 1
),
canonical_statement AS (
    SELECT m.grp, m.statement_id AS canonical_statement_id
    FROM cl_members m JOIN canonical c ON c.grp = m.grp AND c.canonical = m.variant
    QUALIFY row_number() OVER (PARTITION BY m.grp ORDER BY m.published NULLS LAST,
                               m.statement_id) = 1
)
SELECT grp, cluster_id, canonical, speaker, canonical_statement_id
FROM first JOIN canonical USING (grp) JOIN canonical_statement USING (grp);
"""

_WRITE = r"""
DELETE FROM clusters;
INSERT INTO clusters (cluster_id, speaker_id, canonical_statement_id)
SELECT cluster_id, speaker, canonical_statement_id FROM cl_heads;

DELETE FROM statement_clusters;
INSERT INTO statement_clusters (statement_id, cluster_id, match, similarity)
SELECT m.statement_id, h.cluster_id,
       CASE WHEN m.statement_id = h.cluster_id THEN 'first'
            WHEN m.variant = h.canonical THEN 'identical'
            ELSE coalesce(r.match, 'similar') END,
       CASE WHEN m.variant = h.canonical THEN 100.0 ELSE r.similarity END
FROM cl_members m JOIN cl_heads h USING (grp)
LEFT JOIN cl_relation r USING (variant);
"""


@dataclass(frozen=True, slots=True)
class ClusterRun:
    statements: int
    clusters: int
    repeated: int  # clusters with more than one statement
    largest: int
    candidate_pairs: int
    seconds: float


def _script(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> None:
    for statement in (s.strip() for s in sql.split(";")):
        if statement:
            used = {k: v for k, v in params.items() if f"${k}" in statement}
            con.execute(statement, used)


PARAMS = {
    "unknown_words": UNKNOWN_WORDS,
    "min_words": MIN_WORDS,
    "short_days": SHORT_DAYS,
    "common": COMMON_SHINGLE,
    "min_shared": MIN_SHARED,
}


def _relations(con: duckdb.DuckDBPyConnection) -> None:
    """How each wording of a cluster relates to its text (only clusters of several wordings)."""
    rows = con.execute(
        "SELECT g.variant, g.words, c.words FROM cl_grouped g JOIN cl_heads h USING (grp) "
        "JOIN cl_variants c ON c.variant = h.canonical WHERE g.variant <> h.canonical"
    ).fetchall()
    out: dict[str, list[Any]] = {"variant": [], "match": [], "similarity": []}
    for variant, words, canonical in rows:
        found = compare(Variant(words), Variant(canonical))
        match, similarity = found or ("similar", round(fuzz.ratio(words, canonical), 1))
        out["variant"].append(variant)
        out["match"].append(match)
        out["similarity"].append(float(similarity))
    con.register("cl_relation", pa.table(out, schema=_RELATION))


_RELATION = pa.schema(
    [("variant", pa.int64()), ("match", pa.string()), ("similarity", pa.float64())]
)
_MAP = pa.schema([("variant", pa.int64()), ("grp", pa.int64())])


def build_clusters(con: duckdb.DuckDBPyConnection) -> ClusterRun:
    """Recompute every cluster of the snapshot behind ``con``."""
    began = time.perf_counter()
    _script(con, _VARIANTS + _PAIRS, PARAMS)
    pairs = con.execute(
        "SELECT p.a, va.words, p.b, vb.words FROM cl_pairs p "
        "JOIN cl_variants va ON va.variant = p.a JOIN cl_variants vb ON vb.variant = p.b "
        "ORDER BY p.a, p.b"
    ).fetchall()
    groups = group(pairs + con.execute(_ADOPTED).fetchall())
    con.register(
        "cl_map", pa.table({"variant": list(groups), "grp": list(groups.values())}, schema=_MAP)
    )
    _script(con, _HEADS, {})
    _relations(con)
    _script(con, _WRITE, {})
    row = con.execute(
        "SELECT count(*), count(DISTINCT cluster_id) FROM statement_clusters"
    ).fetchone()
    sizes = con.execute(
        "SELECT count(*) FILTER (WHERE n > 1), coalesce(max(n), 0) FROM "
        "(SELECT count(*) AS n FROM statement_clusters GROUP BY cluster_id)"
    ).fetchone()
    for name in ("cl_map", "cl_relation"):
        con.unregister(name)
    for table in ("cl_rows", "cl_keyed", "cl_variants", "cl_shingles", "cl_pairs", "cl_grouped",
                  "cl_members", "cl_heads"):  # fmt: skip
        con.execute(f"DROP TABLE IF EXISTS {table}")
    statements, clusters = row or (0, 0)
    repeated, largest = sizes or (0, 0)
    seconds = time.perf_counter() - began
    return ClusterRun(statements, clusters, repeated, largest, len(pairs), seconds)


def clusters_pass(con: duckdb.DuckDBPyConnection, ctx: Any) -> None:
    """Build pass: one record per repeated quote."""
    run = build_clusters(con)
    log.info(
        "clusters: %d statements in %d clusters (%d repeated, largest %d; %d pairs compared), "
        "%.1fs",
        run.statements,
        run.clusters,
        run.repeated,
        run.largest,
        run.candidate_pairs,
        run.seconds,
    )


# -- clustering rows outside a snapshot (tests, benchmarks) -------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    statement_id: str
    speaker: str | None
    quote: str
    quote_key: str | None
    article_id: str
    published: datetime | None


def clusters_of(rows: Sequence[Row]) -> dict[str, tuple[str, str]]:
    """``statement_id -> (cluster_id, match)`` for ``rows``, clustered by the build pass's own
    SQL in a scratch in-memory database."""
    from ingest.store import ensure_schema

    con = duckdb.connect()
    try:
        ensure_schema(con)
        statements = pa.table(
            {
                "statement_id": [r.statement_id for r in rows],
                "article_id": [r.article_id for r in rows],
                "quote": [r.quote for r in rows],
                "quote_key": pa.array([r.quote_key for r in rows], pa.string()),
            }
        )
        articles = pa.table(
            {
                "article_id": list(dict.fromkeys(r.article_id for r in rows)),
                "published": pa.array(
                    list({r.article_id: r.published for r in rows}.values()), pa.timestamp("us")
                ),
            }
        )
        speakers = [(r.statement_id, r.speaker) for r in rows if r.speaker]
        con.register("in_s", statements)
        con.register("in_a", articles)
        con.execute(
            'INSERT INTO statements (statement_id, article_id, kind, start, "end", text, '
            "quote, quote_key) SELECT statement_id, article_id, 'direct', 0, 0, quote, quote, "
            "quote_key FROM in_s"
        )
        con.execute(
            "INSERT INTO articles (article_id, content_hash, record_hash, text, published) "
            "SELECT article_id, '', '', '', published FROM in_a"
        )
        if speakers:
            con.executemany(
                "INSERT INTO statement_speakers (statement_id, speaker_id) VALUES (?, ?)",
                speakers,
            )
        build_clusters(con)
        found = con.execute("SELECT statement_id, cluster_id, match FROM statement_clusters")
        return {sid: (cid, match) for sid, cid, match in found.fetchall()}
    finally:
        con.close()

"""Site text that is not news: the same quoted words on many pages of one outlet.

News sites repeat their own adverts, newsletter blurbs, book promotions and reader appeals
under every article (*„Der Hollywood-Code: Kult, Satanismus und Symbolik …“*, *wissen Sie
etwas, worüber wir berichten sollten*). Extraction sees one article at a time and cannot tell
them from reporting; across the corpus they stand out: the same words (one cluster of
``ingest/clusters.py``, which joins small variations of wording) under at least ``MIN_ARTICLES`` articles of one outlet with no speaker — or,
when a speaker was found (*Jeden Morgen berichten Chefredakteur Lorenz Maroldt und sein Team
…*), under at least ``MIN_NAMED`` articles of one outlet over more than ``MIN_DAYS`` days.

Such statements are marked as no statement in ``statement_corrections`` (with the marker
``boilerplate`` among its corrections), so every view leaves them out as it leaves out
statements a user corrected away, and ``not_statements_v`` lists them with the reason. A
quote one outlet repeats for a few days or in a few articles stays: outlets do repeat what
someone said.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb

log = logging.getLogger(__name__)

MARKER = "boilerplate"  # the pseudo-correction id in statement_corrections.corrections
MIN_ARTICLES = 5  # articles of one outlet carrying the same speakerless words
MIN_NAMED = 10  # … or the same words with a speaker, in this many articles of one outlet
MIN_DAYS = 30  # … spread over more than this many days (a newsletter advert, an info box)

_FIND = """
CREATE OR REPLACE TEMP TABLE bp_found AS
WITH placed AS (
    SELECT s.statement_id, s.article_id, a.outlet, a.published,
           ss.speaker_id IS NOT NULL AS has_speaker,
           -- the same words: one cluster, or (short quotes without a speaker stay clusters of
           -- their own) the same normalised words
           [cl.cluster_id, coalesce(s.quote_key, cl.cluster_id)] AS keys
    FROM statements s
    JOIN articles a USING (article_id)
    JOIN statement_clusters cl USING (statement_id)
    LEFT JOIN statement_speakers ss USING (statement_id)
    WHERE a.outlet IS NOT NULL
),
keyed AS (
    SELECT statement_id, article_id, outlet, published, has_speaker, unnest(keys) AS same
    FROM placed
),
repeated AS (
    SELECT outlet, same
    FROM keyed
    GROUP BY outlet, same
    HAVING count(DISTINCT article_id) >= $min_articles
       AND (NOT bool_or(has_speaker)
            OR (count(DISTINCT article_id) >= $min_named
                AND max(published) - min(published) > INTERVAL ($min_days) DAYS))
)
SELECT DISTINCT statement_id FROM keyed JOIN repeated USING (outlet, same)
"""

_MARK = f"""
UPDATE statement_corrections
SET not_statement = TRUE, corrections = list_append(corrections, '{MARKER}')
WHERE statement_id IN (SELECT statement_id FROM bp_found);

INSERT INTO statement_corrections (statement_id, not_statement, kind, corrections)
SELECT statement_id, TRUE, NULL, ['{MARKER}']
FROM bp_found
WHERE statement_id NOT IN (SELECT statement_id FROM statement_corrections);
"""


def mark_boilerplate(con: duckdb.DuckDBPyConnection, min_articles: int = MIN_ARTICLES) -> int:
    """Mark repeated site text as no statement; returns how many were marked."""
    con.execute(_FIND, {"min_articles": min_articles, "min_named": MIN_NAMED, "min_days": MIN_DAYS})
    row = con.execute("SELECT count(*) FROM bp_found").fetchone()
    found = int(row[0]) if row else 0
    if found:
        for statement in _MARK.split(";"):
            if statement.strip():
                con.execute(statement)
    con.execute("DROP TABLE bp_found")
    return found


def boilerplate_pass(con: duckdb.DuckDBPyConnection, ctx: Any) -> None:
    """Build pass (after clusters, before the views)."""
    found = mark_boilerplate(con)
    log.info("boilerplate: %d statements of repeated site text left out", found)

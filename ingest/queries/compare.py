"""Side by side: speakers on a topic over time, and "said before?" for one statement.

Counts per period come in three measures: ``statements`` (raw), ``per_1000`` (per thousand
statements of the whole corpus in that period, so busy news months do not look like a change
of heart) and ``share`` (of the speaker's own statements that period: how much of what they
said was on the topic or words searched).
"""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz, process, utils

from ingest.queries.corpus import STATEMENTS, Corpus
from ingest.queries.filters import Filters, where
from ingest.queries.search import Query, matching
from ingest.queries.speakers import PERIODS
from ingest.queries.spread import similarity

MEASURES = ("statements", "per_1000", "share")
PER_CELL = 3
SAID_BEFORE_POOL = 5_000
SHORTLIST = 10  # candidates per wanted result, re-scored for fragments


def _period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    return period


def period_counts(
    corpus: Corpus, filters: Filters, query: Query, period: str = "month"
) -> pl.DataFrame:
    """(period, speaker, statements, per_1000, share) for the speakers in ``filters``."""
    unit = _period(period)
    m = matching(corpus, filters, query)
    speakers_only = Filters(speakers=filters.speakers)
    own_clause, _ = where(speakers_only, corpus.caps)  # same $f_speaker as ``body``
    sql = f"""
        WITH hit AS (SELECT date_trunc('{unit}', date) AS period, speaker, count(*) AS n
                     {m.body} GROUP BY ALL),
             own AS (SELECT date_trunc('{unit}', date) AS period, speaker, count(*) AS n
                     FROM {STATEMENTS} {own_clause} GROUP BY ALL),
             corpus AS (SELECT date_trunc('{unit}', date) AS period, count(*) AS n
                        FROM {STATEMENTS} GROUP BY ALL)
        SELECT hit.period, hit.speaker, hit.n AS statements,
               round(1000.0 * hit.n / corpus.n, 3) AS per_1000,
               round(hit.n / own.n, 4) AS share
        FROM hit JOIN own USING (period, speaker) JOIN corpus USING (period)
        WHERE hit.period IS NOT NULL ORDER BY 1, 2
    """
    return corpus.frame(sql, m.params, m.tables)


def aligned(
    corpus: Corpus, filters: Filters, query: Query, period: str = "month", per_cell: int = PER_CELL
) -> pl.DataFrame:
    """Up to ``per_cell`` statements per period and speaker, newest periods first."""
    unit = _period(period)
    m = matching(corpus, filters, query)
    sql = (
        f"SELECT date_trunc('{unit}', date) AS period, * "
        f"FROM (SELECT {corpus.caps.select_list()} {m.body}) "
        "WHERE date IS NOT NULL "
        "QUALIFY row_number() OVER (PARTITION BY period, speaker ORDER BY date DESC, statement_id) "
        "<= $per_cell ORDER BY period DESC, speaker, date DESC"
    )
    return corpus.frame(sql, {**m.params, "per_cell": per_cell}, m.tables)


def said_before(
    corpus: Corpus, statement_id: str, limit: int = 5, pool: int = SAID_BEFORE_POOL
) -> pl.DataFrame:
    """The most similar earlier statements by the same speaker, most similar first."""
    anchor = corpus.rows(
        f"SELECT speaker_id, speaker, quote, date FROM {STATEMENTS} WHERE statement_id = $id",
        {"id": statement_id},
    )
    if not anchor or (anchor[0][0] is None and anchor[0][1] is None):
        return _empty_said_before()
    speaker_id, speaker, quote, when = anchor[0]
    earlier = corpus.frame(
        f"SELECT * FROM (SELECT {corpus.caps.select_list()} FROM {STATEMENTS} "
        "WHERE (speaker_id = $sid OR ($sid IS NULL AND speaker = $name)) AND statement_id <> $id) "
        "WHERE $when IS NULL OR date IS NULL OR date <= $when "
        "ORDER BY date DESC NULLS LAST LIMIT $pool",
        {"sid": speaker_id, "name": speaker, "id": statement_id, "when": when, "pool": pool},
    )
    if not earlier.height:
        return _empty_said_before()
    # A fast first cut in C++ over the whole pool, then the fragment-aware score on the best.
    quotes = earlier["quote"].fill_null("").to_list()
    shortlist = process.extract(
        quote, quotes, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * SHORTLIST
    )
    picked = earlier[[i for _, _, i in shortlist]]
    scores = similarity(quote, picked["quote"].fill_null("").to_list())
    return (
        picked.with_columns(pl.Series("similarity", scores))
        .sort(["similarity", "date"], descending=True, nulls_last=True)
        .head(limit)
    )


def _empty_said_before() -> pl.DataFrame:
    return pl.DataFrame(schema={"date": pl.Date, "quote": pl.String, "similarity": pl.Float64})

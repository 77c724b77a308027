"""Queries behind the dashboard and the command line: typed functions over a connection.

Pages and commands only lay out what these return. Every value from a user reaches SQL as a
parameter, never by string formatting.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.search import search_sql

STATEMENT_COLUMNS = (
    "statement_id, kind, quote, speaker, speaker_role, outlet, published, "
    "language, confidence, url, article_id, title"
)


def search_statements(
    con: duckdb.DuckDBPyConnection, q: str = "", limit: int = 200
) -> pl.DataFrame:
    """Statements matching the search words (BM25, best first), or the newest when empty."""
    cur = con.cursor()
    try:
        if q.strip():
            sql = (
                f"WITH hits AS ({search_sql()}) SELECT {STATEMENT_COLUMNS}, hits.score "
                "FROM statements_v JOIN hits USING (statement_id) "
                "ORDER BY hits.score DESC LIMIT $limit"
            )
            return cur.execute(sql, {"q": q, "limit": limit}).pl()
        sql = (
            f"SELECT {STATEMENT_COLUMNS} FROM statements_v "
            "ORDER BY published DESC NULLS LAST LIMIT $limit"
        )
        return cur.execute(sql, {"limit": limit}).pl()
    finally:
        cur.close()


def count_statements(con: duckdb.DuckDBPyConnection) -> int:
    cur = con.cursor()
    try:
        row = cur.execute("SELECT count(*) FROM statements_v").fetchone()
        return int(row[0]) if row else 0
    finally:
        cur.close()

"""Full-text search over statements: BM25 indexes with German and English stemming.

One index per language (DuckDB's FTS indexes one table with one stemmer), rebuilt at the end
of every run. Statements in other or unknown languages go into the English index.
"""

from __future__ import annotations

import duckdb

#: (table, language predicate, snowball stemmer)
INDEXES: tuple[tuple[str, str, str], ...] = (
    ("search_de", "language = 'de'", "german"),
    ("search_en", "language IS DISTINCT FROM 'de'", "english"),
)
# Keep letters and digits of every script (the default keeps only a-z, splitting "Brüssel").
IGNORE = r"(\.|[^\p{L}\p{N}])+"


def build_indexes(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the search tables and their BM25 indexes from ``statements_v``."""
    for table, where, stemmer in INDEXES:
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS "
            f"SELECT statement_id, concat_ws(' ', quote, speaker, speaker_role) AS body "
            f"FROM statements_v WHERE {where}"
        )
        con.execute(
            f"PRAGMA create_fts_index('{table}', 'statement_id', 'body', stemmer='{stemmer}', "
            f"stopwords='none', ignore='{IGNORE}', strip_accents=0, lower=1, overwrite=1)"
        )


def search_sql() -> str:
    """A query yielding (statement_id, score) for the search terms bound to ``$q``."""
    parts = [
        f"SELECT statement_id, fts_main_{table}.match_bm25(statement_id, $q) AS score FROM {table}"
        for table, _, _ in INDEXES
    ]
    return "SELECT * FROM (" + " UNION ALL ".join(parts) + ") WHERE score IS NOT NULL"

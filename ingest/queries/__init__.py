"""Queries behind the dashboard and the command line: typed functions over a ``Corpus``.

Pages and commands only lay out what these return. Every value from a user reaches SQL as a
parameter, never by string formatting (identifiers and keywords in the SQL come from code).

* ``corpus``   — the snapshot, its optional columns and views, a cursor per query
* ``filters``  — search filters and their query-string form
* ``search``   — BM25 search, facets, export; ``fuzzy`` — misspelt words and names
* ``speakers`` — a speaker's profile, roles and timeline
* ``compare``  — speakers side by side over time; "said before?"
* ``spread``   — one statement across articles and outlets
* ``articles`` — one article with its statements
* ``review``   — low-confidence statements and corrections
* ``tryit``    — extraction of pasted text, nothing stored
"""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.queries.corpus import Capabilities, Corpus, capabilities
from ingest.queries.filters import Filters
from ingest.queries.search import Query, SearchPage, parse_query
from ingest.queries.search import search as run_search

__all__ = [
    "Capabilities",
    "Corpus",
    "Filters",
    "Query",
    "SearchPage",
    "capabilities",
    "count_statements",
    "parse_query",
    "run_search",
    "search_statements",
]


def search_statements(
    con: duckdb.DuckDBPyConnection, q: str = "", limit: int = 200
) -> pl.DataFrame:
    """Statements matching the search words (BM25, best first), or the newest when empty."""
    corpus = Corpus(con)
    return run_search(corpus, Filters(q=q), parse_query(corpus, q), limit=limit).rows


def count_statements(con: duckdb.DuckDBPyConnection) -> int:
    return int(Corpus(con).scalar("SELECT count(*) FROM statements_v") or 0)

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

from ingest.queries.corpus import Capabilities, Corpus, capabilities
from ingest.queries.filters import Filters
from ingest.queries.search import Query, SearchPage, parse_query

__all__ = [
    "Capabilities",
    "Corpus",
    "Filters",
    "Query",
    "SearchPage",
    "capabilities",
    "parse_query",
]

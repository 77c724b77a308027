"""Corpus-level build passes, run once over the whole snapshot at the end of every ingest.

Per-article work (reading, extraction) is done by then; these passes see all statements:
speaker identity across articles, corrections, repeated site text, topics, clusters, the
search indexes and
the SQL views. Each pass is a function ``(connection, context) -> None``; they run in order.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.boilerplate import boilerplate_pass
from ingest.clusters import clusters_pass
from ingest.corrections import corrections_pass
from ingest.search import build_indexes
from ingest.speakers import speakers_pass
from ingest.store import sql_resource
from ingest.topics import topics_pass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildContext:
    data_dir: Path  # user-edited registries and corrections live here
    run_id: str


Pass = Callable[[duckdb.DuckDBPyConnection, BuildContext], None]


def slug(name: str) -> str:
    """A stable, readable key for a name: lower case ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


def views_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    """The views of views.sql, with ``statements_v`` materialised once per build."""
    con.execute(sql_resource("views.sql"))
    con.execute(
        "CREATE OR REPLACE TABLE statements_wide AS "
        'SELECT * FROM statements_v ORDER BY date NULLS LAST, article_id, "start"'
    )
    con.execute("CREATE OR REPLACE VIEW statements_v AS SELECT * FROM statements_wide")


def search_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    build_indexes(con)


PASSES: list[tuple[str, Pass]] = [
    ("speakers", speakers_pass),
    ("corrections", corrections_pass),
    ("topics", topics_pass),
    ("clusters", clusters_pass),
    ("boilerplate", boilerplate_pass),
    ("views", views_pass),
    ("search", search_pass),
]


def run_passes(
    con: duckdb.DuckDBPyConnection, ctx: BuildContext, only: Collection[str] | None = None
) -> dict[str, float]:
    """Run every pass (or those named in ``only``) in order; returns seconds per pass."""
    timings: dict[str, float] = {}
    for name, step in PASSES:
        if only is not None and name not in only:
            continue
        began = time.perf_counter()
        step(con, ctx)
        timings[name] = time.perf_counter() - began
        log.info("build pass %s: %.2fs", name, timings[name])
    return timings

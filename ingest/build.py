"""Corpus-level build passes, run once over the whole snapshot at the end of every ingest.

Per-article work (reading, extraction) is done by then; these passes see all statements:
speaker identity across articles, corrections, topics, clusters, the search indexes and
the SQL views. Each pass is a function ``(connection, context) -> None``; they run in order.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.search import build_indexes
from ingest.store import sql_resource

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


def speakers_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    """One speaker per distinct in-article name (cross-article resolution refines this)."""
    con.create_function("slug", slug, ["VARCHAR"], "VARCHAR", side_effects=False)
    con.execute("DELETE FROM statement_speakers")
    con.execute("DELETE FROM speaker_aliases")
    con.execute("DELETE FROM speakers")
    con.execute(
        "INSERT INTO statement_speakers SELECT statement_id, slug(speaker_name) "
        "FROM statements WHERE speaker_name IS NOT NULL"
    )
    con.execute(
        "INSERT INTO speakers (speaker_id, name) SELECT slug(speaker_name), "
        "min(speaker_name) FROM statements WHERE speaker_name IS NOT NULL GROUP BY 1"
    )
    con.remove_function("slug")


def views_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    con.execute(sql_resource("views.sql"))


def search_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    build_indexes(con)


PASSES: list[tuple[str, Pass]] = [
    ("speakers", speakers_pass),
    ("views", views_pass),
    ("search", search_pass),
]


def run_passes(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> dict[str, float]:
    """Run every pass in order; returns seconds per pass."""
    timings: dict[str, float] = {}
    for name, step in PASSES:
        began = time.perf_counter()
        step(con, ctx)
        timings[name] = time.perf_counter() - began
        log.info("build pass %s: %.2fs", name, timings[name])
    return timings

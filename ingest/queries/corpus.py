"""A published snapshot as the dashboard and the command line read it.

``Corpus`` wraps one read-only, locked-down connection and knows which optional columns and
views the snapshot offers (``said_on``, ``cluster_id``, ``speaker_roles_v`` …), so queries can
use them when they are there and fall back when they are not. Every query runs on its own
cursor, so one ``Corpus`` serves many threads (dashboard sessions) at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from ingest.search import INDEXES
from ingest.sqlguard import guarded_connection

Params = dict[str, Any]

# Columns every statement row carries when the snapshot has them (display order).
STATEMENT_COLUMNS = (
    "statement_id",
    "kind",
    "quote",
    "speaker",
    "speaker_id",
    "speaker_role",
    "outlet",
    "published",
    "language",
    "confidence",
    "url",
    "article_id",
    "title",
)
OPTIONAL_COLUMNS = ("topics", "said_on", "said_on_estimated", "occasion", "cluster_id")


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What this snapshot offers beyond the minimum: optional columns, views, search indexes."""

    relations: Mapping[str, frozenset[str]]  # every table and view of the main schema: columns
    indexes: tuple[tuple[str, str], ...]  # (search table, snowball stemmer) with an FTS index

    @property
    def columns(self) -> frozenset[str]:
        """The columns of ``statements_v``."""
        return self.relations.get("statements_v", frozenset())

    def has(self, column: str) -> bool:
        return column in self.columns

    def has_relation(self, name: str) -> bool:
        return name in self.relations

    def has_column(self, relation: str, column: str) -> bool:
        return column in self.relations.get(relation, frozenset())

    @property
    def date_expr(self) -> str:
        """SQL for when a statement was made: ``said_on`` where known, else publication."""
        if self.has("said_on"):
            return "CAST(coalesce(said_on, published) AS DATE)"
        return "CAST(published AS DATE)"

    def select_list(self) -> str:
        """The statement columns this snapshot has, plus ``date`` (see ``date_expr``)."""
        cols = [c for c in (*STATEMENT_COLUMNS, *OPTIONAL_COLUMNS) if self.has(c)]
        return ", ".join([f"{self.date_expr} AS date", *(quote_ident(c) for c in cols)])


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def capabilities(con: duckdb.DuckDBPyConnection) -> Capabilities:
    cur = con.cursor()
    try:
        cols = cur.execute(
            "SELECT table_name, list(column_name) FROM information_schema.columns "
            "WHERE table_schema = 'main' GROUP BY table_name"
        ).fetchall()
        schemas = {r[0] for r in cur.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
    finally:
        cur.close()
    indexes = tuple(
        (table, stemmer) for table, _, stemmer in INDEXES if f"fts_main_{table}" in schemas
    )
    return Capabilities({name: frozenset(c) for name, c in cols}, indexes)


class Corpus:
    """One snapshot, read-only: run queries on fresh cursors of a shared connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, snapshot: Path | None = None) -> None:
        self.con = con
        self.snapshot = snapshot
        self.caps = capabilities(con)

    @classmethod
    def open(cls, snapshot: Path) -> Corpus:
        """A guarded read-only connection to exactly this snapshot file."""
        con, path = guarded_connection(snapshot)
        return cls(con, path)

    @property
    def ready(self) -> bool:
        """Whether the snapshot has the views at all (an interrupted first build has not)."""
        return self.caps.has_relation("statements_v")

    def frame(self, sql: str, params: Params | None = None) -> pl.DataFrame:
        cur = self.con.cursor()
        try:
            return cur.execute(sql, params or {}).pl()
        finally:
            cur.close()

    def rows(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        cur = self.con.cursor()
        try:
            return cur.execute(sql, params or {}).fetchall()
        finally:
            cur.close()

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    def close(self) -> None:
        self.con.close()

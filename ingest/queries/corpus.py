"""A published snapshot as the dashboard reads it: attached read-only, statements kept in memory.

``statements_v`` joins half a dozen tables and aggregates topics and key terms for every row,
so each query over it costs seconds at a million statements. ``Corpus.open`` therefore starts
an in-memory DuckDB, attaches the snapshot file read-only as ``snap``, and copies
``statements_v`` once into the in-memory table ``statements`` (every column but the article
text, key terms and spans, plus ``date``: ``said_on`` where known, else the publication day).
Lists, filters, facets and counts run on that table; the search indexes, the other views and
the article texts are read from ``snap`` itself. Then external access is switched off and the
configuration locked, as for ``quotetrack sql``.

``Corpus`` knows which optional columns and views the snapshot offers (``said_on``,
``cluster_id``, ``speaker_roles_v`` …), so queries use them when they are there and fall back
when they are not. Every query runs on its own cursor, so one ``Corpus`` serves many threads
(dashboard sessions) at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from ingest.db import load_fts
from ingest.search import INDEXES
from ingest.sqlguard import guarded_connection, lock_down

Params = dict[str, Any]
Tables = Mapping[str, pa.Table]  # registered on the query's cursor under these names
KEPT = 32

SNAP = "snap"  # the attached snapshot: its views are snap.statements_v, snap.speakers_v, …
STATEMENTS = "statements"  # the in-memory copy of statements_v (with ``date``)
NOT_COPIED = ("text", "key_terms", "spans", "date")  # read from the snapshot where needed;
# ``date`` is recomputed the same way for snapshots built before statements_v carried it

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
        """``date`` and the statement columns this snapshot has, as in ``statements``."""
        cols = [c for c in (*STATEMENT_COLUMNS, *OPTIONAL_COLUMNS) if self.has(c)]
        return ", ".join(["date", *(quote_ident(c) for c in cols)])


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def capabilities(con: duckdb.DuckDBPyConnection, catalog: str = SNAP) -> Capabilities:
    cur = con.cursor()
    try:
        cols = cur.execute(
            "SELECT table_name, list(column_name) FROM information_schema.columns "
            "WHERE table_catalog = $c AND table_schema = 'main' GROUP BY table_name",
            {"c": catalog},
        ).fetchall()
        schemas = {
            r[0]
            for r in cur.execute(
                "SELECT schema_name FROM duckdb_schemas() WHERE database_name = $c", {"c": catalog}
            ).fetchall()
        }
    finally:
        cur.close()
    indexes = tuple(
        (table, stemmer) for table, _, stemmer in INDEXES if f"fts_main_{table}" in schemas
    )
    return Capabilities({name: frozenset(c) for name, c in cols}, indexes)


def _copy_statements(con: duckdb.DuckDBPyConnection, caps: Capabilities) -> None:
    if not caps.has_relation("statements_v"):
        return
    skip = [quote_ident(c) for c in NOT_COPIED if caps.has(c)]
    star = f"* EXCLUDE ({', '.join(skip)})" if skip else "*"
    con.execute(
        f"CREATE TABLE {STATEMENTS} AS "
        f"SELECT {caps.date_expr} AS date, {star} FROM {SNAP}.statements_v"
    )


class Corpus:
    """One snapshot, read-only: run queries on fresh cursors of a shared connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, snapshot: Path, caps: Capabilities) -> None:
        self.con = con
        self.snapshot = snapshot
        self.caps = caps
        self._sql: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()  # see ``keep``

    @classmethod
    def open(cls, snapshot: Path) -> Corpus:
        """Attach exactly this snapshot file read-only and copy its statements into memory."""
        con = duckdb.connect(":memory:")
        try:
            con.execute("SET enable_progress_bar = false")
            load_fts(con)
            con.execute(f"ATTACH {quote_literal(str(snapshot))} AS {SNAP} (READ_ONLY)")
            caps = capabilities(con)
            _copy_statements(con, caps)
            lock_down(con)
        except BaseException:
            con.close()
            raise
        return cls(con, snapshot, caps)

    @property
    def ready(self) -> bool:
        """Whether the snapshot has the views at all (an interrupted first build has not)."""
        return self.caps.has_relation("statements_v")

    def view(self, name: str) -> str:
        """The qualified name of a snapshot table or view (``snap.speakers_v``)."""
        return f"{SNAP}.{name}"

    def columns_of(self, relation: str) -> list[str]:
        """A snapshot table's or view's columns, in their order."""
        rows = self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = $c "
            "AND table_schema = 'main' AND table_name = $t ORDER BY ordinal_position",
            {"c": SNAP, "t": relation},
        )
        return [str(c) for (c,) in rows]

    def sql_connection(self) -> duckdb.DuckDBPyConnection:
        """A guarded connection to the snapshot itself, for users' own SQL (unqualified
        names as in ``quotetrack sql``); opened on first use."""
        with self._lock:
            if self._sql is None:
                self._sql, _ = guarded_connection(self.snapshot)
            return self._sql

    def keep(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()``, remembered under ``key`` for the next queries on this snapshot (the
        search hits of recent queries, shared by a page's list, count and facets)."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = make()
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return value

    def _cursor(self, tables: Tables | None) -> duckdb.DuckDBPyConnection:
        cur = self.con.cursor()
        for name, table in (tables or {}).items():
            cur.register(name, table)
        return cur

    def frame(
        self, sql: str, params: Params | None = None, tables: Tables | None = None
    ) -> pl.DataFrame:
        cur = self._cursor(tables)
        try:
            return cur.execute(sql, params or {}).pl()
        finally:
            cur.close()

    def rows(
        self, sql: str, params: Params | None = None, tables: Tables | None = None
    ) -> list[tuple[Any, ...]]:
        cur = self._cursor(tables)
        try:
            return cur.execute(sql, params or {}).fetchall()
        finally:
            cur.close()

    def arrow(self, sql: str, params: Params | None = None) -> pa.Table:
        cur = self._cursor(None)
        try:
            return cur.execute(sql, params or {}).to_arrow_table()
        finally:
            cur.close()

    def scalar(self, sql: str, params: Params | None = None, tables: Tables | None = None) -> Any:
        rows = self.rows(sql, params, tables)
        return rows[0][0] if rows else None

    def close(self) -> None:
        with self._lock:
            if self._sql is not None:
                self._sql.close()
                self._sql = None
        self.con.close()

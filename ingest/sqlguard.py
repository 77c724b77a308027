"""Read-only SQL for power users: the guarded runner behind ``quotetrack sql`` and the SQL page.

Three walls: the snapshot is opened read-only; external access (files, network, ATTACH,
extension installs) is switched off and the configuration locked; and each query is parsed
first, so anything but a single SELECT (or EXPLAIN) is refused with a message saying why.
A time limit interrupts long queries; a row limit caps what is fetched.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ingest.db import connect_reader
from ingest.errors import QuotetrackError

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
ROW_LIMIT = 10_000
TIME_LIMIT = 10.0  # seconds


class QueryRefused(QuotetrackError):
    """The query is not allowed, failed, or ran out of time; the message says which."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows existed than the row limit
    seconds: float


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No file or network access and no configuration changes from here on."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def guarded_connection(db: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A read-only, locked-down connection to the current snapshot of ``db``."""
    con, snapshot = connect_reader(db)
    lock_down(con)
    return con, snapshot


def check_query(sql: str) -> None:
    """Refuse anything but one read-only query, naming what was refused."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"the query does not parse: {exc}") from exc
    if len(statements) != 1:
        raise QueryRefused(f"one statement at a time, please (got {len(statements)})")
    kind = statements[0].type
    if kind not in ALLOWED:
        name = kind.name.replace("_", " ")
        raise QueryRefused(
            f"{name} is not allowed: SQL here is read-only — SELECT (or EXPLAIN) only; "
            "no writes, no files, no ATTACH, INSTALL, LOAD or COPY"
        )


def run_query(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list[Any] | dict[str, Any] | None = None,
    *,
    row_limit: int = ROW_LIMIT,
    time_limit: float = TIME_LIMIT,
) -> QueryResult:
    """Run one checked query on its own cursor, within the time and row limits."""
    check_query(sql)
    cursor = con.cursor()
    timer = threading.Timer(time_limit, cursor.interrupt)
    began = time.perf_counter()
    timer.start()
    try:
        cursor.execute(sql, params)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(row_limit + 1)
    except duckdb.InterruptException as exc:
        raise QueryRefused(f"the query ran longer than the {time_limit:g}s limit") from exc
    except duckdb.Error as exc:
        raise QueryRefused(str(exc).strip()) from exc
    finally:
        timer.cancel()
        cursor.close()
    return QueryResult(
        columns, rows[:row_limit], len(rows) > row_limit, time.perf_counter() - began
    )

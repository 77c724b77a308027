"""DuckDB connections: the writer's, the readers', and the full-text-search extension.

DuckDB's FTS extension is not built into the wheel and cannot be downloaded at run time
here, so it comes from the pinned PyPI package ``duckdb-extension-fts`` and is loaded by
path; where that package is missing, DuckDB's own ``INSTALL fts`` is tried.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import duckdb

from ingest.errors import QuotetrackError
from ingest.publish import current_snapshot

log = logging.getLogger(__name__)


class DatabaseMissing(QuotetrackError):
    """No database has been published at the given path yet."""


class FtsUnavailable(QuotetrackError):
    """Neither the packaged nor a downloadable FTS extension could be loaded."""


@cache
def fts_extension_path() -> Path | None:
    """The FTS extension file shipped by the ``duckdb-extension-fts`` package, if installed."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    path = (
        Path(duckdb_extension_fts.__file__).parent
        / "extensions"
        / f"v{duckdb.__version__}"
        / "fts.duckdb_extension"
    )
    return path if path.is_file() else None


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load full-text search into ``con`` (before any external-access lockdown)."""
    path = fts_extension_path()
    if path is not None:
        con.execute(f"LOAD '{path}'")
        return
    try:
        con.execute("INSTALL fts")
        con.execute("LOAD fts")
        log.warning("loaded DuckDB's downloaded fts extension (duckdb-extension-fts not installed)")
    except duckdb.Error as exc:
        raise FtsUnavailable(
            f"DuckDB full-text search is unavailable: the package duckdb-extension-fts=="
            f"{duckdb.__version__} is not installed and `INSTALL fts` failed ({exc}). "
            f"Run `make setup` or `pip install duckdb-extension-fts=={duckdb.__version__}`."
        ) from exc


def connect_writer(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    load_fts(con)
    return con


def connect_reader(db: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A read-only connection to the current snapshot of ``db`` and the file it opened."""
    snapshot = current_snapshot(db)
    if snapshot is None:
        raise DatabaseMissing(
            f"no database at {db} yet: run `make ingest` or `quotetrack ingest PATH --db {db}`"
        )
    con = duckdb.connect(str(snapshot), read_only=True)
    load_fts(con)
    return con, snapshot

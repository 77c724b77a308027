"""The quotetrack dashboard (Streamlit). Pages only lay out what ``ingest.queries`` returns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import streamlit as st

from ingest.db import DatabaseMissing
from ingest.paths import DEFAULT_DB
from ingest.publish import current_snapshot
from ingest.queries import count_statements, search_statements
from ingest.sqlguard import guarded_connection


def _db_path() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=str(DEFAULT_DB))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.db)


@st.cache_resource(max_entries=2)
def _connection(snapshot: str, db: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per published snapshot; a new snapshot gets a new one."""
    con, _ = guarded_connection(Path(db))
    return con


def main() -> None:
    st.set_page_config(page_title="quotetrack", layout="wide")
    db = _db_path()
    snapshot = current_snapshot(db)
    if snapshot is None:
        st.title("quotetrack")
        st.info(
            f"No database at `{db}` yet. Fill it with `make ingest` "
            f"(or `quotetrack ingest PATH --db {db}`), then reload this page."
        )
        return
    try:
        con = _connection(str(snapshot), str(db))
    except DatabaseMissing as exc:
        st.error(str(exc))
        return
    st.title("quotetrack — search statements")
    q = st.text_input("Search", value=st.query_params.get("q", ""), key="q")
    st.query_params["q"] = q
    hits = search_statements(con, q)
    st.caption(f"{len(hits)} shown of {count_statements(con)} statements")
    st.dataframe(hits, use_container_width=True, hide_index=True)


main()

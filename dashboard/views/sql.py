"""SQL: read-only queries for power users, through the guarded runner of ``quotetrack sql``."""

from __future__ import annotations

import io

import polars as pl
import streamlit as st

from dashboard import common
from ingest.export import write_csv
from ingest.queries.corpus import Corpus
from ingest.sqlguard import ROW_LIMIT, QueryRefused, QueryResult, run_query

PAGE = "sql"
TIME_LIMIT = 10.0
EXAMPLES = {
    "Most quoted speakers": "SELECT speaker, count(*) AS statements\nFROM statements_v\nWHERE speaker IS NOT NULL\nGROUP BY speaker\nORDER BY statements DESC\nLIMIT 20",
    "Statements per outlet and year": "SELECT outlet, year(published) AS year, count(*) AS statements\nFROM statements_v\nGROUP BY ALL\nORDER BY year DESC, statements DESC",
    "Statements by kind": "SELECT kind, count(*) AS statements, round(avg(confidence), 2) AS mean_confidence\nFROM statements_v\nGROUP BY kind\nORDER BY statements DESC",
    "Speakers and their roles": "SELECT name, roles, statements, first_seen, last_seen\nFROM speakers_v\nORDER BY statements DESC\nLIMIT 50",
    "Full-text search (BM25, German)": "SELECT s.speaker, s.quote, score\nFROM (SELECT statement_id, fts_main_search_de.match_bm25(statement_id, 'Nato Verteidigung') AS score\n      FROM search_de) hits\nJOIN statements_v s USING (statement_id)\nWHERE score IS NOT NULL\nORDER BY score DESC\nLIMIT 20",
    "Articles with the most statements": "SELECT title, outlet, published, statements, url\nFROM articles_v\nORDER BY statements DESC\nLIMIT 20",
    "Count all statements": "SELECT count(*) FROM statements_v",
}


def _run(corpus: Corpus, sql: str) -> QueryResult:
    return run_query(corpus.sql_connection(), sql, time_limit=TIME_LIMIT)


def _use_example() -> None:
    name = st.session_state["sql.example"]
    if name:
        st.session_state["sql.query"] = EXAMPLES[name]


def _schema(corpus: Corpus) -> None:
    with st.expander("Views and their columns"):
        for view in (
            "statements_v",
            "speakers_v",
            "articles_v",
            "speaker_roles_v",
            "statement_clusters_v",
        ):
            if corpus.caps.has_relation(view):
                cols = common.memo(Corpus.columns_of, view)
                st.markdown(f"**`{view}`** — " + ", ".join(f"`{c}`" for c in cols))
        tables = sorted(r for r in corpus.caps.relations if not r.endswith("_v"))
        st.caption("Tables behind them: " + ", ".join(f"`{t}`" for t in tables))


def _result(result: QueryResult) -> None:
    frame = (
        pl.DataFrame(
            {c: [row[i] for row in result.rows] for i, c in enumerate(result.columns)},
            strict=False,
        )
        if result.columns
        else pl.DataFrame()
    )
    note = f"{len(result.rows):,} rows in {result.seconds * 1000:.0f} ms"
    if result.truncated:
        note += f" — stopped at the {ROW_LIMIT:,}-row limit"
    st.caption(note)
    st.dataframe(frame, hide_index=True, width="stretch")
    buffer = io.StringIO()
    write_csv(result.columns, result.rows, buffer)
    st.download_button(
        "CSV",
        buffer.getvalue().encode("utf-8"),
        file_name="quotetrack-query.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def render() -> None:
    corpus = common.corpus()
    values = common.query_values()
    common.seed_from_url(
        PAGE, {"sql.query": common.first(values.get("q", [])), "sql.example": None}
    )
    common.header(
        "SQL",
        "Read-only SQL on the current snapshot: one SELECT at a time; no files, network, ATTACH, "
        f"INSTALL, LOAD or COPY; at most {TIME_LIMIT:g} s and {ROW_LIMIT:,} rows.",
    )
    st.selectbox(
        "Examples",
        list(EXAMPLES),
        key="sql.example",
        index=None,
        placeholder="Start from an example…",
        on_change=_use_example,
    )
    with st.form("sql.form", border=False):
        st.text_area(
            "Query", key="sql.query", height=180, placeholder="SELECT count(*) FROM statements_v"
        )
        st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    _schema(corpus)
    sql = st.session_state["sql.query"].strip()
    common.write_url(PAGE, {"q": [sql]} if sql else {})
    if not sql:
        return
    try:
        result = _run(corpus, sql)
    except QueryRefused as exc:
        st.error(f"Refused: {exc}", icon=":material/block:")
        return
    _result(result)


render()

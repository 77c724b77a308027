"""Search: who said what. Full-text search, filters, facets, highlighted results, exports."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import streamlit as st

from dashboard import common, markup, widgets
from ingest.queries import fuzzy
from ingest.queries import search as qs
from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters

PAGE = "search"
PAGE_SIZE = qs.PAGE_SIZE


def _seed(url: Filters) -> None:
    values = common.query_values()
    common.seed_from_url(
        PAGE,
        {
            "search.q": url.q,
            **widgets.filter_seeds(PAGE, url),
            "search.page": max(1, widgets.to_int(common.first(values.get("p", [])), 1)),
        },
    )


def _filters(corpus: Corpus) -> Filters:
    st.text_input(
        "Search statements",
        key="search.q",
        placeholder="Words, names or roles — e.g. Indopazifik, Hegseth, Verteidigungsminister",
        help='BM25 with German and English stemming. Put words in quotation marks ("offene Tür") '
        "to require them verbatim. Misspelt words are matched to the closest indexed word.",
    )
    with st.sidebar:
        st.subheader("Filters")
        return widgets.filter_widgets(PAGE, corpus, q=st.session_state["search.q"])


def _reset_page_on_change(filters: Filters) -> None:
    signature = repr(filters)
    if st.session_state.get("search._sig") not in (None, signature):
        st.session_state["search.page"] = 1
    st.session_state["search._sig"] = signature


def _notices(query: qs.Query, total: int) -> None:
    if query.corrected:
        pairs = ", ".join(f"„{typed}“ → {used}…" for typed, used in query.corrected)
        st.info(f"No statement contains every word as typed; also matching similar words: {pairs}")
    names = fuzzy.similar_speakers(common.vocabulary(), query.text) if query.text else []
    if names:
        links = " · ".join(markup.anchor(common.link("speaker", name=n), n) for n in names)
        common.html(f'<div class="qt-meta">Speakers like this: {links}</div>')
    if total == 0:
        st.warning("No statements match. Remove a filter or try other words.")


def _cards(corpus: Corpus, page: qs.SearchPage) -> None:
    rows = page.rows.to_dicts()
    words = common.memo(qs.matched_words, page.query, [r["quote"] or "" for r in rows])
    common.html("".join(markup.statement_card(r, words, markup.statement_links(r)) for r in rows))


def _table(page: qs.SearchPage) -> None:
    st.dataframe(
        widgets.statement_table(page.rows),
        hide_index=True,
        width="stretch",
        column_config=widgets.statement_columns(),
    )


def _pager(total: int) -> None:
    pages = max(1, -(-total // PAGE_SIZE))
    current = min(st.session_state["search.page"], pages)
    st.session_state["search.page"] = current
    if pages == 1:
        return
    left, middle, right = st.columns([1, 2, 1])
    left.button("← Previous", key="search.prev", disabled=current <= 1, on_click=_turn, args=(-1,))
    middle.caption(f"Page {current} of {pages:,}")
    right.button("Next →", key="search.next", disabled=current >= pages, on_click=_turn, args=(1,))


def _turn(step: int) -> None:
    st.session_state["search.page"] = max(1, st.session_state["search.page"] + step)


def _facets(filters: Filters, query: qs.Query) -> None:
    counts = common.memo(qs.facets, filters, query)
    base = filters.to_query()
    keys = {
        "speaker": "speaker",
        "outlet": "outlet",
        "kind": "kind",
        "language": "lang",
        "topic": "topic",
    }
    titles = {
        "speaker": "Speakers",
        "outlet": "Outlets",
        "kind": "Kinds",
        "language": "Languages",
        "topic": "Topics",
        "year": "Years",
    }
    blocks = []
    names = {"language": widgets.language_name, "topic": widgets.topic_name}
    for facet, items in counts.items():
        name = names.get(facet, str)
        shown = [(name(v), n) for v, n in items]
        hrefs = {name(v): common.link(PAGE, **_with(base, facet, v, keys)) for v, _ in items}
        blocks.append(markup.facet_list(titles.get(facet, facet), shown, hrefs))
    common.html("<br>".join(b for b in blocks if b))


def _with(
    base: dict[str, list[str]], facet: str, value: str, keys: dict[str, str]
) -> dict[str, Any]:
    params: dict[str, Any] = dict(base)
    if facet == "year":
        params["from"], params["to"] = f"{value}-01-01", f"{value}-12-31"
    else:
        key = keys[facet]
        params[key] = list(dict.fromkeys([*params.get(key, []), value]))
    return params


def _exports(corpus: Corpus, filters: Filters, query: qs.Query, total: int) -> None:
    stamp = date.today().isoformat()
    row = st.container(horizontal=True, gap="small")

    def frame() -> pl.DataFrame:
        return qs.export_frame(corpus, filters, query)

    row.download_button(
        "CSV",
        data=lambda: widgets.csv_bytes(frame()),
        file_name=f"quotetrack-statements-{stamp}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        disabled=total == 0,
        help=f"All {total:,} statements of this result, with every filter applied",
    )
    row.download_button(
        "Parquet",
        data=lambda: widgets.parquet_bytes(frame()),
        file_name=f"quotetrack-statements-{stamp}.parquet",
        mime="application/vnd.apache.parquet",
        icon=":material/download:",
        on_click="ignore",
        disabled=total == 0,
    )


def render() -> None:
    corpus = common.corpus()
    _seed(Filters.from_query(common.query_values()))
    common.header("Search", "Who said what: statements from the corpus, best matches first.")
    filters = _filters(corpus)
    _reset_page_on_change(filters)
    query = common.understand(filters.q)
    offset = (st.session_state["search.page"] - 1) * PAGE_SIZE
    page = common.memo(qs.search, filters, query, limit=PAGE_SIZE, offset=offset)
    url = filters.to_query()
    if st.session_state["search.page"] > 1:
        url["p"] = [str(st.session_state["search.page"])]
    common.write_url(PAGE, url)

    what = (
        "matching statements" if (filters.q or filters != Filters()) else "statements, newest first"
    )
    st.markdown(f"**{page.total:,}** {what}")
    _notices(query, page.total)
    if page.total:
        _exports(corpus, filters, query, page.total)
    results, facets = st.columns([3, 1], gap="medium")
    with results:
        cards, table = st.tabs(["Statements", "Table"])
        with cards:
            _cards(corpus, page)
        with table:
            _table(page)
        _pager(page.total)
    with facets:
        _facets(filters, query)


render()

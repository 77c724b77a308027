"""Spread: one statement across articles and outlets — first seen, then every repetition."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, common, markup
from ingest.queries import search as qs
from ingest.queries import spread as qsp
from ingest.queries.filters import Filters

PAGE = "spread"
CANDIDATES = 10


def _finder() -> None:
    common.header("Spread", "Follow one statement across articles and outlets.")
    st.text_input(
        "Find the statement",
        key="spread.find",
        placeholder="A few words of the quote, or a speaker",
    )
    text = st.session_state["spread.find"].strip()
    if not text:
        st.caption(
            "Or open a statement's spread from Search (the “spread” link under each result)."
        )
        return
    query = common.understand(text)
    page = common.memo(qs.search, Filters(q=text), query, limit=CANDIDATES)
    rows = page.rows.to_dicts()
    words = common.memo(qs.matched_words, query, [r["quote"] or "" for r in rows])
    cards = [
        markup.statement_card(
            r,
            words,
            [markup.anchor(common.link(PAGE, id=r["statement_id"]), "follow its spread →")],
        )
        for r in rows
    ]
    common.html("".join(cards) or "<i>No statement matches.</i>")


def _summary(spread: qsp.Spread) -> None:
    first = spread.first
    repeats = spread.members.height - 1
    outlet = first.get("outlet") or "an unnamed source"
    st.markdown(
        f"First seen **{common.when(first.get('date'))}** in **{outlet}** · "
        f"carried by **{spread.members.height:,}** statement{'s' if spread.members.height != 1 else ''} "
        f"in **{spread.outlets:,}** outlet{'s' if spread.outlets != 1 else ''}"
        + ("" if repeats else " — not repeated elsewhere in this corpus")
    )
    sim = f"at least {st.session_state['spread.sim']:.0f}% similar"
    how = {
        "cluster": "Grouped by the snapshot's quote clusters.",
        "cluster+fuzzy": f"The statement's quote cluster, and statements of similar wording ({sim}).",
        "fuzzy": f"Matched by similar wording ({sim}); this snapshot has no quote clusters.",
    }[spread.method]
    st.caption(how)


def _members(spread: qsp.Spread) -> None:
    members = spread.members
    table = members.with_columns(
        ("article?id=" + members["article_id"] + "&s=" + members["statement_id"]).alias("article"),
    )
    keep = [
        c
        for c in ("date", "outlet", "speaker", "similarity", "quote", "url", "article")
        if c in table.columns
    ]
    st.dataframe(
        table.select(keep),
        hide_index=True,
        width="stretch",
        column_config={
            "date": st.column_config.DateColumn("Date", format="D MMM YYYY", width="small"),
            "outlet": st.column_config.TextColumn("Outlet", width="medium"),
            "speaker": st.column_config.TextColumn("Speaker", width="medium"),
            "similarity": st.column_config.ProgressColumn(
                "Similar", min_value=0, max_value=100, format="%.0f%%", width="small"
            ),
            "quote": st.column_config.TextColumn("Statement", width="large"),
            "url": st.column_config.LinkColumn("Source", display_text="source ↗", width="small"),
            "article": st.column_config.LinkColumn(
                "Article", display_text="in article", width="small"
            ),
        },
    )


def render() -> None:
    common.corpus()
    values = common.query_values()
    sid = common.first(values.get("id", []))
    sim = common.first(values.get("sim", []))
    common.seed_from_url(
        PAGE,
        {
            "spread.find": common.first(values.get("q", [])),
            "spread.sim": float(sim) if sim.replace(".", "", 1).isdigit() else qsp.MIN_SIMILARITY,
            "spread.fuzzy": common.first(values.get("similar", [])) == "1",
        },
    )
    if not sid:
        _finder()
        find = st.session_state["spread.find"].strip()
        common.write_url(PAGE, {"q": [find]} if find else {})
        return
    with st.sidebar:
        if common.corpus().caps.has("cluster_id"):
            st.toggle(
                "Also match similar wording",
                key="spread.fuzzy",
                help="Besides the statements in the same quote cluster, add statements whose "
                "wording is alike (fragments and paraphrases the clustering kept apart)",
            )
        st.slider(
            "Minimum similarity (%)",
            50.0,
            100.0,
            step=1.0,
            key="spread.sim",
            help="How alike the wording must be, where statements are matched by wording",
        )
    spread = common.memo(
        qsp.spread, sid, st.session_state["spread.sim"], st.session_state["spread.fuzzy"]
    )
    if spread is None:
        st.warning(f"No statement „{sid}“ in this snapshot.")
        _finder()
        return
    common.header("Spread")
    anchor = spread.anchor
    common.html(markup.statement_card(anchor, frozenset(), markup.statement_links(anchor)[:-1]))
    _summary(spread)
    st.altair_chart(charts.spread(spread.members), width="stretch")
    _members(spread)
    sim_value = st.session_state["spread.sim"]
    common.write_url(
        PAGE,
        {
            "id": [sid],
            "sim": [f"{sim_value:g}"] if sim_value != qsp.MIN_SIMILARITY else [],
            "similar": ["1"] if st.session_state["spread.fuzzy"] else [],
        },
    )


render()

"""Speaker: everything one person (or organisation) said, on a timeline and as a list."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, common, markup, widgets
from ingest.queries import search as qs
from ingest.queries import speakers as qsp
from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters
from ingest.queries.fuzzy import similar_speakers

PAGE = "speaker"
PAGE_SIZE = 20
COLOUR_BY = {"kind": "Kind", "topic": "Topic"}


def _picker(corpus: Corpus) -> None:
    common.header("Speakers", "Pick a speaker to see their statements over time.")
    st.text_input("Find a speaker", key="speaker.find", placeholder="A name, even misspelt")
    wanted = st.session_state["speaker.find"].strip()
    common.write_url(PAGE, {"find": [wanted]} if wanted else {})
    if wanted:
        names = similar_speakers(common.vocabulary(), wanted, limit=10)
        if names:
            links = " · ".join(markup.anchor(common.link(PAGE, name=n), n) for n in names)
            common.html(f'<div class="qt-quote">{links}</div>')
        else:
            st.info(f"No speaker resembles „{wanted}“.")
    top = common.memo(qsp.top_speakers, 100)
    table = top.with_columns((("speaker?id=") + top["speaker_id"]).alias("page"))
    st.dataframe(
        table.select("name", "statements", "first_seen", "last_seen", "page"),
        hide_index=True,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn("Speaker", width="medium"),
            "statements": st.column_config.NumberColumn("Statements", width="small"),
            "first_seen": st.column_config.DateColumn("First seen", format="D MMM YYYY"),
            "last_seen": st.column_config.DateColumn("Last seen", format="D MMM YYYY"),
            "page": st.column_config.LinkColumn("Timeline", display_text="open", width="small"),
        },
    )


def _profile(speaker: qsp.Speaker, filters: Filters) -> None:
    common.header(speaker.name)
    facts = [str(speaker.details[k]) for k in ("kind", "party", "country") if k in speaker.details]
    line = " · ".join(markup.esc(f) for f in facts)
    if "qid" in speaker.details:
        qid = str(speaker.details["qid"])
        line += (" · " if line else "") + markup.anchor(
            f"https://www.wikidata.org/wiki/{qid}", f"Wikidata {qid}", external=True
        )
    if speaker.aliases:
        line += (" · " if line else "") + "also: " + markup.esc(", ".join(speaker.aliases))
    common.html(f'<div class="qt-meta">{line}</div>')
    a, b, c, d = st.columns(4)
    a.metric("Statements", f"{speaker.statements:,}")
    b.metric("First seen", common.when(speaker.first_seen))
    c.metric("Last seen", common.when(speaker.last_seen))
    outlets = common.memo(qsp.breakdown, filters, "outlet")
    d.metric("Outlets", f"{outlets.height:,}")


def _roles(corpus: Corpus, speaker: qsp.Speaker) -> None:
    roles = common.memo(qsp.roles_over_time, speaker)
    st.subheader("Roles over time")
    if not roles.height:
        st.caption("No role was written next to any of these statements.")
        return
    st.dataframe(
        roles,
        hide_index=True,
        width="stretch",
        column_config={
            **widgets.date_columns(roles),
            "role": st.column_config.TextColumn("Role", width="large"),
            "statements": st.column_config.NumberColumn("Statements", width="small"),
        },
    )


def _timeline(filters: Filters, by: str, period: str) -> None:
    points = common.memo(qsp.timeline, filters)
    st.subheader("Timeline")
    if not points.height:
        st.caption("None of these statements is dated.")
        return
    if points.height >= qsp.TIMELINE_POINTS:
        st.caption(
            f"The newest {qsp.TIMELINE_POINTS:,} statements; narrow the dates to see older ones."
        )
    st.caption("Each dot is a statement: hover to read it, click to open it in its article.")
    st.altair_chart(charts.timeline(points, by, period), width="stretch")


def _breakdowns(filters: Filters) -> None:
    left, right = st.columns(2)
    for column, by, title in ((left, "topic", "By topic"), (right, "outlet", "By outlet")):
        with column:
            st.subheader(title)
            frame = common.memo(qsp.breakdown, filters, by)
            if by == "topic":
                frame = frame.with_columns(
                    pl.col("value").map_elements(widgets.topic_name, return_dtype=pl.String)
                )
            if frame.height:
                st.altair_chart(
                    charts.bars(frame, "value"), width="stretch", height=charts.bars_height(frame)
                )
            else:
                st.caption("No topics assigned yet." if by == "topic" else "No outlets known.")


def _statements(corpus: Corpus, filters: Filters) -> None:
    st.subheader("Statements")
    st.text_input("Search these statements", key="speaker.q", placeholder="Words in what they said")
    query = common.understand(st.session_state["speaker.q"])
    narrowed = Filters(
        **{**{n: getattr(filters, n) for n in filters.__dataclass_fields__}, "q": query.text}
    )
    total = common.memo(qs.search, narrowed, query, limit=1).total
    pages = max(1, -(-total // PAGE_SIZE))
    page_no = min(int(st.session_state["speaker.page"]), pages)
    page = common.memo(
        qs.search, narrowed, query, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE
    )
    st.caption(f"{total:,} statements, newest first" if not query.text else f"{total:,} matching")
    rows = page.rows.to_dicts()
    words = common.memo(qs.matched_words, query, [r["quote"] or "" for r in rows])
    common.html("".join(markup.statement_card(r, words, markup.statement_links(r)) for r in rows))
    if pages > 1:
        st.number_input(f"Page (of {pages:,})", 1, pages, key="speaker.page", width=160)


def _speaker(corpus: Corpus) -> qsp.Speaker | None:
    values = common.query_values()
    sid, name = common.first(values.get("id", [])), common.first(values.get("name", []))
    if not sid and not name:
        return None
    speaker = common.memo(qsp.find_speaker, sid, name)
    if speaker is None:
        st.warning(f"No speaker „{sid or name}“ in this snapshot.")
        _picker(corpus)
        st.stop()
    return speaker


def render() -> None:
    corpus = common.corpus()
    values = common.query_values()
    url = Filters.from_query(values)
    common.seed_from_url(
        PAGE,
        {
            "speaker.by": common.first(values.get("by", []), "kind")
            if common.first(values.get("by", [])) in COLOUR_BY
            else "kind",
            "speaker.period": common.first(values.get("period", []), "month")
            if common.first(values.get("period", [])) in qsp.PERIODS
            else "month",
            "speaker.q": url.q,
            "speaker.page": max(1, widgets.to_int(common.first(values.get("p", [])), 1)),
            "speaker.find": common.first(values.get("find", [])),
            **widgets.filter_seeds(PAGE, url),
        },
    )
    speaker = _speaker(corpus)
    if speaker is None:
        _picker(corpus)
        return
    with st.sidebar:
        st.subheader("Filters")
        chosen = widgets.filter_widgets(PAGE, corpus, speakers=False)
        colours = list(COLOUR_BY) if common.memo(qs.options, "topic") else ["kind"]
        if st.session_state.get("speaker.by") not in colours:
            st.session_state["speaker.by"] = "kind"
        st.segmented_control(
            "Colour by",
            colours,
            key="speaker.by",
            format_func=lambda k: COLOUR_BY.get(k, k),
        )
        st.segmented_control("Counts per", list(qsp.PERIODS), key="speaker.period")
    filters = qsp.of_speaker(speaker, chosen)
    by = st.session_state["speaker.by"] or "kind"
    period = st.session_state["speaker.period"] or "month"
    _profile(speaker, filters)
    _timeline(filters, by, period)
    _breakdowns(filters)
    _roles(corpus, speaker)
    _statements(corpus, filters)
    url_values = {
        "id": [speaker.speaker_id],
        **chosen.to_query(),
        "by": [by] if by != "kind" else [],
        "period": [period] if period != "month" else [],
    }
    if st.session_state["speaker.q"]:
        url_values["q"] = [st.session_state["speaker.q"]]
    if st.session_state["speaker.page"] > 1:
        url_values["p"] = [str(st.session_state["speaker.page"])]
    common.write_url(PAGE, url_values)


render()

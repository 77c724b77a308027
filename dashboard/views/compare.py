"""Compare: speakers side by side on a topic over time, or one speaker in two periods."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import streamlit as st

from dashboard import charts, common, markup, widgets
from ingest.queries import compare as qc
from ingest.queries import fuzzy
from ingest.queries import search as qs
from ingest.queries import speakers as qsp
from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters, parse_date

PAGE = "compare"
MODES = {"speakers": "Speakers side by side", "periods": "One speaker, two periods"}
MEASURES = {
    "statements": "Statements",
    "per_1000": "Per 1,000 statements that period",
    "share": "Share of the speaker's statements",
}
PERIODS_SHOWN = 12
CARDS = 8


def _speaker_choice(
    corpus: Corpus, key: str, label: str, max_selections: int | None = None
) -> tuple[str, ...]:
    known = common.memo(qsp.speaker_names)
    chosen = [n for n in st.session_state.get(key, []) if n not in known]
    st.multiselect(
        label,
        known + chosen,
        key=key,
        accept_new_options=True,
        max_selections=max_selections,
        placeholder="Type a name",
    )
    out = []
    for name in st.session_state[key]:
        match = name if name in known else fuzzy.closest_speaker(common.vocabulary(), name)
        if match and match != name:
            st.caption(f"„{name}“ → {match}")
        out.append(match or name)
    return tuple(dict.fromkeys(out))


def _topic_and_words(corpus: Corpus) -> tuple[tuple[str, ...], str]:
    topics: tuple[str, ...] = ()
    options = common.memo(qs.options, "topic")
    if options:
        choice = st.selectbox(
            "Topic",
            options,
            key="compare.topic",
            index=None,
            placeholder="Any topic",
            format_func=widgets.topic_name,
        )
        topics = (choice,) if choice else ()
    words = st.text_input(
        "Words", key="compare.q", placeholder="Optional: only statements with these words"
    )
    return topics, words


def _aligned(filters: Filters, query: qs.Query, period: str) -> pl.DataFrame:
    rows = common.memo(qc.aligned, filters, query, period)
    periods = rows["period"].unique(maintain_order=True).to_list()[:PERIODS_SHOWN]
    speakers = list(filters.speakers)
    grid = f"grid-template-columns:repeat({len(speakers)},minmax(0,1fr))"
    parts = [
        f'<div class="qt-cols" style="{grid}">'
        + "".join(f"<b>{markup.esc(s)}</b>" for s in speakers)
        + "</div>"
    ]
    label = {"month": "%b %Y", "quarter": "Q%q %Y", "year": "%Y"}[period]
    for p in periods:
        title = p.strftime(label.replace("%q", str((p.month - 1) // 3 + 1)))
        parts.append(
            f'<div class="qt-period">{markup.esc(title)}</div><div class="qt-cols" style="{grid}">'
        )
        for speaker in speakers:
            cell = rows.filter((pl.col("period") == p) & (pl.col("speaker") == speaker)).to_dicts()
            cards = "".join(
                markup.statement_card(r, frozenset(), markup.statement_links(r)[-2:]) for r in cell
            )
            parts.append(f"<div>{cards or '<span class=qt-meta>—</span>'}</div>")
        parts.append("</div>")
    common.html("".join(parts))
    if len(rows["period"].unique()) > PERIODS_SHOWN:
        st.caption(
            f"The newest {PERIODS_SHOWN} periods with statements; narrow the dates for older ones."
        )
    return rows


def _said_before(rows: pl.DataFrame) -> None:
    st.subheader("Said before?")
    if not rows.height:
        st.caption("No statements to check.")
        return
    labels = {
        r["statement_id"]: f"{common.when(r['date'])} · {r['speaker']} · {(r['quote'] or '')[:90]}"
        for r in rows.to_dicts()
    }
    if st.session_state.get("compare.sel") not in labels:
        st.session_state["compare.sel"] = None
    sid = st.selectbox(
        "Statement",
        list(labels),
        key="compare.sel",
        format_func=labels.__getitem__,
        index=None,
        placeholder="Pick a statement above to find similar earlier ones",
    )
    if not sid:
        return
    found = common.memo(qc.said_before, sid)
    if not found.height:
        st.caption("No earlier statement by this speaker.")
        return
    cards = [
        markup.statement_card(
            r, frozenset(), [f"{r['similarity']:.0f}% similar", *markup.statement_links(r)]
        )
        for r in found.to_dicts()
    ]
    common.html("".join(cards))


def _speakers_mode(corpus: Corpus) -> dict[str, list[str]]:
    with st.sidebar:
        speakers = _speaker_choice(corpus, "compare.speaker", "Speakers (two or more)")
        topics, words = _topic_and_words(corpus)
        st.segmented_control("Per", list(qsp.PERIODS), key="compare.period")
        st.radio("Measure", list(MEASURES), key="compare.measure", format_func=MEASURES.__getitem__)
    period = st.session_state["compare.period"] or "month"
    measure = st.session_state["compare.measure"]
    url = {
        "speaker": list(speakers),
        "topic": list(topics),
        "q": [words] if words else [],
        "period": [period],
        "measure": [measure],
    }
    if len(speakers) < 2:
        st.info("Choose two or more speakers in the sidebar.")
        return url
    filters = Filters(q=words, speakers=speakers, topics=topics)
    query = common.understand(words)
    counts = common.memo(qc.period_counts, filters, query, period)
    if not counts.height:
        st.warning("None of them said anything that matches.")
        return url
    st.altair_chart(charts.lines(counts, measure, MEASURES[measure], period), width="stretch")
    st.subheader("Their statements, aligned by date")
    rows = _aligned(filters, query, period)
    _said_before(rows)
    return url


def _period_column(filters: Filters, query: qs.Query, title: str) -> None:
    page = common.memo(qs.search, filters, query, limit=CARDS)
    st.markdown(f"**{title}** — {page.total:,} statements")
    counts = common.memo(qs.facets, filters, query)
    for facet in ("topic", "kind", "outlet"):
        items = counts.get(facet) or []
        if items:
            name = widgets.topic_name if facet == "topic" else str
            st.caption(
                facet.capitalize() + ": " + ", ".join(f"{name(v)} ({n})" for v, n in items[:6])
            )
    rows = page.rows.to_dicts()
    common.html(
        "".join(markup.statement_card(r, frozenset(), markup.statement_links(r)) for r in rows)
        or "<i>Nothing said in this period.</i>"
    )


def _range(key: str, label: str) -> tuple[date | None, date | None]:
    value = st.date_input(
        label,
        value=(),  # type: ignore[arg-type]  # an empty range: the value comes from Session State
        key=key,
        min_value=widgets.EARLIEST,
        max_value=widgets.LATEST,
        format="YYYY-MM-DD",
    )
    if isinstance(value, tuple) and len(value) == 2:
        return value[0], value[1]
    return None, None


def _periods_mode(corpus: Corpus) -> dict[str, list[str]]:
    with st.sidebar:
        speakers = _speaker_choice(corpus, "compare.one", "Speaker", max_selections=1)
        topics, words = _topic_and_words(corpus)
        a = _range("compare.a", "First period")
        b = _range("compare.b", "Second period")
    url = {"speaker": list(speakers), "topic": list(topics), "q": [words] if words else []}
    for name, (start, end) in (("a", a), ("b", b)):
        if start and end:
            url[name] = [f"{start.isoformat()}..{end.isoformat()}"]
    if not speakers or not (a[0] and b[0]):
        st.info("Choose a speaker and two periods in the sidebar.")
        return url
    query = common.understand(words)
    left, right = st.columns(2, gap="large")
    for column, (start, end), name in ((left, a, "First period"), (right, b, "Second period")):
        with column:
            filters = Filters(
                q=words, speakers=speakers, topics=topics, date_from=start, date_to=end
            )
            _period_column(filters, query, f"{name}: {common.when(start)} – {common.when(end)}")
    return url


def _seed(corpus: Corpus) -> None:
    values = common.query_values()
    speakers = values.get("speaker", [])
    if not speakers:
        speakers = [str(n) for n in common.memo(qsp.top_speakers, 2)["name"]]
    mode = common.first(values.get("mode", []), "speakers")
    period = common.first(values.get("period", []), "month")
    measure = common.first(values.get("measure", []), "statements")
    common.seed_from_url(
        PAGE,
        {
            "compare.mode": mode if mode in MODES else "speakers",
            "compare.speaker": speakers,
            "compare.one": speakers[:1],
            "compare.topic": common.first(values.get("topic", [])) or None,
            "compare.q": common.first(values.get("q", [])),
            "compare.period": period if period in qsp.PERIODS else "month",
            "compare.measure": measure if measure in MEASURES else "statements",
            "compare.a": _parse_range(common.first(values.get("a", [])), 2),
            "compare.b": _parse_range(common.first(values.get("b", [])), 1),
            "compare.sel": common.first(values.get("sel", [])) or None,
        },
    )


def _parse_range(text: str, years_back: int) -> tuple[date, date]:
    start, _, end = text.partition("..")
    first, last = parse_date(start), parse_date(end)
    if first and last:
        return first, last
    today = date.today()
    return today - timedelta(days=365 * years_back), today - timedelta(days=365 * (years_back - 1))


def render() -> None:
    corpus = common.corpus()
    _seed(corpus)
    common.header("Compare", "Who said how much about what, when — side by side.")
    st.segmented_control(
        "Compare",
        list(MODES),
        key="compare.mode",
        format_func=MODES.__getitem__,
        label_visibility="collapsed",
    )
    mode = st.session_state["compare.mode"] or "speakers"
    url = _speakers_mode(corpus) if mode == "speakers" else _periods_mode(corpus)
    url["mode"] = [mode] if mode != "speakers" else []
    if mode == "speakers" and st.session_state.get("compare.sel"):
        url["sel"] = [st.session_state["compare.sel"]]
    common.write_url(PAGE, url)


render()

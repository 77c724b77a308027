"""Review: the least certain statements first; fix a speaker, reject a statement, merge speakers.

Corrections go to the corrections file through the corrections library and take effect at the
next ingest; the snapshot being read is never written.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import common, markup, widgets
from ingest.errors import QuotetrackError
from ingest.queries import review as qr
from ingest.queries import speakers as qsp
from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters

PAGE = "review"
PAGE_SIZE = 10
UNAVAILABLE = (
    "Corrections are not available yet: this version of quotetrack has no corrections library "
    "(`ingest/corrections.py`). You can go through the queue; nothing is saved."
)
APPLIED = "Corrections are applied at the next ingest (`quotetrack ingest …` or `make ingest`), not to the snapshot you are reading."


def _context(row: dict[str, Any]) -> str:
    kind = row.get("kind") if row.get("kind") in markup.KINDS else "direct"
    return (
        f'<div class="qt-quote">…{markup.esc(row.get("before"))}'
        f'<span class="qt-s qt-k-{kind}">{markup.esc(row.get("quote"))}</span>'
        f"{markup.esc(row.get('after'))}…</div>"
    )


def _save(correction: qr.Correction) -> None:
    try:
        where = qr.record(common.data_dir(), correction)
    except QuotetrackError as exc:
        st.error(f"Not saved: {exc}")
        return
    st.success(f"Saved to {where}. {APPLIED}")


def _statement_form(row: dict[str, Any], available: bool) -> None:
    sid = row["statement_id"]
    with st.container(border=True):
        common.html(_context(row) + markup.statement_meta(row, markup.statement_links(row)))
        with st.form(f"review.form.{sid}", border=False):
            left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
            speaker = left.text_input(
                "Speaker should be", value=row.get("speaker") or "", key=f"review.speaker.{sid}"
            )
            reject = middle.checkbox("Not a statement", key=f"review.reject.{sid}")
            saved = right.form_submit_button("Save", disabled=not available, width="stretch")
        if saved:
            if reject:
                _save(qr.Correction("not_statement", statement_id=sid))
            elif speaker.strip() and speaker.strip() != (row.get("speaker") or ""):
                _save(qr.Correction("speaker", statement_id=sid, speaker=speaker.strip()))
            else:
                st.info("Nothing changed.")


def _merge(corpus: Corpus, available: bool) -> None:
    st.subheader("Merge speakers")
    st.caption("Two entries for the same person or organisation: fold one into the other.")
    top = common.memo(qsp.top_speakers, 2_000)
    names = dict(zip(top["speaker_id"], top["name"], strict=True))
    label = lambda sid: f"{names.get(sid, sid)} ({sid})"  # noqa: E731
    with st.form("review.merge", border=False):
        left, right, button = st.columns([2, 2, 1], vertical_alignment="bottom")
        merged = left.selectbox(
            "Merge",
            list(names),
            index=None,
            key="review.merge_from",
            format_func=label,
            placeholder="Speaker to fold in",
        )
        kept = right.selectbox(
            "into",
            list(names),
            index=None,
            key="review.merge_into",
            format_func=label,
            placeholder="Speaker to keep",
        )
        saved = button.form_submit_button("Merge", disabled=not available, width="stretch")
    if saved:
        if not merged or not kept or merged == kept:
            st.warning("Choose two different speakers.")
        else:
            _save(qr.Correction("merge", speaker=kept, merge_from=merged))


def render() -> None:
    corpus = common.corpus()
    values = common.query_values()
    url = Filters.from_query(values)
    maxconf = common.first(values.get("maxconf", []))
    common.seed_from_url(
        PAGE,
        {
            **widgets.filter_seeds(PAGE, url),
            "review.maxconf": float(maxconf) if maxconf.replace(".", "", 1).isdigit() else 1.0,
            "review.unknown": common.first(values.get("unknown", [])) == "1",
            "review.page": max(1, widgets.to_int(common.first(values.get("p", [])), 1)),
        },
    )
    available = qr.corrections_available()
    common.header("Review", "The least certain statements first: fix what the extractor got wrong.")
    st.info(APPLIED if available else UNAVAILABLE, icon=":material/info:")
    with st.sidebar:
        st.subheader("Queue")
        st.slider("Confidence at most", 0.0, 1.0, step=0.05, key="review.maxconf")
        st.checkbox("Only statements without a speaker", key="review.unknown")
        filters = widgets.filter_widgets(PAGE, corpus)
    rows, total = common.memo(
        qr.queue,
        filters,
        max_confidence=st.session_state["review.maxconf"],
        unknown_speaker=st.session_state["review.unknown"],
        limit=PAGE_SIZE,
        offset=(st.session_state["review.page"] - 1) * PAGE_SIZE,
    )
    pages = max(1, -(-total // PAGE_SIZE))
    st.markdown(f"**{total:,}** statements to review")
    for row in rows.to_dicts():
        _statement_form(row, available)
    if pages > 1:
        st.number_input(f"Page (of {pages:,})", 1, pages, key="review.page", width=160)
    _merge(corpus, available)
    out = filters.to_query()
    if st.session_state["review.maxconf"] < 1.0:
        out["maxconf"] = [f"{st.session_state['review.maxconf']:g}"]
    if st.session_state["review.unknown"]:
        out["unknown"] = ["1"]
    if st.session_state["review.page"] > 1:
        out["p"] = [str(st.session_state["review.page"])]
    common.write_url(PAGE, out)


render()

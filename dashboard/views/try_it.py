"""Try it: paste text or upload a file and see its statements at once. Nothing is stored."""

from __future__ import annotations

import json

import polars as pl
import streamlit as st

from dashboard import common, markup
from ingest.queries import tryit

PAGE = "try"
LANGUAGES = {"": "Detect", "de": "German", "en": "English"}
EXAMPLE = (
    "„Wir werden das Projekt fortsetzen“, sagte Bürgermeisterin Anna Berger am Montag in "
    "Leipzig. Die Opposition hält das für falsch: Das Geld fehle an anderer Stelle, erklärte "
    "ihr Sprecher Jonas Weber. Berger nannte die Kritik „durchsichtig“."
)


def _draft() -> tryit.Draft | None:
    upload = st.file_uploader(
        "…or upload a file",
        type=["txt", "md", "html", "htm"],
        key="try.file",
        max_upload_size=tryit.MAX_BYTES // (1024 * 1024),
        help="Plain text or an HTML page, up to 2 MB; read in memory, never stored",
    )
    if upload is not None:
        try:
            return tryit.draft_from_upload(upload.name, upload.getvalue())
        except tryit.TryError as exc:
            st.error(str(exc))
            return None
    text = st.session_state["try.text"]
    return tryit.Draft(text) if text.strip() else None


def _statements_table(tried: tryit.Tried) -> None:
    rows = [s.to_json() for s in tried.statements]
    frame = pl.DataFrame(
        [
            {k: r[k] for k in ("kind", "speaker", "speaker_role", "cue", "confidence", "text")}
            for r in rows
        ],
        schema={
            "kind": pl.String,
            "speaker": pl.String,
            "speaker_role": pl.String,
            "cue": pl.String,
            "confidence": pl.Float64,
            "text": pl.String,
        },
    ).with_row_index("n", offset=1)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config=common.statement_columns("text"),
    )
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    st.download_button(
        "Statements as JSON lines",
        jsonl.encode("utf-8"),
        file_name="statements.jsonl",
        mime="application/jsonl",
        icon=":material/download:",
        on_click="ignore",
    )


def _show(tried: tryit.Tried) -> None:
    article = tried.article
    lang = LANGUAGES.get(article.language or "", article.language or "unknown")
    if tried.guessed:
        lang += " (guessed: the language could not be detected)"
    st.markdown(f"**{len(tried.statements)} statements** · {lang} · {tried.seconds * 1000:.0f} ms")
    rows = [s.to_json() for s in tried.statements]
    marks = markup.marks_for(rows, len(article.text))
    text, side = st.columns([3, 1], gap="large")
    with side:
        common.html(markup.legend())
    with text:
        common.html(markup.article_html(article.text, marks))
    if rows:
        _statements_table(tried)


def _use_example() -> None:
    st.session_state["try.text"] = EXAMPLE


def render() -> None:
    common.seed_from_url(PAGE, {"try.text": "", "try.lang": ""})
    common.header(
        "Try it", "Paste a news text and see the statements quotetrack finds — nothing is stored."
    )
    st.text_area(
        "Paste an article", key="try.text", height=200, placeholder="„…“, sagte … / “…,” … said"
    )
    left, right = st.columns([1, 3])
    left.button("Use an example", on_click=_use_example, icon=":material/lightbulb:")
    right.segmented_control(
        "Language", list(LANGUAGES), key="try.lang", format_func=LANGUAGES.__getitem__
    )
    draft = _draft()
    common.write_url(PAGE, {})
    if draft is None:
        st.caption("Statements appear here as soon as there is text (press Ctrl+Enter in the box).")
        return
    try:
        tried = tryit.try_extract(draft, st.session_state["try.lang"] or None)
    except tryit.TryError as exc:
        st.error(str(exc))
        return
    _show(tried)


render()

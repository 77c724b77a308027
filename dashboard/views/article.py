"""Article: the stored text with every statement highlighted, its speaker mention and cue marked."""

from __future__ import annotations

import streamlit as st

from dashboard import common, markup
from ingest.queries import articles as qa
from ingest.queries.corpus import Corpus

PAGE = "article"


def _picker(corpus: Corpus) -> None:
    common.header("Articles", "Pick an article to read it with its statements highlighted.")
    st.text_input("Title contains", key="article.find", placeholder="e.g. Nato")
    wanted = st.session_state["article.find"].strip()
    common.write_url(PAGE, {"find": [wanted]} if wanted else {})
    found = common.memo(qa.find_articles, wanted, 200)
    table = found.with_columns(("article?id=" + found["article_id"]).alias("open"))
    st.dataframe(
        table.select("published", "title", "outlet", "language", "statements", "open"),
        hide_index=True,
        width="stretch",
        column_config={
            "published": st.column_config.DateColumn(
                "Published", format="D MMM YYYY", width="small"
            ),
            "title": st.column_config.TextColumn("Title", width="large"),
            "outlet": st.column_config.TextColumn("Outlet", width="small"),
            "language": st.column_config.TextColumn("Lang", width="small"),
            "statements": st.column_config.NumberColumn("Statements", width="small"),
            "open": st.column_config.LinkColumn("Read", display_text="open", width="small"),
        },
    )


def _meta(view: qa.ArticleView) -> None:
    meta = view.meta
    st.header(str(meta.get("title") or meta["article_id"]))
    parts = [
        markup.esc(meta.get("outlet") or ""),
        markup.esc(common.when(meta.get("published"))),
        markup.esc(
            {"de": "German", "en": "English"}.get(
                meta.get("language") or "", meta.get("language") or ""
            )
        ),
        f"{view.statements.height} statements",
    ]
    if meta.get("url"):
        parts.append(markup.anchor(str(meta["url"]), "original ↗", external=True))
    elif meta.get("source"):
        parts.append("from " + markup.esc(meta["source"]))
    common.html(f'<div class="qt-meta">{" · ".join(p for p in parts if p)}</div>')


def _statement_table(view: qa.ArticleView) -> None:
    rows = view.statements.with_row_index("n", offset=1)
    links = rows.with_columns(
        ("spread?id=" + rows["statement_id"]).alias("spread"),
    )
    st.dataframe(
        links.select(
            "n", "kind", "speaker", "speaker_role", "cue", "confidence", "quote", "spread"
        ),
        hide_index=True,
        width="stretch",
        column_config={
            **common.statement_columns("quote"),
            "spread": st.column_config.LinkColumn("Spread", display_text="follow", width="small"),
        },
    )


def render() -> None:
    corpus = common.corpus()
    values = common.query_values()
    article_id, focus = common.first(values.get("id", [])), common.first(values.get("s", []))
    common.seed_from_url(PAGE, {"article.find": common.first(values.get("find", []))})
    if not article_id:
        _picker(corpus)
        return
    view = common.memo(qa.article, article_id)
    if view is None:
        st.warning(f"No article „{article_id}“ in this snapshot.")
        _picker(corpus)
        return
    _meta(view)
    marks = markup.marks_for(view.statements.to_dicts(), len(view.text))
    text, side = st.columns([3, 1], gap="large")
    with side:
        st.caption("Highlighted")
        common.html(markup.legend())
        st.caption("Numbers mark where each statement starts; hover a highlight for its speaker.")
    with text:
        common.html(markup.article_html(view.text, marks, focus))
    st.subheader("Statements in this article")
    if view.statements.height:
        _statement_table(view)
    else:
        st.caption("No statements were extracted from this article.")
    common.write_url(PAGE, {"id": [article_id], "s": [focus] if focus else []})


render()

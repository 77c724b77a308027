"""Widgets several pages share: the statement filters, the statement table, exports."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from dashboard import common
from ingest.model import KINDS
from ingest.queries import fuzzy
from ingest.queries import search as qs
from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters
from ingest.queries.speakers import speaker_names

EARLIEST = date(1800, 1, 1)
LATEST = date(2100, 12, 31)
LANGUAGES = {"de": "German", "en": "English"}


def to_int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def filter_seeds(page: str, url: Filters) -> dict[str, Any]:
    """Widget values for the filter widgets of ``page`` from the URL's filters."""
    return {
        f"{page}.speaker": list(url.speakers),
        f"{page}.outlet": list(url.outlets),
        f"{page}.lang": list(url.languages),
        f"{page}.kind": list(url.kinds),
        f"{page}.topic": list(url.topics),
        f"{page}.from": url.date_from,
        f"{page}.to": url.date_to,
        f"{page}.conf": url.min_confidence,
    }


def _choices(key: str, known: list[str]) -> list[str]:
    """Options for a multiselect: the known values plus whatever the URL or user chose."""
    chosen = [v for v in st.session_state.get(key, []) if v not in known]
    return known + chosen


def _speakers(page: str, corpus: Corpus) -> tuple[str, ...]:
    key = f"{page}.speaker"
    known = common.memo(speaker_names)
    st.multiselect(
        "Speaker",
        _choices(key, known),
        key=key,
        accept_new_options=True,
        placeholder="Any speaker — type a name",
    )
    resolved = []
    for name in st.session_state[key]:
        if name in known:
            resolved.append(name)
            continue
        match = fuzzy.closest_speaker(common.vocabulary(), name)
        if match:
            st.caption(f"„{name}“ → {match}")
            resolved.append(match)
        else:
            st.caption(f"No speaker like „{name}“")
            resolved.append(name)
    return tuple(dict.fromkeys(resolved))


def topic_name(topic: str) -> str:
    """A topic's readable label (the id where the snapshot has none)."""
    return common.memo(qs.topic_labels).get(topic, topic)


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def date_columns(frame: pl.DataFrame) -> dict[str, Any]:
    """Day-formatted date columns (with readable titles) for whatever temporal columns a
    frame has, e.g. the columns of ``speaker_roles_v``."""
    return {
        name: st.column_config.DateColumn(name.replace("_", " ").capitalize(), format="D MMM YYYY")
        for name, dtype in frame.schema.items()
        if dtype.is_temporal()
    }


def _multi(page: str, name: str, label: str, facet: str, fmt: Any = str) -> tuple[str, ...]:
    key = f"{page}.{name}"
    known = common.memo(qs.options, facet)
    if facet == "kind":
        known = [k for k in KINDS if k in known] + [k for k in known if k not in KINDS]
    st.multiselect(label, _choices(key, known), key=key, format_func=fmt, placeholder="Any")
    return tuple(st.session_state[key])


def filter_widgets(page: str, corpus: Corpus, q: str = "", speakers: bool = True) -> Filters:
    """The filter widgets (in the current container); returns the filters they describe."""
    chosen = _speakers(page, corpus) if speakers else ()
    outlets = _multi(page, "outlet", "Outlet", "outlet")
    languages = _multi(page, "lang", "Language", "language", language_name)
    kinds = _multi(page, "kind", "Kind", "kind")
    topics: tuple[str, ...] = ()
    if common.memo(qs.options, "topic"):
        topics = _multi(page, "topic", "Topic", "topic", topic_name)
    left, right = st.columns(2)
    date_from = left.date_input(
        "From", key=f"{page}.from", min_value=EARLIEST, max_value=LATEST, format="YYYY-MM-DD"
    )
    date_to = right.date_input(
        "To", key=f"{page}.to", min_value=EARLIEST, max_value=LATEST, format="YYYY-MM-DD"
    )
    conf = st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key=f"{page}.conf")
    return Filters(
        q=q,
        speakers=chosen,
        outlets=outlets,
        languages=languages,
        kinds=kinds,
        topics=topics,
        date_from=date_from if isinstance(date_from, date) else None,
        date_to=date_to if isinstance(date_to, date) else None,
        min_confidence=float(conf),
    )


# -- the statement table ------------------------------------------------------------------------


def statement_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Search rows as shown in a table: readable columns and links to the other pages."""
    if not rows.height:
        return pl.DataFrame(schema={c: pl.String for c in ("statement", "speaker")})
    article = [
        f"article?{urlencode({'id': a, 's': s})}"
        for a, s in zip(rows["article_id"], rows["statement_id"], strict=True)
    ]
    keep = [
        c
        for c in ("date", "speaker", "speaker_role", "quote", "kind", "outlet", "confidence", "url")
        if c in rows.columns
    ]
    return rows.select(keep).with_columns(pl.Series("article", article))


def statement_columns() -> dict[str, Any]:
    cc = st.column_config
    return {
        "date": cc.DateColumn("Date", format="D MMM YYYY", width="small"),
        "speaker": cc.TextColumn("Speaker", width="medium"),
        "speaker_role": cc.TextColumn("Role", width="small"),
        "quote": cc.TextColumn("Statement", width="large"),
        "kind": cc.TextColumn("Kind", width="small"),
        "outlet": cc.TextColumn("Outlet", width="small"),
        "confidence": cc.ProgressColumn(
            "Confidence", min_value=0.0, max_value=1.0, format="%.2f", width="small"
        ),
        "url": cc.LinkColumn("Source", display_text="source ↗", width="small"),
        "article": cc.LinkColumn("Article", display_text="in article", width="small"),
    }


# -- exports ------------------------------------------------------------------------------------


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV with list columns (topics) joined by ``; ``."""
    flat = frame.with_columns(
        pl.col(c).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)
    )
    return flat.write_csv().encode("utf-8")


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()

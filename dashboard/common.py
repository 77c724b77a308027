"""What every page shares: the snapshot connection, caching, links, query-string state.

One read-only connection per published snapshot (``st.cache_resource`` keyed by its path);
each run resolves the link again, so a newly published snapshot is picked up on the next
interaction without a restart. Query results are cached per snapshot and arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlencode

import streamlit as st

from dashboard import markup
from ingest.paths import DATA_DIR, DEFAULT_DB
from ingest.publish import current_snapshot
from ingest.queries.corpus import STATEMENTS, Corpus
from ingest.queries.fuzzy import Vocabulary, correct, load_vocabulary
from ingest.queries.search import Query, parse_query

P = ParamSpec("P")
R = TypeVar("R")

QueryDict = dict[str, list[str]]


# -- where the data is ---------------------------------------------------------------------


@cache
def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--data-dir")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args


def db_path() -> Path:
    """The database the dashboard was started on: ``--db``, else ``QUOTETRACK_DB``."""
    return Path(_args().db or os.environ.get("QUOTETRACK_DB") or DEFAULT_DB)


def data_dir() -> Path:
    """Where corrections are written: ``--data-dir``, else ``QUOTETRACK_DATA_DIR``."""
    return Path(_args().data_dir or os.environ.get("QUOTETRACK_DATA_DIR") or DATA_DIR)


@st.cache_resource(max_entries=2, show_spinner="Opening the latest snapshot…")
def _open(snapshot: str) -> Corpus:
    """One connection per snapshot file; a newly published snapshot gets a new one."""
    return Corpus.open(Path(snapshot))


@st.cache_resource(max_entries=2, show_spinner=False)
def _vocabulary(snapshot: str) -> Vocabulary:
    return load_vocabulary(_open(snapshot))


@st.cache_data(max_entries=4, show_spinner=False)
def _statement_total(snapshot: str) -> int:
    if not _open(snapshot).ready:
        return 0
    return int(_open(snapshot).scalar(f"SELECT count(*) FROM {STATEMENTS}") or 0)


def snapshot() -> Path | None:
    return current_snapshot(db_path())


def corpus() -> Corpus:
    """The current snapshot, or a friendly page saying how to fill it (and stop)."""
    db = db_path()
    snap = current_snapshot(db)
    if snap is None:
        _empty_page(db, "No database yet")
    assert snap is not None
    if _statement_total(str(snap)) == 0:
        _empty_page(db, "The database holds no statements yet")
    _notice_new_snapshot(snap)
    return _open(str(snap))


def vocabulary() -> Vocabulary:
    snap = snapshot()
    assert snap is not None, "call corpus() first"
    return _vocabulary(str(snap))


def _empty_page(db: Path, headline: str) -> None:
    st.subheader(headline)
    st.markdown(
        f"The dashboard reads `{db}`. Fill it with the bundled sample (or your own articles) "
        "and reload this page:"
    )
    st.code(f"quotetrack ingest data/articles --db {db}", language="bash")
    st.caption(
        "`make ingest` does the same for the default database. Ingest publishes a new "
        "snapshot when it finishes; this page picks it up by itself."
    )
    st.stop()


def _notice_new_snapshot(snap: Path) -> None:
    seen = st.session_state.get("_snapshot")
    if seen is not None and seen != str(snap):
        st.toast("A new snapshot was published: showing the latest data.")
    st.session_state["_snapshot"] = str(snap)


def memo(fn: Callable[Concatenate[Corpus, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``fn(corpus, *args, **kwargs)``, cached per snapshot and arguments."""
    snap = snapshot()
    assert snap is not None, "call corpus() first"
    name = f"{fn.__module__}.{fn.__qualname__}"
    _REGISTRY[name] = fn
    result: R = _memo(str(snap), name, args, tuple(sorted(kwargs.items())))
    return result


_REGISTRY: dict[str, Callable[..., Any]] = {}


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _memo(snap: str, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    return _REGISTRY[name](_open(snap), *args, **dict(kwargs))


# -- query string ---------------------------------------------------------------------------


def query_values() -> QueryDict:
    """The current query string as lists of values."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _canonical(values: Mapping[str, Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((k, tuple(v)) for k, v in values.items() if v))


def seed_from_url(page: str, seeds: Mapping[str, Any]) -> None:
    """Put URL-derived values into widget state when the URL changed under us (a link)
    or a widget has no state yet; otherwise the widgets keep what the user set."""
    url = _canonical(query_values())
    changed = st.session_state.get(f"_{page}.url") != url
    for key, value in seeds.items():
        if changed or key not in st.session_state:
            st.session_state[key] = value


def write_url(page: str, values: Mapping[str, Sequence[str]]) -> None:
    """Make the query string exactly ``values`` (so the link reproduces this view)."""
    clean = {k: list(v) for k, v in values.items() if v}
    if _canonical(clean) != _canonical(query_values()):
        st.query_params.from_dict(clean)
    st.session_state[f"_{page}.url"] = _canonical(clean)


def link(page: str, **params: str | Sequence[str] | None) -> str:
    """A relative link to ``page`` with these query parameters (None and empty omitted)."""
    clean = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    return page + ("?" + urlencode(clean, doseq=True) if clean else "")


# -- looks --------------------------------------------------------------------------------


def style() -> None:
    st.html(f"<style>{markup.CSS}</style>")


def when(value: date | datetime | None) -> str:
    return markup.format_date(value)


def header(title: str, caption: str = "") -> None:
    st.title(title)
    if caption:
        st.caption(caption)


def statement_columns(text: str) -> dict[str, Any]:
    """Column settings of a table of one article's statements (``text`` names the quote column)."""
    return {
        "n": st.column_config.NumberColumn("#", width=40),
        "kind": st.column_config.TextColumn("Kind", width="small"),
        "speaker": st.column_config.TextColumn("Speaker", width="medium"),
        "speaker_role": st.column_config.TextColumn("Role", width="small"),
        "cue": st.column_config.TextColumn("Cue", width="small"),
        "confidence": st.column_config.ProgressColumn(
            "Confidence", min_value=0.0, max_value=1.0, format="%.2f", width="small"
        ),
        text: st.column_config.TextColumn("Statement", width="large"),
    }


def first(values: Sequence[str], default: str = "") -> str:
    return values[-1] if values else default


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _understood(snap: str, text: str) -> Query:
    corpus = _open(snap)
    return correct(_vocabulary(snap), parse_query(corpus, text))


def understand(text: str) -> Query:
    """The search text parsed, stemmed and, where a word is unknown, fuzzily corrected."""
    snap = snapshot()
    assert snap is not None, "call corpus() first"
    return _understood(str(snap), text)


def html(body: str) -> None:
    """``st.html`` for markup built by ``dashboard.markup`` (nothing when empty)."""
    if body.strip():
        st.html(body)

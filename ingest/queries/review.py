"""Review: the least certain statements first, and the corrections a reviewer makes.

Corrections are not written to the database (readers never write): they go through the
corrections library (``ingest.corrections``) into the corrections file in the data folder,
and the next ingest applies them. Where that library is not installed yet, the review page
says so and writes nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal

import polars as pl

from ingest.errors import QuotetrackError
from ingest.queries.corpus import STATEMENTS, Corpus
from ingest.queries.filters import Filters, where

CONTEXT = 160  # characters of article text shown either side of a statement
CORRECTIONS = "ingest.corrections"

Action = Literal["speaker", "not_statement", "merge"]


class CorrectionsUnavailable(QuotetrackError):
    """The corrections library has not been installed in this version."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One reviewer decision, keyed by what survives a reingest (statement and speaker ids)."""

    action: Action
    statement_id: str | None = None
    speaker: str | None = None  # "speaker": the right name; "merge": the speaker kept
    merge_from: str | None = None  # "merge": the speaker folded into ``speaker``
    note: str = ""


def queue(
    corpus: Corpus,
    filters: Filters,
    *,
    max_confidence: float = 1.0,
    unknown_speaker: bool = False,
    limit: int = 10,
    offset: int = 0,
) -> tuple[pl.DataFrame, int]:
    """A page of statements to review, least confident first, with article context; the total."""
    clause, params = where(filters, corpus.caps)
    more = ["coalesce(confidence, 0) <= $max_conf"]
    if unknown_speaker:
        more.append("speaker IS NULL")
    clause = (clause + " AND " if clause else "WHERE ") + " AND ".join(more)
    params["max_conf"] = max_confidence
    total = int(corpus.scalar(f"SELECT count(*) FROM {STATEMENTS} {clause}", params) or 0)
    frame = corpus.frame(
        f'SELECT {corpus.caps.select_list()}, "start", "end" FROM {STATEMENTS} {clause} '
        "ORDER BY confidence ASC NULLS FIRST, date DESC NULLS LAST, statement_id "
        "LIMIT $limit OFFSET $offset",
        {**params, "limit": limit, "offset": offset},
    )
    return _with_context(corpus, frame), total


def _with_context(corpus: Corpus, frame: pl.DataFrame) -> pl.DataFrame:
    """``before`` and ``after``: article text either side of each statement."""
    if not frame.height:
        return frame.with_columns(before=pl.lit(""), after=pl.lit(""))
    ids = sorted(set(frame["article_id"].to_list()))
    placeholders = ", ".join(f"$a{i}" for i in range(len(ids)))  # literal-like: pushed down
    texts = dict(
        corpus.rows(
            f"SELECT article_id, text FROM {corpus.view('articles')} "
            f"WHERE article_id IN ({placeholders})",
            {f"a{i}": a for i, a in enumerate(ids)},
        )
    )
    before, after = [], []
    for row in frame.select("article_id", "start", "end").iter_rows():
        text = texts.get(row[0]) or ""
        before.append(text[max(row[1] - CONTEXT, 0) : row[1]])
        after.append(text[row[2] : row[2] + CONTEXT])
    return frame.with_columns(pl.Series("before", before), pl.Series("after", after))


def corrections_module() -> ModuleType | None:
    """The corrections library, when this version has a usable one."""
    try:
        if importlib.util.find_spec(CORRECTIONS) is None:
            return None
        module = importlib.import_module(CORRECTIONS)
    except Exception:  # a broken or half-installed library counts as absent
        return None
    usable = all(callable(getattr(module, f, None)) for f in ("make_correction", "add_correction"))
    return module if usable else None


def corrections_available() -> bool:
    return corrections_module() is not None


def record(data_dir: Path, correction: Correction) -> str:
    """Append ``correction`` to the corrections file in ``data_dir``; returns that file."""
    module = corrections_module()
    if module is None:
        raise CorrectionsUnavailable(
            "corrections are not available yet in this version of quotetrack"
        )
    try:
        made = module.make_correction(
            correction.action,
            statement=correction.statement_id,
            speaker=correction.speaker,
            other=correction.merge_from,
            why=correction.note,
        )
        module.add_correction(data_dir, made)
    except QuotetrackError:
        raise
    except Exception as exc:  # the library's own failure, reported rather than a traceback
        raise CorrectionsUnavailable(f"the corrections library failed: {exc}") from exc
    folder = getattr(module, "corrections_dir", None)
    return str(folder(data_dir) if callable(folder) else data_dir)

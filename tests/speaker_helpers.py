"""Building snapshots from hand-made statements, so speaker tests do not depend on extraction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ingest.build import BuildContext, run_passes
from ingest.db import connect_writer
from ingest.model import Article, Statement
from ingest.publish import current_snapshot, new_snapshot, publish
from ingest.store import Writer, ensure_schema


def article(aid: str, text: str, language: str = "de", published: str = "2025-06-05") -> Article:
    return Article(
        id=aid,
        text=text,
        language=language,
        published=datetime.fromisoformat(published),
        outlet="Testblatt",
    )


def said(
    a: Article,
    quote: str,
    speaker: str | None,
    *,
    role: str | None = None,
    mention: str | None = None,
) -> Statement:
    """The statement of ``a`` whose text is ``quote``, attributed to ``speaker``."""
    start = a.text.index(quote)
    end = start + len(quote)
    written = mention or speaker
    at = a.text.find(written) if written else -1
    return Statement(
        doc_id=a.id,
        kind="direct",
        start=start,
        end=end,
        text=quote,
        spans=((start, end),),
        speaker=speaker,
        speaker_mention=written,
        speaker_start=at if at >= 0 else None,
        speaker_end=at + len(written) if written and at >= 0 else None,
        speaker_role=role,
        cue="sagte",
        confidence=0.9,
        language=a.language,
        extractor="hand-made",
    )


def build(
    path: Path, docs: list[tuple[Article, list[Statement]]], data_dir: Path
) -> duckdb.DuckDBPyConnection:
    """A snapshot file holding ``docs`` after every build pass; returned open read-only."""
    write(path, docs, data_dir)
    return duckdb.connect(str(path), read_only=True)


def publish_built(db: Path, docs: list[tuple[Article, list[Statement]]], data_dir: Path) -> Path:
    """``docs`` built into a new snapshot of ``db`` and published like an ingest would."""
    building = new_snapshot(db, "hand-made")
    write(building, docs, data_dir)
    return publish(db, building)


def current(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(current_snapshot(db)), read_only=True)


def write(path: Path, docs: list[tuple[Article, list[Statement]]], data_dir: Path) -> None:
    con = connect_writer(path)
    try:
        ensure_schema(con)
        writer = Writer(con, "test-run", "hand-made")
        for a, statements in docs:
            writer.put(a, statements, replace=False)
        writer.flush()
        run_passes(con, BuildContext(data_dir=data_dir, run_id="test-run"))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def speaker_of(con: duckdb.DuckDBPyConnection, quote: str) -> str | None:
    row = con.execute("SELECT speaker_id FROM statements_v WHERE text = ?", [quote]).fetchone()
    assert row is not None, f"no statement {quote!r}"
    return row[0]

"""Writing articles and statements into the snapshot being built.

Rows are buffered and written in bulk through Arrow tables (DuckDB's fast path). An article
whose text or metadata changed has its old row and statements deleted before the new ones go
in, within the same flush. Everything here runs in the ingest process, on one connection.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from importlib.resources import files
from typing import Any

import duckdb
import pyarrow as pa

from ingest.model import Article, ReadError, Statement

SCHEMA_VERSION = "1"
FLUSH_ROWS = 20_000


def sql_resource(name: str) -> str:
    """The text of a SQL file shipped in the package (schema.sql, views.sql)."""
    return files("ingest").joinpath(name).read_text(encoding="utf-8")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql_resource("schema.sql"))
    con.execute("DELETE FROM schema_info WHERE key = 'version'")
    con.execute("INSERT INTO schema_info VALUES ('version', ?)", [SCHEMA_VERSION])


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_hashes(article: Article) -> tuple[str, str]:
    """(content hash, record hash): of the text alone, and of the text with its metadata.

    Statement ids derive from the first, so metadata edits keep them; change detection uses
    the second. The text is hashed once, never serialised.
    """
    content = sha256(article.text)
    published = article.published.isoformat() if article.published else None
    fields = [
        content,
        article.title,
        article.outlet,
        article.url,
        article.language,
        published,
        article.meta,
    ]
    return content, sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str))


def statement_id(article_id: str, content_hash: str, spans: Sequence[Sequence[int]]) -> str:
    """Stable for unchanged text: derived from the article, its text hash and the spans."""
    key = f"{article_id}\x00{content_hash}\x00{json.dumps([list(s) for s in spans])}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def quote_text(text: str, spans: Sequence[Sequence[int]]) -> str:
    """What was said: the spans' text, joined with an ellipsis where the frame interrupts."""
    return " … ".join(text[a:b] for a, b in spans)


def known_articles(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """article_id → record_hash of everything already stored."""
    return dict(con.execute("SELECT article_id, record_hash FROM articles").fetchall())


def _published(value: datetime | None) -> tuple[datetime | None, str | None]:
    if value is None:
        return None, None
    tz = value.tzinfo
    name = getattr(tz, "key", None) or (value.strftime("%z") if tz else None)
    return value.replace(tzinfo=None), name


class Writer:
    """Buffers rows for one run and writes them in bulk."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str, extractor: str) -> None:
        self.con = con
        self.run_id = run_id
        self.extractor = extractor
        self._articles: list[dict[str, Any]] = []
        self._statements: list[dict[str, Any]] = []
        self._errors: list[dict[str, Any]] = []
        self._replace: list[str] = []
        self.statements_written = 0

    def put(
        self,
        article: Article,
        statements: Sequence[Statement],
        *,
        replace: bool,
        hashes: tuple[str, str] | None = None,
        columns: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Store ``article`` with its statements; ``replace`` drops what was stored for its id.

        ``columns``, one mapping per statement, adds the worker stage's per-statement columns.
        """
        content, record = hashes or article_hashes(article)
        if replace:
            self._replace.append(article.id)
        published, tz = _published(article.published)
        self._articles.append(
            {
                "article_id": article.id,
                "content_hash": content,
                "record_hash": record,
                "source": article.source,
                "item": article.item,
                "outlet": article.outlet,
                "url": article.url,
                "title": article.title,
                "published": published,
                "published_tz": tz,
                "language": article.language,
                "text": article.text,
                "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
                "run_id": self.run_id,
                "extractor": self.extractor,
            }
        )
        seen: set[str] = set()
        for s, extra in zip(statements, columns or [{}] * len(statements), strict=True):
            sid = statement_id(article.id, content, s.spans)
            if sid in seen:
                continue
            seen.add(sid)
            self._statements.append({**_statement_row(s, sid, article.text, self.run_id), **extra})
        if len(self._statements) + len(self._articles) >= FLUSH_ROWS:
            self.flush()

    def put_statements(
        self,
        article: Article,
        statements: Sequence[Statement],
        columns: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Statements for an article whose row is already stored (reingest from stored text)."""
        content = sha256(article.text)
        self._statements.extend(
            {
                **_statement_row(
                    s, statement_id(article.id, content, s.spans), article.text, self.run_id
                ),
                **extra,
            }
            for s, extra in zip(statements, columns or [{}] * len(statements), strict=True)
        )

    def error(self, err: ReadError) -> None:
        self._errors.append(
            {
                "run_id": self.run_id,
                "source": err.source,
                "item": err.item,
                "level": err.level,
                "reason": err.reason,
            }
        )

    def flush(self) -> None:
        con = self.con
        if self._replace:
            gone = pa.table({"article_id": pa.array(self._replace, pa.string())})
            con.register("gone_articles", gone)
            con.execute(
                "DELETE FROM statements WHERE article_id IN (SELECT article_id FROM gone_articles)"
            )
            con.execute(
                "DELETE FROM articles WHERE article_id IN (SELECT article_id FROM gone_articles)"
            )
            con.unregister("gone_articles")
        for table, rows in (
            ("articles", self._articles),
            ("statements", self._statements),
            ("ingest_errors", self._errors),
        ):
            insert_rows(con, table, rows)
        self.statements_written += len(self._statements)
        self._articles, self._statements, self._errors, self._replace = [], [], [], []


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` (dicts keyed by column name) to ``table`` in one statement."""
    if not rows:
        return
    con.register("incoming_rows", pa.Table.from_pylist(rows))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


def _statement_row(s: Statement, sid: str, text: str, run_id: str) -> dict[str, Any]:
    return {
        "statement_id": sid,
        "article_id": s.doc_id,
        "kind": s.kind,
        "start": s.start,
        "end": s.end,
        "spans": [list(span) for span in s.spans],
        "text": s.text,
        "quote": quote_text(text, s.spans),
        "speaker_name": s.speaker,
        "speaker_mention": s.speaker_mention,
        "speaker_start": s.speaker_start,
        "speaker_end": s.speaker_end,
        "speaker_role": s.speaker_role,
        "cue": s.cue,
        "cue_start": s.cue_start,
        "cue_end": s.cue_end,
        "confidence": s.confidence,
        "language": s.language,
        "extractor": s.extractor,
        "run_id": run_id,
    }

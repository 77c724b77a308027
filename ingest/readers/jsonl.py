"""JSONL and JSONL.gz: one article per line, the contract format (CONTRACT §1).

Only ``id`` and ``text`` are required; ``language`` is detected when missing; ``published``
takes a date or an ISO timestamp (a timestamp without offset stays naive, as written); every
other key is kept in ``meta``. A bad line is reported with its number and the file goes on.
This is the path large corpora take: per line one ``json.loads`` and a few dict lookups.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from ingest.language import detect_language
from ingest.model import Article, ReadError
from ingest.readers.common import (
    SNIFF_BYTES,
    Item,
    checked_published,
    is_binary,
    not_utf8,
    optional_str,
    over_cap,
    strip_bom,
)

KNOWN = frozenset({"id", "text", "language", "published", "outlet", "title", "url"})


def read_jsonl(path: Path, source: str | None = None) -> Iterator[Item]:
    """Every line of ``path`` (``.jsonl`` or ``.jsonl.gz``) as an article or an error."""
    source = source or str(path)
    lineno = 0
    try:
        with _open(path) as fh:
            if is_binary(_head(fh)):
                yield ReadError(source, None, "binary data, not JSON lines")
                return
            for lineno, raw in enumerate(fh, 1):
                yield from _read_line(raw, source, lineno)
    except (OSError, EOFError, zlib.error) as exc:
        where = f"line {lineno + 1}" if lineno else None
        yield ReadError(source, where, f"cannot read further: {_os_reason(exc)}")


def count_lines(path: Path) -> int:
    """Lines in ``path`` (decompressed for ``.gz``): a cheap article estimate."""
    count, last = 0, b"\n"
    with _open(path) as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def article_from_row(row: dict[str, Any], source: str, item: str) -> Iterator[Item]:
    """The article a decoded JSON object describes, after any warning about it."""
    article_id = row.get("id")
    if article_id is None or isinstance(article_id, dict | list | bool) or article_id == "":
        yield ReadError(source, item, "missing id")
        return
    text = row.get("text")
    if text is None:
        yield ReadError(source, item, f"missing text (id {article_id})")
        return
    if not isinstance(text, str):
        yield ReadError(source, item, f"text is not a string (id {article_id})")
        return
    if not text.strip():
        yield ReadError(source, item, f"empty text (id {article_id})")
        return
    language = row.get("language")
    if not isinstance(language, str) or not language:
        language = detect_language(text)
    published, warning = checked_published(
        row.get("published"), language=language, default_tz=None, source=source, item=item
    )
    if warning:
        yield warning
    yield Article(
        id=str(article_id),
        text=text,
        language=language,
        published=published,
        outlet=optional_str(row.get("outlet")),
        title=optional_str(row.get("title")),
        url=optional_str(row.get("url")),
        meta={key: value for key, value in row.items() if key not in KNOWN},
        source=source,
        item=item,
    )


def _read_line(raw: bytes, source: str, lineno: int) -> Iterator[Item]:
    item = f"line {lineno}"
    reason = over_cap(len(raw), "line")
    if reason:
        yield ReadError(source, item, reason)
        return
    if lineno == 1:
        raw = strip_bom(raw)
    if not raw.strip():
        return
    try:
        row = json.loads(raw.decode("utf-8").rstrip("\r\n"))
    except UnicodeDecodeError as exc:
        yield ReadError(source, item, not_utf8(raw, exc))
        return
    except json.JSONDecodeError as exc:
        yield ReadError(source, item, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    if not isinstance(row, dict):
        yield ReadError(source, item, f"not a JSON object but {type(row).__name__}")
        return
    yield from article_from_row(row, source, item)


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _head(fh: IO[bytes]) -> bytes:
    """The opening bytes of ``fh``, which is then rewound."""
    head = fh.read(SNIFF_BYTES)
    fh.seek(0)
    return head


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the compressed file ends early (truncated download?)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__

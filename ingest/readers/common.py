"""What every reader shares: the size cap, reading and decoding files, checking dates.

Undecodable bytes are an error, not a guess: a ``.txt`` file or a JSONL line that is not UTF-8
is skipped with a ``ReadError`` naming the line and the byte, and the article is not stored with
replacement characters (statement offsets would be baked into a corrupted text and would all
move once the file is fixed). The message tells the user to save the file as UTF-8.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypeAlias

from ingest.dates import is_plausible, parse_published
from ingest.model import Article, ReadError

Item: TypeAlias = Article | ReadError
Reader: TypeAlias = Callable[..., Iterator[Item]]

MAX_TEXT_BYTES = 5 * 1024 * 1024  # one article (a file, a JSONL line, a web page) at most
SNIFF_BYTES = 8192  # a NUL byte in the opening of a file marks it as binary
WHOLE_FILE = "whole file"  # the ``item`` of an article that is a whole file


def megabytes(size: int) -> str:
    """``5 MB``, ``6.2 MB``: sizes as users read them (MB = 1024 × 1024 bytes)."""
    value = size / (1024 * 1024)
    return f"{value:g} MB" if value.is_integer() else f"{value:.1f} MB"


def over_cap(size: int, what: str = "article") -> str | None:
    """The reason to refuse ``size`` bytes as one article, or None when it is within the cap."""
    if size <= MAX_TEXT_BYTES:
        return None
    return (
        f"{what} is {megabytes(size)}, over the {megabytes(MAX_TEXT_BYTES)} limit for one article"
    )


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:SNIFF_BYTES]


def read_file_bytes(path: Path, source: str) -> bytes | ReadError:
    """The bytes of a one-article file, or why it cannot be one (too big, binary, unreadable)."""
    try:
        reason = over_cap(path.stat().st_size, "file")
        if reason:
            return ReadError(source, None, reason)
        data = path.read_bytes()
    except OSError as exc:
        return ReadError(source, None, f"cannot read the file: {exc.strerror or exc}")
    if is_binary(data):
        return ReadError(source, None, "binary file, not text")
    return data


def decode_utf8(data: bytes, source: str) -> str | ReadError:
    """``data`` as UTF-8 text (a leading byte-order mark dropped), or an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = data.count(b"\n", 0, exc.start) + 1
        return ReadError(source, f"line {lineno}", not_utf8(data, exc))


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return (
        f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column}); save the file as UTF-8"
    )


def strip_bom(data: bytes) -> bytes:
    return data.removeprefix(codecs.BOM_UTF8)


def checked_published(
    value: Any,
    *,
    language: str | None,
    default_tz: tzinfo | None,
    source: str,
    item: str | None,
) -> tuple[datetime | None, ReadError | None]:
    """``value`` parsed and checked; an unreadable or implausible date becomes a warning and None.

    The article is kept either way: a wrong date must not cost the text.
    """
    try:
        published = parse_published(value, language=language, default_tz=default_tz)
    except ValueError as exc:
        return None, ReadError(source, item, f"date dropped: {exc}", level="warning")
    return plausible(published, source=source, item=item)


def plausible(
    published: datetime | None, *, source: str, item: str | None
) -> tuple[datetime | None, ReadError | None]:
    """``published`` when plausible, else None and a warning (placeholders like 0001-01-01)."""
    if published is None or is_plausible(published):
        return published, None
    reason = f"date dropped: {published.isoformat()} is implausible (before 1800 or in the future)"
    return None, ReadError(source, item, reason, level="warning")


def file_id(path: Path, suffixes: tuple[str, ...]) -> str:
    """An article id from a file name: the name without its type suffix (``x.de.txt`` -> ``x.de``)."""
    name = path.name
    return name[: -len(path.suffix)] if path.suffix.lower() in suffixes else name


def optional_str(value: Any) -> str | None:
    """A metadata field as text: None and blanks become None, other scalars their string."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None

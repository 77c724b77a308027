"""Plain-text articles: one ``.txt`` file, one article, like the seed.

The text is the whole file exactly as read (UTF-8, only a byte-order mark dropped): statement
offsets point into it. The first non-empty line is the title (the teaser line); a date line
among the first few lines (``5. Juni 2025, 20:00 Uhr``, ``June 5, 2025``, ``2025-06-05``) is the
publication time, read in the language's zone when it has no zone of its own. The id is the file
name without ``.txt``; a ``.de.txt`` / ``.en.txt`` suffix names the language, else it is detected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ingest import lexicon
from ingest.dates import default_timezone, search_published
from ingest.language import detect_language
from ingest.model import Article, ReadError
from ingest.readers.common import (
    WHOLE_FILE,
    Item,
    decode_utf8,
    file_id,
    plausible,
    read_file_bytes,
)

DATE_LINES = 5  # a date line is looked for among this many non-empty opening lines
DATE_LINE_EXTRA = 30  # characters besides the date a date line may hold ("Stand:", a byline)
TITLE_MAX = 300  # a longer first line is a paragraph, not a title
DATE_LINE_PUNCTUATION = " \t,;:|–—-()[]"


def read_text_file(path: Path, source: str | None = None) -> Iterator[Item]:
    """The article in a ``.txt`` file, after any warning about it; or why there is none."""
    source = source or str(path)
    data = read_file_bytes(path, source)
    if isinstance(data, ReadError):
        yield data
        return
    text = decode_utf8(data, source)
    if isinstance(text, ReadError):
        yield text
        return
    if not text.strip():
        yield ReadError(source, None, "empty text")
        return
    language = suffix_language(path) or detect_language(text)
    lines = _opening_lines(text)
    date_line, published = _date_line(lines, language)
    published, warning = plausible(published, source=source, item=WHOLE_FILE)
    if warning:
        yield warning
    yield Article(
        id=article_id(path),
        text=text,
        language=language,
        published=published,
        title=_title(lines, date_line),
        source=source,
        item=WHOLE_FILE,
    )


def article_id(path: Path) -> str:
    """The file name without its ``.txt``: ``nato-brussels-2025-06-05.de``."""
    return file_id(path, (".txt",))


def suffix_language(path: Path) -> str | None:
    """``de`` for ``x.de.txt`` when a lexicon exists for it, else None."""
    stem_suffix = Path(path.stem).suffix.lower().lstrip(".")
    return stem_suffix if stem_suffix in lexicon.languages() else None


def _opening_lines(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line][:DATE_LINES]


def _date_line(lines: list[str], language: str | None) -> tuple[int | None, datetime | None]:
    """The index and value of the first line that is a date line, if any."""
    zone = default_timezone(language)
    for index, line in enumerate(lines):
        found = search_published(line, language=language, default_tz=zone)
        if found is None:
            continue
        rest = (line[: found.start] + " " + line[found.end :]).strip(DATE_LINE_PUNCTUATION)
        if len(rest) <= DATE_LINE_EXTRA:
            return index, found.published
    return None, None


def _title(lines: list[str], date_line: int | None) -> str | None:
    for index, line in enumerate(lines):
        if index != date_line:
            return line if len(line) <= TITLE_MAX else None
    return None

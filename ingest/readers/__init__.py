"""Readers: every input a user may have, turned into ``Article`` records (CONTRACT §1).

``read_paths`` yields articles and ``ReadError``s in input order; a bad item never stops
the run. Dispatch is by what a path is: a folder (recursively), a file by its type (JSONL and
JSONL.gz, plain text, HTML, RSS/Atom), or an ``http(s)://`` address (a feed or an article page).

Modules, by what they read: ``jsonl``, ``plaintext``, ``html``, ``feeds``, ``web`` (fetching),
``folders``; ``common`` holds the size cap and what the readers share.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from ingest.model import Article, ReadError
from ingest.readers import feeds, folders, html, jsonl, plaintext, web
from ingest.readers.common import MAX_TEXT_BYTES, Item

__all__ = [
    "MAX_TEXT_BYTES",
    "Article",
    "Item",
    "ReadError",
    "estimate_articles",
    "read_path",
    "read_paths",
    "read_url",
]


def read_paths(
    paths: Iterable[str | Path], *, timeout: float = web.TIMEOUT_SECONDS
) -> Iterator[Article | ReadError]:
    """Articles and errors from files, folders and URLs, in input order.

    ``timeout`` bounds each web download (a feed, a page), in seconds.
    """
    for path in paths:
        yield from read_path(path, timeout=timeout)


def read_path(path: str | Path, *, timeout: float = web.TIMEOUT_SECONDS) -> Iterator[Item]:
    """Articles and errors from one file, folder or URL."""
    text = str(path)
    if web.is_url(text):
        yield from read_url(text, timeout=timeout)
        return
    if "://" in text:
        yield ReadError(text, None, "only http:// and https:// addresses can be read")
        return
    local = Path(path)
    if local.is_dir():
        for found in folders.walk(local):
            if isinstance(found, ReadError):
                yield found
            else:
                yield from read_file(found, timeout=timeout)
    elif local.is_file():
        yield from read_file(local, timeout=timeout)
    elif local.exists():
        yield ReadError(text, None, "not a regular file or folder")
    else:
        yield ReadError(text, None, "no such file or folder")


def read_file(path: Path, *, timeout: float = web.TIMEOUT_SECONDS) -> Iterator[Item]:
    """The articles in one file, read by its type."""
    source = str(path)
    kind = folders.file_kind(path)
    if kind == "jsonl":
        items = jsonl.read_jsonl(path, source)
    elif kind == "text":
        items = plaintext.read_text_file(path, source)
    elif kind == "html":
        items = html.read_html_file(path, source)
    elif kind == "feed":
        items = feeds.read_feed_file(path, source, fetch=partial(web.fetch, timeout=timeout))
    else:
        yield ReadError(
            source, None, f"unknown file type (quotetrack reads {folders.known_types()})"
        )
        return
    try:
        yield from items
    except OSError as exc:  # a file that vanished or became unreadable while being read
        yield ReadError(source, None, f"cannot read the file: {exc.strerror or exc}")


def read_url(url: str, *, timeout: float = web.TIMEOUT_SECONDS) -> Iterator[Item]:
    """Every entry of the feed at ``url``, or the article page at ``url``.

    The page's article has ``id`` = the address as given and ``url`` = where it was served from.
    """
    try:
        download = web.fetch(url, timeout=timeout)
    except web.FetchError as exc:
        yield ReadError(url, None, str(exc))
        return
    if feeds.looks_like_feed(download.body, download.content_type):
        fetch = partial(web.fetch, timeout=timeout)
        yield from feeds.read_feed(download.body, source=url, base_url=download.url, fetch=fetch)
        return
    page = web.decoded(download)
    yield from html.read_html(page, article_id=url, source=url, item=download.url, url=download.url)


def estimate_articles(paths: Iterable[str | Path]) -> int | None:
    """A cheap article count for a progress bar: JSONL lines, feed entries, one per other file.

    None when a path is a URL (unknown until fetched). Pass a list: ``paths`` is iterated.
    """
    total = 0
    for path in paths:
        if "://" in str(path):
            return None
        local = Path(path)
        files = folders.walk(local) if local.is_dir() else [local]
        total += sum(_estimate_file(f) for f in files if isinstance(f, Path))
    return total


def _estimate_file(path: Path) -> int:
    kind = folders.file_kind(path)
    try:
        if kind == "jsonl":
            return jsonl.count_lines(path)
        if kind == "feed":
            return feeds.count_entries(path)
    except (OSError, EOFError, zlib.error):  # unreadable: the reader will say why
        return 0
    return 1 if kind and path.is_file() else 0

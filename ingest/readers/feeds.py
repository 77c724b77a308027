"""RSS and Atom feeds, from files (``.xml``, ``.rss``, ``.atom``) and from the web.

feedparser parses bytes quotetrack fetched itself (handed over as a stream, so feedparser never
opens a URL or a file). Each entry's link is fetched through the ``fetch`` it is given and read
as an HTML article page; the article's ``id`` and ``item`` are the entry link as the feed lists
it. When the page cannot be fetched or holds no article, the entry's own content (or summary)
is the text, with a warning. The entry's date and title win over the page's (feeds state them
precisely); the page's site name, else the feed's title, is the ``outlet``.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ingest.dates import parse_published
from ingest.language import detect_language
from ingest.model import Article, ReadError
from ingest.readers.common import Item, optional_str, plausible, read_file_bytes
from ingest.readers.html import fragment_text, read_html
from ingest.readers.web import SCHEMES, Download, FetchError, decoded

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+xml",
    }
)
FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)\b")
HTML_ROOT = re.compile(rb"<html\b", re.IGNORECASE)
SNIFF = 2048


Fetch = Callable[[str], Download]  # web.fetch with its options bound


@dataclass(frozen=True, slots=True)
class Feed:
    """What every entry of one feed shares."""

    source: str
    base_url: str | None
    title: str | None
    language: str | None


def looks_like_feed(data: bytes, content_type: str | None = None) -> bool:
    """True when ``data`` is an RSS/Atom document (by its root element, not just its type)."""
    head = data[:SNIFF]
    if HTML_ROOT.search(head):
        return False
    return bool(FEED_ROOT.search(head)) or (content_type in FEED_TYPES and b"<" in head)


def read_feed_file(path: Path, source: str | None = None, *, fetch: Fetch) -> Iterator[Item]:
    """Every entry of the feed in ``path``; entry links are fetched with ``fetch``."""
    source = source or str(path)
    data = read_file_bytes(path, source)
    if isinstance(data, ReadError):
        yield data
        return
    if not looks_like_feed(data):
        yield ReadError(source, None, "not an RSS or Atom feed")
        return
    yield from read_feed(data, source=source, base_url=None, fetch=fetch)


def read_feed(data: bytes, *, source: str, base_url: str | None, fetch: Fetch) -> Iterator[Item]:
    """Every entry of the feed ``data`` (served from ``base_url``, if fetched) as an article."""
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries:
        if parsed.bozo:
            yield ReadError(source, None, f"not a readable feed: {parsed.get('bozo_exception')}")
        else:
            yield ReadError(source, None, "the feed has no entries", level="warning")
        return
    feed = Feed(
        source=source,
        base_url=base_url,
        title=optional_str(parsed.feed.get("title")),
        language=_primary_language(parsed.feed.get("language")),
    )
    for index, entry in enumerate(parsed.entries, 1):
        yield from read_entry(entry, index, feed=feed, fetch=fetch)


def read_entry(entry: Any, index: int, *, feed: Feed, fetch: Fetch) -> Iterator[Item]:
    """The article a feed entry links to, or its own content when the page fails."""
    link = _entry_link(entry, feed.base_url)
    item = link or f"entry {index}"
    article_id = link or optional_str(entry.get("id")) or f"{feed.source}#entry-{index}"
    published, warning = _entry_published(entry, feed.source, item)
    if warning:
        yield warning
    page, problem = _page_article(link, article_id, feed.source, fetch) if link else (None, None)
    if page is None:
        page = _entry_article(entry, article_id, feed.source, item, link)
        if page is None:
            reason = problem or "the entry has no link"
            yield ReadError(feed.source, item, f"{reason}, and the entry carries no text")
            return
        if problem:
            reason = f"{problem}; using the entry's text from the feed instead"
            yield ReadError(feed.source, item, reason, level="warning")
    yield replace(
        page,
        title=optional_str(entry.get("title")) or page.title,
        published=published or page.published,
        language=page.language or feed.language,
        outlet=page.outlet or feed.title,
        meta={**_entry_meta(entry), **page.meta},  # the page names its author best
    )


def count_entries(path: Path) -> int:
    """A cheap estimate of a feed file's entries: its ``<item>`` and ``<entry>`` tags."""
    data = path.read_bytes()
    return len(re.findall(rb"<(?:[\w-]+:)?(?:item|entry)\b", data))


def _page_article(
    link: str, article_id: str, source: str, fetch: Fetch
) -> tuple[Article | None, str | None]:
    """The article on the entry's page, or None and the reason it could not be read."""
    try:
        download = fetch(link)
    except FetchError as exc:
        return None, f"page not read ({exc})"
    page: Article | None = None
    problem = None
    for item in read_html(
        decoded(download), article_id=article_id, source=source, item=link, url=download.url
    ):
        if isinstance(item, Article):
            page = item
        elif item.level == "error":
            problem = f"page not read ({item.reason})"
    return page, problem


def _entry_article(
    entry: Any, article_id: str, source: str, item: str, link: str | None
) -> Article | None:
    """The entry's own content (or else its summary) as an article, if it has any text."""
    contents = [c.get("value", "") for c in entry.get("content", [])]
    text = next((t for t in map(fragment_text, [*contents, entry.get("summary", "")]) if t), "")
    if not text:  # no cap needed: the feed itself was within it
        return None
    return Article(
        id=article_id, text=text, language=detect_language(text), url=link, source=source, item=item
    )


def _entry_link(entry: Any, base_url: str | None) -> str | None:
    """The entry's link as an absolute http(s) address, or None (a bare guid is no link)."""
    link = optional_str(entry.get("link"))
    if link is None:
        return None
    link = urljoin(base_url, link) if base_url else link
    return link if urlsplit(link).scheme.lower() in SCHEMES else None


def _entry_published(
    entry: Any, source: str, item: str
) -> tuple[datetime | None, ReadError | None]:
    raw = entry.get("published") or entry.get("updated")
    try:
        published = parse_published(raw)
    except ValueError:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if not parsed:
            return None, ReadError(source, item, f"date dropped: not a date: {raw!r}", "warning")
        published = datetime.fromtimestamp(calendar.timegm(parsed), UTC)  # feedparser's reading
    return plausible(published, source=source, item=item)


def _primary_language(tag: Any) -> str | None:
    """``de`` for a feed language ``de-DE``."""
    primary = (optional_str(tag) or "").split("-")[0].lower()
    return primary if primary.isalpha() else None


def _entry_meta(entry: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "author": optional_str(entry.get("author")),
        "feed_entry_id": optional_str(entry.get("id")),
        "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
    }
    return {key: value for key, value in meta.items() if value}

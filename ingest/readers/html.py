"""HTML article pages, from files and from the web: the main text without boilerplate, with title,
date, author and site name, extracted by trafilatura.

Extraction favours recall: news teasers and one-sentence paragraphs (where quotes often are)
are kept. The site name becomes ``outlet`` (the host name when a fetched page names none); author,
description, categories, tags and the page's canonical URL go to ``meta``. The publication time
comes from the page's explicit publication metadata when it has one (``article:published_time``,
``itemprop="datePublished"``, JSON-LD ``datePublished``: these carry the time and offset), else
from trafilatura's date (a calendar day). A page without prose (not one line of eight words)
holds no article: that is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from ingest.dates import default_timezone, parse_published
from ingest.language import detect_language
from ingest.model import Article, ReadError
from ingest.readers.common import (
    WHOLE_FILE,
    Item,
    file_id,
    optional_str,
    plausible,
    read_file_bytes,
)

PUBLISHED_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @property='og:published_time' or @itemprop='datePublished'"
    " or @name='pubdate' or @name='publishdate' or @name='dcterms.date' or @name='DC.date']"
    "/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)
JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
BLOCK_TAGS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
    | {"article", "ul", "ol", "pre", "figcaption"}
)
HTML_SUFFIXES = (".html", ".htm")
PROSE_WORDS = 8  # a page without a single line this long holds menus and links, not an article


@dataclass(frozen=True, slots=True)
class Page:
    """What an article page yields: its main text and metadata."""

    text: str
    title: str | None = None
    published: datetime | None = None
    language: str | None = None
    outlet: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def read_html_file(path: Path, source: str | None = None) -> Iterator[Item]:
    """The article in an ``.html`` / ``.htm`` file, after any warning; or why there is none."""
    source = source or str(path)
    data = read_file_bytes(path, source)
    if isinstance(data, ReadError):
        yield data
        return
    page_id = file_id(path, HTML_SUFFIXES)
    yield from read_html(data, article_id=page_id, source=source, item=WHOLE_FILE)


def read_html(
    html: bytes | str, *, article_id: str, source: str, item: str | None, url: str | None = None
) -> Iterator[Item]:
    """The article an HTML page holds (``url``: where it was fetched from, if it was)."""
    page = parse_page(html, url=url)
    if isinstance(page, str):
        yield ReadError(source, item, page)
        return
    published, warning = plausible(page.published, source=source, item=item)
    if warning:
        yield warning
    yield Article(
        id=article_id,
        text=page.text,
        language=page.language,
        published=published,
        outlet=page.outlet,
        title=page.title,
        url=url or page.meta.get("canonical_url"),
        meta=page.meta,
        source=source,
        item=item,
    )


def parse_page(html: bytes | str, *, url: str | None = None) -> Page | str:
    """The main text and metadata of ``html``, or the reason there is no article in it."""
    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            return "not an HTML page"
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, favor_recall=True
        )
    except (ValueError, TypeError, ParserError) as exc:  # trafilatura and lxml on broken markup
        return f"cannot parse the HTML: {exc}"
    if doc is None or isinstance(doc, dict) or not _has_prose(text := doc.text or ""):
        return "no article text in the page (navigation or boilerplate only)"
    language = detect_language(text) or _lang_attribute(tree)
    return Page(
        text=text,
        title=optional_str(doc.title),
        published=_published(tree, doc.date, language),
        language=language,
        outlet=optional_str(doc.sitename),  # trafilatura falls back to the URL's host
        meta=_meta(doc),
    )


def fragment_text(fragment: str) -> str:
    """Readable text of an HTML fragment (a feed entry's summary): one line per block."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, ParserError):
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and (element.tag == "br" or element.tag in BLOCK_TAGS):
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _has_prose(text: str) -> bool:
    return any(len(line.split()) >= PROSE_WORDS for line in text.splitlines())


def _published(tree: Any, fallback: str | None, language: str | None) -> datetime | None:
    zone = default_timezone(language)
    candidates = [*tree.xpath(PUBLISHED_XPATH), *_json_ld_dates(tree), fallback]
    for value in candidates:
        try:
            published = parse_published(value, language=language, default_tz=zone)
        except ValueError:
            continue
        if published is not None:
            return published
    return None


def _json_ld_dates(tree: Any) -> list[str]:
    scripts = tree.xpath("//script[@type='application/ld+json']/text()")
    return [match for script in scripts for match in JSON_LD_PUBLISHED.findall(script)]


def _lang_attribute(tree: Any) -> str | None:
    """The primary subtag of ``<html lang>`` (``de`` for ``de-DE``), if any."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    primary = lang.split("-")[0].split("_")[0].strip().lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _meta(doc: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "author": optional_str(doc.author),
        "description": optional_str(doc.description),
        "canonical_url": optional_str(doc.url),
        "categories": list(doc.categories or []),
        "tags": list(doc.tags or []),
    }
    return {key: value for key, value in meta.items() if value}

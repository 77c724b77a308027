"""Try it: extract statements from pasted or uploaded text, in memory, storing nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ingest.extract import extract
from ingest.language import detect_language
from ingest.model import Article, Statement

MAX_BYTES = 2 * 1024 * 1024  # uploads and pasted text larger than this are refused
TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_ID = "try-it"


@dataclass(frozen=True, slots=True)
class Draft:
    """Text to extract from, with what the upload told about it."""

    text: str
    title: str | None = None
    language: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Tried:
    article: Article
    statements: list[Statement]
    seconds: float


class TryError(ValueError):
    """The upload cannot be used; the message says why."""


def draft_from_upload(name: str, data: bytes) -> Draft:
    """The text of an uploaded ``.txt`` / ``.md`` or ``.html`` file."""
    if len(data) > MAX_BYTES:
        raise TryError(f"{name} is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES):
        from ingest.readers.html import parse_page

        page = parse_page(data)
        if isinstance(page, str):
            raise TryError(f"{name}: {page}")
        return Draft(page.text, page.title, page.language)
    if not lower.endswith(TEXT_SUFFIXES):
        raise TryError(f"{name}: only .txt, .md and .html files can be tried here")
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TryError(f"{name} is not UTF-8 text (byte {exc.start})") from exc
    return Draft(text)


def try_extract(draft: Draft, language: str | None = None) -> Tried:
    """Extract ``draft`` as one article; ``language`` None: as the upload said, else detected."""
    text = draft.text
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise TryError(f"the text is over the {MAX_BYTES / 1e6:.0f} MB limit")
    lang = language or draft.language or detect_language(text)
    article = Article(id=ARTICLE_ID, text=text, language=lang, title=draft.title)
    began = time.perf_counter()
    statements = extract(article)
    return Tried(article, statements, time.perf_counter() - began)

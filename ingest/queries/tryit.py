"""Try it: extract statements from pasted or uploaded text, in memory, storing nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ingest import lexicon
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
    guessed: bool = False  # the language was neither given nor detected: the best one was kept


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
    """Extract ``draft`` as one article. The language is ``language``, else what the upload
    said, else detected; when even detection is unsure, every language with a lexicon is tried
    and the one finding most statements kept."""
    text = draft.text
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise TryError(f"the text is over the {MAX_BYTES / 1e6:.0f} MB limit")
    lang = language or draft.language or detect_language(text)
    began = time.perf_counter()
    candidates = [lang] if lang else list(lexicon.languages())
    best: tuple[Article, list[Statement]] | None = None
    for code in candidates:
        article = Article(id=ARTICLE_ID, text=text, language=code, title=draft.title)
        statements = extract(article)
        if best is None or len(statements) > len(best[1]):
            best = (article, statements)
    assert best is not None
    return Tried(best[0], best[1], time.perf_counter() - began, guessed=lang is None)

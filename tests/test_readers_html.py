"""HTML files: main text without boilerplate, title, date, author and site name."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.model import Article, ReadError
from ingest.readers import MAX_TEXT_BYTES, read_paths
from ingest.readers.html import fragment_text, parse_page

HTML = Path(__file__).resolve().parent / "fixtures" / "html"


def read_one(path: Path) -> Article | ReadError:
    items = list(read_paths([path]))
    assert len(items) == 1, items
    return items[0]


def article_in(path: Path) -> Article:
    article = read_one(path)
    assert isinstance(article, Article), article
    return article


def test_german_article_page() -> None:
    path = HTML / "stadtrat-radwege.de.html"
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.id == "stadtrat-radwege.de"
    assert article.title == "Stadtrat beschließt Radwegenetz"
    assert article.outlet == "Lindenfelder Anzeiger"
    assert article.language == "de"
    assert article.published == datetime(2025, 3, 14, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.url == "https://anzeiger.example/lokales/stadtrat-radwege"
    assert article.meta["author"] == "Jana Beispiel"
    assert article.meta["description"].startswith("Nach monatelangem Streit")
    assert (article.source, article.item) == (str(path), "whole file")
    text = article.text
    # the article, teaser and sub-heading included ...
    assert "Nach monatelangem Streit stimmt der Lindenfelder Stadtrat" in text
    assert "„Heute ist ein guter Tag für alle, die in dieser Stadt unterwegs sind“, sagte" in text
    assert "Förderung vom Land erwartet" in text
    assert text.rstrip().endswith("teilte der Verein mit.")
    # ... the boilerplate not
    for boilerplate in (
        "Cookies",
        "Alle akzeptieren",
        "Impressum",
        "Mehr zum Thema",
        "Parkgebühren",
        "Alle Rechte vorbehalten",
        "Abo",
        "gtag",
    ):
        assert boilerplate not in text


def test_english_article_page_with_json_ld_date_and_author() -> None:
    article = read_one(HTML / "harbour-ferry.en.html")
    assert isinstance(article, Article)
    assert article.id == "harbour-ferry.en"
    assert article.language == "en"
    assert article.title == "Council approves new harbour ferry route"
    assert article.outlet == "The Harbour Gazette"
    assert article.meta["author"] == "Sam Example"
    assert article.published == datetime(2024, 11, 2, 9, 15, tzinfo=timezone(timedelta(hours=-4)))
    assert '"This route will cut the morning commute in half' in article.text
    for boilerplate in ("Subscribe", "Sign in", "morning briefing", "Copyright", "Privacy"):
        assert boilerplate not in article.text


def test_a_page_with_only_navigation_is_an_error() -> None:
    path = HTML / "navigation-only.html"
    error = read_one(path)
    assert isinstance(error, ReadError) and error.level == "error"
    assert (error.source, error.item) == (str(path), "whole file")
    assert "no article text" in error.reason


def page(body: str, head: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{lang_attr}><head>{head}</head><body>{body}</body></html>"


PARAGRAPHS = (
    "<article><h1>Überschrift der Meldung</h1>"
    "<p>Der Gemeinderat hat am Dienstag nach langer Debatte einen neuen Haushalt beschlossen, "
    "der deutlich höhere Ausgaben für Schulen und Kindergärten vorsieht.</p>"
    "<p>„Wir investieren in die Zukunft“, sagte die Bürgermeisterin nach der Sitzung im Rathaus. "
    "Die Opposition kritisierte die neuen Schulden als zu hoch.</p></article>"
)


def test_a_date_only_page_gets_a_naive_date(tmp_path: Path) -> None:
    path = tmp_path / "datum.html"
    path.write_text(page(PARAGRAPHS, '<meta name="date" content="2024-05-07">', "de"), "utf-8")
    article = article_in(path)
    assert article.published == datetime(2024, 5, 7)
    assert article.id == "datum"


def test_a_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    html = page(PARAGRAPHS, '<meta charset="windows-1252">', "de")
    path.write_bytes(html.encode("cp1252"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.id == "legacy"
    assert "„Wir investieren in die Zukunft“, sagte die Bürgermeisterin" in article.text


def test_language_falls_back_to_the_lang_attribute(tmp_path: Path) -> None:
    body = (
        "<article><p>Le conseil municipal a adopté mardi un nouveau budget après un long "
        "débat, avec davantage de dépenses pour les écoles.</p></article>"
    )
    path = tmp_path / "fr.html"
    path.write_text(page(body, lang="fr-FR"), "utf-8")
    assert article_in(path).language == "fr"


def test_an_implausible_page_date_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "future.html"
    head = '<meta property="article:published_time" content="2999-01-01T10:00:00+01:00">'
    path.write_text(page(PARAGRAPHS, head, "de"), "utf-8")
    warning, article = list(read_paths([path]))
    assert isinstance(warning, ReadError) and warning.level == "warning"
    assert isinstance(article, Article) and article.published is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "binary file"),
        (b"", "not an HTML page"),
        (b"<html><body><div></div></body></html>", "no article text"),
    ],
)
def test_bad_html_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    error = read_one(path)
    assert isinstance(error, ReadError) and error.level == "error"
    assert reason in error.reason


def test_an_html_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_text(page(PARAGRAPHS * (MAX_TEXT_BYTES // len(PARAGRAPHS) + 1)), "utf-8")
    error = read_one(path)
    assert isinstance(error, ReadError) and "over the 5 MB limit" in error.reason


def test_parse_page_is_usable_on_its_own() -> None:
    parsed = parse_page((HTML / "harbour-ferry.en.html").read_bytes(), url="https://x.example/a")
    assert not isinstance(parsed, str)
    assert parsed.outlet == "The Harbour Gazette" and parsed.language == "en"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("Plain summary.", "Plain summary."),
        ("<p>One.</p><p>Two <b>bold</b>.</p>", "One.\nTwo bold."),
        ("Line<br>break<br/>here", "Line\nbreak\nhere"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("", ""),
    ],
)
def test_fragment_text(fragment: str, expected: str) -> None:
    assert fragment_text(fragment) == expected

"""Plain-text articles: the seed exactly as written, title and date lines, ids, bad files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ingest.model import Article, ReadError
from ingest.readers import MAX_TEXT_BYTES, read_paths
from ingest.readers.plaintext import read_text_file

BERLIN = ZoneInfo("Europe/Berlin")
SEED_TITLE = (
    "Auf dem Nato-Treffen in Brüssel lässt sich der US-Verteidigungsminister Pete Hegseth nur "
    "kurz blicken. Dabei wurden dort die Weichen gestellt für mehr Geld und Waffen."
)


def only(items: list[Article | ReadError]) -> Article | ReadError:
    assert len(items) == 1, items
    return items[0]


def article_in(path: Path) -> Article:
    article = only(list(read_paths([path])))
    assert isinstance(article, Article), article
    return article


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_seed_article(seed_path: Path) -> None:
    article = only(list(read_paths([seed_path])))
    assert isinstance(article, Article)
    assert article.id == "nato-brussels-2025-06-05.de"
    assert article.language == "de"
    assert article.title == SEED_TITLE
    assert article.published == datetime(2025, 6, 5, 20, 0, tzinfo=BERLIN)
    assert article.published.tzinfo == BERLIN
    assert article.published.astimezone(UTC) == datetime(2025, 6, 5, 18, 0, tzinfo=UTC)
    assert article.text == seed_path.read_bytes().decode("utf-8")  # nothing stripped
    assert (article.source, article.item) == (str(seed_path), "whole file")


def test_the_text_is_the_file_exactly_line_endings_and_all(tmp_path: Path) -> None:
    raw = "Titelzeile\r\n5. Juni 2025, 20:00 Uhr\r\n\r\n  Eingerückter Absatz mit „Zitat“.  \r\n\n"
    path = write(tmp_path / "crlf.de.txt", raw)
    article = article_in(path)
    assert article.text == raw
    assert article.title == "Titelzeile"


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.de.txt"
    path.write_bytes(b"\xef\xbb\xbfTitel\nText der Meldung.\n")
    article = article_in(path)
    assert article.text == "Titel\nText der Meldung.\n"


# opening lines, language suffix, expected published
DATE_LINES = [
    ("Titel\n5. Juni 2025, 20:00 Uhr\nText.", "de", datetime(2025, 6, 5, 20, tzinfo=BERLIN)),
    ("Titel\nJune 5, 2025\nText.", "en", datetime(2025, 6, 5)),
    ("Titel\n5 June 2025\nText.", "en", datetime(2025, 6, 5)),
    ("Titel\n2025-06-05\nText.", "de", datetime(2025, 6, 5)),
    (
        "Titel\n\nVon Anna Muster\nStand: 05.06.2025, 09:15 Uhr\nText.",
        "de",
        datetime(2025, 6, 5, 9, 15, tzinfo=BERLIN),
    ),
    (
        "Titel\nJune 5, 2025 at 8 p.m. EDT\nText.",
        "en",
        datetime(2025, 6, 5, 20, tzinfo=datetime.fromisoformat("2025-01-01T00:00-04:00").tzinfo),
    ),
    # a date inside a sentence is not a date line
    (
        "Titel\nAm 5. Juni 2025 trafen sich die Verteidigungsminister der Nato in Brüssel.",
        "de",
        None,
    ),
    # too far down
    ("A\nB\nC\nD\nE\n5. Juni 2025", "de", None),
    ("Titel\nText ohne Datum.", "de", None),
]


@pytest.mark.parametrize(("text", "language", "expected"), DATE_LINES)
def test_date_lines(tmp_path: Path, text: str, language: str, expected: datetime | None) -> None:
    article = article_in(write(tmp_path / f"a.{language}.txt", text))
    assert isinstance(article, Article)
    assert article.published == expected
    if expected is not None and article.published is not None:
        assert article.published.utcoffset() == expected.utcoffset()
    assert article.title == "Titel" or article.title == "A"


def test_a_date_line_first_leaves_the_title_to_the_next_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.de.txt", "5. Juni 2025\nDie Überschrift\nDer Text.")
    article = article_in(path)
    assert (article.title, article.published) == ("Die Überschrift", datetime(2025, 6, 5))


def test_an_implausible_date_line_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "a.de.txt", "Titel\n1. Januar 1700\nDer Text.")
    warning, article = list(read_paths([path]))
    assert isinstance(warning, ReadError) and warning.level == "warning"
    assert isinstance(article, Article) and article.published is None


@pytest.mark.parametrize(
    ("name", "text", "expected_id", "language"),
    [
        (
            "meldung.de.txt",
            "Die Regierung hat am Montag einen Plan vorgestellt, der viel kostet.",
            "meldung.de",
            "de",
        ),
        ("story.en.txt", "Die Regierung hat am Montag einen Plan vorgestellt.", "story.en", "en"),
        (
            "story.txt",
            "The government said on Monday that the plan would cost more than expected.",
            "story",
            "en",
        ),
        (
            "bericht.TXT",
            "Die Regierung hat am Montag einen Plan vorgestellt, der viel kostet.",
            "bericht",
            "de",
        ),
        ("x.fr.txt", "Le gouvernement a présenté lundi un plan qui coûte cher.", "x.fr", None),
    ],
)
def test_id_and_language_from_the_file_name(
    tmp_path: Path, name: str, text: str, expected_id: str, language: str | None
) -> None:
    article = article_in(write(tmp_path / name, text))
    assert (article.id, article.language) == (expected_id, language)


def test_a_long_first_line_is_no_title(tmp_path: Path) -> None:
    path = write(tmp_path / "a.de.txt", "Wort " * 100 + "\nZweite Zeile.")
    assert article_in(path).title is None


@pytest.mark.parametrize(
    ("content", "item", "reason"),
    [
        (b"", None, "empty text"),
        (b" \n\t\n", None, "empty text"),
        (b"\x00\x01\x02binary\x00", None, "binary file"),
        (
            "Titel\nZweite Zeile\nDritte Zeile mit Umlaut: Bürger\n".encode("latin-1"),
            "line 3",
            "not UTF-8 text (byte 0xfc at column 27)",
        ),
    ],
)
def test_bad_text_files(tmp_path: Path, content: bytes, item: str | None, reason: str) -> None:
    path = tmp_path / "bad.de.txt"
    path.write_bytes(content)
    error = only(list(read_text_file(path)))
    assert isinstance(error, ReadError) and error.level == "error"
    assert (error.source, error.item) == (str(path), item)
    assert reason in error.reason


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_TEXT_BYTES + 1)  # sparse: the reader must not need to read it
    error = only(list(read_paths([path])))
    assert isinstance(error, ReadError)
    assert error.reason == "file is 5.0 MB, over the 5 MB limit for one article"

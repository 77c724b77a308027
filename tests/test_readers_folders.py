"""Folders and dispatch: the mixed fixture folder exactly as its README lists it, sorted and
recursive reading, paths that are not there, and the cheap estimate."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ingest.model import Article, ReadError
from ingest.readers import MAX_TEXT_BYTES, estimate_articles, read_paths

MIXED = Path(__file__).resolve().parent / "fixtures" / "mixed"

GOOD = [
    ("mixed-jsonl-de", "articles.jsonl", "line 1"),
    ("mixed-jsonl-en", "articles.jsonl", "line 2"),
    ("mixed-jsonl-olddate", "articles.jsonl", "line 7"),
    ("stadtbibliothek.de", "pages/stadtbibliothek.de.html", "whole file"),
    ("rathaus-sanierung.de", "rathaus-sanierung.de.txt", "whole file"),
]
ERRORS = [
    ("articles.jsonl", "line 3", "invalid JSON"),
    ("articles.jsonl", "line 4", "missing id"),
    ("articles.jsonl", "line 5", "missing text"),
    ("articles.jsonl", "line 6", "empty text"),
    ("binary.txt", None, "binary file"),
    ("empty.txt", None, "empty text"),
    ("latin1.de.txt", "line 3", "not UTF-8 text"),
    ("pages/menu-only.html", "whole file", "no article text"),
]
WARNINGS = [
    ("README.md", None, "skipped: not an article file"),
    ("articles.jsonl", "line 7", "date dropped: 0001-01-01"),
]


Row = tuple[str, str | None, str]


def relative(source: str | None, folder: Path) -> str:
    assert source is not None
    return Path(source).relative_to(folder).as_posix()


def inventory(
    items: list[Article | ReadError], folder: Path
) -> tuple[list[tuple[str, str, str | None]], list[Row], list[Row]]:
    good = [(a.id, relative(a.source, folder), a.item) for a in items if isinstance(a, Article)]
    problems: dict[str, list[Row]] = {"error": [], "warning": []}
    for item in items:
        if isinstance(item, ReadError):
            problems[item.level].append((relative(item.source, folder), item.item, item.reason))
    return good, problems["error"], problems["warning"]


def matches(found: list[Row], expected: list[Row]) -> bool:
    return len(found) == len(expected) and all(
        (source, item) == (e_source, e_item) and reason.startswith(e_reason)
        for (source, item, reason), (e_source, e_item, e_reason) in zip(
            found, expected, strict=True
        )
    )


def test_the_mixed_folder_yields_what_its_readme_lists() -> None:
    items = list(read_paths([MIXED]))
    good, errors, warnings = inventory(items, MIXED)
    assert good == GOOD
    assert matches(errors, ERRORS), errors
    assert matches(warnings, WARNINGS), warnings
    assert len(items) == 15
    assert estimate_articles([MIXED]) == 13
    readme = (MIXED / "README.md").read_text(encoding="utf-8")
    for article_id, _, _ in GOOD:
        assert f"`{article_id}`" in readme
    assert "5 articles, 8 errors, 2 warnings" in readme


def test_the_mixed_folder_articles_in_detail() -> None:
    articles = {a.id: a for a in read_paths([MIXED]) if isinstance(a, Article)}
    de, en, old = (
        articles["mixed-jsonl-de"],
        articles["mixed-jsonl-en"],
        articles["mixed-jsonl-olddate"],
    )
    assert (de.language, de.published, de.outlet) == (
        "de",
        datetime(2025, 2, 3),
        "Beispielstädter Bote",
    )
    assert en.language == "en" and en.meta == {"section": "Local"}
    assert en.published == datetime(2024, 10, 21, 7, 45, tzinfo=timezone(timedelta(hours=1)))
    assert old.published is None and old.title == "Stadtfest abgesagt"
    html = articles["stadtbibliothek.de"]
    assert html.outlet == "Beispielstädter Bote" and html.meta["author"] == "Lena Vorlage"
    assert html.published == datetime(2025, 1, 10, 11, tzinfo=timezone(timedelta(hours=1)))
    txt = articles["rathaus-sanierung.de"]
    assert txt.published == datetime(2025, 3, 14, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert (txt.title or "").startswith("Das Rathaus wird ab Sommer saniert.")
    assert txt.text == (MIXED / "rathaus-sanierung.de.txt").read_text(encoding="utf-8")


def test_an_oversized_file_generated_in_a_copy_adds_one_error(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(MIXED, folder)
    six_mb = 6 * 1024 * 1024
    (folder / "oversized.txt").write_bytes((b"Lange Meldung. " * (six_mb // 15 + 1))[:six_mb])
    items = list(read_paths([folder]))
    good, errors, warnings = inventory(items, folder)
    assert good == GOOD
    assert matches(warnings, WARNINGS)
    oversized = ("oversized.txt", None, "file is 6 MB, over the 5 MB limit for one article")
    assert oversized in errors
    assert matches([e for e in errors if e != oversized], ERRORS)
    assert (folder / "oversized.txt").stat().st_size > MAX_TEXT_BYTES


def test_folders_are_read_recursively_in_sorted_order_hidden_ones_skipped(tmp_path: Path) -> None:
    text = "Die Stadt hat am Montag einen neuen Haushalt beschlossen, sagte der Sprecher."
    for name in [
        "b.txt",
        "a/z.txt",
        "a/b/c.txt",
        "Z.txt",
        ".git/x.txt",
        "a/.cache/y.txt",
        "c.htm~",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [relative(i.source, tmp_path) for i in items] == [
        "Z.txt",
        "a/b/c.txt",
        "a/z.txt",
        "b.txt",
        "c.htm~",
    ]
    assert [type(i).__name__ for i in items] == ["Article"] * 4 + ["ReadError"]
    assert isinstance(items[-1], ReadError) and items[-1].level == "warning"
    assert items == list(read_paths([tmp_path]))  # deterministic


def test_every_file_type_in_one_folder(tmp_path: Path) -> None:
    row = {"id": "j", "text": "Die Regierung hat am Montag einen Plan vorgestellt, sagte sie."}
    (tmp_path / "a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({**row, "id": "g"}).encode()))
    (tmp_path / "c.txt").write_text(row["text"], encoding="utf-8")
    shutil.copy(MIXED / "pages" / "stadtbibliothek.de.html", tmp_path / "d.html")
    (tmp_path / "e.atom").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>urn:e</id>'
        "<title>E</title><summary>Der Rat tagt am Mittwoch wieder im Rathaus, teilte die Stadt "
        "mit.</summary></entry></feed>",
        encoding="utf-8",
    )
    ids = [a.id for a in read_paths([tmp_path]) if isinstance(a, Article)]
    assert ids == ["j", "g", "c", "d", "urn:e"]
    assert estimate_articles([tmp_path]) == 5


def test_paths_are_read_in_input_order(tmp_path: Path, seed_path: Path) -> None:
    missing = tmp_path / "gibt-es-nicht.jsonl"
    items = list(read_paths([seed_path, missing, MIXED / "rathaus-sanierung.de.txt"]))
    assert [getattr(i, "id", None) for i in items] == [
        "nato-brussels-2025-06-05.de",
        None,
        "rathaus-sanierung.de",
    ]
    assert items[1] == ReadError(str(missing), None, "no such file or folder")


def test_a_file_of_unknown_type_named_explicitly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notizen\n", encoding="utf-8")
    [error] = list(read_paths([path]))
    assert isinstance(error, ReadError) and error.level == "error"
    assert error.reason.startswith("unknown file type")


def test_sources_keep_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MIXED / "pages", tmp_path / "pages")
    monkeypatch.chdir(tmp_path)
    sources = {i.source for i in read_paths(["pages"])}
    assert sources == {
        os.path.join("pages", "menu-only.html"),
        os.path.join("pages", "stadtbibliothek.de.html"),
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_error_and_the_folder_goes_on(tmp_path: Path) -> None:
    locked = tmp_path / "a.txt"
    locked.write_text("Gesperrt.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Lesbar und kurz.", encoding="utf-8")
    locked.chmod(0)
    try:
        first, second = list(read_paths([tmp_path]))
    finally:
        locked.chmod(0o644)
    assert isinstance(first, ReadError) and "cannot read the file" in first.reason
    assert isinstance(second, Article)


def test_estimates() -> None:
    repo = Path(__file__).resolve().parents[1]
    assert estimate_articles([repo / "data" / "articles"]) == 850 + 295 + 1
    assert estimate_articles([]) == 0
    assert estimate_articles([MIXED / "nichts-hier.jsonl"]) == 0
    assert estimate_articles([MIXED, "https://example.org/feed"]) is None

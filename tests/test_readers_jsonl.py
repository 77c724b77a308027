"""JSONL and JSONL.gz: the bundled Wikinews sample, a gz round trip, and every kind of bad line."""

from __future__ import annotations

import gzip
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.model import Article, ReadError
from ingest.paths import shared_path
from ingest.readers import MAX_TEXT_BYTES, estimate_articles, read_paths
from ingest.readers.jsonl import read_jsonl

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "articles"


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | ReadError], level: str = "error") -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError) and item.level == level]


def comparable(item: Article | ReadError) -> object:
    """What must be equal whichever file an item came from."""
    if isinstance(item, Article):
        return (item.id, item.text, item.published, item.meta, item.item)
    return (item.item, item.reason, item.level)


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bundled_german_wikinews_all_read_and_the_bogus_date_warned() -> None:
    path = SAMPLE / "wikinews_de.jsonl"
    items = list(read_paths([path]))
    read = articles(items)
    assert len(read) == 850
    assert not errors(items)
    [warning] = errors(items, "warning")
    bogus = next(a for a in read if a.item == warning.item)
    assert bogus.id == "dewikinews-75280"
    assert bogus.published is None
    assert "0001-01-01" in warning.reason and warning.source == str(path)
    dated = [a for a in read if a.published is not None]
    assert len(dated) == 849
    assert all(a.language == "de" and a.outlet == "Wikinews (de)" for a in read)
    first = read[0]
    assert first.id == "dewikinews-10022"
    assert first.published == datetime(2005, 8, 5)
    assert first.title == "Der Astronaut Neil Armstrong wird heute 75 Jahre alt"
    assert (first.url or "").startswith("https://de.wikinews.org/wiki/")
    assert (first.source, first.item) == (str(path), "line 1")


def test_bundled_english_wikinews_read_without_complaint() -> None:
    items = list(read_paths([SAMPLE / "wikinews_en_2019_2020.jsonl"]))
    read = articles(items)
    assert len(read) == len(items) == 295
    dates = [a.published for a in read if a.published is not None]
    assert len(dates) == 295 and all(a.language == "en" for a in read)
    assert min(dates) >= datetime(2019, 1, 1)
    assert len({a.id for a in read}) == 295


def test_texts_are_kept_exactly_as_in_the_file() -> None:
    path = SAMPLE / "wikinews_en_2019_2020.jsonl"
    with path.open(encoding="utf-8") as fh:
        expected = [json.loads(line)["text"] for line in fh]
    assert [a.text for a in articles(list(read_paths([path])))] == expected


def test_gz_round_trip(tmp_path: Path) -> None:
    plain = SAMPLE / "wikinews_de.jsonl"
    packed = tmp_path / "wikinews_de.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    from_plain = list(read_paths([plain]))
    from_gz = list(read_paths([packed]))
    assert len(from_gz) == len(from_plain) == 851  # 850 articles and one date warning
    assert [comparable(i) for i in from_gz] == [comparable(i) for i in from_plain]
    assert {a.source for a in articles(from_gz)} == {str(packed)}
    assert estimate_articles([packed]) == estimate_articles([plain]) == 850


def test_only_id_and_text_are_required(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "id": 7,
                "text": "Der Minister sagte, die Entscheidung sei gefallen. Es gebe keinen Weg zurück.",
            },
            {
                "id": "b",
                "text": "The minister said the decision was final and that there was no way back.",
            },
        ],
    )
    first, second = articles(list(read_paths([path])))
    assert (first.id, first.language, first.published, first.title, first.meta) == (
        "7",
        "de",
        None,
        None,
        {},
    )
    assert (second.id, second.language) == ("b", "en")


def test_published_takes_dates_and_timestamps_and_unknown_keys_go_to_meta(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "d", "text": "x y", "language": "de", "published": "2025-06-05"},
            {
                "id": "t",
                "text": "x y",
                "language": "de",
                "published": "2025-06-05T20:00:00+02:00",
                "section": "Politik",
                "authors": ["A", "B"],
                "score": 0.5,
            },
            {"id": "n", "text": "x y", "language": "en", "published": "2025-06-05T20:00:00"},
        ],
    )
    day, stamp, naive = articles(list(read_paths([path])))
    assert day.published == datetime(2025, 6, 5) and day.published.tzinfo is None
    assert stamp.published == datetime(2025, 6, 5, 20, tzinfo=timezone(timedelta(hours=2)))
    assert stamp.meta == {"section": "Politik", "authors": ["A", "B"], "score": 0.5}
    assert naive.published == datetime(2025, 6, 5, 20) and naive.published.tzinfo is None


BAD_LINES = [
    ('{"id": "x", "text": "abgebrochen', "invalid JSON"),
    ('{"text": "Kein Bezeichner."}', "missing id"),
    ('{"id": "", "text": "Leerer Bezeichner."}', "missing id"),
    ('{"id": null, "text": "Kein Bezeichner."}', "missing id"),
    ('{"id": "no-text"}', "missing text (id no-text)"),
    ('{"id": "blank", "text": " \\n\\t "}', "empty text (id blank)"),
    ('{"id": "num", "text": 42}', "text is not a string"),
    ('["id", "text"]', "not a JSON object"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_a_bad_line_is_an_error_naming_file_and_line_and_the_run_goes_on(
    tmp_path: Path, line: str, reason: str
) -> None:
    good = {"id": "ok", "text": "Ein gültiger Artikel mit Text.", "language": "de"}
    path = write_jsonl(tmp_path / "a.jsonl", [good, line, {**good, "id": "ok2"}])
    items = list(read_paths([path]))
    assert [a.id for a in articles(items)] == ["ok", "ok2"]
    [error] = errors(items)
    assert (error.source, error.item) == (str(path), "line 2")
    assert reason in error.reason
    assert str(error).startswith(f"{path}:line 2: ")


def test_undecodable_bytes_in_a_line_are_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = json.dumps({"id": "ok", "text": "Grüße aus Köln."}, ensure_ascii=False).encode()
    bad = '{"id": "latin", "text": "Grüße"}'.encode("latin-1")
    path.write_bytes(good + b"\n" + bad + b"\n" + good.replace(b'"ok"', b'"ok2"') + b"\n")
    items = list(read_paths([path]))
    assert [a.id for a in articles(items)] == ["ok", "ok2"]
    [error] = errors(items)
    assert error.item == "line 2"
    assert "not UTF-8" in error.reason and "0xfc" in error.reason


def test_an_unreadable_date_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "a", "text": "x y", "published": "irgendwann"},
            {"id": "b", "text": "x y", "published": "2999-01-01"},
        ],
    )
    items = list(read_paths([path]))
    assert [(a.id, a.published) for a in articles(items)] == [("a", None), ("b", None)]
    warnings = errors(items, "warning")
    assert [w.item for w in warnings] == ["line 1", "line 2"]
    assert "irgendwann" in warnings[0].reason and "implausible" in warnings[1].reason


def test_blank_lines_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    row = json.dumps({"id": "a", "text": "Text."}).encode()
    path.write_bytes(b"\xef\xbb\xbf" + row + b"\n\n   \n" + row.replace(b'"a"', b'"b"'))
    items = list(read_paths([path]))
    assert [(a.id, a.item) for a in articles(items)] == [("a", "line 1"), ("b", "line 4")]
    assert estimate_articles([path]) == 4


def test_a_line_over_the_size_cap_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "huge", "text": "x" * (MAX_TEXT_BYTES + 10)},
            {"id": "ok", "text": "small"},
        ],
    )
    items = list(read_paths([path]))
    assert [a.id for a in articles(items)] == ["ok"]
    [error] = errors(items)
    assert error.item == "line 1" and "over the 5 MB limit" in error.reason


def test_a_binary_file_named_jsonl_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert list(read_jsonl(path)) == [ReadError(str(path), None, "binary data, not JSON lines")]


def test_a_truncated_gz_reports_where_it_broke_after_the_good_lines(tmp_path: Path) -> None:
    rows = [json.dumps({"id": f"a{i}", "text": f"Artikel {i} " * 200}) for i in range(50)]
    packed = gzip.compress(("\n".join(rows) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_paths([path]))
    read = articles(items)
    assert 0 < len(read) < 50
    [error] = errors(items)
    assert error.item == f"line {len(read) + 1}"
    assert "ends early" in error.reason


def test_a_gz_that_is_not_gzip_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.jsonl.gz"
    path.write_text('{"id": "a", "text": "not compressed"}\n')
    [error] = list(read_paths([path]))
    assert isinstance(error, ReadError) and error.item is None
    assert "cannot read further" in error.reason


@pytest.mark.shared
def test_a_large_gz_corpus_reads_fast() -> None:
    path = shared_path("data", "corpora", "fang_covid_de", "articles.jsonl.gz")
    if path is None:
        pytest.skip(
            "needs ../shared/data/corpora/fang_covid_de (development material, absent here)"
        )
    start = time.perf_counter()
    count = sum(isinstance(item, Article) for item in read_paths([path]))
    elapsed = time.perf_counter() - start
    assert count == 41242
    assert count / elapsed > 2000, f"{count / elapsed:.0f} articles/s"

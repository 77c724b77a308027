"""The bundled sample as a new user meets it: `make ingest`, then `make ingest` again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingest.cli import main
from ingest.publish import current_snapshot

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "articles"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "quotes.duckdb"
    assert main(["ingest", str(SAMPLE), "--db", str(db), "-q"]) == 0
    return db


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_sample_ingest_stores_all_1146_articles(sample_db: Path) -> None:
    assert query(sample_db, "SELECT count(*) FROM articles_v") == [(1146,)]
    by_language = dict(query(sample_db, "SELECT language, count(*) FROM articles_v GROUP BY 1"))
    assert by_language == {"de": 851, "en": 295}


def test_seed_is_published_at_8pm_berlin_time(sample_db: Path) -> None:
    rows = query(
        sample_db,
        "SELECT published, published_tz FROM articles_v "
        "WHERE article_id = 'nato-brussels-2025-06-05.de'",
    )
    assert rows == [(datetime(2025, 6, 5, 20, 0), "Europe/Berlin")]


def test_implausible_sample_date_is_dropped_with_a_warning(sample_db: Path) -> None:
    assert query(sample_db, "SELECT count(*) FROM articles_v WHERE published IS NULL") == [(1,)]
    warnings = query(sample_db, "SELECT reason FROM ingest_errors WHERE level = 'warning'")
    assert any("0001-01-01" in str(r[0]) for r in warnings)


def test_second_ingest_reports_no_new_article_and_changes_no_count(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = ("articles_v", "statements_v", "speakers_v")
    before = [query(sample_db, f"SELECT count(*) FROM {t}") for t in tables]
    capsys.readouterr()
    assert main(["ingest", str(SAMPLE), "--db", str(sample_db), "-q"]) == 0
    out = capsys.readouterr().out
    assert "1146 articles read: 0 new, 1146 unchanged, 0 changed, 0 failed" in out
    assert [query(sample_db, f"SELECT count(*) FROM {t}") for t in tables] == before

"""Bad input never stops a run: every good article is stored, every bad one is listed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.cli import main
from ingest.publish import current_snapshot
from ingest.readers import MAX_TEXT_BYTES

MIXED = Path(__file__).resolve().parent / "fixtures" / "mixed"
GOOD_IDS = {
    "mixed-jsonl-de",
    "mixed-jsonl-en",
    "mixed-jsonl-olddate",
    "stadtbibliothek.de",
    "rathaus-sanierung.de",
}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    shutil.copytree(MIXED, folder)
    (folder / "oversized.txt").write_text("Wort " * (MAX_TEXT_BYTES // 5 + 100), "utf-8")
    return folder


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_mixed_folder_stores_every_good_article_and_lists_every_bad_one(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.duckdb"
    assert main(["ingest", str(mixed), "--db", str(db), "-q"]) == 0
    stored = {r[0] for r in query(db, "SELECT article_id FROM articles_v")}
    assert stored == GOOD_IDS
    errors = query(db, "SELECT source, item, reason FROM ingest_errors WHERE level = 'error'")
    failed_files = {Path(str(source)).name for source, _, _ in errors}
    assert failed_files == {
        "articles.jsonl",
        "binary.txt",
        "empty.txt",
        "latin1.de.txt",
        "menu-only.html",
        "oversized.txt",
    }
    assert len(errors) == 9
    out = capsys.readouterr().out
    assert "5 articles read: 5 new, 0 unchanged, 0 changed, 9 failed" in out
    assert "articles.jsonl:line 3" in out  # each failure names its file and line


def test_bad_input_loses_nothing_already_stored(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps({"id": "kept", "text": "„Es bleibt“, sagte Eva Roth."}) + "\n", "utf-8"
    )
    assert main(["ingest", str(good), "--db", str(db), "-q"]) == 0
    assert main(["ingest", str(mixed), "--db", str(db), "-q"]) == 0
    stored = {r[0] for r in query(db, "SELECT article_id FROM articles_v")}
    assert stored == GOOD_IDS | {"kept"}


def test_exit_code_is_nonzero_only_when_nothing_could_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(MIXED / "binary.txt", bad / "binary.txt")
    shutil.copy(MIXED / "empty.txt", bad / "empty.txt")
    assert main(["ingest", str(bad), "--db", str(tmp_path / "q.duckdb"), "-q"]) == 1


def test_missing_path_is_reported_not_raised(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    assert main(["ingest", str(tmp_path / "nowhere"), "--db", str(db), "-q"]) == 1
    reasons = query(db, "SELECT reason FROM ingest_errors")
    assert len(reasons) == 1

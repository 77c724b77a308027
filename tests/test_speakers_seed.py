"""The seed article end to end: ingest, resolve speakers with the shipped registry, read views."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.pipeline import run
from ingest.publish import current_snapshot

REPO = Path(__file__).resolve().parents[1]

INDO_PACIFIC = "Indopazifik"
ATTENDANCE = "Da die Treffen ja meist in Europa stattfänden"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("seed")
    db = tmp / "q.duckdb"
    seed = REPO / "data" / "articles" / "nato-brussels-2025-06-05.de.txt"
    run([str(seed)], db, data_dir=REPO / "data", progress=False)
    return duckdb.connect(str(current_snapshot(db)), read_only=True)


def said(con: duckdb.DuckDBPyConnection, words: str) -> tuple[str, str, str] | None:
    row = con.execute(
        "SELECT speaker_id, speaker, speaker_role FROM statements_v WHERE text LIKE ? "
        "ORDER BY length(text) LIMIT 1",
        [f"%{words}%"],
    ).fetchone()
    if row is None:
        pytest.skip(f"the extractor does not yet yield the statement with {words!r}")
    return row  # type: ignore[return-value]


def test_the_indo_pacific_quote_belongs_to_pete_hegseth(seed_db: duckdb.DuckDBPyConnection) -> None:
    assert said(seed_db, INDO_PACIFIC) == (
        "pete-hegseth",
        "Pete Hegseth",
        "US-Verteidigungsminister",
    )
    aliases, roles = seed_db.execute(
        "SELECT aliases, roles FROM speakers_v WHERE speaker_id = 'pete-hegseth'"
    ).fetchone()  # type: ignore[misc]
    assert "Hegseth" in aliases and "US-Verteidigungsminister" in roles


def test_the_attendance_statement_belongs_to_mark_rutte(seed_db: duckdb.DuckDBPyConnection) -> None:
    assert said(seed_db, ATTENDANCE) == ("mark-rutte", "Mark Rutte", "Nato-Generalsekretär")


def test_pistorius_under_two_name_forms_is_one_speaker(seed_db: duckdb.DuckDBPyConnection) -> None:
    rows = seed_db.execute(
        "SELECT DISTINCT speaker_id FROM statements_v WHERE speaker_in_article LIKE '%Pistorius%'"
    ).fetchall()
    if not rows:
        pytest.skip("the extractor does not yet attribute a statement to Pistorius")
    assert rows == [("boris-pistorius",)]

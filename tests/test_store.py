"""The store end to end on real DuckDB files: incremental ingest, reingest, snapshots, views."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingest import build
from ingest.pipeline import recorded_sources, run
from ingest.publish import current_snapshot, snapshot_dir

REPO = Path(__file__).resolve().parents[1]
WIKINEWS_DE = REPO / "data" / "articles" / "wikinews_de.jsonl"

QUOTE_DE = "„Wir werden das Projekt fortsetzen“, sagte Bürgermeisterin Anna Berger am Montag."
QUOTE_EN = '"We will keep the plant open," Mayor John Miller said on Monday.'


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def articles(n: int = 3, suffix: str = "") -> list[dict[str, object]]:
    return [
        {
            "id": f"a{i}",
            "text": f"{QUOTE_DE} Artikel {i}{suffix}.",
            "language": "de",
            "published": f"2025-06-0{i + 1}",
            "outlet": "Testblatt",
        }
        for i in range(n)
    ]


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            for t in ("articles_v", "statements_v", "speakers_v")
        }
    finally:
        con.close()


def ingest(sources: list[Path | str], db: Path, **kw: object) -> object:
    return run([str(s) for s in sources], db, data_dir=db.parent, progress=False, **kw)  # type: ignore[arg-type]


def test_second_ingest_of_same_input_reports_nothing_new(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    first = ingest([src], db)
    assert (first.new, first.unchanged, first.failed) == (3, 0, 0)  # type: ignore[attr-defined]
    before = counts(db)
    second = ingest([src], db)
    assert (second.new, second.unchanged, second.changed) == (0, 3, 0)  # type: ignore[attr-defined]
    assert counts(db) == before
    assert before["statements_v"] == 3


def test_changed_article_replaces_its_statements_and_keeps_others(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    ingest([src], db)
    rows = articles()
    rows[1]["text"] = f"{QUOTE_DE} {QUOTE_DE.replace('Projekt', 'Vorhaben')}"
    write_jsonl(src, rows)
    summary = ingest([src], db)
    assert (summary.new, summary.unchanged, summary.changed) == (0, 2, 1)  # type: ignore[attr-defined]
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    per_article = dict(
        con.execute("SELECT article_id, count(*) FROM statements_v GROUP BY 1").fetchall()
    )
    assert per_article == {"a0": 1, "a1": 2, "a2": 1}
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)


def test_statement_ids_survive_reingest_of_unchanged_text(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    ingest([src], db)
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    before = sorted(r[0] for r in con.execute("SELECT statement_id FROM statements_v").fetchall())
    con.close()
    ingest(recorded_sources(db), db, command="reingest", reingest=True)
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    after = sorted(r[0] for r in con.execute("SELECT statement_id FROM statements_v").fetchall())
    assert before == after and len(before) == 3


def test_reingest_publishes_while_a_reader_holds_the_old_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    ingest([src], db)
    old = current_snapshot(db)
    reader = duckdb.connect(str(old), read_only=True)
    summary = ingest(recorded_sources(db), db, command="reingest", reingest=True)
    new = current_snapshot(db)
    assert new != old and summary.read == 3  # type: ignore[attr-defined]
    assert reader.execute("SELECT count(*) FROM statements_v").fetchone() == (3,)
    reader.close()
    fresh = duckdb.connect(str(new), read_only=True)
    assert fresh.execute("SELECT count(*) FROM statements_v").fetchone() == (3,)


def test_reingest_reextracts_articles_whose_source_is_gone(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    ingest([src], db)
    src.unlink()
    summary = ingest(recorded_sources(db), db, command="reingest", reingest=True)
    assert summary.from_stored_text == 3  # type: ignore[attr-defined]
    assert counts(db)["statements_v"] == 3


def test_failed_build_keeps_the_published_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    ingest([src], db)
    published = current_snapshot(db)

    def disk_full(con: object, ctx: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(build, "PASSES", [*build.PASSES, ("disk full", disk_full)])
    with pytest.raises(OSError, match="No space"):
        ingest([write_jsonl(src, articles(suffix=" geändert"))], db)
    assert current_snapshot(db) == published
    assert not list(snapshot_dir(db).glob("*.building"))


def test_killed_ingest_leaves_the_published_snapshot_intact(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    ingest([src], db)
    published, before = current_snapshot(db), counts(db)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ingest.cli",
            "ingest",
            str(WIKINEWS_DE),
            "--db",
            str(db),
            "--workers",
            "1",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(snapshot_dir(db).glob("*.building")):
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert current_snapshot(db) == published
    assert counts(db) == before
    ingest([src], db)  # the next run cleans up after the killed one
    assert not list(snapshot_dir(db).glob("*.building"))


def test_old_snapshots_are_cleaned_up(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    src = write_jsonl(tmp_path / "a.jsonl", articles())
    for _ in range(4):
        ingest([src], db)
    assert len(list(snapshot_dir(db).glob("*.duckdb"))) == 2
    assert db.is_symlink() and current_snapshot(db) is not None


def test_views_carry_the_contract_columns(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    ingest([write_jsonl(tmp_path / "a.jsonl", articles())], db)
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    contract = {
        "statements_v": [
            "statement_id",
            "kind",
            "text",
            "speaker",
            "speaker_id",
            "speaker_role",
            "cue",
            "confidence",
            "article_id",
            "outlet",
            "url",
            "title",
            "published",
            "language",
            "start",
            "end",
            "topics",
        ],
        "speakers_v": [
            "speaker_id",
            "name",
            "aliases",
            "roles",
            "first_seen",
            "last_seen",
            "statements",
        ],
        "articles_v": [
            "article_id",
            "outlet",
            "url",
            "title",
            "published",
            "language",
            "statements",
        ],
    }
    for view, columns in contract.items():
        have = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        assert have[: len(columns)] == columns, view


def test_stored_statement_text_is_the_article_slice(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    ingest([write_jsonl(tmp_path / "a.jsonl", articles())], db)
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    bad = con.execute(
        "SELECT count(*) FROM statements s JOIN articles a USING (article_id) "
        'WHERE substr(a.text, s."start" + 1, s."end" - s."start") <> s.text'
    ).fetchone()
    assert bad == (0,)

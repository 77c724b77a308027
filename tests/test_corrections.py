"""Corrections: kept as text, reapplied on every build, never lost, reported when stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from speaker_helpers import article, current, publish_built, said

from ingest.cli import main
from ingest.corrections import (
    CorrectionError,
    add_correction,
    corrections_dir,
    export_corrections,
    import_corrections,
    load_corrections,
    make_correction,
)
from ingest.pipeline import rebuild, recorded_sources, run
from ingest.registry import load_registry

QUOTE = "Wir werden das Projekt fortsetzen"


def ingest(tmp_path: Path, data: Path, *, reingest: bool = False) -> Path:
    db = tmp_path / "q.duckdb"
    if reingest:
        run(
            recorded_sources(db),
            db,
            data_dir=data,
            command="reingest",
            reingest=True,
            progress=False,
        )
        return db
    src = tmp_path / "a.jsonl"
    row = {
        "id": "a1",
        "text": f"„{QUOTE}“, sagte Bürgermeisterin Anna Berger. „Gut so“, sagte Karl Roth.",
        "language": "de",
        "published": "2025-06-05",
    }
    src.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    run([str(src)], db, data_dir=data, progress=False)
    return db


def statement_id(db: Path, quote: str) -> str:
    con = current(db)
    try:
        row = con.execute("SELECT statement_id FROM statements WHERE text = ?", [quote]).fetchone()
    finally:
        con.close()
    assert row is not None, "the extractor should find the quoted sentence"
    return str(row[0])


def hegseth_and_rutte(tmp_path: Path) -> tuple[Path, Path]:
    """A published snapshot with two people in two articles (hand-made statements)."""
    data = tmp_path / "data"
    data.mkdir()
    a1 = article("a1", "„Wir bleiben“, sagte Pete Hegseth. „Hegseth irrt“, sagte Kritiker.")
    a2 = article(
        "a2", "„Alle kommen“, sagte Mark Rutte. „Ja“, sagte Rutte.", published="2025-06-06"
    )
    db = tmp_path / "q.duckdb"
    publish_built(
        db,
        [
            (a1, [said(a1, "Wir bleiben", "Pete Hegseth"), said(a1, "Hegseth irrt", "Kritiker")]),
            (a2, [said(a2, "Alle kommen", "Mark Rutte"), said(a2, "Ja", "Rutte")]),
        ],
        data,
    )
    return db, data


def state(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    con = current(db)
    try:
        speakers = con.execute(
            "SELECT speaker_id, name, aliases, roles, statements, kind FROM speakers_v ORDER BY 1"
        ).fetchall()
        said_by = con.execute(
            "SELECT statement_id, speaker_id, speaker FROM statements_v ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    return speakers, said_by


def test_a_correction_made_before_reingest_is_still_in_effect_after_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = ingest(tmp_path, data)
    sid = statement_id(db, QUOTE)
    add_correction(data, make_correction("speaker", statement=sid, speaker="Erika Mustermann"))
    add_correction(data, make_correction("kind", statement=sid, kind="indirect"))
    ingest(tmp_path, data, reingest=True)
    con = current(db)
    row = con.execute(
        "SELECT speaker_id, speaker, kind FROM statements_v WHERE statement_id = ?", [sid]
    ).fetchone()
    assert row == ("erika-mustermann", "Erika Mustermann", "indirect")
    assert con.execute("SELECT count(*) FROM correction_problems").fetchone() == (0,)


def test_speakers_merge_then_split_restores_the_original_state(tmp_path: Path) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    before = state(db)
    common = ["--db", str(db), "--data-dir", str(data), "--apply"]
    assert main(["speakers", "merge", "pete-hegseth", "Mark Rutte", *common]) == 0
    merged = state(db)
    assert {r[1] for r in merged[1]} == {"pete-hegseth", "kritiker--a1"}
    aliases = next(r[2] for r in merged[0] if r[0] == "pete-hegseth")
    assert {"Mark Rutte", "Rutte"} <= set(aliases)  # type: ignore[arg-type]
    assert main(["speakers", "split", "pete-hegseth", "mark-rutte", *common]) == 0
    assert state(db) == before


def test_split_of_a_name_form_makes_it_a_speaker_of_its_own(tmp_path: Path) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    add_correction(data, make_correction("split", speaker="mark-rutte", other="Rutte"))
    rebuild(db, data_dir=data, command="respeak")
    con = current(db)
    said_by = dict(con.execute("SELECT text, speaker_id FROM statements_v").fetchall())
    assert said_by["Alle kommen"] == "mark-rutte" and said_by["Ja"] == "rutte"


def test_a_statement_marked_not_a_statement_leaves_statements_v_but_stays_inspectable(
    tmp_path: Path,
) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    con = current(db)
    sid = con.execute("SELECT statement_id FROM statements_v WHERE text = 'Ja'").fetchone()[0]  # type: ignore[index]
    con.close()
    assert (
        main(
            [
                "correct",
                "not-statement",
                sid,
                "--why",
                "a greeting",
                "--who",
                "anna",
                "--db",
                str(db),
                "--data-dir",
                str(data),
                "--apply",
            ]
        )
        == 0
    )
    con = current(db)
    assert con.execute(
        "SELECT count(*) FROM statements_v WHERE statement_id = ?", [sid]
    ).fetchone() == (0,)
    row = con.execute("SELECT text, who, why FROM not_statements_v").fetchone()
    assert row == ("Ja", "anna", "a greeting")
    assert con.execute(
        "SELECT statements FROM speakers_v WHERE speaker_id = 'mark-rutte'"
    ).fetchone() == (1,)


def test_a_correction_whose_statement_is_gone_is_reported_not_dropped(tmp_path: Path) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    c = add_correction(data, make_correction("not_statement", statement="0" * 20, why="gone"))
    rebuild(db, data_dir=data, command="respeak")
    con = current(db)
    assert con.execute("SELECT correction_id, action FROM correction_problems").fetchall() == [
        (c.id, "not_statement")
    ]
    assert con.execute("SELECT status FROM corrections").fetchall() == [("problem",)]


@pytest.mark.parametrize(
    ("action", "kw", "problem"),
    [
        ("merge", {"speaker": "nobody-at-all", "other": "mark-rutte"}, "no speaker"),
        ("merge", {"speaker": "mark-rutte", "other": "nobody-at-all"}, "no speaker"),
        ("split", {"speaker": "mark-rutte", "other": "Angela Merkel"}, "neither"),
    ],
)
def test_speaker_corrections_that_find_no_speaker_are_reported(
    tmp_path: Path, action: str, kw: dict[str, str], problem: str
) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    add_correction(data, make_correction(action, **kw))  # type: ignore[arg-type]
    rebuild(db, data_dir=data, command="respeak")
    rows = current(db).execute("SELECT problem FROM correction_problems").fetchall()
    assert len(rows) == 1 and problem in rows[0][0]


def test_a_withdrawn_correction_no_longer_applies(tmp_path: Path) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    before = state(db)
    merge = add_correction(
        data, make_correction("merge", speaker="pete-hegseth", other="mark-rutte")
    )
    rebuild(db, data_dir=data, command="respeak")
    assert state(db) != before
    add_correction(data, make_correction("withdraw", correction=merge.id))
    rebuild(db, data_dir=data, command="respeak")
    assert state(db) == before
    statuses = dict(current(db).execute("SELECT action, status FROM corrections").fetchall())
    assert statuses == {"merge": "withdrawn", "withdraw": "applied"}


def test_reassigning_to_a_known_speaker_by_name_uses_its_id(tmp_path: Path) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    con = current(db)
    sid = con.execute(
        "SELECT statement_id FROM statements_v WHERE text = 'Hegseth irrt'"
    ).fetchone()[0]  # type: ignore[index]
    con.close()
    assert (
        main(
            [
                "correct",
                "speaker",
                sid,
                "Rutte",
                "--db",
                str(db),
                "--data-dir",
                str(data),
                "--apply",
            ]
        )
        == 0
    )
    row = (
        current(db)
        .execute("SELECT speaker_id FROM statements_v WHERE statement_id = ?", [sid])
        .fetchone()
    )
    assert row == ("mark-rutte",)


def test_corrections_are_one_json_line_each_with_who_when_and_why(tmp_path: Path) -> None:
    c = add_correction(
        tmp_path, make_correction("kind", statement="abc", kind="partial", who="anna", why="typo")
    )
    lines = (corrections_dir(tmp_path) / "corrections.jsonl").read_text("utf-8").splitlines()
    row = json.loads(lines[0])
    assert row["id"] == c.id and row["who"] == "anna" and row["why"] == "typo" and row["when"]
    assert load_corrections(tmp_path) == [c]


def test_export_then_import_elsewhere_carries_every_correction_once(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    add_correction(here, make_correction("not_statement", statement="s1"))
    add_correction(here, make_correction("merge", speaker="a", other="b"))
    dump = tmp_path / "dump.jsonl"
    dump.write_text(export_corrections(here), encoding="utf-8")
    assert import_corrections(there, dump) == (2, 0)
    assert import_corrections(there, dump) == (0, 2)
    assert load_corrections(there) == load_corrections(here)


@pytest.mark.parametrize(
    ("action", "kw"),
    [
        ("speaker", {"statement": "s1"}),
        ("kind", {"statement": "s1", "kind": "rumour"}),
        ("merge", {"speaker": "a", "other": "a"}),
        ("withdraw", {}),
    ],
)
def test_incomplete_corrections_are_refused(action: str, kw: dict[str, str]) -> None:
    with pytest.raises(CorrectionError):
        make_correction(action, **kw)  # type: ignore[arg-type]


def test_speakers_alias_goes_to_the_registry_and_the_next_build_uses_it(tmp_path: Path) -> None:
    db, data = hegseth_and_rutte(tmp_path)
    assert (
        main(
            [
                "speakers",
                "alias",
                "mark-rutte",
                "Mr. Nato",
                "--db",
                str(db),
                "--data-dir",
                str(data),
                "--apply",
            ]
        )
        == 0
    )
    entry = load_registry(data)[0]
    assert (entry.speaker_id, entry.name, entry.aliases) == (
        "mark-rutte",
        "Mark Rutte",
        ("Mr. Nato",),
    )
    con = current(db)
    assert con.execute(
        "SELECT source FROM speakers_v WHERE speaker_id = 'mark-rutte'"
    ).fetchone() == ("registry",)


def test_speakers_list_and_show_read_the_snapshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = hegseth_and_rutte(tmp_path)
    assert main(["speakers", "list", "--db", str(db), "--kind", "person", "--format", "json"]) == 0
    listed = [json.loads(line)["speaker_id"] for line in capsys.readouterr().out.splitlines()]
    assert sorted(listed) == ["mark-rutte", "pete-hegseth"]
    assert main(["speakers", "show", "Rutte", "--db", str(db)]) == 0
    shown = capsys.readouterr().out
    assert "Mark Rutte  [mark-rutte]" in shown and "2 statements" in shown

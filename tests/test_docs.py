"""Documentation that cannot drift: the README against the real CLI, Makefile and views."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import duckdb
import pytest

from ingest.cli import build_parser
from ingest.pipeline import run
from ingest.publish import current_snapshot

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def subcommands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_readme_shows_the_two_commands_first() -> None:
    first_screen = README[:1200]
    assert "make run" in first_screen and "make test" in first_screen


@pytest.mark.parametrize("command", subcommands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"quotetrack {command}" in README


@pytest.mark.parametrize("command", subcommands())
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: quotetrack" in capsys.readouterr().out


def test_every_make_target_is_in_the_readme() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z]+):.*## ", makefile, flags=re.M)
    assert targets
    missing = [t for t in targets if t != "help" and f"make {t}" not in README]
    assert not missing


def test_every_view_column_is_documented(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "„Ja“, sagte Eva Roth."}) + "\n", "utf-8")
    db = tmp_path / "q.duckdb"
    run([str(src)], db, data_dir=tmp_path, progress=False)
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    views = [
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
    ]
    assert {"statements_v", "speakers_v", "articles_v"} <= set(views)
    for view in views:
        assert f"`{view}`" in README, f"view {view} is not in the README"
        columns = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        undocumented = [c for c in columns if f"`{c}`" not in README]
        assert not undocumented, f"{view}: {undocumented} not in the README"

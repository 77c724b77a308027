"""Read-only SQL from the terminal: answers queries, refuses everything that is not a read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.pipeline import run
from ingest.sqlguard import QueryRefused, guarded_connection, run_query

ARTICLES = [
    {
        "id": "d1",
        "language": "de",
        "outlet": "Testblatt",
        "published": "2025-06-05",
        "text": "„Wir bleiben in Brüssel“, sagte Ministerin Eva Roth am Donnerstag.",
    },
    {
        "id": "e1",
        "language": "en",
        "outlet": "Test Times",
        "published": "2025-06-06",
        "text": '"We are staying in Brussels," Minister Eva Roth said on Thursday.',
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sql")
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), "utf-8")
    path = folder / "quotes.duckdb"
    run([str(src)], path, data_dir=folder, progress=False)
    return path


@pytest.mark.parametrize(
    ("query", "refusal"),
    [
        ("COPY (SELECT 1) TO 'x.csv'", "COPY is not allowed"),
        ("ATTACH 'x.duckdb'", "ATTACH is not allowed"),
        ("INSTALL httpfs", "not allowed"),
        ("LOAD fts", "not allowed"),
        ("CREATE TABLE t (a INTEGER)", "CREATE is not allowed"),
        ("DELETE FROM statements", "DELETE is not allowed"),
        ("SET threads = 1", "SET is not allowed"),
        ("SELECT 1; SELECT 2", "one statement at a time"),
        ("SELEC 1", "does not parse"),
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
        ("SELECT * FROM read_text('https://example.org')", "disabled by configuration"),
    ],
)
def test_guarded_runner_refuses_what_is_not_a_read(db: Path, query: str, refusal: str) -> None:
    con, _ = guarded_connection(db)
    with pytest.raises(QueryRefused, match=refusal):
        run_query(con, query)


def test_guarded_runner_answers_select_with_row_limit(db: Path) -> None:
    con, _ = guarded_connection(db)
    result = run_query(con, "SELECT * FROM range(50)", row_limit=10)
    assert result.columns == ["range"] and len(result.rows) == 10 and result.truncated


def test_guarded_runner_interrupts_long_queries(db: Path) -> None:
    con, _ = guarded_connection(db)
    with pytest.raises(QueryRefused, match="longer than"):
        run_query(con, "SELECT count(*) FROM range(10000000000) a", time_limit=0.2)


def test_sql_command_prints_json_rows(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "sql",
            "--db",
            str(db),
            "--format",
            "json",
            "SELECT article_id, outlet FROM articles_v ORDER BY article_id",
        ]
    )
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert rows == [
        {"article_id": "d1", "outlet": "Testblatt"},
        {"article_id": "e1", "outlet": "Test Times"},
    ]


def test_sql_command_prints_csv_with_header(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["sql", "--db", str(db), "--format", "csv", "SELECT count(*) AS n FROM statements_v"])
        == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["n"], ["2"]]


def test_sql_command_reports_refusal_in_one_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "--db", str(db), "COPY (SELECT 1) TO 'x.csv'"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("quotetrack sql: COPY is not allowed") and "\n" not in err


def test_sql_command_on_missing_database_says_how_to_fill_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"]) == 1
    assert "make ingest" in capsys.readouterr().err

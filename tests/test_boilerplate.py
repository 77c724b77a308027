"""Repeated site text: the same speakerless words under many articles of one outlet are left
out of the views, listed in not_statements_v with the reason; quotes with a speaker stay."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from ingest.boilerplate import MIN_ARTICLES
from ingest.pipeline import run
from ingest.publish import current_snapshot

ADVERT = (
    "Am 28. April erschien das zweite Buch, „Der Hollywood-Code: Kult, Satanismus und "
    "Symbolik“, das sich nach Ansicht des Verlags wie ein Krimi lese."
)
QUOTE = "„Wir halten Kurs, auch wenn es schwer wird“, sagte Angela Merkel."


def _ingest(tmp_path: Path, outlets: list[str]) -> duckdb.DuckDBPyConnection:
    rows = [
        {
            "id": f"a{k}",
            "text": f"Bericht Nummer {k} über die Lage in der Stadt. {QUOTE} {ADVERT}",
            "language": "de",
            "published": f"2025-03-{k + 1:02d}",
            "outlet": outlet,
        }
        for k, outlet in enumerate(outlets)
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    db = tmp_path / "q.duckdb"
    run([str(src)], db, data_dir=tmp_path, progress=False)
    return duckdb.connect(str(current_snapshot(db)), read_only=True)


def _texts(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT text FROM {view}").fetchall()]


def test_speakerless_text_on_many_pages_of_one_outlet_leaves_the_views(tmp_path: Path) -> None:
    con = _ingest(tmp_path, ["Kopp"] * MIN_ARTICLES)
    assert not any("Hollywood-Code" in t for t in _texts(con, "statements_v"))
    assert sum("Kurs" in t for t in _texts(con, "statements_v")) == MIN_ARTICLES  # Merkel stays
    reasons = con.execute(
        "SELECT DISTINCT why FROM not_statements_v WHERE text LIKE '%Hollywood-Code%'"
    ).fetchall()
    assert len(reasons) == 1 and "repeated site text" in reasons[0][0]
    spread = con.execute("SELECT max(articles) FROM statement_clusters_v").fetchone()
    assert spread is not None and spread[0] == MIN_ARTICLES  # Merkel's quote, not the advert


def test_the_same_text_in_fewer_articles_or_across_outlets_stays(tmp_path: Path) -> None:
    outlets = ["Kopp"] * (MIN_ARTICLES - 1) + ["Tagesblatt"]
    con = _ingest(tmp_path, outlets)
    assert sum("Hollywood-Code" in t for t in _texts(con, "statements_v")) == MIN_ARTICLES

"""One record per repeated quote: table-driven wording pairs, then a real ingest."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingest.clusters import Row, Variant, clusters_of, compare, normalise, quote_key
from ingest.pipeline import run
from ingest.publish import current_snapshot

QUOTE = "Wir werden die Steuern nicht erhöhen, solange ich Kanzlerin bin"


def test_normalising_removes_case_marks_and_punctuation() -> None:
    assert (
        normalise("„Wir werden –  die STEUERN nicht erhöhen!“")
        == "wir werden die steuern nicht erhöhen"
    )
    assert quote_key("»Ja, sicher.«") == quote_key('"ja sicher"')
    assert quote_key("…") is None


# a, b, how they relate
PAIRS = [
    (QUOTE, QUOTE.replace("Kanzlerin", "Regierungschefin"), "similar"),
    (QUOTE, QUOTE + " und die Lage es erlaubt", "contained"),
    ("Wir werden die Steuern nicht erhöhen", QUOTE, "contained"),
    (QUOTE, "Die Renten sind sicher, das verspreche ich allen Menschen im Land", None),
    ("Das ist gut", "Das ist gut so", None),  # too short to be a shortened report
]


@pytest.mark.parametrize(("a", "b", "relation"), PAIRS)
def test_how_two_wordings_relate(a: str, b: str, relation: str | None) -> None:
    found = compare(Variant(normalise(a)), Variant(normalise(b)))
    assert (found[0] if found else None) == relation


def row(sid: str, speaker: str | None, quote: str, day: int, article: str | None = None) -> Row:
    return Row(sid, speaker, quote, quote_key(quote), article or sid, datetime(2025, 3, day))


def members(rows: list[Row]) -> list[set[str]]:
    groups: dict[str, set[str]] = {}
    for sid, (cluster, _) in clusters_of(rows).items():
        groups.setdefault(cluster, set()).add(sid)
    return sorted(groups.values(), key=sorted)


def test_shortened_extended_and_remarked_quotes_form_one_cluster() -> None:
    rows = [
        row("s1", "merkel", f"„{QUOTE}“", 3),
        row("s2", "merkel", f'"{QUOTE}"', 4),
        row("s3", "merkel", "»Wir werden die Steuern nicht erhöhen«", 5),
        row("s4", "merkel", QUOTE.replace("Kanzlerin", "Regierungschefin"), 6),
    ]
    assert clusters_of(rows) == {
        "s1": ("s1", "first"),
        "s2": ("s1", "identical"),
        "s3": ("s1", "contained"),
        "s4": ("s1", "similar"),
    }


def test_different_speakers_are_never_merged() -> None:
    rows = [row("s1", "merkel", QUOTE, 3), row("s2", "scholz", QUOTE, 2)]
    assert members(rows) == [{"s1"}, {"s2"}]


def test_without_a_speaker_only_long_identical_quotes_are_merged() -> None:
    long = "Die Lage an den Grenzen ist ernst, aber sie ist beherrschbar, sagen wir"
    rows = [
        row("s1", None, long, 3),
        row("s2", None, f"„{long}“", 4),
        row("s3", None, "Das ist gut", 3),
        row("s4", None, "Das ist gut", 4),
        row("s5", None, long.replace("ernst", "sehr ernst"), 5),
    ]
    assert members(rows) == [{"s1", "s2"}, {"s3"}, {"s4"}, {"s5"}]


def test_a_long_speakerless_copy_joins_the_one_speaker_with_those_words() -> None:
    long = "Die Lage an den Grenzen ist ernst, aber sie ist beherrschbar, sagen wir"
    rows = [row("s1", "merkel", long, 3), row("s2", None, long, 4), row("s3", None, long, 5)]
    assert members(rows) == [{"s1", "s2", "s3"}]
    assert {c for c, _ in clusters_of(rows).values()} == {"s1"}


def test_a_speakerless_copy_of_words_two_speakers_said_stays_apart() -> None:
    long = "Die Lage an den Grenzen ist ernst, aber sie ist beherrschbar, sagen wir"
    rows = [row("s1", "merkel", long, 3), row("s2", "scholz", long, 4), row("s3", None, long, 5)]
    assert members(rows) == [{"s1"}, {"s2"}, {"s3"}]


def test_a_short_phrase_never_joins_two_different_long_quotes() -> None:
    short = "Wir schaffen das, davon bin ich fest überzeugt"
    first = f"{short}, und wo uns etwas im Wege steht, muss es überwunden werden"
    second = f"Die Flüchtlinge brauchen Hilfe, und {short.lower()} nach all den Monaten"
    rows = [row("s1", "m", first, 3), row("s2", "m", second, 4), row("s3", "m", short, 5)]
    clusters = members(rows)
    assert len(clusters) == 2
    assert {"s1", "s2"} not in clusters and not any({"s1", "s2"} <= c for c in clusters)


def test_the_first_appearance_is_the_earliest_dated_one() -> None:
    rows = [row("b", "m", QUOTE, 9), row("a", "m", QUOTE, 7), row("c", "m", QUOTE, 8)]
    rows.append(Row("d", "m", QUOTE, quote_key(QUOTE), "d", None))
    assert {cluster for cluster, _ in clusters_of(rows).values()} == {"a"}


ARTICLES = [
    ("a1", "Berlin. „{q}“, sagte Angela Merkel.", "2025-03-03", "Tagesblatt"),
    ("a2", 'Die Kanzlerin legte sich fest. "{q}", sagte Angela Merkel.', "2025-03-04", "Abendpost"),
    ("a3", "Merkel bleibt dabei. »{short}«, sagte Angela Merkel.", "2025-03-05", "Tagesblatt"),
    ("a4", "Auch in Hamburg hieß es: „{q}“, sagte Olaf Scholz.", "2025-03-02", "Abendpost"),
]


@pytest.fixture
def cluster_db(tmp_path: Path) -> Path:
    rows = [
        {
            "id": aid,
            "text": text.format(q=QUOTE, short="Wir werden die Steuern nicht erhöhen"),
            "language": "de",
            "published": day,
            "outlet": outlet,
        }
        for aid, text, day, outlet in ARTICLES
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    db = tmp_path / "q.duckdb"
    run([str(src)], db, data_dir=tmp_path, progress=False)
    return db


def test_one_quote_in_three_articles_from_two_outlets_is_one_record(cluster_db: Path) -> None:
    con = duckdb.connect(str(current_snapshot(cluster_db)), read_only=True)
    rows = con.execute(
        "SELECT speaker, articles, outlets, statements, first_seen, first_article_id, "
        "first_outlet, text FROM statement_clusters_v ORDER BY articles DESC"
    ).fetchall()
    merkel, scholz = rows
    assert merkel[:4] == ("Angela Merkel", 3, 2, 3)
    assert merkel[4] == datetime(2025, 3, 3) and merkel[5:7] == ("a1", "Tagesblatt")
    assert merkel[7] == QUOTE
    assert scholz[:4] == ("Olaf Scholz", 1, 1, 1)


def test_every_statement_carries_its_cluster(cluster_db: Path) -> None:
    con = duckdb.connect(str(current_snapshot(cluster_db)), read_only=True)
    rows = con.execute("SELECT article_id, cluster_id FROM statements_v ORDER BY 1").fetchall()
    clusters = dict(rows)
    assert None not in clusters.values()
    assert clusters["a1"] == clusters["a2"] == clusters["a3"] != clusters["a4"]
    appearances = con.execute(
        "SELECT appearances FROM statement_clusters_v WHERE articles = 3"
    ).fetchone()
    assert appearances is not None
    assert [a["article_id"] for a in appearances[0]] == ["a1", "a2", "a3"]


def test_a_short_quote_repeated_months_later_is_another_record() -> None:
    rows = [
        row("s1", "m", "„historisch“", 3),
        row("s2", "m", "historisch", 4),
        Row("s3", "m", "historisch", quote_key("historisch"), "s3", datetime(2025, 9, 1)),
    ]
    assert members(rows) == [{"s1", "s2"}, {"s3"}]

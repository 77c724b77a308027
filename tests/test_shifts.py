"""Change over time: pairs of a speaker's statements on one topic worth a second look."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.db import connect_reader
from ingest.pipeline import run
from ingest.shifts import TimelineStatement, compare_statements, topic_timeline, worth_a_look


def said(quote: str, day: int, language: str = "de") -> TimelineStatement:
    return TimelineStatement(
        f"s{day}", f"c{day}", date(2025, 1, day), False, quote, language, None, None, 1
    )


# earlier, later, language, reasons (None: no hint)
PAIRS = [
    (
        "Wir werden die Steuern erhöhen.",
        "Wir werden die Steuern nicht erhöhen.",
        "de",
        ("negation in one only",),
    ),
    (
        "Wir unterstützen mehr Waffenlieferungen an die Ukraine.",
        "Wir lehnen Waffenlieferungen an die Ukraine ab, weniger ist besser.",
        "de",
        ("opposite stance words",),
    ),
    (
        "We support more troops in Europe.",
        "We oppose troops in Europe, fewer is better.",
        "en",
        ("opposite stance words",),
    ),
    ("We will not raise taxes.", "We won't raise taxes.", "en", None),  # both negated
    ("Die Steuern steigen nicht.", "Der Wetterbericht ist gut.", "de", None),  # nothing shared
]


@pytest.mark.parametrize(("earlier", "later", "language", "reasons"), PAIRS)
def test_pairs(earlier: str, later: str, language: str, reasons: tuple[str, ...] | None) -> None:
    hint = compare_statements(said(earlier, 1, language), said(later, 2, language))
    if reasons is None:
        assert hint is None
    else:
        assert hint is not None and set(reasons) <= set(hint.reasons)


TEXTS = [
    ("2025-01-10", "„Wir werden den Verteidigungshaushalt deutlich erhöhen“, sagte Anna Berger."),
    ("2025-03-10", "„Den Verteidigungshaushalt werden wir nicht erhöhen“, sagte Anna Berger."),
    ("2025-03-11", "„Den Verteidigungshaushalt werden wir nicht erhöhen“, sagte Anna Berger."),
    ("2025-04-10", "„Das Wetter in Berlin ist schön“, sagte Anna Berger."),
]


def test_a_speakers_turn_on_a_topic_is_found_after_ingest(tmp_path: Path) -> None:
    rows = [
        {"id": f"t{i}", "text": text, "language": "de", "published": day, "outlet": f"O{i}"}
        for i, (day, text) in enumerate(TEXTS)
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    db = tmp_path / "q.duckdb"
    run([str(src)], db, data_dir=tmp_path, progress=False)
    con, _ = connect_reader(db)
    try:
        (speaker,) = con.execute("SELECT DISTINCT speaker_id FROM statements_v").fetchone() or ()
        timeline = topic_timeline(con, speaker, "defence-spending")
        hints = worth_a_look(con, speaker, "defence-spending")
    finally:
        con.close()
    assert [t.said_on for t in timeline] == [date(2025, 1, 10), date(2025, 3, 10)]
    assert timeline[1].articles == 2  # the repeated quote appears once, with its spread
    (hint,) = hints
    assert (hint.earlier.said_on, hint.later.said_on) == (date(2025, 1, 10), date(2025, 3, 10))
    assert "negation in one only" in hint.reasons

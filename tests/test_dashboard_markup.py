"""The dashboard's HTML: text always escaped, highlights never lose or reorder a character."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from dashboard import markup
from ingest.cli import dashboard_app

TAG = re.compile(r"<[^>]+>")


def visible_text(body: str) -> str:
    """What a browser shows of ``body`` (statement numbers removed)."""
    body = re.sub(r'<sup class="qt-n"[^>]*>\d+</sup>', "", body)
    return html.unescape(TAG.sub("", body))


TEXT = '„Wir <b>bauen</b> die Brücke & mehr“, sagte Anna Berger. "Nie!", rief Paul.\nZeile 2'
ROWS = [
    {
        "statement_id": "s1",
        "kind": "direct",
        "start": 1,
        "end": 32,
        "spans": [[1, 32]],
        "speaker": "Anna Berger",
        "speaker_start": 41,
        "speaker_end": 52,
        "cue": "sagte",
        "cue_start": 35,
        "cue_end": 40,
        "confidence": 0.9,
    },
    {"statement_id": "s2", "kind": "indirect", "start": 55, "end": 59, "speaker": None},
]


def test_article_html_keeps_every_character_and_escapes_markup() -> None:
    marks = markup.marks_for(ROWS, len(TEXT))
    body = markup.article_html(TEXT, marks, focus="s1")
    assert visible_text(body) == TEXT
    assert "<b>bauen</b>" not in body and "&lt;b&gt;bauen&lt;/b&gt;" in body
    assert body.count('class="qt-n"') == 2
    assert 'class="qt-s qt-k-direct qt-focus"' in body
    assert "qt-mention" in body and "qt-cue" in body


@given(
    st.text(min_size=1, max_size=200),
    st.lists(st.tuples(st.integers(-5, 210), st.integers(-5, 210)), max_size=6),
)
def test_highlighting_any_text_with_any_spans_never_changes_the_text(
    text: str, spans: list[tuple[int, int]]
) -> None:
    rows = [
        {"statement_id": f"s{i}", "kind": "mixed", "start": a, "end": b, "spans": [[a, b]]}
        for i, (a, b) in enumerate(spans)
    ]
    marks = markup.marks_for(rows, len(text))
    assert all(0 <= m.start < m.end <= len(text) for m in marks)
    assert visible_text(markup.article_html(text, marks)) == text


def test_matched_words_are_marked_whole() -> None:
    body = markup.highlight_words("Die Brücke <kommt> – brückenbau", frozenset({"brücke"}))
    assert body == "Die <mark>Brücke</mark> &lt;kommt&gt; – brückenbau"


def test_statement_card_escapes_and_links() -> None:
    row = {
        "statement_id": "s1",
        "article_id": "a b",
        "quote": "<script>alert(1)</script>",
        "speaker": "Anna <i>Berger</i>",
        "speaker_id": "anna-berger",
        "language": "de",
        "kind": "direct",
        "url": "https://example.org/?a=1&b=2",
        "date": date(2025, 6, 5),
        "confidence": 0.5,
    }
    card = markup.statement_card(row, frozenset(), markup.statement_links(row))
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "<i>Berger</i>" not in card
    assert "„&lt;script&gt;alert(1)&lt;/script&gt;“" in card
    assert 'href="https://example.org/?a=1&amp;b=2"' in card
    assert 'href="article?id=a+b&amp;s=s1"' in card
    assert 'href="speaker?id=anna-berger"' in card
    assert "5 Jun 2025" in card


def test_dates_are_days() -> None:
    assert markup.format_date(datetime(2025, 6, 5, 20, 0)) == "5 Jun 2025"
    assert markup.format_date(None) == "—"


def test_the_command_finds_the_app_its_pages_and_config() -> None:
    app = dashboard_app()
    assert app.is_file()
    for page in ("search", "speaker", "compare", "spread", "article", "sql", "try_it", "review"):
        assert (app.parent / "views" / f"{page}.py").is_file()
    assert (app.parent / ".streamlit" / "config.toml").is_file()


def test_nothing_outside_the_dashboard_imports_streamlit() -> None:
    package = dashboard_app().parents[1] / "ingest"
    importing = [
        str(path.relative_to(package.parent))
        for path in package.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+streamlit\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert importing == []

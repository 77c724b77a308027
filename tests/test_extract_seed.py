"""The seed article: the statements the product was specified from (the first test to keep)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import analyse, extract
from ingest.model import Article, Statement


@pytest.fixture(scope="module")
def statements(seed_path: Path) -> list[Statement]:
    text = seed_path.read_text(encoding="utf-8")
    article = Article(id="nato-brussels-2025-06-05.de", text=text, language="de")
    return extract(article)


@pytest.fixture(scope="module")
def seed_path() -> Path:
    return (
        Path(__file__).resolve().parents[1]
        / "data"
        / "articles"
        / "nato-brussels-2025-06-05.de.txt"
    )


def _find(statements: list[Statement], text: str) -> Statement:
    hits = [s for s in statements if s.text.strip(" .") == text.strip(" .")]
    assert hits, f"no statement {text!r}; got {[s.text for s in statements]}"
    return hits[0]


def test_hegseth_direct_quote_through_pronoun(statements: list[Statement]) -> None:
    s = _find(
        statements,
        "Jetzt, da unsere Alliierte einen Teil der Last tragen, können wir unseren Fokus auf "
        "den Indopazifik schärfen: die für uns wichtigste Region.",
    )
    assert s.kind == "direct"
    assert s.speaker == "Pete Hegseth"
    assert s.speaker_mention == "er"
    assert s.speaker_role == "US-Verteidigungsminister"


def test_rutte_indirect_konjunktiv_after_colon(statements: list[Statement]) -> None:
    s = _find(
        statements,
        "Da die Treffen ja meist in Europa stattfänden, sei es eben für die Amerikaner "
        "schwierig, immer zu kommen.",
    )
    assert s.kind == "indirect"
    assert s.speaker == "Mark Rutte"
    assert s.speaker_role == "Nato-Generalsekretär"
    assert s.cue == "beschwichtigt"


def test_pistorius_partial_historisch(statements: list[Statement]) -> None:
    s = _find(statements, "historisch")
    assert s.kind == "partial"
    assert s.speaker == "Boris Pistorius"


def test_pistorius_so_sagt_es(statements: list[Statement]) -> None:
    s = _find(
        statements,
        "wolle man ja nicht, dass Putin so genau weiß, was die Nato alles hat und kann",
    )
    assert s.kind == "indirect"
    assert s.speaker == "Boris Pistorius"


def test_obama_partial_wende_nach_asien(statements: list[Statement]) -> None:
    s = _find(statements, "Wende nach Asien")
    assert s.kind == "partial"
    assert s.speaker == "Barack Obama"


def test_scare_quote_is_not_a_statement(statements: list[Statement]) -> None:
    assert not [s for s in statements if "Fähigkeitsziele" in s.text and s.speaker]


def test_press_staff_claim_is_proposed(seed_path: Path) -> None:
    """A speech act without content: proposed by the frames; the model decides to keep it."""
    text = seed_path.read_text(encoding="utf-8")
    rows = analyse(Article(id="seed", text=text, language="de"), keep_all=True)
    hits = [
        r.statement for r in rows if "berufen sich auf den dichten Zeitplan" in r.statement.text
    ]
    assert hits and hits[0].speaker_mention == "Dessen Presseleute"
    assert hits[0].speaker is None  # the ambassador's press staff: no name to give


def test_rutte_later_uses_the_word(statements: list[Statement]) -> None:
    hits = [s for s in statements if "dieses Wort gebrauchen" in s.text]
    assert hits and hits[0].speaker == "Mark Rutte"


def test_offsets_point_into_the_text(statements: list[Statement], seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    for s in statements:
        assert text[s.start : s.end] == s.text
        assert all(s.start <= a < b <= s.end for a, b in s.spans)
        if s.speaker_start is not None and s.speaker_end is not None:
            assert text[s.speaker_start : s.speaker_end] == s.speaker_mention
        assert 0.0 <= s.confidence <= 1.0

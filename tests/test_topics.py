"""Topics: keyword forms and German compounds (one row per pattern), scoring, the shipped
taxonomy on the seed, the build pass, key terms and ``retopic``."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingest.cli import main
from ingest.model import Article, Statement
from ingest.pipeline import rebuild, run
from ingest.publish import current_snapshot
from ingest.topics import BUNDLED, Matcher, Tagger, load_taxonomy, parse_taxonomy
from ingest.when import context_bounds

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "articles" / "nato-brussels-2025-06-05.de.txt"
HEGSETH = (
    "Jetzt, da unsere Alliierte einen Teil der Last tragen, können wir unseren Fokus auf den "
    "Indopazifik schärfen: die für uns wichtigste Region."
)
RUTTE = (
    "Da die Treffen ja meist in Europa stattfänden, sei es eben für die Amerikaner "
    "schwierig, immer zu kommen."
)

MATCH = {
    "de": {"endings": ["e", "en", "er", "es", "n", "s"], "compound_min": 6, "never": ["kriegen"]},
    "en": {"endings": ["s", "es", "d", "ed", "ing"], "compound_min": 0},
}


def matcher(keyword: str, language: str) -> Matcher:
    data = {"match": MATCH, "topics": {"t": {"label": {"de": "T"}, language: [keyword]}}}
    return Matcher(parse_taxonomy(data), language)


# keyword, language, word or text, matches?
# fmt: off
KEYWORDS = [
    # German compounds: a long keyword matches where a part starts or ends, never a fragment
    ("verteidigung", "de", "Verteidigung", True),
    ("verteidigung", "de", "Verteidigungen", True),
    ("verteidigung", "de", "Luftverteidigung", True),
    ("verteidigung", "de", "Verteidigungsausgaben", True),
    ("verteidigung", "de", "Nato-Verteidigungsministertreffen", True),
    ("verteidigung", "de", "Landesverteidigungsminister", True),
    ("ministertreffen", "de", "Nato-Verteidigungsministertreffen", True),
    ("steuer", "de", "Kfz-Steuer", True),
    ("steuer", "de", "Lohnsteuer", True),
    ("steuer", "de", "Steuererhöhungen", True),
    ("steuer", "de", "Abenteuer", False),
    ("krieg", "de", "Krieg", True),
    ("krieg", "de", "Bürgerkrieg", False),        # shorter than compound_min: whole words only
    ("krieg", "de", "kriegen", False),            # listed under `never`
    ("*krieg", "de", "Bürgerkrieg", True),
    ("*krieg", "de", "Bürgerkriege", True),
    ("=rat", "de", "Rat", True),
    ("=rat", "de", "Ratgeber", False),
    ("=rat", "de", "Stadtrat", False),
    ("=verteidigung", "de", "Luftverteidigung", False),
    ("impf*", "de", "Impfstoff", True),
    ("impf*", "de", "Coronaimpfung", False),
    ("*impf*", "de", "Coronaimpfungen", True),
    ("nato", "de", "Nato-Gipfel", True),          # a hyphenated part counts as a word
    ("nato", "de", "Donatoren", False),
    ("südchinesisch* meer", "de", "Schiffe im Südchinesischen Meer", True),
    ("südchinesisch* meer", "de", "südchinesische Küche und das Meer", False),
    ("teil der last", "de", "einen Teil der Last tragen", True),
    ("zu kommen", "de", "zu dem Schluss zu kommen", True),
    # English: endings, no compounds
    ("attend", "en", "attended", True),
    ("attend", "en", "attending", True),
    ("attend", "en", "attendance", False),
    ("vaccin*", "en", "vaccinated", True),
    ("defence", "en", "self-defence", True),
    ("war", "en", "warship", False),
    ("war", "en", "award", False),
    ("south china sea", "en", "patrols in the South China Sea", True),
    ("in person", "en", "in personal terms", False),
]
# fmt: on


@pytest.mark.parametrize(("keyword", "language", "text", "expected"), KEYWORDS)
def test_keyword_forms(keyword: str, language: str, text: str, expected: bool) -> None:
    assert (keyword in matcher(keyword, language).keywords(text)) is expected


def tagger(**topics: dict[str, object]) -> Tagger:
    return Tagger(parse_taxonomy({"match": MATCH, "topics": topics}))


def test_a_keyword_in_the_quote_counts_fully_one_in_the_context_half() -> None:
    t = tagger(energy={"label": {"de": "Energie"}, "de": ["strom", "kohle"]})
    assert [s.topic for s in t.tag("Der Strom wird teurer.", "", "de")] == ["energy"]
    assert t.tag("Das wird teurer.", "Der Strom wird teurer.", "de") == []
    both = t.tag("Das wird teurer.", "Strom und Kohle werden teurer.", "de")
    assert [s.topic for s in both] == ["energy"]


def test_each_word_counts_once_however_many_keywords_match_it() -> None:
    t = tagger(d={"label": {"de": "V"}, "de": ["verteidigung", "verteidigungsminister*"]})
    assert t.tag("Das sagt der Verteidigungsminister.", "", "de")[0].score == 0.5


def test_weak_keywords_need_company_and_requirements_must_be_met() -> None:
    t = tagger(
        ukraine={
            "label": {"de": "Ukraine-Hilfe"},
            "de": ["waffenlieferung"],
            "weak": {"de": ["hilfe"]},
            "requires": {"de": ["ukrain*"]},
        }
    )
    assert t.tag("Die Hilfe kommt.", "", "de") == []
    assert t.tag("Die Waffenlieferungen kommen.", "", "de") == []
    found = t.tag("Die Waffenlieferungen für die Ukraine kommen.", "", "de")
    assert [s.topic for s in found] == ["ukraine"]


def test_a_topic_brings_its_parent() -> None:
    t = tagger(
        defence={"label": {"en": "Defence"}, "en": ["army"]},
        nato={"label": {"en": "NATO"}, "parent": "defence", "en": ["nato"]},
    )
    assert {s.topic for s in t.tag("NATO is ready.", "", "en")} == {"nato", "defence"}


def test_an_unknown_parent_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        parse_taxonomy({"topics": {"a": {"label": {"en": "A"}, "parent": "b"}}})


def test_the_shipped_taxonomy_is_complete() -> None:
    data = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    taxonomy = parse_taxonomy(data)
    assert len(taxonomy.topics) >= 30
    for topic in taxonomy.topics:
        assert topic.labels.get("de") and topic.labels.get("en"), topic.id
        assert topic.keywords.get("de") and topic.keywords.get("en"), topic.id
    ids = {t.id for t in taxonomy.topics}
    required = {"indo-pacific", "defence-spending", "attendance", "ukraine-support"}
    assert required | {"russia-threat", "nuclear", "migration", "climate", "pandemic"} <= ids


def seed_statement(article: Article, quote: str, speaker: str) -> Statement:
    start = article.text.index(quote)
    end = start + len(quote)
    return Statement("seed", "direct", start, end, quote, ((start, end),), speaker, language="de")


def seed_topics(quote: str, speaker: str) -> list[str]:
    article = Article("seed", SEED.read_text(encoding="utf-8"), "de", datetime(2025, 6, 5, 20))
    statement = seed_statement(article, quote, speaker)
    start, end = context_bounds(article.text, statement)
    found = Tagger(load_taxonomy(REPO / "data")).tag(quote, article.text[start:end], "de")
    return [s.topic for s in found]


def test_seed_hegseth_speaks_about_the_indo_pacific() -> None:
    assert "indo-pacific" in seed_topics(HEGSETH, "Pete Hegseth")


def test_seed_rutte_explains_american_absences() -> None:
    assert "attendance" in seed_topics(RUTTE, "Mark Rutte")


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


ARTICLES = [
    {
        "id": "e1",
        "text": "„Wir müssen die Luftverteidigung stärken“, sagte Boris Pistorius in Berlin.",
        "language": "de",
        "published": "2025-06-05",
    },
    {
        "id": "e2",
        "text": '"The vaccine rollout will reach every county," Governor Mary Stone said.',
        "language": "en",
        "published": "2021-01-10",
    },
]


def test_ingest_tags_statements_and_retopic_applies_an_edited_taxonomy(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    run([str(write(tmp_path / "a.jsonl", ARTICLES))], db, data_dir=tmp_path, progress=False)
    first = current_snapshot(db)

    def topics() -> dict[str, list[str]]:
        con = duckdb.connect(str(current_snapshot(db)), read_only=True)
        try:
            return dict(con.execute("SELECT article_id, topics FROM statements_v").fetchall())
        finally:
            con.close()

    assert "defence" in topics()["e1"] and "vaccination" in topics()["e2"]
    (tmp_path / "topics.toml").write_text(
        '[match.de]\nendings = ["en"]\ncompound_min = 6\n'
        '[topics.air]\nlabel = { de = "Luft", en = "Air" }\nde = ["luft"]\nen = ["air"]\n'
        '[topics.shots]\nlabel = { de = "Impfen", en = "Shots" }\nde = ["impf*"]\n'
        'en = ["vaccine"]\n',
        encoding="utf-8",
    )
    summary = rebuild(db, data_dir=tmp_path, passes=("topics", "views"), command="retopic")
    assert summary.snapshot == current_snapshot(db) != first
    assert topics() == {"e1": [], "e2": ["shots"]}  # "luft" is too short for a compound part


def test_retopic_command_reports_what_it_applied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.duckdb"
    run([str(write(tmp_path / "a.jsonl", ARTICLES))], db, data_dir=tmp_path, progress=False)
    assert main(["retopic", "--db", str(db), "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("retopic: 2 of 2 statements carry topics")


def test_key_terms_set_statements_and_speakers_apart(tmp_path: Path) -> None:
    rows = [
        {
            "id": f"k{i}",
            "text": f"„Die Pipeline {name} bleibt ein Fehler, und die Gaspreise steigen“, "
            f"sagte Anna Berger. „Der Kohleausstieg kommt zu früh“, sagte Peter Klein.",
            "language": "de",
        }
        for i, name in enumerate(["Nord", "Süd", "Ost"])
    ]
    db = tmp_path / "q.duckdb"
    run([str(write(tmp_path / "a.jsonl", rows))], db, data_dir=tmp_path, progress=False)
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    terms = con.execute(
        "SELECT speaker, key_terms FROM statements_v WHERE article_id = 'k0' ORDER BY 1"
    ).fetchall()
    assert terms and all(isinstance(t, list) for _, t in terms)
    by_speaker = dict(
        con.execute(
            "SELECT speaker_id, list(term ORDER BY score DESC) FROM speaker_terms GROUP BY 1"
        ).fetchall()
    )
    assert any("gaspreise" in terms for terms in by_speaker.values())

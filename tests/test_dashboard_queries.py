"""The queries behind the dashboard, on a real snapshot of the sample corpus and on small
hand-made snapshots that lack (or have) the optional columns, views and search indexes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import widgets
from ingest.pipeline import run
from ingest.publish import current_snapshot
from ingest.queries import articles, compare, fuzzy, review, speakers, spread, tryit
from ingest.queries import search as qs
from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters, where

REPO = Path(__file__).resolve().parents[1]
SEED_ID = "nato-brussels-2025-06-05.de"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.getbasetemp() / "dashboard-sample" / "quotes.duckdb"
    if current_snapshot(db) is None:
        run([str(REPO / "data" / "articles")], db, data_dir=REPO / "data", progress=False)
    return db


@pytest.fixture(scope="module")
def corpus(sample_db: Path) -> Corpus:
    snapshot = current_snapshot(sample_db)
    assert snapshot is not None
    return Corpus.open(snapshot)


def find(corpus: Corpus, q: str, filters: Filters | None = None, **kw: int) -> qs.SearchPage:
    query = fuzzy.correct(fuzzy.load_vocabulary(corpus), qs.parse_query(corpus, q))
    return qs.search(corpus, filters or Filters(q=q), query, **kw)


def hegseth(corpus: Corpus) -> dict[str, object]:
    rows = corpus.frame(
        "SELECT * FROM statements WHERE quote LIKE '%Indopazifik%' AND speaker = 'Pete Hegseth'"
    )
    if not rows.height:
        pytest.skip(
            "the extractor of this version does not attribute the Indopazifik quote to Pete Hegseth"
        )
    return rows.row(0, named=True)


# -- filters -------------------------------------------------------------------------------------


def test_filters_round_trip_through_the_query_string() -> None:
    filters = Filters(
        q="Nato Gipfel",
        speakers=("Pete Hegseth", "Mark Rutte"),
        outlets=("Wikinews (de)",),
        languages=("de",),
        kinds=("direct", "indirect"),
        topics=("defence",),
        date_from=date(2020, 1, 1),
        date_to=date(2025, 12, 31),
        min_confidence=0.5,
    )
    assert Filters.from_query(filters.to_query()) == filters
    assert Filters().to_query() == {}


def test_filters_ignore_what_does_not_parse() -> None:
    parsed = Filters.from_query({"from": ["5.6.2025"], "conf": ["lots"], "speaker": ["", " "]})
    assert parsed == Filters()
    assert Filters.from_query({"conf": ["7"]}).min_confidence == 1.0


def test_user_values_reach_sql_only_as_parameters(corpus: Corpus) -> None:
    evil = "x') OR 1=1; DROP TABLE statements; --"
    clause, params = where(Filters(speakers=(evil,), outlets=(evil,), topics=(evil,)), corpus.caps)
    assert evil not in clause
    assert evil in params["f_speaker"]
    assert find(corpus, evil, Filters(q=evil, speakers=(evil,))).total == 0


# -- search --------------------------------------------------------------------------------------


def test_search_finds_the_seed_quote_by_a_stemmed_word(corpus: Corpus) -> None:
    statement = hegseth(corpus)
    page = find(corpus, "Indopazifik")
    assert statement["statement_id"] in page.rows["statement_id"].to_list()
    assert page.rows["score"][0] is not None


def test_search_ranks_statements_with_every_word_first(corpus: Corpus) -> None:
    page = find(corpus, "Nato Verteidigung", limit=50)
    query = page.query
    both = [qs.matched_words(corpus, query, [q]) for q in page.rows["quote"].to_list()]
    counts = [len({w for w in m}) > 1 for m in both]
    if True in counts and False in counts:
        assert counts.index(False) > counts.index(True)


def test_search_by_phrase_requires_the_words_verbatim(corpus: Corpus) -> None:
    loose = find(corpus, "Europa Zukunft").total
    exact = find(corpus, '"Europa der Zukunft"')
    assert exact.total <= loose
    assert all("europa der zukunft" in q.lower() for q in exact.rows["quote"].to_list())


def test_a_misspelt_word_is_corrected_to_an_indexed_one(corpus: Corpus) -> None:
    hegseth(corpus)
    vocab = fuzzy.load_vocabulary(corpus)
    query = fuzzy.correct(vocab, qs.parse_query(corpus, "Indopazifk"))
    assert query.corrected and query.corrected[0][0] == "indopazifk"
    assert find(corpus, "Indopazifk").total >= 1
    assert fuzzy.correct(vocab, qs.parse_query(corpus, "Nato")).corrected == ()


def test_a_misspelt_name_suggests_the_speaker(corpus: Corpus) -> None:
    hegseth(corpus)
    vocab = fuzzy.load_vocabulary(corpus)
    assert "Pete Hegseth" in fuzzy.similar_speakers(vocab, "Pete Hegset")
    assert fuzzy.closest_speaker(vocab, "Hegseht") == "Pete Hegseth"


def test_facets_count_the_filtered_result(corpus: Corpus) -> None:
    filters = Filters(q="Regierung", languages=("de",))
    query = qs.parse_query(corpus, filters.q)
    total = qs.search(corpus, filters, query).total
    counts = qs.facets(corpus, filters, query)
    assert sum(n for _, n in counts["kind"]) == total
    assert counts["language"] == [("de", total)]


def test_export_is_exactly_the_filtered_result(corpus: Corpus) -> None:
    filters = Filters(q="said", min_confidence=0.5)
    query = qs.parse_query(corpus, filters.q)
    total = qs.search(corpus, filters, query).total
    frame = qs.export_frame(corpus, filters, query)
    assert frame.height == total
    assert (frame["confidence"] >= 0.5).all()
    back = pl.read_csv(io.BytesIO(widgets.csv_bytes(frame)))
    assert back.height == total
    assert pl.read_parquet(io.BytesIO(widgets.parquet_bytes(frame))).equals(frame)


def test_paging_covers_the_result_once(corpus: Corpus) -> None:
    filters = Filters(languages=("de",))
    query = qs.parse_query(corpus, "")
    first = qs.search(corpus, filters, query, limit=10)
    second = qs.search(corpus, filters, query, limit=10, offset=10)
    assert first.total == second.total
    assert not set(first.rows["statement_id"]) & set(second.rows["statement_id"])


# -- speakers, compare ---------------------------------------------------------------------------


def test_speaker_profile_roles_and_timeline(corpus: Corpus) -> None:
    statement = hegseth(corpus)
    speaker = speakers.find_speaker(corpus, speaker_id=str(statement["speaker_id"]))
    assert speaker is not None and speaker.name == "Pete Hegseth"
    assert speakers.find_speaker(corpus, name="Pete Hegseth") == speaker
    roles = speakers.roles_over_time(corpus, speaker)
    assert "US-Verteidigungsminister" in roles["role"].to_list()
    points = speakers.timeline(corpus, speakers.of_speaker(speaker))
    assert statement["statement_id"] in points["statement_id"].to_list()
    assert points["date"].is_sorted(descending=True)
    by_kind = speakers.breakdown(corpus, speakers.of_speaker(speaker), "kind")
    assert by_kind["statements"].sum() == speaker.statements


def test_compare_counts_are_normalised(corpus: Corpus) -> None:
    names = tuple(speakers.speaker_names(corpus, limit=2))
    filters = Filters(speakers=names)
    counts = compare.period_counts(corpus, filters, qs.parse_query(corpus, ""), "year")
    assert set(counts["speaker"]) <= set(names)
    assert ((counts["per_1000"] > 0) & (counts["per_1000"] <= 1000)).all()
    assert (counts["share"] == 1.0).all()  # no topic or words: all of their statements
    aligned = compare.aligned(corpus, filters, qs.parse_query(corpus, ""), "year", per_cell=2)
    assert aligned.group_by(["period", "speaker"]).len()["len"].max() <= 2


def test_said_before_looks_at_the_same_speaker_earlier(corpus: Corpus) -> None:
    name = speakers.speaker_names(corpus, limit=1)[0]
    latest = corpus.frame(
        "SELECT statement_id, date AS d FROM statements WHERE speaker = $n "
        "ORDER BY d DESC NULLS LAST LIMIT 1",
        {"n": name},
    ).row(0, named=True)
    found = compare.said_before(corpus, latest["statement_id"], limit=3)
    assert found.height <= 3
    assert set(found["speaker"]) <= {name}
    assert latest["statement_id"] not in found["statement_id"].to_list()
    assert found["similarity"].is_sorted(descending=True)


# -- spread, articles, review ----------------------------------------------------------------------


def test_spread_includes_the_statement_itself(corpus: Corpus) -> None:
    sid = corpus.scalar("SELECT statement_id FROM statements ORDER BY length(quote) DESC LIMIT 1")
    found = spread.spread(corpus, sid, similar_wording=True)
    assert found is not None
    assert sid in found.members["statement_id"].to_list()
    assert found.members["date"].drop_nulls().is_sorted()
    assert spread.spread(corpus, "no-such-statement") is None


def test_similarity_counts_long_fragments_not_common_phrases() -> None:
    quote = (
        "Wir werden die Verteidigungsausgaben in den kommenden Jahren deutlich erhöhen, sagte er"
    )
    assert spread.similarity(quote, [quote])[0] == 100
    assert (
        spread.similarity(
            quote, ["Wir werden die Verteidigungsausgaben in den kommenden Jahren deutlich erhöhen"]
        )[0]
        >= 80
    )
    assert spread.similarity(quote, ["in den kommenden Jahren"])[0] < 80


def test_article_view_spans_point_into_the_text(corpus: Corpus) -> None:
    view = articles.article(corpus, SEED_ID)
    assert view is not None
    assert view.text.startswith("Auf dem Nato-Treffen in Brüssel")
    for row in view.statements.to_dicts():
        assert 0 <= row["start"] < row["end"] <= len(view.text)
    assert articles.article(corpus, "no-such-article") is None
    assert SEED_ID in articles.find_articles(corpus, "Nato-Treffen")["article_id"].to_list()


def test_review_queue_is_least_confident_first_with_context(corpus: Corpus) -> None:
    rows, total = review.queue(corpus, Filters(languages=("de",)), max_confidence=0.9, limit=20)
    assert total >= rows.height > 0
    assert rows["confidence"].is_sorted()
    row = rows.row(0, named=True)
    text = corpus.scalar(
        "SELECT text FROM snap.articles WHERE article_id = $a", {"a": row["article_id"]}
    )
    assert text[row["start"] - len(row["before"]) : row["start"]] == row["before"]
    assert text[row["end"] : row["end"] + len(row["after"])] == row["after"]


def test_corrections_go_through_the_corrections_library(tmp_path: Path) -> None:
    if not review.corrections_available():
        with pytest.raises(review.CorrectionsUnavailable):
            review.record(tmp_path, review.Correction("not_statement", statement_id="abc"))
        return
    where_to = review.record(
        tmp_path, review.Correction("not_statement", statement_id="abc", note="a headline")
    )
    written = list(tmp_path.rglob("*.jsonl"))
    assert written and "abc" in written[0].read_text(encoding="utf-8")
    assert where_to


# -- try it --------------------------------------------------------------------------------------


def test_try_it_reads_text_and_html_uploads() -> None:
    assert (
        tryit.draft_from_upload("a.txt", "\ufeff„Gut“, sagte sie.".encode()).text
        == "„Gut“, sagte sie."
    )
    page = (
        b"<html><head><title>T</title></head><body><article><p>"
        + (
            "Der Minister sagte am Montag in Berlin, die Lage sei ernst und verlange schnelle Hilfe. "
            * 3
        ).encode()
        + b"</p></article></body></html>"
    )
    assert "Minister" in tryit.draft_from_upload("a.html", page).text
    with pytest.raises(tryit.TryError, match="only"):
        tryit.draft_from_upload("a.pdf", b"%PDF")
    with pytest.raises(tryit.TryError, match="not UTF-8"):
        tryit.draft_from_upload("a.txt", b"\xff\xfe\x00a")
    with pytest.raises(tryit.TryError, match="limit"):
        tryit.draft_from_upload("a.txt", b"a" * (tryit.MAX_BYTES + 1))


def test_try_it_extracts_without_storing() -> None:
    tried = tryit.try_extract(
        tryit.Draft("„Wir bauen die Brücke“, sagte Bürgermeisterin Anna Berger am Montag.")
    )
    assert tried.article.language == "de"
    assert tried.statements and tried.statements[0].text == "Wir bauen die Brücke"


# -- snapshots with less, and with more ------------------------------------------------------------


MINIMAL = """
CREATE TABLE articles (article_id TEXT, outlet TEXT, url TEXT, title TEXT, published TIMESTAMP,
                       language TEXT, text TEXT);
INSERT INTO articles VALUES
  ('a1', 'Blatt', 'https://example.org/a1', 'Brücke', '2024-03-01 10:00', 'de',
   '„Wir bauen die Brücke“, sagte Anna Berger. „Die Brücke kommt bald“, sagte Paul Weber.');
CREATE VIEW statements_v AS SELECT * FROM (VALUES
  ('s1', 'direct', 'Wir bauen die Brücke', 'Wir bauen die Brücke', 'Anna Berger', 'anna-berger',
   NULL, 'sagte', 0.9, 'a1', 1, 21),
  ('s2', 'direct', 'Die Brücke kommt bald', 'Die Brücke kommt bald', 'Paul Weber', 'paul-weber',
   'Stadtrat', 'sagte', 0.4, 'a1', 44, 65)
) v(statement_id, kind, text, quote, speaker, speaker_id, speaker_role, cue, confidence,
    article_id, "start", "end")
JOIN (SELECT article_id, outlet, url, title, published, language FROM articles) USING (article_id);
CREATE VIEW articles_v AS SELECT article_id, outlet, url, title, published, language,
  2 AS statements FROM articles;
CREATE VIEW speakers_v AS SELECT speaker_id, speaker AS name, []::TEXT[] AS aliases,
  []::TEXT[] AS roles, min(published) AS first_seen, max(published) AS last_seen,
  count(*) AS statements FROM statements_v GROUP BY ALL;
"""


def small_snapshot(path: Path, extra: str = "") -> Corpus:
    con = duckdb.connect(str(path))
    con.execute(MINIMAL + extra)
    con.close()
    return Corpus.open(path)


def test_a_snapshot_without_optional_columns_or_indexes_still_answers(tmp_path: Path) -> None:
    corpus = small_snapshot(tmp_path / "min.duckdb")
    assert corpus.caps.indexes == () and not corpus.caps.has("topics")
    assert corpus.caps.date_expr == "CAST(published AS DATE)"
    query = qs.parse_query(corpus, "brücke bald")
    page = qs.search(corpus, Filters(q="brücke bald"), query)
    assert page.rows["statement_id"].to_list() == ["s2"]
    counts = qs.facets(corpus, Filters(), qs.parse_query(corpus, ""))
    assert "topic" not in counts and counts["speaker"] == [("Anna Berger", 1), ("Paul Weber", 1)]
    assert qs.options(corpus, "topic") == [] and qs.topic_labels(corpus) == {}
    roles = speakers.roles_over_time(corpus, speakers.Speaker("paul-weber", "Paul Weber"))
    assert roles["role"].to_list() == ["Stadtrat"]
    assert spread.spread(corpus, "s1") is not None
    view = articles.article(corpus, "a1")
    assert view is not None and view.statements["speaker_start"].null_count() == 2


def test_optional_columns_light_up_when_present(tmp_path: Path) -> None:
    extra = """
    ALTER VIEW statements_v RENAME TO statements_base;
    CREATE VIEW statements_v AS SELECT v.*, CAST(said AS DATE) AS said_on,
        said IS NOT NULL AS said_on_estimated, ['infrastructure'] AS topics, 'c1' AS cluster_id
    FROM statements_base v
    JOIN (VALUES ('s1', '2024-02-20'), ('s2', NULL)) d(statement_id, said) USING (statement_id);
    CREATE VIEW topics_v AS SELECT 'infrastructure' AS topic, 'Infrastruktur' AS label_de,
        'Infrastructure' AS label_en;
    """
    corpus = small_snapshot(tmp_path / "more.duckdb", extra)
    assert corpus.caps.has("said_on") and corpus.caps.has("cluster_id")
    rows = qs.search(corpus, Filters(), qs.parse_query(corpus, "")).rows
    dates = dict(zip(rows["statement_id"], rows["date"], strict=True))
    assert dates == {"s1": date(2024, 2, 20), "s2": date(2024, 3, 1)}
    assert (
        qs.search(corpus, Filters(topics=("infrastructure",)), qs.parse_query(corpus, "")).total
        == 2
    )
    assert qs.topic_labels(corpus) == {"infrastructure": "Infrastructure"}
    found = spread.spread(corpus, "s1")
    assert found is not None and found.method == "cluster" and found.members.height == 2

"""Full-text search over statements: BM25 on the German and English indexes, filters, facets.

Search words are stemmed by DuckDB exactly as the index was built (``tokenize`` and ``stem``
of the FTS extension), then scored with BM25 straight from the index tables, touching only
the statements that contain a search word. Statements matching more of the words rank first.
Words in quotation marks (``"offene Tür"``) must also appear verbatim. A word no index knows
is replaced by the closest indexed word (see ``ingest.queries.fuzzy``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import polars as pl
import pyarrow as pa

from ingest.queries.corpus import SNAP, STATEMENTS, Capabilities, Corpus, Params
from ingest.queries.filters import Filters, where

PAGE_SIZE = 25
EXPORT_LIMIT = 1_000_000
FACET_SIZE = 12
K1, B = 1.2, 0.75  # the FTS extension's BM25 defaults

_PHRASE = re.compile(r"[\"„“”»«]([^\"„“”»«]{2,200}?)[\"“”«»]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Word:
    """One search word and its stem in each search index (``Capabilities.indexes`` order)."""

    token: str
    stems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """The parsed search: words as the indexes see them, phrases, and any fuzzy corrections."""

    text: str
    words: tuple[Word, ...] = ()
    phrases: tuple[str, ...] = ()
    corrected: tuple[tuple[str, str], ...] = ()  # (as typed, used instead)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    def stems_for(self, index: int) -> list[str]:
        return sorted({w.stems[index] for w in self.words if w.stems[index]})

    def all_stems(self) -> frozenset[str]:
        return frozenset(s for w in self.words for s in w.stems if s)


@dataclass(frozen=True, slots=True)
class SearchPage:
    rows: pl.DataFrame
    total: int
    query: Query


def phrases_of(text: str) -> tuple[str, ...]:
    """The parts of ``text`` in quotation marks (typographic or straight)."""
    return tuple(p.strip() for p in _PHRASE.findall(text) if p.strip())


def parse_query(corpus: Corpus, text: str) -> Query:
    """Tokenise and stem ``text`` the way each search index did when it was built."""
    text = text.strip()
    if not text:
        return Query(text)
    phrases = phrases_of(text)
    indexes = corpus.caps.indexes
    if not indexes:
        tokens = tuple(dict.fromkeys(t.lower() for t in _WORD.findall(text)))
        return Query(text, tuple(Word(t, ()) for t in tokens), phrases)
    stems = ", ".join(f"stem(t, '{stemmer}')" for _, stemmer in indexes)
    rows = corpus.rows(
        f"SELECT DISTINCT t, {stems} FROM (SELECT unnest({SNAP}.fts_main_{indexes[0][0]}.tokenize($q)) AS t) "
        "WHERE t <> ''",
        {"q": text},
    )
    words = tuple(
        Word(row[0], tuple(row[1:])) for row in sorted(rows, key=lambda r: text.lower().find(r[0]))
    )
    return Query(text, words, phrases)


def hits_sql(caps: Capabilities) -> str:
    """(statement_id, score, matched) for the stems bound to ``$t0``, ``$t1`` … per index."""
    parts = []
    for i, (table, _) in enumerate(caps.indexes):
        fts = f"{SNAP}.fts_main_{table}"
        parts.append(
            f"SELECT d.name AS statement_id, "
            f"sum(log(((st.num_docs - q.df + 0.5) / (q.df + 0.5)) + 1) * (tf.tf * {K1 + 1}) "
            f"/ (tf.tf + {K1} * (1 - {B} + {B} * d.len / st.avgdl))) AS score, "
            f"count(*) AS matched "
            f"FROM (SELECT termid, df FROM {fts}.dict WHERE list_contains($t{i}, term)) q "
            f"JOIN (SELECT docid, termid, count(*) AS tf FROM {fts}.terms WHERE termid IN "
            f"(SELECT termid FROM {fts}.dict WHERE list_contains($t{i}, term)) GROUP BY ALL) tf "
            f"USING (termid) JOIN {fts}.docs d USING (docid) CROSS JOIN {fts}.stats st "
            f"GROUP BY d.name"
        )
    return " UNION ALL ".join(parts)


def _text_clauses(query: Query, caps: Capabilities) -> tuple[list[str], Params]:
    """Phrase conditions, plus word conditions when the snapshot has no search index."""
    clauses, params = [], {}
    needles = list(query.phrases)
    if not caps.indexes:
        needles += [w.token for w in query.words]
    for i, needle in enumerate(needles):
        clauses.append(f"contains(lower(quote), $p{i})")
        params[f"p{i}"] = needle.lower()
    return clauses, params


@dataclass(frozen=True, slots=True)
class Matching:
    """What ``filters`` and ``query`` select: ``FROM … WHERE …``, its order, its parameters and
    the tables to register (the search hits)."""

    body: str
    order: str
    params: Params
    tables: dict[str, pa.Table]

    @property
    def scored(self) -> bool:
        return bool(self.tables)


def hits(corpus: Corpus, query: Query) -> pa.Table:
    """(statement_id, score, matched) of every statement with a search word, computed once
    per snapshot and query for the list, the count and the facets alike."""
    stems = tuple(tuple(query.stems_for(i)) for i in range(len(corpus.caps.indexes)))
    params = {f"t{i}": list(s) for i, s in enumerate(stems)}
    return corpus.keep(("hits", stems), lambda: corpus.arrow(hits_sql(corpus.caps), params))


def matching(corpus: Corpus, filters: Filters, query: Query) -> Matching:
    """The statements ``filters`` and ``query`` select (see ``Matching``)."""
    caps = corpus.caps
    clause, params = where(filters, caps)
    extra, extra_params = _text_clauses(query, caps)
    params.update(extra_params)
    if extra:
        clause = (clause + " AND " if clause else "WHERE ") + " AND ".join(extra)
    if query.words and caps.indexes:
        order = "hits.matched DESC, hits.score DESC, date DESC NULLS LAST, statement_id"
        body = f"FROM {STATEMENTS} JOIN hits USING (statement_id) {clause}"
        return Matching(body, order, params, {"hits": hits(corpus, query)})
    return Matching(f"FROM {STATEMENTS} {clause}", "date DESC NULLS LAST, statement_id", params, {})


def search(
    corpus: Corpus, filters: Filters, query: Query, *, limit: int = PAGE_SIZE, offset: int = 0
) -> SearchPage:
    """One page of the statements matching ``filters`` and ``query``, best first, and the total."""
    m = matching(corpus, filters, query)
    params = {**m.params, "limit": limit, "offset": offset}
    total = int(corpus.scalar(f"SELECT count(*) {m.body}", m.params, m.tables) or 0)
    score = "hits.score" if m.scored else "NULL::DOUBLE"
    rows = corpus.frame(
        f"SELECT {corpus.caps.select_list()}, {score} AS score {m.body} "
        f"ORDER BY {m.order} LIMIT $limit OFFSET $offset",
        params,
        m.tables,
    )
    return SearchPage(rows, total, query)


def export_frame(
    corpus: Corpus, filters: Filters, query: Query, limit: int = EXPORT_LIMIT
) -> pl.DataFrame:
    """Exactly the filtered result, every row up to ``limit``, in result order."""
    return search(corpus, filters, query, limit=limit).rows


FACETS = {
    "speaker": "speaker",
    "outlet": "outlet",
    "kind": "kind",
    "language": "language",
    "year": "year(date)",
    "topic": "unnest(topics)",
}


def facets(corpus: Corpus, filters: Filters, query: Query) -> dict[str, list[tuple[str, int]]]:
    """Counts of the filtered statements by speaker, outlet, kind, language, topic and year
    (the most frequent ``FACET_SIZE`` values of each; every year)."""
    m = matching(corpus, filters, query)
    names = [n for n in FACETS if n != "topic" or corpus.caps.has("topics")]
    if m.scored or " WHERE " in m.body:  # a subset: select it once, count it six ways
        source = "f"
        cols = ", ".join(["speaker", "outlet", "kind", "language", "date"])
        cols += ", topics" if "topic" in names else ""
        prefix = f"WITH f AS MATERIALIZED (SELECT {cols} {m.body}) "
    else:  # everything: six plain passes over the table beat copying it first
        source, prefix = STATEMENTS, ""
    parts = [
        f"SELECT '{name}' AS facet, CAST(value AS VARCHAR) AS value, count(*) AS n "
        f"FROM (SELECT {FACETS[name]} AS value FROM {source}) GROUP BY value"
        for name in names
    ]
    sql = (
        f"{prefix}SELECT * FROM ({' UNION ALL '.join(parts)}) WHERE value IS NOT NULL "
        "QUALIFY facet = 'year' OR "
        f"row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) <= {FACET_SIZE}"
    )
    out: dict[str, list[tuple[str, int]]] = {name: [] for name in names}
    for facet, value, n in corpus.rows(sql, m.params, m.tables):
        out[facet].append((str(value), int(n)))
    for name in out:
        out[name].sort(key=lambda item: (-item[1], item[0]))
    out["year"].sort(key=lambda item: item[0], reverse=True)
    return out


def word_stems(corpus: Corpus, texts: list[str]) -> dict[str, frozenset[str]]:
    """Each distinct word of ``texts`` (lower case) and its stems, for highlighting matches."""
    tokens = sorted({t.lower() for text in texts for t in _WORD.findall(text)})
    if not tokens or not corpus.caps.indexes:
        return {t: frozenset({t}) for t in tokens}
    stems = ", ".join(f"stem(t, '{stemmer}')" for _, stemmer in corpus.caps.indexes)
    rows = corpus.rows(f"SELECT t, {stems} FROM unnest($tokens) AS u(t)", {"tokens": tokens})
    return {row[0]: frozenset(row[1:]) for row in rows}


def matched_words(corpus: Corpus, query: Query, texts: list[str]) -> frozenset[str]:
    """The words of ``texts`` (lower case) that the search matched: same stem, or a phrase word."""
    wanted = query.all_stems() | {w.token for w in query.words}
    found = {t for t, stems in word_stems(corpus, texts).items() if stems & wanted or t in wanted}
    for phrase in query.phrases:
        found.update(t.lower() for t in _WORD.findall(phrase))
    return frozenset(found)


def with_corrections(
    query: Query, words: tuple[Word, ...], corrected: tuple[tuple[str, str], ...]
) -> Query:
    return replace(query, words=words, corrected=corrected)


OPTION_SOURCES = {
    "outlet": f"SELECT outlet AS v FROM {STATEMENTS}",
    "language": f"SELECT language AS v FROM {STATEMENTS}",
    "kind": f"SELECT kind AS v FROM {STATEMENTS}",
    "topic": f"SELECT unnest(topics) AS v FROM {STATEMENTS}",
}


def options(corpus: Corpus, facet: str, limit: int = 500) -> list[str]:
    """The values a filter can take (outlet, language, kind, topic), most frequent first."""
    if facet not in OPTION_SOURCES or (facet == "topic" and not corpus.caps.has("topics")):
        return []
    rows = corpus.rows(
        f"SELECT v FROM ({OPTION_SOURCES[facet]}) WHERE v IS NOT NULL "
        "GROUP BY v ORDER BY count(*) DESC, v LIMIT $limit",
        {"limit": limit},
    )
    return [str(v) for (v,) in rows]


def topic_labels(corpus: Corpus) -> dict[str, str]:
    """Topic id → readable label (English first), when the snapshot has ``topics_v``."""
    caps = corpus.caps
    if not caps.has_column("topics_v", "topic"):
        return {}
    labels = [c for c in ("label_en", "label_de") if caps.has_column("topics_v", c)]
    label = f"coalesce({', '.join([*labels, 'topic'])})"
    return {
        str(t): str(lbl) for t, lbl in corpus.rows(f"SELECT topic, {label} FROM {SNAP}.topics_v")
    }

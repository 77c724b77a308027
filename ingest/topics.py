"""Topics: what a statement is about, from a taxonomy users edit, plus automatic key terms.

The taxonomy is ``data/topics.toml`` (in the data folder a run is given; the bundled one when
that folder has none): topics with German and English labels, keywords per language and an
optional parent. A statement gets a topic when its keywords occur in the statement itself
(full weight) or in its sentence context (the statement's sentence and the one before it;
half weight) and the sum reaches the taxonomy's threshold. German compounds match their parts:
*verteidigung* finds *Luftverteidigung* and *Nato-Verteidigungsministertreffen*.

Key terms need no taxonomy: tf-idf over statements (top terms per statement) and over
speakers (the words that set a speaker's statements apart), so subjects outside the taxonomy
can still be found. Both are rebuilt by the ``topics`` build pass; ``quotetrack retopic``
runs that pass alone on the current snapshot after the taxonomy was edited.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ingest import lexicon
from ingest.paths import REPO_DIR

log = logging.getLogger(__name__)

TAXONOMY = "topics.toml"
BUNDLED = REPO_DIR / "data" / TAXONOMY
TERMS_PER_STATEMENT = 5
TERMS_PER_SPEAKER = 15
TAGGER = "2"  # raise when tagging changes, so every statement is tagged again

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


# -- the taxonomy --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    labels: Mapping[str, str]  # language -> label
    parent: str | None
    keywords: Mapping[str, tuple[str, ...]]  # language -> keywords (full weight)
    weak: Mapping[str, tuple[str, ...]]  # language -> keywords of half weight
    requires: Mapping[str, tuple[str, ...]]  # language -> one of these must occur too


@dataclass(frozen=True, slots=True)
class Matching:
    """How keywords of one language match words (the taxonomy's ``[match.<lang>]``)."""

    endings: tuple[str, ...] = ()  # inflection endings a keyword may carry
    compound_min: int = 0  # keywords this long also match as compound parts (0: never)
    never: frozenset[str] = frozenset()  # words no keyword matches (*kriegen* is no *Krieg*)


@dataclass(frozen=True, slots=True)
class Scoring:
    quote: float = 1.0  # a keyword in the statement itself
    context: float = 0.5  # a keyword only in the sentence context
    weak: float = 0.5  # factor for weak keywords
    threshold: float = 1.0  # a topic is assigned from this sum


@dataclass(frozen=True, slots=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    matching: Mapping[str, Matching]
    scoring: Scoring = field(default_factory=Scoring)
    source: str = ""
    fingerprint: str = ""  # changes whenever the taxonomy or the way it is applied changes

    def ancestors(self, topic: str) -> list[str]:
        parents = {t.id: t.parent for t in self.topics}
        out: list[str] = []
        current = parents.get(topic)
        while current and current not in out:
            out.append(current)
            current = parents.get(current)
        return out


def taxonomy_path(data_dir: Path) -> Path | None:
    """The taxonomy a run applies: the data folder's, else the bundled one, else none."""
    for path in (data_dir / TAXONOMY, BUNDLED):
        if path.is_file():
            return path
    return None


def _per_language(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        return {}
    return {lang: tuple(w.lower() for w in words) for lang, words in value.items()}


def _topic(topic_id: str, row: Mapping[str, Any]) -> Topic:
    languages = set(lexicon.languages())
    return Topic(
        id=topic_id,
        labels=dict(row.get("label", {})),
        parent=row.get("parent"),
        keywords=_per_language({k: v for k, v in row.items() if k in languages}),
        weak=_per_language(row.get("weak")),
        requires=_per_language(row.get("requires")),
    )


def parse_taxonomy(data: Mapping[str, Any], source: str = "") -> Taxonomy:
    """A taxonomy from the parsed TOML document (see ``data/topics.toml`` for the format)."""
    matching = {
        lang: Matching(
            endings=tuple(m.get("endings", [])),
            compound_min=int(m.get("compound_min", 0)),
            never=frozenset(w.lower() for w in m.get("never", [])),
        )
        for lang, m in data.get("match", {}).items()
    }
    topics = tuple(_topic(tid, row) for tid, row in data.get("topics", {}).items())
    known = {t.id for t in topics}
    for t in topics:
        if t.parent and t.parent not in known:
            raise ValueError(f"{source}: topic {t.id!r} has unknown parent {t.parent!r}")
    fingerprint = hashlib.sha1(
        json.dumps([TAGGER, data], sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()[:16]
    return Taxonomy(topics, matching, Scoring(**data.get("scoring", {})), source, fingerprint)


def load_taxonomy(data_dir: Path) -> Taxonomy:
    """The taxonomy for ``data_dir`` (empty when there is none)."""
    path = taxonomy_path(data_dir)
    if path is None:
        log.warning("no %s in %s and no bundled taxonomy: no topics", TAXONOMY, data_dir)
        return Taxonomy((), {})
    with path.open("rb") as fh:
        return parse_taxonomy(tomllib.load(fh), str(path))


# -- matching keywords ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    topic: int  # index into Taxonomy.topics
    weight: float  # 1.0, or the weak factor
    requirement: bool  # a `requires` word, not a keyword


class Matcher:
    """Every keyword of one language, compiled; finds which keywords a text contains.

    A keyword is a word (``verteidigung``), a prefix (``impf*``), a suffix (``*krieg``), a
    part anywhere (``*impf*``), a whole word only (``=rat``) or a phrase of such words
    (``südchinesisch* meer``). Words take the language's endings; with ``compound_min`` set,
    plain keywords at least that long also match inside compounds, where a part starts or
    ends — *Luftverteidigung*, *Verteidigungsausgaben* — never across a short fragment.
    """

    def __init__(self, taxonomy: Taxonomy, language: str) -> None:
        self.matching = taxonomy.matching.get(language, Matching())
        self.hits: dict[str, list[Hit]] = defaultdict(list)
        for index, topic in enumerate(taxonomy.topics):
            for words, weight, required in (
                (topic.keywords.get(language, ()), 1.0, False),
                (topic.weak.get(language, ()), taxonomy.scoring.weak, False),
                (topic.requires.get(language, ()), 0.0, True),
            ):
                for word in words:
                    self.hits[word].append(Hit(index, weight, required))
        self._compile(list(self.hits))
        self._cache: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}

    def _compile(self, keywords: Sequence[str]) -> None:
        ends = "|".join(re.escape(e) for e in sorted(self.matching.endings, key=len, reverse=True))
        self._ending = f"(?:{ends})?" if ends else ""
        exact: dict[str, list[str]] = defaultdict(list)
        prefix, suffix, inner, phrases = [], [], [], []
        for k in keywords:
            if " " in k:
                phrases.append(k)
            elif k.startswith("*") and k.endswith("*"):
                inner.append(k)
            elif k.endswith("*"):
                prefix.append(k)
            elif k.startswith("*"):
                suffix.append(k)
            else:
                exact[k.lstrip("=")].append(k)
                if not k.startswith("=") and 0 < self.matching.compound_min <= len(k):
                    inner.append(k)
        self._exact = dict(exact)
        self._prefix, self._prefix_keys = _alternation(prefix, r"^(?P<k>{})")
        self._suffix, self._suffix_keys = _alternation(suffix, r"(?P<k>{})" + self._ending + "$")
        self._inner, self._inner_keys = _alternation(inner, r"(?P<k>{})")
        self._index_phrases(phrases)

    def _index_phrases(self, phrases: Sequence[str]) -> None:
        """Phrases by their first word (prefix-first phrases apart), longest first."""
        self._phrases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self._prefix_phrases: list[tuple[str, ...]] = []
        for phrase in sorted(phrases, key=len, reverse=True):
            words = tuple(phrase.split())
            if words[0].endswith("*"):
                self._prefix_phrases.append(words)
            else:
                self._phrases[words[0]].append(words)

    def _word_is(self, token: str, word: str) -> bool:
        if word.endswith("*"):
            return token.startswith(word[:-1])
        return token == word or (
            token.startswith(word) and token[len(word) :] in self.matching.endings
        )

    def _phrases_from(self, first: str) -> tuple[tuple[str, ...], ...]:
        """Phrases whose first word ``first`` can be."""
        candidates = [p for form in self._base_forms(first) for p in self._phrases.get(form, ())]
        candidates += [p for p in self._prefix_phrases if first.startswith(p[0][:-1])]
        return tuple(candidates)

    def _phrases_at(self, tokens: Sequence[str], i: int) -> Iterable[tuple[str, ...]]:
        for words in self._word(tokens[i])[1]:
            n = len(words)
            if i + n <= len(tokens) and all(
                self._word_is(tokens[i + k], words[k]) for k in range(1, n)
            ):
                yield words

    # -- per word

    def _word(self, token: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """The keywords ``token`` matches, and the phrases it may start (cached per word)."""
        found = self._cache.get(token)
        if found is None:
            found = self._cache[token] = (
                tuple(self._keywords_of(token)),
                self._phrases_from(token),
            )
        return found

    def _keywords_of(self, token: str) -> Iterable[str]:
        if token in self.matching.never:
            return
        seen: set[str] = set()
        for part in {token, *token.split("-")} if "-" in token else {token}:
            for key in self._part(part):
                if key not in seen:
                    seen.add(key)
                    yield key

    def _part(self, part: str) -> Iterable[str]:
        for form in self._base_forms(part):
            yield from self._exact.get(form, ())
        if self._prefix is not None and (m := self._prefix.match(part)):
            yield self._prefix_keys[m.group("k")]
        if self._suffix is not None and (m := self._suffix.search(part)):
            yield self._suffix_keys[m.group("k")]
        if self._inner is not None:
            for m in self._inner.finditer(part):
                key = self._inner_keys[m.group("k")]
                if key.startswith("*") or self._compound_boundary(part, m.start(), m.end()):
                    yield key

    def _base_forms(self, word: str) -> Iterable[str]:
        yield word
        for ending in self.matching.endings:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                yield word[: -len(ending)]

    def _compound_boundary(self, part: str, start: int, end: int) -> bool:
        """A plain keyword inside a word: it must start the word or end it (with an ending),
        or leave at least three letters on each side it does not reach."""
        rest = part[end:]
        at_end = not rest or rest in self.matching.endings
        if start == 0 and at_end:
            return False  # the whole word: found by the exact lookup already
        if start > 0 and start < 3:
            return False
        return at_end or len(rest) >= 3

    def matches(self, text: str) -> dict[str, tuple[str, ...]]:
        """Each word (or phrase) of ``text`` that some keyword matches, with those keywords."""
        tokens = _TOKEN.findall(text.lower())
        found: dict[str, tuple[str, ...]] = {}
        starts: list[int] = []
        for i, token in enumerate(tokens):
            keys, phrases = self._word(token)
            if keys and token not in found:
                found[token] = keys
            if phrases:
                starts.append(i)
        after = 0  # phrases do not overlap
        for i in starts:
            if i < after:
                continue
            words = next(iter(self._phrases_at(tokens, i)), None)
            if words is not None:
                found[" ".join(tokens[i : i + len(words)])] = (" ".join(words),)
                after = i + len(words)
        return found

    def keywords(self, text: str) -> set[str]:
        """The keywords ``text`` contains."""
        return {k for keys in self.matches(text).values() for k in keys}


def _alternation(
    keys: Sequence[str], template: str
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern for ``keys`` (wildcards and ``=`` stripped), longest first, and the map back
    from the matched word to its keyword."""
    bare = {k.strip("*="): k for k in keys}
    if not bare:
        return None, bare
    words = sorted(bare, key=len, reverse=True)
    return re.compile(template.format("|".join(re.escape(w) for w in words))), bare


# -- tagging statements --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    score: float  # 0–1: half a point per full-weight keyword in the statement, capped
    keywords: tuple[str, ...]  # the keywords it rests on


class Tagger:
    """Assigns a taxonomy's topics to statements, one matcher per language."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._matchers: dict[str, Matcher] = {}
        self._known = sorted(
            taxonomy.matching.keys() | {lang for t in taxonomy.topics for lang in t.keywords}
        )
        self._lineage = {t.id: (t.id, *taxonomy.ancestors(t.id)) for t in taxonomy.topics}

    def matcher(self, language: str) -> Matcher:
        if language not in self._matchers:
            self._matchers[language] = Matcher(self.taxonomy, language)
        return self._matchers[language]

    def languages(self, language: str | None) -> Sequence[str]:
        return [language] if language in self._known else self._known

    def tag(self, quote: str, context: str = "", language: str | None = None) -> list[TopicScore]:
        """The topics of a statement saying ``quote`` within ``context``, best first.

        Each distinct word counts once per topic, with its strongest keyword: in the quote
        at full weight, only in the context at the context weight. Weak keywords only add
        to a topic that has a full-weight keyword too.
        """
        sums: dict[int, float] = defaultdict(float)
        because: dict[int, list[str]] = defaultdict(list)
        required: set[int] = set()
        strong: set[int] = set()  # weak keywords alone never make a topic
        scoring = self.taxonomy.scoring
        for lang in self.languages(language):
            matcher = self.matcher(lang)
            in_quote = matcher.matches(quote)
            in_context = matcher.matches(context) if context else {}
            only_context = {w: k for w, k in in_context.items() if w not in in_quote}
            for keys, place in [
                *((k, scoring.quote) for _, k in sorted(in_quote.items())),
                *((k, scoring.context) for _, k in sorted(only_context.items())),
            ]:
                best: dict[int, tuple[float, str]] = {}
                for key in keys:
                    for hit in matcher.hits[key]:
                        if hit.requirement:
                            required.add(hit.topic)
                        elif hit.topic not in best or best[hit.topic][0] < hit.weight:
                            best[hit.topic] = (hit.weight, key)
                for topic, (weight, key) in best.items():
                    sums[topic] += weight * place
                    because[topic].append(key)
                    if weight == 1.0:
                        strong.add(topic)
        return self._scores({t: v for t, v in sums.items() if t in strong}, because, required)

    def _scores(
        self, sums: Mapping[int, float], because: Mapping[int, list[str]], required: set[int]
    ) -> list[TopicScore]:
        topics = self.taxonomy.topics
        best: dict[str, TopicScore] = {}
        for index, total in sums.items():
            topic = topics[index]
            if total < self.taxonomy.scoring.threshold:
                continue
            if any(topic.requires.values()) and index not in required:
                continue
            score = round(min(1.0, total / (2 * self.taxonomy.scoring.threshold)), 3)
            for tid in self._lineage[topic.id]:
                if tid not in best or best[tid].score < score:
                    best[tid] = TopicScore(tid, score, tuple(because[index]))
        return sorted(best.values(), key=lambda t: (-t.score, t.topic))


# -- the build pass ------------------------------------------------------------------------------


_UNTAGGED = """
SELECT s.statement_id, coalesce(s.language, a.language), s.quote,
       CASE WHEN s.context_start IS NULL THEN ''
            ELSE substr(a.text, s.context_start + 1, s."start" - s.context_start) || ' '
                 || substr(a.text, s."end" + 1, s.context_end - s."end") END
FROM statements s JOIN articles a USING (article_id)
WHERE s.statement_id NOT IN (SELECT statement_id FROM topics_applied)
"""


def tag_statements(con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy) -> int:
    """Tag every statement not yet tagged with ``taxonomy`` (all of them after the taxonomy
    changed) into ``statement_topics``; rebuild ``topics``. Returns how many were tagged."""
    con.execute(
        "DELETE FROM topics_applied WHERE taxonomy <> ? "
        "OR statement_id NOT IN (SELECT statement_id FROM statements)",
        [taxonomy.fingerprint],
    )
    con.execute(
        "DELETE FROM statement_topics "
        "WHERE statement_id NOT IN (SELECT statement_id FROM topics_applied)"
    )
    tagger = Tagger(taxonomy)
    todo = con.execute(_UNTAGGED).fetchall()
    found: dict[str, list[Any]] = {"statement_id": [], "topic": [], "score": []}
    for sid, language, quote, context in todo:
        for t in tagger.tag(quote, context, language):
            found["statement_id"].append(sid)
            found["topic"].append(t.topic)
            found["score"].append(t.score)
    tables = {
        "statement_topics": pa.table(found, schema=_TOPIC_ROWS),
        "topics_applied": pa.table(
            {
                "statement_id": [row[0] for row in todo],
                "taxonomy": [taxonomy.fingerprint] * len(todo),
            },
            schema=_APPLIED,
        ),
    }
    for table, rows in tables.items():
        con.register("incoming_topics", rows)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_topics")
        con.unregister("incoming_topics")
    con.execute("DELETE FROM topics")
    con.executemany(
        "INSERT INTO topics VALUES (?, ?, ?, ?)",
        [[t.id, t.labels.get("de"), t.labels.get("en"), t.parent] for t in taxonomy.topics],
    )
    return len(todo)


_TOPIC_ROWS = pa.schema(
    [("statement_id", pa.string()), ("topic", pa.string()), ("score", pa.float64())]
)
_APPLIED = pa.schema([("statement_id", pa.string()), ("taxonomy", pa.string())])


@cache
def stopwords() -> frozenset[str]:
    """Closed word classes of every lexicon: never key terms."""
    words: set[str] = set()
    for language in lexicon.languages():
        lex = lexicon.load(language)
        words.update(lex.get("language", {}).get("stopwords", []))
        for table in ("words", "pronouns"):
            for value in lex.get(table, {}).values():
                if isinstance(value, list):
                    words.update(w for w in value if isinstance(w, str) and "{" not in w)
    return frozenset(w.lower() for w in words)


def key_terms(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``statement_terms`` and ``speaker_terms`` (tf-idf, in SQL). The content words
    of each statement are kept in ``statement_words``; only new statements are read."""
    con.execute("CREATE OR REPLACE TEMP TABLE term_stop (term TEXT)")
    con.executemany("INSERT INTO term_stop VALUES (?)", [[w] for w in sorted(stopwords())])
    con.execute(
        "DELETE FROM statement_words "
        "WHERE statement_id NOT IN (SELECT statement_id FROM statements)"
    )
    con.execute(
        """
        INSERT INTO statement_words
        WITH words AS (
            SELECT statement_id,
                   unnest(regexp_extract_all(lower(quote), '\\p{L}[\\p{L}\\p{N}]*(?:-[\\p{L}\\p{N}]+)*'))
                       AS term
            FROM statements
            WHERE statement_id NOT IN (SELECT DISTINCT statement_id FROM statement_words)
        )
        SELECT statement_id, term, count(*) AS tf FROM words
        WHERE length(term) >= 4 AND term NOT IN (SELECT term FROM term_stop)
        GROUP BY ALL
        """
    )
    con.execute("DELETE FROM statement_terms")
    con.execute(
        f"""
        INSERT INTO statement_terms
        WITH n AS (SELECT count(DISTINCT statement_id) AS n FROM statement_words),
             df AS (SELECT term, count(*) AS df FROM statement_words GROUP BY term)
        SELECT statement_id, term, round(tf * ln(n.n / df.df), 3) AS score
        FROM statement_words JOIN df USING (term), n
        WHERE df.df >= 2 AND df.df < 0.05 * n.n
        QUALIFY row_number() OVER (PARTITION BY statement_id ORDER BY score DESC, term)
                <= {TERMS_PER_STATEMENT}
        """
    )
    con.execute("DELETE FROM speaker_terms")
    con.execute(
        f"""
        INSERT INTO speaker_terms
        WITH by_speaker AS (
            SELECT ss.speaker_id, u.term, count(*) AS tf
            FROM statement_words u JOIN statement_speakers ss USING (statement_id)
            GROUP BY ALL
        ),
        n AS (SELECT count(DISTINCT speaker_id) AS n FROM by_speaker),
        df AS (SELECT term, count(*) AS df FROM by_speaker GROUP BY term)
        SELECT speaker_id, term, round(tf * ln((n.n + 1) / df.df), 3) AS score, tf
        FROM by_speaker JOIN df USING (term), n
        WHERE tf >= 2
        QUALIFY row_number() OVER (PARTITION BY speaker_id ORDER BY score DESC, term)
                <= {TERMS_PER_SPEAKER}
        """
    )
    con.execute("DROP TABLE term_stop")


_LISTS = """
CREATE OR REPLACE TEMP TABLE lists_new AS
WITH t AS (
    SELECT statement_id, list(topic ORDER BY score DESC, topic) AS topics
    FROM statement_topics GROUP BY statement_id
),
k AS (
    SELECT statement_id, list(term ORDER BY score DESC, term) AS key_terms
    FROM statement_terms GROUP BY statement_id
)
SELECT coalesce(t.statement_id, k.statement_id) AS statement_id, t.topics, k.key_terms
FROM t FULL OUTER JOIN k USING (statement_id)
"""


def statement_lists(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``statement_lists``: each statement's topics and key terms as lists."""
    con.execute(_LISTS)
    con.execute("DELETE FROM statement_lists")
    con.execute("INSERT INTO statement_lists BY NAME SELECT * FROM lists_new")
    con.execute("DROP TABLE lists_new")


def topics_pass(con: duckdb.DuckDBPyConnection, ctx: Any) -> None:
    """Build pass: topics from the taxonomy in ``ctx.data_dir``, then key terms."""
    taxonomy = load_taxonomy(ctx.data_dir)
    tagged = tag_statements(con, taxonomy)
    log.info("topics: %d statements tagged from %s", tagged, taxonomy.source or "no taxonomy")
    key_terms(con)
    statement_lists(con)

"""Forgiving search: misspelt words and names matched to what the corpus actually holds.

The vocabulary is the search indexes' own dictionaries (stemmed terms with their document
frequency) plus the speakers' names. A search word no index knows is replaced by the closest
indexed term (rapidfuzz, frequent terms first among equals); a search that looks like a
misspelt name suggests the speakers it resembles.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ingest.queries.corpus import SNAP, STATEMENTS, Corpus
from ingest.queries.search import Query, Word, with_corrections

MIN_WORD = 4  # shorter words are not corrected: too many near neighbours
WORD_CUTOFF = 75.0
NAME_CUTOFF = 86.0
SURNAME_CUTOFF = 80.0  # a transposed letter in a surname of seven letters still matches
MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Indexed terms per search index (with document frequencies) and speaker names."""

    terms: tuple[tuple[str, ...], ...]
    frequency: tuple[dict[str, int], ...]
    speakers: tuple[str, ...]

    def knows(self, word: Word) -> bool:
        return any(s in self.frequency[i] for i, s in enumerate(word.stems) if s)


def load_vocabulary(corpus: Corpus) -> Vocabulary:
    """Read the index dictionaries and speaker names once per snapshot (cache the result)."""
    terms: list[tuple[str, ...]] = []
    freq: list[dict[str, int]] = []
    for table, _ in corpus.caps.indexes:
        rows = corpus.rows(
            f"SELECT term, df FROM {SNAP}.fts_main_{table}.dict ORDER BY df DESC, term"
        )
        terms.append(tuple(t for t, _ in rows))
        freq.append({t: int(df) for t, df in rows})
    names = corpus.rows(
        f"SELECT speaker FROM {STATEMENTS} WHERE speaker IS NOT NULL "
        "GROUP BY speaker ORDER BY count(*) DESC, speaker"
    )
    return Vocabulary(tuple(terms), tuple(freq), tuple(n for (n,) in names))


def _closest(vocab: Vocabulary, word: Word) -> tuple[int, str, float] | None:
    """The best (index, term, score) for a word no index knows."""
    best: tuple[int, str, float, int] | None = None
    for i, stem in enumerate(word.stems):
        if not stem or len(stem) < MIN_WORD:
            continue
        for term, score, _ in process.extract(
            stem, vocab.terms[i], scorer=fuzz.ratio, limit=5, score_cutoff=WORD_CUTOFF
        ):
            df = vocab.frequency[i][term]
            if best is None or (score, df) > (best[2], best[3]):
                best = (i, term, score, df)
    return None if best is None else best[:3]


def correct(vocab: Vocabulary, query: Query) -> Query:
    """``query`` with each word no index knows replaced by the closest indexed term."""
    words: list[Word] = []
    corrected: list[tuple[str, str]] = []
    for word in query.words:
        found = None if vocab.knows(word) else _closest(vocab, word)
        if found is None:
            words.append(word)
            continue
        index, term, _ = found
        stems = tuple(term if i == index else "" for i in range(len(word.stems)))
        words.append(Word(word.token, stems))
        corrected.append((word.token, term))
    if not corrected:
        return query
    return with_corrections(query, tuple(words), tuple(corrected))


def _by_surname(vocab: Vocabulary, text: str, limit: int) -> list[str]:
    """Speakers whose last name is close to a single typed word (``Hegseht`` → Hegseth)."""
    if " " in text.strip() or len(text.strip()) < MIN_WORD:
        return []
    surnames = [name.rsplit(" ", 1)[-1] for name in vocab.speakers]
    found = process.extract(
        text.strip(),
        surnames,
        scorer=fuzz.ratio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=SURNAME_CUTOFF,
    )
    return [vocab.speakers[i] for _, _, i in sorted(found, key=lambda f: (-f[1], f[2]))]


def similar_speakers(vocab: Vocabulary, text: str, limit: int = 3) -> list[str]:
    """Speaker names ``text`` resembles (for short searches that look like a name)."""
    text = text.strip()
    if not text or len(text.split()) > MAX_NAME_WORDS or len(text) < MIN_WORD:
        return []
    found = process.extract(
        text,
        vocab.speakers,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=NAME_CUTOFF,
    )
    names = [name for name, _, _ in found]
    return names or _by_surname(vocab, text, limit)


def closest_speaker(vocab: Vocabulary, text: str) -> str | None:
    """The one name ``text`` most resembles, for a typed speaker filter."""
    found = similar_speakers(vocab, text, limit=1)
    return found[0] if found else None

"""Cues: the words that frame reported content (sagte, erklärte, said, laut, according to …).

All cue patterns of a language run once over the whole article; each hit is assigned to its
sentence. Separable verbs (teilte … mit) count only when their particle follows in the same
clause. Where cues overlap, the longest wins.
"""

from __future__ import annotations

import bisect
import re
from typing import Final, NamedTuple

from ingest.extract.grammar import (
    AFTER_CONTENT,
    ANAPHORIC,
    IMPERSONAL,
    PHRASE,
    SOURCE_AFTER,
    SOURCE_BEFORE,
    SOURCE_NOUN,
    VERB,
    Grammar,
    word_char,
)
from ingest.extract.scan import Hit
from ingest.extract.sentences import Sentence
from ingest.extract.tokens import word_before

__all__ = [
    "AFTER_CONTENT",
    "ANAPHORIC",
    "IMPERSONAL",
    "PHRASE",
    "SOURCE_AFTER",
    "SOURCE_BEFORE",
    "VERB",
    "Cue",
    "find_cues",
]

_CLAUSE_END: Final = re.compile(r"[,;:.!?]|[„“”\"»«]")
_WORD: Final = re.compile(r"\w+")


_new: Final = tuple.__new__  # builds a named tuple without the keyword-aware constructor


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    kind: str
    reported: bool  # a speech act that may stand without its content


def _has_particle(text: str, cue_end: int, sentence_end: int, particles: frozenset[str]) -> bool:
    """Whether one of ``particles`` is a word of the clause after the cue."""
    if not particles:
        return False
    stop = _CLAUSE_END.search(text, cue_end, sentence_end)
    clause_end = stop.start() if stop else sentence_end
    return any(_has_word(text, p, cue_end, clause_end) for p in particles)


def _has_word(text: str, word: str, lo: int, hi: int) -> bool:
    """Whether ``word`` is one of the words (``\\w+`` runs) of ``text[lo:hi]``: found by
    ``str.find``, with no word character joined to it inside the stretch."""
    i = text.find(word, lo, hi)
    while i >= 0:
        j = i + len(word)
        if (i == lo or not word_char(text[i - 1])) and (j == hi or not word_char(text[j])):
            return True
        i = text.find(word, i + 1, hi)
    return False


_CUE_KINDS: Final = (VERB, PHRASE, IMPERSONAL, SOURCE_BEFORE, SOURCE_AFTER)
_FIRST_KIND: Final[dict[frozenset[str], str | None]] = {}  # a keyword's kinds -> its cue kind


def _cue_kind(kinds: frozenset[str]) -> str | None:
    """The cue kind a keyword with ``kinds`` stands for (the first of ``_CUE_KINDS``), if any."""
    kind = _FIRST_KIND.get(kinds, "")
    if kind == "":
        kind = _FIRST_KIND[kinds] = next((k for k in _CUE_KINDS if k in kinds), None)
    return kind


def _is_noun(text: str, start: int, g: Grammar) -> bool:
    """Whether the cue form at ``start`` follows a word that makes it a noun (the reports,
    his remarks)."""
    if not g.noun_markers:
        return False
    before = word_before(text, start, 12)
    return before is not None and before.lower() in g.noun_markers


def _cues(text: str, hits: list[Hit], g: Grammar) -> list[Cue]:
    out = []
    for h in hits:
        kind = _cue_kind(h.kinds)
        if kind == VERB and _is_noun(text, h.start, g):
            continue
        if kind is not None:
            reported = kind == VERB and h.text in g.reported
            out.append(_new(Cue, (h.start, h.end, h.text, kind, reported)))
    return out


def _words_before(text: str, lo: int, end: int) -> tuple[int, list[str]] | None:
    """The last one to three words of ``text[lo:end]``, which ends in a space: words with only
    spaces between them and after them, the first after ``lo``, a space or a stop. Where the
    first starts, and the words; None without any. (What the pattern ``(?:^|(?<!\\w))(\\w++)
    ((?:\\s++\\w++){0,2})\\s++$`` finds in the stretch, told by walking back a few characters.)"""
    if end <= lo or not text[end - 1].isspace():
        return None
    words: list[str] = []
    k = end
    while len(words) < 3:
        while k > lo and text[k - 1].isspace():
            k -= 1
        stop = k
        while k > lo and word_char(text[k - 1]):
            k -= 1
        if k == stop:
            break  # a stop or ``lo`` before the spaces: the words start after them
        words.append(text[k:stop])
        first = k
    if not words:
        return None
    words.reverse()
    return first, words


def _noun_source_cues(text: str, hits: list[Hit], g: Grammar) -> list[Cue]:
    """``Nach ersten Untersuchungen …`` / ``ihrer Meinung nach``: a source noun after a source
    preposition (adjectives between) or before a source postposition."""
    out = []
    for h in hits:
        if SOURCE_NOUN not in h.kinds:
            continue
        before = _words_before(text, max(0, h.start - 40), h.start)
        sourced = False
        if before is not None:
            first, words = before
            for k, w in enumerate(words):
                rest = words[k + 1 :]
                if w.lower() in g.noun_prepositions and all(x.islower() for x in rest):
                    start = first if k == 0 else text.rfind(w, first, h.start)
                    out.append(Cue(start, h.end, text[start : h.end], SOURCE_BEFORE, False))
                    sourced = True
                    break
        if not sourced:
            after = _WORD.match(text, h.end + 1) if text[h.end : h.end + 1] == " " else None
            if after is not None and after.group() in g.noun_postpositions:
                out.append(
                    Cue(h.start, after.end(), text[h.start : after.end()], SOURCE_AFTER, False)
                )
    return out


def _short_source_cues(text: str, hits: list[Hit]) -> list[Cue]:
    """``…, so X.``: a source word right after a comma."""
    return [
        Cue(h.start, h.end, h.text, AFTER_CONTENT, False)
        for h in hits
        if AFTER_CONTENT in h.kinds and text[max(0, h.start - 2) : h.start].strip() == ","
    ]


def _anaphoric_cues(hits: list[Hit], starts: list[int]) -> list[Cue]:
    """Source words that open a sentence and point back to the last source (*Demnach …*)."""
    found = [h for h in hits if ANAPHORIC in h.kinds]
    if not found:
        return []
    opening = set(starts)
    return [Cue(h.start, h.end, h.text, ANAPHORIC, False) for h in found if h.start in opening]


def _longest(cues: list[Cue]) -> list[Cue]:
    """Drop cues inside a longer cue."""
    cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Cue] = []
    for c in cues:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


_KINDS_OF_CUES: Final = frozenset(_CUE_KINDS) | {ANAPHORIC, AFTER_CONTENT, SOURCE_NOUN}


def find_cues(
    text: str, sentences: list[Sentence], starts: list[int], hits: list[Hit], g: Grammar
) -> dict[int, list[Cue]]:
    """The cues of each sentence that has any, by the sentence's index (in text order);
    ``starts`` are the sentences' starts."""
    hits = [h for h in hits if not h.kinds.isdisjoint(_KINDS_OF_CUES)]  # not names or moods
    found = _cues(text, hits, g) + _anaphoric_cues(hits, starts) + _short_source_cues(text, hits)
    found += _noun_source_cues(text, hits, g)
    per: dict[int, list[Cue]] = {}
    for cue in _longest(found):
        k = bisect.bisect_right(starts, cue.start) - 1
        if k < 0 or cue.end > sentences[k].end:
            continue
        if cue.kind == VERB and cue.text not in g.verbs:
            particles = g.particles.get(cue.text, frozenset())
            if not _has_particle(text, cue.end, sentences[k].end, particles):
                continue
        per.setdefault(k, []).append(cue)
    return per

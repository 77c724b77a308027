"""Cues: the words that frame reported content (sagte, erklärte, said, laut, according to …).

All cue patterns of a language run once over the whole article; each hit is assigned to its
sentence. Separable verbs (teilte … mit) count only when their particle follows in the same
clause. Where cues overlap, the longest wins.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ingest.extract.grammar import Grammar
from ingest.extract.sentences import Sentence

VERB, PHRASE, IMPERSONAL = "verb", "phrase", "impersonal"
SOURCE_BEFORE, SOURCE_AFTER, ANAPHORIC, AFTER_CONTENT = (
    "source_before",
    "source_after",
    "anaphoric",
    "after_content",
)

_CLAUSE_END = re.compile(r"[,;:.!?]|[„“”\"»«]")
_WORD = re.compile(r"\w+")


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    kind: str
    reported: bool  # a speech act that may stand without its content


def _has_particle(text: str, cue_end: int, sentence_end: int, particles: frozenset[str]) -> bool:
    stop = _CLAUSE_END.search(text, cue_end, sentence_end)
    clause_end = stop.start() if stop else sentence_end
    return any(w.group() in particles for w in _WORD.finditer(text, cue_end, clause_end))


def _word_cues(text: str, g: Grammar) -> list[Cue]:
    out = []
    for m in g.cue_words.finditer(text):
        word = m.group()
        out.append(Cue(m.start(), m.end(), word, VERB, word in g.reported))
    return out


def _pattern_cues(text: str, pattern: re.Pattern[str], kind: str) -> list[Cue]:
    return [Cue(m.start(), m.end(), m.group(), kind, False) for m in pattern.finditer(text)]


def _anaphoric_cues(text: str, sentences: list[Sentence], g: Grammar) -> list[Cue]:
    out = []
    for s in sentences:
        m = _WORD.match(text, s.start)
        if m and m.group().lower() in g.anaphoric:
            out.append(Cue(m.start(), m.end(), m.group(), ANAPHORIC, False))
    return out


def _longest(cues: list[Cue]) -> list[Cue]:
    """Drop cues inside a longer cue."""
    cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Cue] = []
    for c in cues:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


def find_cues(text: str, sentences: list[Sentence], g: Grammar) -> list[list[Cue]]:
    """The cues of each sentence (same order as ``sentences``)."""
    found = _word_cues(text, g)
    found += _pattern_cues(text, g.cue_phrases, PHRASE)
    found += _pattern_cues(text, g.impersonal, IMPERSONAL)
    found += _pattern_cues(text, g.source_before, SOURCE_BEFORE)
    found += _pattern_cues(text, g.source_after, SOURCE_AFTER)
    found += _anaphoric_cues(text, sentences, g)
    per: list[list[Cue]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for cue in _longest(found):
        k = bisect.bisect_right(starts, cue.start) - 1
        if k < 0 or cue.end > sentences[k].end:
            continue
        if cue.kind == VERB and cue.text not in g.verbs:
            particles = g.particles.get(cue.text, frozenset())
            if not _has_particle(text, cue.end, sentences[k].end, particles):
                continue
        per[k].append(cue)
    return per

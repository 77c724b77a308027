"""One pass over the article for every word and phrase of the lexicon.

Cue verbs, cue phrases, impersonal cues, source phrases, Konjunktiv and hearsay forms and
given names are all found by a single trie-shaped regular expression; each hit is then
dispatched by what it is. One pass instead of one per word list keeps extraction fast.

A keyword starts a word: at the start of the text or after a space, an opening quotation
mark, a bracket or a slash. It ends before anything but a letter, digit or hyphen; the longest
one wins, and hits do not overlap (the first one wins). The pattern runs after plain spaces
(it opens with one, so the regex engine skips from space to space at C speed); after the
other characters, which are few, it is matched where ``str.find`` finds them. (A pattern
opening with a class of all of them tested the class at every character of the text: a third
of the cost.)
"""

from __future__ import annotations

import bisect
from typing import Final, NamedTuple

from ingest.extract.grammar import KEYWORD_AFTER_OTHER, Grammar, keyword
from ingest.extract.sentences import positions


class Hit(NamedTuple):
    start: int
    end: int
    text: str
    kinds: frozenset[str]


_new: Final = tuple.__new__


def kind_starts(hits: list[Hit], kind: str) -> list[int]:
    """Where the hits of ``kind`` start, in text order."""
    return [h.start for h in hits if kind in h.kinds]


def any_between(starts: list[int], start: int, end: int) -> bool:
    """Whether one of the ordered ``starts`` lies in ``[start, end)``."""
    k = bisect.bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def scan(text: str, g: Grammar) -> list[Hit]:
    """Every lexicon keyword in ``text``, in order, longest match first."""
    found: list[tuple[int, int, str]] = []  # every keyword at a word's start, overlapping too
    for m in g.keywords.finditer(text):
        found.append((m.start(1), m.end(1), m.group(1)))
    at = g.keyword_at
    for pos in [-1, *positions(text, KEYWORD_AFTER_OTHER)]:
        there = at.match(text, pos + 1)
        if there is not None:
            found.append((pos + 1, there.end(1), there.group(1)))
    found.sort()
    kinds = g.keyword_kinds
    get = kinds.get
    out: list[Hit] = []
    resume = 0  # no hit starts before the end of the last one and a separator
    for start, end, word in found:
        if start >= resume:
            out.append(_new(Hit, (start, end, word, get(word) or kinds[keyword(word)])))
            resume = end + 1
    return out

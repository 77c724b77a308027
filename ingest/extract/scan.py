"""One pass over the article for every word and phrase of the lexicon.

Cue verbs, cue phrases, impersonal cues, source phrases, Konjunktiv and hearsay forms and
given names are all found by a single trie-shaped regular expression; each hit is then
dispatched by what it is. One pass instead of one per word list keeps extraction fast.
"""

from __future__ import annotations

import bisect
from typing import Final, NamedTuple

from ingest.extract.grammar import Grammar, keyword


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
    kinds = g.keyword_kinds
    out: list[Hit] = []
    first = g.keywords_at_start.match(text)
    if first is not None:
        out.append(Hit(0, first.end(1), first.group(1), kinds[keyword(first.group(1))]))
    get = kinds.get
    for m in g.keywords.finditer(text):
        word = m.group(1)
        start = m.start() + 1  # after the one separator character
        out.append(_new(Hit, (start, start + len(word), word, get(word) or kinds[keyword(word)])))
    return out

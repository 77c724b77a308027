"""One pass over the article for every word and phrase of the lexicon.

Cue verbs, cue phrases, impersonal cues, source phrases, Konjunktiv and hearsay forms and
given names are all found together; each hit is then dispatched by what it is. One pass
instead of one per word list keeps extraction fast.

A keyword starts a word: at the start of the text or after a space, an opening quotation
mark, a bracket or a slash. It ends before anything but a letter, digit or hyphen; the words
of a phrase may be apart by any run of spaces. The longest keyword wins, and hits do not
overlap (the first one wins).

Nearly every keyword follows a plain space, and an Aho-Corasick automaton of them all, each
after a space, finds those in one pass at C speed (a regular expression tried at every space
was a fifth of all the time extraction took). What it cannot see is matched by the keyword
regular expression where ``str.find`` finds it: keywords after the other characters, and
phrases whose words are apart by anything but one plain space.
"""

from __future__ import annotations

import bisect
from typing import Final, NamedTuple

from ingest.extract.grammar import KEYWORD_AFTER_OTHER, Grammar, joins_word, keyword
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
    n = len(text)
    words = g.keyword_list
    found: list[tuple[int, int, str]] = []  # (start, -end, keyword), every one at a word start
    for i, space, end in g.keywords.find_matches_as_indexes(text, overlapping=True):
        if end == n or not joins_word(text[end]):
            found.append((space + 1, -end, words[i]))
    at = g.keyword_at
    others = positions(text, KEYWORD_AFTER_OTHER)
    for start in [0, *[p + 1 for p in others], *_across_spaces(text, others, g)]:
        there = at.match(text, start)
        if there is not None:
            found.append((start, -there.end(1), there.group(1)))
    found.sort()  # by start, the longest first
    kinds = g.keyword_kinds
    get = kinds.get
    out: list[Hit] = []
    resume = 0  # no hit starts before the end of the last one and a separator
    for start, neg_end, word in found:
        if start >= resume:
            out.append(_new(Hit, (start, -neg_end, word, get(word) or kinds[keyword(word)])))
            resume = 1 - neg_end
    return out


def _across_spaces(text: str, others: list[int], g: Grammar) -> list[int]:
    """Where a phrase may start after a plain space and go on across other spaces than one
    plain space (a line break, a no-break space, two spaces): before each such run of
    spaces, the starts of the phrases' opening words that end there."""
    runs = [p for p in others if text[p].isspace()]
    p = text.find("  ")
    while p >= 0:
        runs.append(p)
        p = text.find("  ", p + 2)
    out: list[int] = []
    for p in runs:
        while p > 0 and text[p - 1].isspace():
            p -= 1
        if p == 0 or not text[p - 1].isalnum():
            continue  # no word ends before the spaces (mostly a full stop), so no opening
        space = text.rfind(" ", 0, p)
        heads = g.phrase_heads.get(text[space + 1 : p]) if space >= 0 else None
        while heads is not None and space >= 0 and p - space <= g.longest_head + 1:
            if text[space + 1 : p] in heads:
                out.append(space + 1)
            space = text.rfind(" ", 0, space)
    return out

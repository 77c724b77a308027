"""One pass over the article for every word and phrase of the lexicon.

Cue verbs, cue phrases, impersonal cues, source phrases, Konjunktiv and hearsay forms and
given names are all found together; each hit is then dispatched by what it is. One pass
instead of one per word list keeps extraction fast.

A keyword starts a word: at the start of the text or after a space, an opening quotation
mark, a bracket or a slash. It ends before anything but a letter, digit or hyphen; the words
of a phrase may be apart by any run of spaces. The longest keyword wins, and hits do not
overlap (the first one wins).

The scan reads a *view* of the text: one byte per character (Latin-1, ``?`` for any
character beyond it), every character a keyword may follow made a plain space. An
Aho-Corasick automaton of the keywords, each after a space, finds them all in one pass at C
speed, at the same offsets as in the text. Where the view may mislead, the text confirms: a
phrase whose words are apart by something else than one space character (*nach (eigener*),
or a word beyond Latin-1. What the automaton cannot see is matched by the keyword regular
expression: a keyword at the start of the text, and phrases whose words are apart by a run
of several spaces (a paragraph break).
"""

from __future__ import annotations

import bisect
from typing import Final

from ingest.extract.grammar import KEYWORD_AFTER_OTHER, Grammar, joins_word, keyword


class Hit:
    """A keyword found in the text: its offsets, the keyword as written and its kinds.
    (Compiled, a small class is a C struct, made and read without tuple calls.)"""

    __slots__ = ("end", "kinds", "start", "text")

    def __init__(self, start: int, end: int, text: str, kinds: frozenset[str]) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kinds = kinds

    def __repr__(self) -> str:
        return f"Hit({self.start}, {self.end}, {self.text!r}, {sorted(self.kinds)})"


_SPACE: Final = 32  # a plain space, as a byte
# The view: characters a keyword may follow become a plain space (those beyond Latin-1 are
# ``?`` in the encoded text, and set one by one)
_AFTER: Final = bytes(ord(c) for c in KEYWORD_AFTER_OTHER if ord(c) < 256)
_SPACED: Final = bytes.maketrans(_AFTER, b" " * len(_AFTER))
_WIDE_AFTER: Final = frozenset(c for c in KEYWORD_AFTER_OTHER if ord(c) >= 256)


def kind_starts(hits: list[Hit], kind: str) -> list[int]:
    """Where the hits of ``kind`` start, in text order."""
    return [h.start for h in hits if kind in h.kinds]


def any_between(starts: list[int], start: int, end: int) -> bool:
    """Whether one of the ordered ``starts`` lies in ``[start, end)``."""
    k = bisect.bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def view(text: str) -> bytes | bytearray:
    """``text`` one byte per character: Latin-1, ``?`` for any character beyond it, and a
    plain space for every character a keyword may follow."""
    encoded = text.encode("latin-1", "replace")
    spaced = encoded.translate(_SPACED)
    wide = []
    p = encoded.find(b"?")
    while p >= 0:
        if text[p] in _WIDE_AFTER:  # „ “ ‚ ‘ and the wide spaces
            wide.append(p)
        p = encoded.find(b"?", p + 1)
    if not wide:
        return spaced
    out = bytearray(spaced)
    for p in wide:
        out[p] = _SPACE
    return out


def scan(text: str, g: Grammar) -> list[Hit]:
    """Every lexicon keyword in ``text``, in order, longest match first."""
    n = len(text)
    words = g.keyword_list
    checked = g.keyword_checked
    seen = view(text)
    found: list[tuple[int, int, str]] = []  # (start, -end, keyword), every one at a word start
    for i, space, end in g.keywords.find_matches_as_indexes(seen, overlapping=True):
        if end < n and joins_word(text[end]):
            continue
        word = words[i]
        start = space + 1
        if checked[i] and not text.startswith(word, start):
            # the words apart by another space character (kept as written), or not the
            # keyword at all: apart by a bracket, or another character beyond Latin-1
            written = text[start:end]
            if keyword(written) != word:
                continue
            word = written
        found.append((start, -end, word))
    at = g.keyword_at
    for start in [0, *_across_runs(text, seen, g)]:
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
            out.append(Hit(start, -neg_end, word, get(word) or kinds[keyword(word)]))
            resume = 1 - neg_end
    return out


def _across_runs(text: str, seen: bytes | bytearray, g: Grammar) -> list[int]:
    """Where a phrase may start and go on across a run of several spaces (a paragraph
    break, two spaces): before each such run, the starts of the phrases' opening words that
    end there (their words apart by one space character each, as the view shows them).

    The view is split at two spaces (one C call; a space before a quotation mark or bracket
    looks the same there, and is passed over) rather than searched again after each."""
    out: list[int] = []
    n = len(text)
    p = -2
    done = 0  # runs before this offset are handled
    for part in seen.split(b"  ")[:-1]:
        p += 2 + len(part)  # two spaces in the view start at p
        if p < done or not (text[p].isspace() and text[p + 1].isspace()):
            continue
        q = p
        while q > 0 and text[q - 1].isspace():
            q -= 1
        if q > 0 and text[q - 1].isalnum():  # a word ends before the run
            out.extend(_openings(text, seen, q, g))
        done = p
        while done < n and text[done].isspace():
            done += 1
    return out


def _openings(text: str, seen: bytes | bytearray, end: int, g: Grammar) -> list[int]:
    """The starts of the phrases' opening words that end at ``end``."""
    out: list[int] = []
    space = seen.rfind(b" ", 0, end)
    heads = g.phrase_heads.get(text[space + 1 : end]) if space >= 0 else None
    while heads is not None and space >= 0 and end - space <= g.longest_head + 1:
        if keyword(text[space + 1 : end]) in heads:
            out.append(space + 1)
        space = seen.rfind(b" ", 0, space)
    return out

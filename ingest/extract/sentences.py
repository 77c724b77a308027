"""Sentence and paragraph boundaries, with offsets into the article text.

A sentence ends at ``. ! ? …`` (plus closing quotation marks or brackets) before a capital,
a digit or an opening mark, unless the word before the stop is a known abbreviation, an
initial or an ordinal number (``am 5. Juni``). A line break ends a paragraph unless it falls
mid-sentence (some sources wrap lines inside sentences), which is told by the next line
starting in lower case.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any, Final

from ingest.extract.grammar import Grammar


class Sentence:
    """A sentence's offsets and its paragraph. Compiled, a class of its own is a C struct
    (like ``tokens.Tok``): made without calling the tuple constructor, read field by field."""

    __slots__ = ("end", "para", "start")

    def __init__(self, start: int, end: int, para: int) -> None:
        self.start = start
        self.end = end  # exclusive; trailing spaces excluded
        self.para = para  # paragraph index (0-based)

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.para})"


span_start: Final = itemgetter(0)  # the start of a span, cue, quote or hit


def starts_of(spans: Sequence[tuple[Any, ...]]) -> list[int]:
    """The first field (the start offset) of each span, cue, quote or hit, read by a C
    loop."""
    return list(map(span_start, spans))


# A boundary is a line break, or a stop with any further stops and closing marks, followed
# by spaces and (after opening marks) a capital or digit of any script. Spelt out as a loop
# over the characters below (the regular expression it replaces stays in the tests as its
# definition): where the stops are is found by str.find, and each one is settled by a few
# character tests, not by a call of the regex engine.
_STOPS: Final = ".!?…\n"  # the characters a boundary opens with
_MORE_STOPS: Final = frozenset(".!?…")
_CLOSING: Final = frozenset("\"“”»«’'‘)]")
_GAP: Final = frozenset(" \t\u00a0\u2009\u202f")
_OPENING: Final = frozenset('"„“‚‘»«([')
_LONGEST: Final = 8  # longer than any abbreviation in the lexicons
_END_PUNCT: Final = frozenset(".!?…:\"“”»«’')]")


def _is_abbreviation(text: str, stop: int, g: Grammar) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation, an initial or an ordinal."""
    space = max(text.rfind(" ", max(0, stop - 12), stop), text.rfind("\n", max(0, stop - 12), stop))
    if space < 0 and stop > 12:
        return False  # a long word: no abbreviation
    word = text[space + 1 : stop].lstrip("(„“\"'»«‚‘[").rstrip(".")
    if not word:
        return False
    if word in g.abbreviations or (len(word) == 1 and word.isalpha()):
        return True
    if word.isdigit() and len(word) <= 2:
        after = text[stop + 1 : stop + 40].split(maxsplit=1)
        return bool(after) and after[0].strip(".,;") in g.ordinal_next
    return "." in word and len(word) <= 6 and word.replace(".", "").isalpha()


_WRAPPED: Final = 50  # a line at least this long, broken before a capital, is wrapped text


def _title_case(line: str) -> bool:
    """Whether most longer words of ``line`` are capitalised (a headline)."""
    words = [w for w in line.split() if len(w) > 3]
    return sum(w[0].isupper() for w in words) * 3 > len(words) * 2


def soft_break(text: str, nl: int, capitalised: bool) -> bool:
    """A line break inside a sentence: no end punctuation before it, and lower case after
    it, or a capital straight after a long line (text wrapped at a fixed width: *the
    Securities and⏎Exchange Commission*; a heading is short, a paragraph is indented)."""
    before = text[max(0, nl - 3) : nl].rstrip()
    if not before or before[-1] in _END_PUNCT:
        return False
    after = text[nl + 1 : nl + 3]
    if after[:1].isupper():
        line_start = text.rfind("\n", 0, nl) + 1
        line = text[line_start:nl]
        return (
            line_start > 0  # the first line is a title
            and len(line) > _WRAPPED
            and before[-1] != ";"
            # where every noun is capitalised, only a space left before the break tells
            and (line[-1] == " " if capitalised else not _title_case(line))
        )
    after = after.lstrip()
    return bool(after) and after[0].islower()


def split_sentences(text: str, g: Grammar) -> list[Sentence]:
    """Sentences of ``text`` in order; empty stretches are skipped."""
    out: list[Sentence] = []
    start, para, last_para = 0, 0, -1  # last_para: paragraph of the last sentence kept
    for stop, end in boundaries(text):
        newline = text[stop] == "\n"
        if newline:
            if text[stop - 1] not in _END_PUNCT and soft_break(text, stop, g.nouns_capitalised):
                continue
            cut = stop
        elif (
            end == stop + 1
            and text[stop] == "."
            and not text[stop - _LONGEST : stop].isalpha()  # a long word ends no abbreviation
            and _is_abbreviation(text, stop, g)
        ):
            continue
        else:
            cut = end
        if _add(out, text, start, cut, para):
            last_para = para
        start = end
        if newline and last_para == para:
            para += 1
    _add(out, text, start, len(text), para)
    return out


def positions(text: str, chars: str) -> list[int]:
    """Where any of ``chars`` occurs in ``text``, in order.

    One ``str.find`` loop per character: a C search at memory speed, where a regular
    expression opening with a character class tests the class at every character of the
    text (most of the cost of a pass over an article)."""
    out: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _capital(ch: str) -> bool:
    """A digit, or a capital of the Latin, Greek or Cyrillic script (as the ranges
    0-9 A-Z À-Ö Ø-Þ Ā-ſ Α-Ω А-Я of a regex class)."""
    c = ord(ch)
    return (
        48 <= c <= 57
        or 65 <= c <= 90
        or 0xC0 <= c <= 0xD6
        or 0xD8 <= c <= 0xDE
        or 0x100 <= c <= 0x17F
        or 0x391 <= c <= 0x3A9
        or 0x410 <= c <= 0x42F
    )


def _boundary_end(text: str, pos: int) -> int:
    """Where the boundary opening with the stop at ``pos`` ends (after further stops and
    closing marks), or -1 when no sentence ends there."""
    if text[pos] == "\n":
        return pos + 1
    n = len(text)
    j = pos + 1
    while j < n and text[j] in _MORE_STOPS:
        j += 1
    while j < n and text[j] in _CLOSING:
        j += 1
    end = j
    if j >= n or text[j] not in _GAP:
        return -1
    while j < n and text[j] in _GAP:
        j += 1
    while j < n and text[j] in _OPENING:
        j += 1
    return end if j < n and _capital(text[j]) else -1


def boundaries(text: str) -> list[tuple[int, int]]:
    """Every sentence boundary as (stop, end): from the stop to after the marks that close
    the sentence, in order; none starts inside another."""
    out: list[tuple[int, int]] = []
    resume = 0
    for pos in positions(text, _STOPS):
        if pos >= resume:
            end = _boundary_end(text, pos)
            if end >= 0:
                resume = end
                out.append((pos, end))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, para: int) -> bool:
    """Append the sentence ``text[start:end]`` without its outer spaces, unless it is empty;
    whether it was."""
    while start < end and text[start].isspace():
        start += 1
    if start >= end:
        return False
    while text[end - 1].isspace():
        end -= 1
    out.append(Sentence(start, end, para))
    return True

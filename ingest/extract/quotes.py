"""Quotation marks: which marks open and close which quote, for every typography.

A single pass over the marks with a stack. A mark closes the innermost open quote it can close
(and drops stray marks opened inside it), else opens a new quote when it stands where quotes
open (before a non-space, after a space or punctuation). Apostrophes inside words, inch signs
after digits and marks that can do neither are ignored. A quote still open at the end of a
paragraph continues only when the next paragraph reopens with the same mark (the German and
English convention for quotes over several paragraphs); otherwise it is dropped, so a stray
mark never swallows the rest of the article.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from ingest.extract.grammar import Grammar
from ingest.extract.sentences import positions, soft_break


class Quote(NamedTuple):
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    pieces: tuple[tuple[int, int], ...]  # the quoted text without marks (several over paragraphs)
    depth: int  # 0 for a top-level quote


class _Open(NamedTuple):
    mark: str
    start: int
    pieces: tuple[tuple[int, int], ...]
    piece_start: int
    depth: int


_new: Final = tuple.__new__  # builds a named tuple without the keyword-aware constructor
_OPEN_AFTER: Final = frozenset(" \t\n([{/—–-:;,.…\u00a0\u2009\u202f")
_MAX_PIECES: Final = 12


def _can_open(prev: str, nxt: str, mark: str, g: Grammar) -> bool:
    if nxt.isspace() or not nxt:
        return False
    if mark in g.symmetric or mark in g.apostrophes:
        return prev in _OPEN_AFTER or prev in g.closers or not prev
    return not prev.isalnum() or mark not in g.apostrophes


def _can_close(prev: str, nxt: str, mark: str, g: Grammar) -> bool:
    if mark in g.symmetric or mark in g.apostrophes:
        return bool(prev) and not prev.isspace() and not nxt.isalnum()
    return not (prev.isspace() and nxt.isalnum())


def _paragraph_end(text: str, nl: int) -> int:
    end = nl
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _reopening(text: str, nl: int, mark: str) -> int:
    """Offset after ``mark`` when the paragraph after ``nl`` starts with it, else -1."""
    pos, n = nl, len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos + len(mark) if text.startswith(mark, pos) else -1


def find_quotes(text: str, g: Grammar) -> list[Quote]:
    """Every balanced quote in ``text`` (nested ones too), ordered by start."""
    out: list[Quote] = []
    stack: list[_Open] = []
    skip_until = -1
    n = len(text)
    pos = 0
    # where a mark (or a line break) may start, found by str.find
    for i in positions(text, g.mark_starts):
        if i < pos:
            continue
        mark = _mark_at(text, i, g)
        if not mark or (mark == "\n" and not stack):  # line breaks matter inside quotes only
            continue
        j = i + len(mark)
        pos = j
        if i < skip_until:
            continue
        if mark == "\n":
            if stack and not soft_break(text, i, g.nouns_capitalised):
                skip_until = _continue_paragraph(text, i, stack)
            continue
        prev = text[i - 1] if i else ""
        nxt = text[j] if j < n else ""
        if mark in g.apostrophes and prev.isalnum() and nxt.isalnum():
            continue
        if prev.isdigit() and mark in ('"', "'", "''", "″", "′") and nxt != "," and nxt != ".":
            continue
        if stack and _close(stack, mark, i, j, prev, nxt, g, out):
            continue
        if mark in g.closers and _can_open(prev, nxt, mark, g):
            stack.append(_new(_Open, (mark, i, (), j, len(stack))))
    out.sort()
    return out


def _mark_at(text: str, i: int, g: Grammar) -> str:
    """The mark (or line break) at ``i``, the longest one; "" when none starts there."""
    for mark in g.double_marks:
        if text.startswith(mark, i):
            return mark
    ch = text[i]
    return ch if ch in g.single_marks or ch == "\n" else ""


def _close(
    stack: list[_Open], mark: str, i: int, j: int, prev: str, nxt: str, g: Grammar, out: list[Quote]
) -> bool:
    """Close the innermost open quote that ``mark`` can close; False when none."""
    if not _can_close(prev, nxt, mark, g):
        return False
    for level in range(len(stack) - 1, -1, -1):
        if mark in g.closers[stack[level].mark]:
            top = stack[level]
            del stack[level:]
            pieces = (*top.pieces, (top.piece_start, i))
            out.append(_new(Quote, (top.start, j, pieces, top.depth)))
            return True
    return False


def _continue_paragraph(text: str, nl: int, stack: list[_Open]) -> int:
    """At a paragraph end: keep the outer quote open when the next paragraph reopens it."""
    outer = stack[0]
    reopened = _reopening(text, nl, outer.mark)
    if reopened < 0 or len(outer.pieces) >= _MAX_PIECES:
        stack.clear()
        return -1
    piece = (outer.piece_start, _paragraph_end(text, nl))
    stack[:] = [outer._replace(pieces=(*outer.pieces, piece), piece_start=reopened)]
    return reopened

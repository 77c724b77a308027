"""Word and punctuation tokens of a stretch of text, with article offsets.

Only the sentences that carry a cue are tokenised; the rest of an article is handled by
regular expressions over the whole text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:[-'’.&/]\w+)*|[^\w\s]")


class Tok(NamedTuple):
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    return [Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def index_at(toks: list[Tok], offset: int) -> int:
    """Index of the first token that starts at or after ``offset`` (len(toks) if none)."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo

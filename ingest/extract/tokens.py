"""Word and punctuation tokens of a stretch of text, with article offsets.

Only the sentences that carry a cue are tokenised; the rest of an article is handled by
regular expressions over the whole text.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from ingest.extract.grammar import word_char
from ingest.extract.sentences import Sentence

# Characters that join the parts of one word (US-Minister, O'Brien, z.B)
_JOINER_CHARS: Final = "-'’.&/"
# A word (parts joined by a joiner) or one other character that is not a space; nothing
# given back once matched (the same matches, found without retrying shorter ones)
_TOKEN: Final = re.compile(r"\w++(?:[" + re.escape(_JOINER_CHARS) + r"]\w++)*+|[^\w\s]")


class Tok:
    """A token: a word or one other character that is not a space, with its offsets.

    Compiled, a class of its own is a C struct: its fields are read directly and its offsets
    stored as machine integers. (A token typed as a tuple of six was unpacked whole, and its
    offsets boxed again, at every field read and every list made of tokens.)"""

    __slots__ = ("_low", "end", "is_cap", "is_word", "start", "text")

    def __init__(self, start: int, end: int, text: str, is_word: bool, is_cap: bool) -> None:
        self.start = start  # offset in the article
        self.end = end  # exclusive
        self.text = text
        self.is_word = is_word  # a word (not punctuation)
        self.is_cap = is_cap  # starts with a capital
        self._low = ""  # the lower case, once read

    @property
    def low(self) -> str:
        """The text in lower case, made when first read (most tokens never are)."""
        low = self._low
        if not low:
            low = self._low = self.text.lower()
        return low

    def fields(self) -> tuple[int, int, str, str, bool, bool]:
        return (self.start, self.end, self.text, self.low, self.is_word, self.is_cap)

    def __repr__(self) -> str:
        return f"Tok{self.fields()!r}"


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    The same tokens as ``_TOKEN`` finds, found faster: the stretch is split at whitespace (a C
    loop), a piece made only of letters and digits (most of them) is one word, and only the
    other pieces (*„Jetzt,* *US-Minister*) go through the pattern. A piece holds no space, so
    its tokens follow one another without a gap, and the next piece starts after the spaces
    that follow. (Written for the compiled build: typed locals and the string methods mypyc
    calls directly; ``isupper`` is not one of them, so ASCII capitals are told by their code.)
    """
    out: list[Tok] = []
    pos = start
    for piece in text[start:end].split():
        while text[pos].isspace():  # the spaces split() dropped (one, mostly)
            pos += 1
        if len(piece) == 1 or piece.isalnum():  # one token (most pieces): no list made
            pos = _add(out, piece, pos)
        else:
            for word in _pieces(piece):
                pos = _add(out, word, pos)
    return out


def _add(out: list[Tok], word: str, pos: int) -> int:
    """Append the token ``word`` starting at ``pos``; where it ends."""
    first = word[0]
    code = ord(first)
    cap = (65 <= code <= 90 if code < 128 else first.isupper()) or (
        # al-Assad, el-Baradei: a name behind a short lower-case particle is capitalised
        len(word) > 3 and word[2] == "-" and word[3].isupper()
    )
    stop = pos + len(word)
    out.append(Tok(pos, stop, word, first.isalnum(), cap))
    return stop


def _pieces(piece: str) -> list[str]:
    """The tokens of a stretch without spaces, of more than one character and not only
    letters and digits. The common shapes (*Rutte,* *„Wir* *(SPD),* *US-Minister*) are told
    without the pattern, whose every call costs as much as a dozen tokens: marks before and
    after a word are a token each, and the word is one token when its parts are joined by
    single joiners."""
    n = len(piece)
    i = 0
    while i < n and not word_char(piece[i]):  # opening marks
        i += 1
    if i == n:
        return list(piece)  # only marks
    j = n
    while not word_char(piece[j - 1]):  # closing marks (a word character stops it)
        j -= 1
    core = piece[i:j]
    if not _one_word(core):
        found: list[str] = _TOKEN.findall(piece)
        return found
    out = [piece[k] for k in range(i)]  # (a written-out list: compiled, unpacking a
    out.append(core)  # string into one goes through Python's generic iteration)
    for k in range(j, n):
        out.append(piece[k])
    return out


_JOINERS: Final = frozenset(_JOINER_CHARS)


def _one_word(core: str) -> bool:
    """Whether ``core``, opening and closing with a word character, is one token: letters
    and digits, their runs joined by single joiners (*US-Minister*, *O'Brien*, *z.B*)."""
    if core.isalnum():
        return True
    joined = False  # the last character was a joiner
    for ch in core:
        if ch.isalnum():
            joined = False
        elif ch in _JOINERS and not joined:
            joined = True
        else:
            return False  # an underscore, two joiners, another mark: the pattern decides
    return True


_WORD_BEFORE: Final = re.compile(r"(\w+)\s+$")


def word_before(text: str, pos: int, reach: int = 16) -> str | None:
    """The word that ends, with only spaces after it, right before ``pos`` (looking back at
    most ``reach`` characters), or None."""
    m = _WORD_BEFORE.search(text, max(0, pos - reach), pos)
    return m.group(1) if m is not None else None


def index_at(toks: list[Tok], offset: int, lo: int = 0) -> int:
    """Index of the first token from ``lo`` on that starts at or after ``offset`` (len(toks)
    if none). A binary search written out: compiled, it reads each start from its struct,
    where ``bisect`` with a key function would call it and box every start it reads."""
    hi = len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def index_after(toks: list[Tok], offset: int, lo: int = 0) -> int:
    """Index of the first token from ``lo`` on that ends after ``offset`` (len(toks) if none)."""
    hi = len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


class ArticleTokens:
    """Tokens of an article, made sentence by sentence when first asked for and kept."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.bounds = sentences  # (start, end, paragraph) of every sentence, ordered
        self.starts = [s.start for s in sentences]
        self._cache: dict[int, list[Tok]] = {}

    def sentence(self, k: int) -> list[Tok]:
        toks = self._cache.get(k)
        if toks is None:
            s = self.bounds[k]
            toks = self._cache[k] = tokenize(self.text, s.start, s.end)
        return toks

    def keeps(self, start: int, end: int) -> bool:
        """Whether ``between(start, end)`` keeps tokens for later: it tokenises whole sentences
        when the stretch runs over several or its sentence already is."""
        if end <= start or not self.bounds:
            return False
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = bisect.bisect_right(self.starts, end - 1) - 1
        return first != last or first in self._cache

    def between(self, start: int, end: int) -> list[Tok]:
        """Tokens lying inside ``[start, end)`` (tokenised afresh unless their sentence is)."""
        if end <= start or not self.bounds:
            return []
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = bisect.bisect_right(self.starts, end - 1) - 1
        if first == last and first not in self._cache:
            s = self.bounds[first]
            return tokenize(self.text, max(s.start, start), min(s.end, end))
        out: list[Tok] = []
        for k in range(first, last + 1):
            toks = self.sentence(k)
            lo = index_at(toks, start)
            hi = index_after(toks, end, lo)
            out.extend(toks[lo:hi])
        return out

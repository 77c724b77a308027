"""One record per repeated quote: statements that are the same quote reported in different
articles form a cluster (filled in below by the build pass)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(quote: str) -> str:
    """The words of ``quote`` only: case, quotation marks, punctuation and spacing removed."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", quote).casefold()).strip()


def quote_key(quote: str) -> str | None:
    """A short hash of the normalised quote: equal keys, identical words."""
    words = normalise(quote)
    return hashlib.sha1(words.encode("utf-8", "surrogatepass")).hexdigest()[:16] if words else None

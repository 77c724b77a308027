"""Language detection for articles that arrive without one: stopword counts per lexicon.

News text in the languages quotetrack knows is told apart reliably by its most frequent
function words; anything else (or too little text) stays ``None``.
"""

from __future__ import annotations

import re
from functools import cache

from ingest import lexicon

WORD = re.compile(r"\w+")
SAMPLE_CHARS = 4000  # the opening of an article decides; enough for a stable count
MIN_HITS = 2


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {
        code: frozenset(lexicon.load(code)["language"]["stopwords"]) for code in lexicon.languages()
    }


def detect_language(text: str) -> str | None:
    """The language code whose stopwords occur most often in ``text``, or None when unsure."""
    words = WORD.findall(text[:SAMPLE_CHARS].lower())
    counts = {code: sum(w in stop for w in words) for code, stop in _stopwords().items()}
    if not counts:
        return None
    best = max(counts, key=lambda code: counts[code])
    ranked = sorted(counts.values(), reverse=True)
    runner_up = ranked[1] if len(ranked) > 1 else 0
    if counts[best] < MIN_HITS or counts[best] < 1.5 * runner_up:
        return None
    return best

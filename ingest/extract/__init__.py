"""Extraction: a pure function from one article to its statements.

No database, no network, no global state beyond lexicons loaded once per process.
The same call feeds ``quotetrack extract`` and ingest, and runs in worker processes.
"""

from __future__ import annotations

import re

from ingest import EXTRACTOR
from ingest.model import Article, Statement

__all__ = ["extract"]

_QUOTE = re.compile(r"[„\"“»«]([^„\"“”»«\n]{2,2000})[“\"”«»]")
_CUE = re.compile(r"\b(sagte|sagt|erklärte|betonte|said|says|told)\b")
_NAME = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]+(?: [A-ZÄÖÜ][a-zäöüß]+)+)\b")


def extract(article: Article) -> list[Statement]:
    """Every statement in ``article``, in text order (first extractor: direct quotes only)."""
    out: list[Statement] = []
    text = article.text
    for m in _QUOTE.finditer(text):
        start, end = m.span(1)
        window = text[max(0, m.start() - 120) : m.end() + 120]
        cue = _CUE.search(window)
        if cue is None:
            continue
        names = _NAME.findall(window)
        speaker = names[0] if names else None
        out.append(
            Statement(
                doc_id=article.id,
                kind="direct",
                start=start,
                end=end,
                text=text[start:end],
                spans=((start, end),),
                speaker=speaker,
                speaker_mention=speaker,
                cue=cue.group(1),
                confidence=0.5 if speaker else 0.3,
                language=article.language,
                extractor=EXTRACTOR,
            )
        )
    return out

"""From frames to ``Statement`` rows: speakers resolved in text order, confidence, offsets."""

from __future__ import annotations

from typing import NamedTuple

from ingest import EXTRACTOR
from ingest.extract.cues import Cue
from ingest.extract.direct import Direct
from ingest.extract.grammar import Grammar
from ingest.extract.mentions import Mention
from ingest.extract.scan import Hit
from ingest.extract.speakers import Registry, Resolution
from ingest.extract.tokens import ArticleTokens
from ingest.model import Kind, Statement

Span = tuple[int, int]
RUNNING_GAP = 400  # characters after a statement within which a bare quote continues it


class Candidate(NamedTuple):
    kind: Kind
    spans: tuple[Span, ...]
    cue: Cue | None
    mention: Mention | None
    confidence: float
    how: str


def from_direct(d: Direct) -> Candidate:
    return Candidate("direct", d.spans, d.cue, d.mention, d.confidence, d.how)


def build(
    doc_id: str,
    text: str,
    language: str,
    g: Grammar,
    toks: ArticleTokens,
    hits: list[Hit],
    candidates: list[Candidate],
) -> list[tuple[Statement, str]]:
    """Statements in text order, speakers resolved within the article, each with the name of
    the frame that produced it."""
    registry = Registry(text, g, toks, hits)
    out: list[tuple[Statement, str]] = []
    previous: Resolution | None = None
    prev_end = -(10**9)
    prev_mention: Mention | None = None
    for c in sorted(candidates, key=lambda c: c.spans[0]):
        mention, how = c.mention, c.how
        if mention is None and how == "standalone" and c.spans[0][0] - prev_end < RUNNING_GAP:
            mention, how = prev_mention, "running"
        res = _resolve(registry, mention, previous, how)
        out.append((_statement(doc_id, text, language, c, mention, res, how), how))
        if mention is not None:
            previous, prev_mention = res, mention
        prev_end = c.spans[-1][1]
    return out


def _resolve(
    registry: Registry, mention: Mention | None, previous: Resolution | None, how: str
) -> Resolution:
    if mention is None:
        return Resolution(None, None, None, 1.0)
    if how in ("follow", "running", "anaphoric") and previous is not None:
        return previous
    return registry.resolve(mention, previous)


def _statement(
    doc_id: str,
    text: str,
    language: str,
    c: Candidate,
    mention: Mention | None,
    res: Resolution,
    how: str,
) -> Statement:
    start, end = min(a for a, _ in c.spans), max(b for _, b in c.spans)
    conf = c.confidence * res.certainty * (0.85 if how == "running" else 1.0)
    if mention is not None and res.speaker is None:
        conf *= 0.9
    return Statement(
        doc_id=doc_id,
        kind=c.kind,
        start=start,
        end=end,
        text=text[start:end],
        spans=c.spans,
        speaker=res.speaker,
        speaker_mention=mention.text if mention else None,
        speaker_start=mention.start if mention else None,
        speaker_end=mention.end if mention else None,
        speaker_role=res.role,
        cue=c.cue.text if c.cue else None,
        cue_start=c.cue.start if c.cue else None,
        cue_end=c.cue.end if c.cue else None,
        confidence=round(max(0.05, min(1.0, conf)), 2),
        language=language,
        extractor=EXTRACTOR,
    )

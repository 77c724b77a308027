"""A candidate statement, as the frames propose it, before speakers and scoring."""

from __future__ import annotations

from typing import Final, NamedTuple

from ingest.extract.cues import Cue
from ingest.extract.direct import Direct
from ingest.extract.frames import Frame
from ingest.extract.mentions import Mention
from ingest.model import Kind

Span = tuple[int, int]
_new: Final = tuple.__new__  # builds a named tuple without the keyword-aware constructor


class Candidate(NamedTuple):
    kind: Kind
    spans: tuple[Span, ...]
    cue: Cue | None
    mention: Mention | None
    confidence: float  # the rule's own estimate, used where no model is trained
    how: str  # the frame that proposed it


def from_direct(d: Direct) -> Candidate:
    return _new(Candidate, ("direct", d.spans, d.cue, d.mention, d.confidence, d.how))


def from_frame(f: Frame) -> Candidate:
    return _new(Candidate, (f.kind, f.spans, f.cue, f.mention, f.confidence, f.how))

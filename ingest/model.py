"""The two records everything else is built from: an article in, statements out.

Both are small frozen dataclasses. Offsets are Python code points into ``Article.text``
exactly as given, so ``article.text[s.start:s.end] == s.text`` for every statement.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

Kind = Literal["direct", "partial", "mixed", "indirect", "reported"]
KINDS: tuple[Kind, ...] = ("direct", "partial", "mixed", "indirect", "reported")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as every reader produces it (CONTRACT §1)."""

    id: str
    text: str
    language: str | None = None
    published: datetime | None = None  # wall-clock time as written; tz-aware when known
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept verbatim
    source: str | None = None  # file path or URL the article was read from
    item: str | None = None  # position inside the source: "line 12", an entry link, …


@dataclass(frozen=True, slots=True)
class Statement:
    """One extracted statement (CONTRACT §2). Spans exclude quotation marks."""

    doc_id: str
    kind: Kind
    start: int
    end: int
    text: str
    spans: tuple[tuple[int, int], ...]
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_role: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    confidence: float = 0.5
    language: str | None = None
    extractor: str = ""

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object, keys in contract order."""
        row = asdict(self)
        row["spans"] = [list(span) for span in self.spans]
        return row


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input that could not be read (or read with a caveat), named precisely for the user.

    ``level`` is ``"error"`` when the item was skipped and ``"warning"`` when the article was
    kept but something about it was dropped (an implausible date, say).
    """

    source: str
    item: str | None
    reason: str
    level: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.source}:{self.item}" if self.item else self.source
        return f"{where}: {self.reason}"

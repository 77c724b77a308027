"""Search filters: one frozen value, its query-string form, and its SQL ``WHERE`` clause.

A link reproduces a view, so every filter round-trips through the query string
(``search?q=Nato&speaker=Pete+Hegseth&from=2025-01-01``). Values reach SQL as parameters only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ingest.queries.corpus import Capabilities, Params

QueryValues = Mapping[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user narrowed statements down to; the empty value matches everything."""

    q: str = ""
    speakers: tuple[str, ...] = ()  # canonical names
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    min_confidence: float = 0.0
    extra: tuple[tuple[str, str], ...] = field(default=())  # (column, value): exact matches

    def to_query(self) -> dict[str, list[str]]:
        """The query-string form: only what differs from the default."""
        out: dict[str, list[str]] = {}
        if self.q.strip():
            out["q"] = [self.q.strip()]
        for key, values in self._lists():
            if values:
                out[key] = list(values)
        if self.date_from:
            out["from"] = [self.date_from.isoformat()]
        if self.date_to:
            out["to"] = [self.date_to.isoformat()]
        if self.min_confidence > 0:
            out["conf"] = [f"{self.min_confidence:g}"]
        return out

    def _lists(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return (
            ("speaker", self.speakers),
            ("outlet", self.outlets),
            ("lang", self.languages),
            ("kind", self.kinds),
            ("topic", self.topics),
        )

    @classmethod
    def from_query(cls, values: QueryValues) -> Filters:
        """Read filters from query-string values, ignoring what does not parse."""

        def many(key: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(v.strip() for v in values.get(key, ()) if v.strip()))

        def one(key: str) -> str:
            got = values.get(key, ())
            return got[-1].strip() if got else ""

        return cls(
            q=one("q"),
            speakers=many("speaker"),
            outlets=many("outlet"),
            languages=many("lang"),
            kinds=many("kind"),
            topics=many("topic"),
            date_from=parse_date(one("from")),
            date_to=parse_date(one("to")),
            min_confidence=parse_confidence(one("conf")),
        )


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_confidence(text: str) -> float:
    try:
        value = float(text) if text else 0.0
    except ValueError:
        return 0.0
    return min(max(value, 0.0), 1.0)


def where(filters: Filters, caps: Capabilities) -> tuple[str, Params]:
    """``WHERE …`` over the statements (without the full-text part) and its parameters."""
    clauses: list[str] = []
    params: Params = {}
    lists = (
        ("speaker", filters.speakers),
        ("outlet", filters.outlets),
        ("language", filters.languages),
        ("kind", filters.kinds),
    )
    for column, values in lists:
        if values:
            clauses.append(f"list_contains($f_{column}, {column})")
            params[f"f_{column}"] = list(values)
    if filters.topics and caps.has("topics"):
        clauses.append("list_has_any(topics, $f_topics)")
        params["f_topics"] = list(filters.topics)
    _dates(filters, caps, clauses, params)
    if filters.min_confidence > 0:
        clauses.append("confidence >= $f_conf")
        params["f_conf"] = filters.min_confidence
    for i, (column, value) in enumerate(filters.extra):
        if caps.has(column):
            clauses.append(f'"{column}" = $f_extra{i}')
            params[f"f_extra{i}"] = value
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _dates(filters: Filters, caps: Capabilities, clauses: list[str], params: Params) -> None:
    if filters.date_from:
        clauses.append("date >= $f_from")
        params["f_from"] = filters.date_from
    if filters.date_to:
        clauses.append("date < $f_to")
        params["f_to"] = filters.date_to + timedelta(days=1)

"""One speaker: who they are, the roles they were quoted in, and what they said when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from ingest.queries.corpus import Corpus
from ingest.queries.filters import Filters, where

TIMELINE_POINTS = 5_000
PERIODS = ("month", "quarter", "year")
BREAKDOWNS = ("topic", "outlet", "kind", "language", "year")


@dataclass(frozen=True, slots=True)
class Speaker:
    speaker_id: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    statements: int = 0
    details: dict[str, Any] = field(default_factory=dict)  # kind, qid, party, country, …


def _speaker(row: dict[str, Any]) -> Speaker:
    core = {"speaker_id", "name", "aliases", "roles", "first_seen", "last_seen", "statements"}
    return Speaker(
        speaker_id=str(row["speaker_id"]),
        name=str(row["name"]),
        aliases=tuple(row.get("aliases") or ()),
        roles=tuple(row.get("roles") or ()),
        first_seen=row.get("first_seen"),
        last_seen=row.get("last_seen"),
        statements=int(row.get("statements") or 0),
        details={k: v for k, v in row.items() if k not in core and v not in (None, "", [])},
    )


def find_speaker(corpus: Corpus, speaker_id: str = "", name: str = "") -> Speaker | None:
    """The speaker by id, else by name or alias (the one with most statements)."""
    if not speaker_id and not name:
        return None
    frame = corpus.frame(
        "SELECT * FROM speakers_v WHERE speaker_id = $id OR name = $name "
        "OR list_contains(aliases, $name) "
        "ORDER BY speaker_id = $id DESC, name = $name DESC, statements DESC LIMIT 1",
        {"id": speaker_id, "name": name},
    )
    return _speaker(frame.row(0, named=True)) if frame.height else None


def top_speakers(corpus: Corpus, limit: int = 50) -> pl.DataFrame:
    """The most quoted speakers: id, name, statements, first and last seen."""
    return corpus.frame(
        "SELECT speaker_id, name, statements, first_seen, last_seen, roles FROM speakers_v "
        "WHERE statements > 0 ORDER BY statements DESC, name LIMIT $limit",
        {"limit": limit},
    )


def speaker_names(corpus: Corpus, limit: int = 2_000) -> list[str]:
    """Names for a speaker picker, most quoted first."""
    rows = corpus.rows(
        "SELECT speaker FROM statements_v WHERE speaker IS NOT NULL "
        "GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT $limit",
        {"limit": limit},
    )
    return [name for (name,) in rows]


def of_speaker(speaker: Speaker, filters: Filters | None = None) -> Filters:
    """``filters`` narrowed to this speaker's statements (by entity id)."""
    base = filters or Filters()
    return Filters(**{**_fields(base), "extra": (*base.extra, ("speaker_id", speaker.speaker_id))})


def _fields(filters: Filters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in filters.__dataclass_fields__}


def roles_over_time(corpus: Corpus, speaker: Speaker) -> pl.DataFrame:
    """Roles with their first and last date: ``speaker_roles_v`` when the snapshot has it."""
    if corpus.caps.has_relation("speaker_roles_v"):
        return corpus.frame(
            "SELECT * EXCLUDE (speaker_id) FROM speaker_roles_v WHERE speaker_id = $id ORDER BY ALL",
            {"id": speaker.speaker_id},
        )
    return corpus.frame(
        f"SELECT speaker_role AS role, min({corpus.caps.date_expr}) AS first, "
        f"max({corpus.caps.date_expr}) AS last, count(*) AS statements FROM statements_v "
        "WHERE speaker_id = $id AND speaker_role IS NOT NULL GROUP BY 1 ORDER BY 2, 1",
        {"id": speaker.speaker_id},
    )


def breakdown(corpus: Corpus, filters: Filters, by: str) -> pl.DataFrame:
    """(value, statements) of the filtered statements by topic, outlet, kind, language or year."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    clause, params = where(filters, corpus.caps)
    if by == "topic":
        if not corpus.caps.has("topics"):
            return pl.DataFrame(schema={"value": pl.String, "statements": pl.Int64})
        source = f"(SELECT unnest(topics) AS value FROM statements_v {clause})"
    elif by == "year":
        source = f"(SELECT CAST(year({corpus.caps.date_expr}) AS VARCHAR) AS value FROM statements_v {clause})"
    else:
        source = f"(SELECT {by} AS value FROM statements_v {clause})"
    return corpus.frame(
        f"SELECT coalesce(value, '(unknown)') AS value, count(*) AS statements FROM {source} "
        "GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    )


def timeline(corpus: Corpus, filters: Filters, limit: int = TIMELINE_POINTS) -> pl.DataFrame:
    """Dated statements for a timeline, newest first: date, kind, topic, quote, outlet, ids."""
    clause, params = where(filters, corpus.caps)
    topic = "coalesce(topics[1], '(none)')" if corpus.caps.has("topics") else "'(none)'"
    return corpus.frame(
        f"SELECT * FROM (SELECT {corpus.caps.date_expr} AS date, kind, {topic} AS topic, quote, "
        "coalesce(outlet, '—') AS outlet, statement_id, article_id, url, speaker_role, confidence "
        f"FROM statements_v {clause}) WHERE date IS NOT NULL ORDER BY date DESC, statement_id LIMIT $limit",
        {**params, "limit": limit},
    )


def period_counts(corpus: Corpus, filters: Filters, period: str, by: str) -> pl.DataFrame:
    """(period, value, statements): the filtered statements per period and kind or topic."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    clause, params = where(filters, corpus.caps)
    value = "kind"
    if by == "topic":
        value = "coalesce(topics[1], '(none)')" if corpus.caps.has("topics") else "'(none)'"
    return corpus.frame(
        f"SELECT date_trunc('{period}', d) AS period, value, count(*) AS statements FROM "
        f"(SELECT {corpus.caps.date_expr} AS d, {value} AS value FROM statements_v {clause}) "
        "WHERE d IS NOT NULL GROUP BY ALL ORDER BY 1, 2",
        params,
    )

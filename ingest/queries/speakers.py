"""One speaker: who they are, the roles they were quoted in, and what they said when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from ingest.queries.corpus import STATEMENTS, Corpus
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


def _speaker_id(corpus: Corpus, name: str) -> str | None:
    """The id of the speaker quoted most under ``name``, else the one with that alias."""
    found = corpus.scalar(
        f"SELECT speaker_id FROM {STATEMENTS} WHERE speaker = $name AND speaker_id IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        {"name": name},
    )
    if found is None and corpus.caps.has_relation("speaker_aliases"):
        found = corpus.scalar(
            f"SELECT speaker_id FROM {corpus.view('speaker_aliases')} WHERE alias = $name "
            "ORDER BY 1 LIMIT 1",
            {"name": name},
        )
    return None if found is None else str(found)


def find_speaker(corpus: Corpus, speaker_id: str = "", name: str = "") -> Speaker | None:
    """The speaker by id, else by name or alias (the one with most statements)."""
    sid = speaker_id or (_speaker_id(corpus, name) if name else None)
    if not sid:
        return None
    if not corpus.caps.has_column("speakers", "name"):  # no entity table: the view decides
        frame = corpus.frame(
            f"SELECT * FROM {corpus.view('speakers_v')} WHERE speaker_id = $id", {"id": sid}
        )
        return _speaker(frame.row(0, named=True)) if frame.height else None
    return _from_tables(corpus, sid)


def _from_tables(corpus: Corpus, sid: str) -> Speaker | None:
    """``speakers_v``'s row, from the entity tables and the in-memory statements (the view
    aggregates every speaker before it filters one)."""
    entity = corpus.frame(
        f"SELECT * FROM {corpus.view('speakers')} WHERE speaker_id = $id LIMIT 1", {"id": sid}
    )
    if not entity.height:
        return None
    row = entity.row(0, named=True)
    said = corpus.rows(
        "SELECT count(*), min(published), max(published), "
        "list(DISTINCT speaker_role ORDER BY speaker_role) FILTER (WHERE speaker_role IS NOT NULL) "
        f"FROM {STATEMENTS} WHERE speaker_id = $id",
        {"id": sid},
    )[0]
    aliases: list[str] = []
    if corpus.caps.has_column("speaker_aliases", "alias"):
        aliases = [
            str(a)
            for (a,) in corpus.rows(
                f"SELECT alias FROM {corpus.view('speaker_aliases')} WHERE speaker_id = $id "
                "ORDER BY alias",
                {"id": sid},
            )
        ]
    row.update(
        statements=said[0],
        first_seen=said[1],
        last_seen=said[2],
        roles=said[3] or [],
        aliases=aliases,
    )
    return _speaker(row)


def top_speakers(corpus: Corpus, limit: int = 50) -> pl.DataFrame:
    """The most quoted speakers: id, name, statements, first and last seen."""
    return corpus.frame(
        f"SELECT speaker_id, any_value(speaker) AS name, count(*) AS statements, "
        f"min(date) AS first_seen, max(date) AS last_seen FROM {STATEMENTS} "
        "WHERE speaker_id IS NOT NULL GROUP BY speaker_id "
        "ORDER BY statements DESC, name LIMIT $limit",
        {"limit": limit},
    )


def speaker_names(corpus: Corpus, limit: int = 2_000) -> list[str]:
    """Names for a speaker picker, most quoted first."""
    rows = corpus.rows(
        f"SELECT speaker FROM {STATEMENTS} WHERE speaker IS NOT NULL "
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
            f"SELECT * EXCLUDE (speaker_id) FROM {corpus.view('speaker_roles_v')} "
            "WHERE speaker_id = $id ORDER BY ALL",
            {"id": speaker.speaker_id},
        )
    return corpus.frame(
        "SELECT speaker_role AS role, min(date) AS first_seen, max(date) AS last_seen, "
        f"count(*) AS statements FROM {STATEMENTS} "
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
        source = f"(SELECT unnest(topics) AS value FROM {STATEMENTS} {clause})"
    elif by == "year":
        source = f"(SELECT CAST(year(date) AS VARCHAR) AS value FROM {STATEMENTS} {clause})"
    else:
        source = f"(SELECT {by} AS value FROM {STATEMENTS} {clause})"
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
        f"SELECT * FROM (SELECT date, kind, {topic} AS topic, quote, "
        "coalesce(outlet, '—') AS outlet, statement_id, article_id, url, speaker_role, confidence "
        f"FROM {STATEMENTS} {clause}) WHERE date IS NOT NULL ORDER BY date DESC, statement_id LIMIT $limit",
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
        f"(SELECT date AS d, {value} AS value FROM {STATEMENTS} {clause}) "
        "WHERE d IS NOT NULL GROUP BY ALL ORDER BY 1, 2",
        params,
    )

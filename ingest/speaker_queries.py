"""Reading speakers from a snapshot: typed functions for ``quotetrack speakers`` and the
dashboard's Review page (every user value reaches SQL as a parameter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from ingest.errors import QuotetrackError
from ingest.speakers import SpeakerIndex


class SpeakerNotFound(QuotetrackError):
    """No speaker (or more than one) goes by the given id or name."""


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    speaker_id: str
    name: str
    kind: str | None
    statements: int
    first_seen: datetime | None
    last_seen: datetime | None
    aliases: tuple[str, ...]
    source: str | None


@dataclass(frozen=True, slots=True)
class RoleSpan:
    role: str
    first_seen: datetime | None
    last_seen: datetime | None
    statements: int


@dataclass(frozen=True, slots=True)
class SpokenStatement:
    statement_id: str
    published: datetime | None
    kind: str
    quote: str
    article_id: str
    method: str | None


@dataclass(frozen=True, slots=True)
class SpeakerDetail:
    speaker: SpeakerRow
    roles: tuple[RoleSpan, ...]
    qid: str | None
    party: str | None
    country: str | None
    notes: str | None
    statements: tuple[SpokenStatement, ...]


_ROW = "speaker_id, name, kind, statements, first_seen, last_seen, aliases, source FROM speakers_v"


def _row(r: tuple[Any, ...]) -> SpeakerRow:
    sid, name, kind, n, first, last, aliases, source = r
    return SpeakerRow(str(sid), str(name), kind, int(n), first, last, tuple(aliases or ()), source)


def list_speakers(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str | None = None,
    search: str | None = None,
    limit: int = 50,
) -> list[SpeakerRow]:
    """Speakers with the most statements first; ``search`` matches names and aliases."""
    rows = con.execute(
        f"SELECT {_ROW} WHERE ($kind IS NULL OR kind = $kind) AND ($q IS NULL OR "
        "name ILIKE '%' || $q || '%' OR list_contains(list_transform(aliases, a -> "
        "a ILIKE '%' || $q || '%'), true)) ORDER BY statements DESC, speaker_id LIMIT $limit",
        {"kind": kind, "q": search, "limit": limit},
    ).fetchall()
    return [_row(r) for r in rows]


def find_speaker(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """The id of the speaker ``ref`` names (an id, a name or an alias)."""
    found = SpeakerIndex.from_db(con).find(ref)
    if found is None:
        raise SpeakerNotFound(
            f"no single speaker is called {ref!r} (try `quotetrack speakers list`)"
        )
    return found


def speaker_detail(
    con: duckdb.DuckDBPyConnection, ref: str, *, statements: int = 10
) -> SpeakerDetail:
    """One speaker: names, roles over time and the latest statements."""
    sid = find_speaker(con, ref)
    row = con.execute(f"SELECT {_ROW} WHERE speaker_id = ?", [sid]).fetchone()
    if row is None:
        raise SpeakerNotFound(f"no speaker {ref!r}")
    extra = con.execute(
        "SELECT qid, party, country, notes FROM speakers WHERE speaker_id = ?", [sid]
    ).fetchone() or (None, None, None, None)
    roles = con.execute(
        "SELECT role, first_seen, last_seen, statements FROM speaker_roles_v "
        "WHERE speaker_id = ? ORDER BY first_seen NULLS LAST, role",
        [sid],
    ).fetchall()
    said = con.execute(
        "SELECT v.statement_id, v.published, v.kind, v.quote, v.article_id, ss.method "
        "FROM statements_v v LEFT JOIN statement_speakers ss USING (statement_id) "
        "WHERE v.speaker_id = ? ORDER BY v.published DESC NULLS LAST, v.statement_id LIMIT ?",
        [sid, statements],
    ).fetchall()
    return SpeakerDetail(
        speaker=_row(row),
        roles=tuple(RoleSpan(str(r), f, last, int(n)) for r, f, last, n in roles),
        qid=extra[0],
        party=extra[1],
        country=extra[2],
        notes=extra[3],
        statements=tuple(SpokenStatement(*s) for s in said),
    )


def speaker_name(con: duckdb.DuckDBPyConnection, speaker_id: str) -> str | None:
    row = con.execute("SELECT name FROM speakers WHERE speaker_id = ?", [speaker_id]).fetchone()
    return str(row[0]) if row else None


def statement_exists(con: duckdb.DuckDBPyConnection, statement_id: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM statements WHERE statement_id = ?", [statement_id]
    ).fetchone()
    return bool(row and row[0])

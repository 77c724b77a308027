"""Corrections: what users fixed by hand, kept as text in ``data/corrections/`` and reapplied
at the end of every ingest, reingest and ``quotetrack respeak``.

Each correction is one JSON line with who made it, when and why::

    {"id": "c20250605T201500-3f2a", "action": "speaker", "statement": "9c1e…",
     "speaker": "pete-hegseth", "who": "anna", "when": "2025-06-05T20:15:00Z", "why": "…"}

Actions:

* ``speaker`` — the statement was said by ``speaker`` (a speaker id or a name; a name no
  speaker has yet makes a new speaker);
* ``not_statement`` — the statement is no statement (it leaves ``statements_v`` and stays
  visible in ``not_statements_v``);
* ``kind`` — the statement's kind is ``kind``;
* ``merge`` — speaker ``other`` is the same as ``speaker`` (its name forms join ``speaker``);
* ``split`` — ``other`` is not ``speaker``: a speaker merged into ``speaker`` earlier becomes
  itself again, or the name form ``other`` becomes a speaker of its own;
* ``withdraw`` — the correction ``correction`` no longer applies.

Statements are keyed by their stable ``statement_id`` and speakers by their stable
``speaker_id``, so corrections survive reingests. One that no longer finds its statement or
speaker is listed in the table ``correction_problems``, never dropped silently. The files are
only appended to; ``quotetrack correct export`` and ``import`` move them between databases.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import duckdb

from ingest.errors import QuotetrackError
from ingest.model import KINDS
from ingest.store import insert_rows

if TYPE_CHECKING:
    from ingest.build import BuildContext

log = logging.getLogger(__name__)

CORRECTIONS_DIR = "corrections"
CORRECTIONS_FILE = "corrections.jsonl"

Action = Literal["speaker", "not_statement", "kind", "merge", "split", "withdraw"]
ACTIONS: tuple[Action, ...] = get_args(Action)
STATEMENT_ACTIONS: tuple[Action, ...] = ("speaker", "not_statement", "kind")
SPEAKER_ACTIONS: tuple[Action, ...] = ("merge", "split")
_NEEDS: dict[str, tuple[str, ...]] = {
    "speaker": ("statement", "speaker"),
    "not_statement": ("statement",),
    "kind": ("statement", "kind"),
    "merge": ("speaker", "other"),
    "split": ("speaker", "other"),
    "withdraw": ("correction",),
}


class CorrectionError(QuotetrackError):
    """A correction is incomplete or a corrections file cannot be read."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction as stored: an action, its targets, and who made it when and why."""

    id: str
    action: Action
    statement: str | None = None
    speaker: str | None = None
    name: str | None = None  # the speaker's name when the correction was made
    other: str | None = None
    kind: str | None = None
    correction: str | None = None
    who: str = ""
    when: str = ""
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept verbatim

    def to_json(self) -> dict[str, Any]:
        row = {k: v for k, v in asdict(self).items() if v not in (None, "") and k != "extra"}
        return {**row, **self.extra}

    @property
    def target(self) -> str:
        """What the correction is about, for messages."""
        if self.action in STATEMENT_ACTIONS:
            return f"statement {self.statement}"
        if self.action == "withdraw":
            return f"correction {self.correction}"
        return f"speakers {self.speaker} and {self.other}"


@dataclass(frozen=True, slots=True)
class CorrectionProblem:
    """A correction that could not be applied to the current snapshot, and why."""

    correction_id: str
    action: str
    target: str
    problem: str


def corrections_dir(data_dir: Path) -> Path:
    return data_dir / CORRECTIONS_DIR


def new_correction_id() -> str:
    return f"c{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def current_user() -> str:
    """Who is correcting: ``QUOTETRACK_USER``, else the login name."""
    try:
        return os.environ.get("QUOTETRACK_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def validate(c: Correction) -> Correction:
    """``c`` when it is complete, else CorrectionError saying what is missing."""
    if c.action not in ACTIONS:
        raise CorrectionError(f"unknown action {c.action!r} (one of {', '.join(ACTIONS)})")
    missing = [k for k in _NEEDS[c.action] if not getattr(c, k)]
    if missing:
        raise CorrectionError(f"a {c.action} correction needs {', '.join(missing)}")
    if c.action == "kind" and c.kind not in KINDS:
        raise CorrectionError(f"kind {c.kind!r} is not one of {', '.join(KINDS)}")
    if c.action in SPEAKER_ACTIONS and c.speaker == c.other:
        raise CorrectionError(f"{c.action}: the two speakers are the same ({c.speaker})")
    return c


def make_correction(
    action: Action,
    *,
    statement: str | None = None,
    speaker: str | None = None,
    name: str | None = None,
    other: str | None = None,
    kind: str | None = None,
    correction: str | None = None,
    who: str | None = None,
    why: str = "",
) -> Correction:
    """A new, validated correction with a fresh id, stamped with who and now."""
    return validate(
        Correction(
            id=new_correction_id(),
            action=action,
            statement=statement,
            speaker=speaker,
            name=name,
            other=other,
            kind=kind,
            correction=correction,
            who=who or current_user(),
            when=_now(),
            why=why,
        )
    )


def from_json(row: dict[str, Any], where: str = "") -> Correction:
    known = {f.name for f in fields(Correction) if f.name != "extra"}
    try:
        values = {k: (str(v) if v is not None else None) for k, v in row.items() if k in known}
        extra = {k: v for k, v in row.items() if k not in known}
        return validate(Correction(**values, extra=extra))  # type: ignore[arg-type]
    except (TypeError, CorrectionError) as exc:
        raise CorrectionError(f"{where}: {exc}") from exc


def read_corrections(path: Path) -> list[Correction]:
    """The corrections in one JSONL file, in file order."""
    out: list[Correction] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorrectionError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise CorrectionError(f"{path}:{number}: a correction is a JSON object")
            out.append(from_json(row, f"{path}:{number}"))
    return out


def load_corrections(data_dir: Path) -> list[Correction]:
    """Every correction in ``data_dir/corrections/*.jsonl``, oldest first (by ``when``, then
    file and line), without duplicates of one id."""
    folder = corrections_dir(data_dir)
    if not folder.is_dir():
        return []
    seen: set[str] = set()
    found: list[tuple[str, int, Correction]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for c in read_corrections(path):
            if c.id in seen:
                continue
            seen.add(c.id)
            found.append((c.when, len(found), c))
    return [c for _, _, c in sorted(found, key=lambda t: (t[0], t[1]))]


def add_correction(data_dir: Path, correction: Correction) -> Correction:
    """Append ``correction`` to ``data_dir/corrections/corrections.jsonl``; the next ingest,
    reingest or ``quotetrack respeak`` applies it."""
    validate(correction)
    folder = corrections_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps(correction.to_json(), ensure_ascii=False, sort_keys=False) + "\n"
    with (folder / CORRECTIONS_FILE).open("a", encoding="utf-8") as fh:
        fh.write(line)
    return correction


def export_corrections(data_dir: Path) -> str:
    """Every correction as JSON lines (what ``quotetrack correct export`` prints)."""
    return "".join(
        json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in load_corrections(data_dir)
    )


def import_corrections(data_dir: Path, path: Path) -> tuple[int, int]:
    """Add the corrections in ``path`` not already present; returns (added, already there)."""
    have = {c.id for c in load_corrections(data_dir)}
    incoming = read_corrections(path)
    added = 0
    for c in incoming:
        if c.id in have:
            continue
        add_correction(data_dir, c)
        have.add(c.id)
        added += 1
    return added, len(incoming) - added


def effective(
    corrections: Sequence[Correction],
) -> tuple[list[Correction], list[CorrectionProblem]]:
    """The corrections still in force (withdrawn ones and withdrawals removed), and problems
    with withdrawals of corrections that do not exist."""
    ids = {c.id for c in corrections}
    withdrawn: set[str] = set()
    problems: list[CorrectionProblem] = []
    for c in corrections:
        if c.action != "withdraw":
            continue
        if c.correction in ids:
            withdrawn.add(str(c.correction))
        else:
            problems.append(
                CorrectionProblem(c.id, c.action, c.target, "no correction with this id")
            )
    active = [c for c in corrections if c.action != "withdraw" and c.id not in withdrawn]
    return active, problems


# -- the build pass ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementFix:
    """What the statement-level corrections say about one statement."""

    statement_id: str
    not_statement: bool
    kind: str | None
    corrections: tuple[str, ...]


def corrections_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    """Apply the statement-level corrections (after speaker resolution, which applied the
    speaker-level ones) and record every correction and every problem in the snapshot."""
    from ingest.speakers import SpeakerIndex, ensure_speaker

    corrections = load_corrections(ctx.data_dir)
    active, problems = effective(corrections)
    existing = {
        sid
        for (sid,) in con.execute(
            "SELECT statement_id FROM statements WHERE statement_id IN "
            "(SELECT unnest($ids::TEXT[]))",
            {"ids": [c.statement for c in active if c.statement]},
        ).fetchall()
    }
    index = SpeakerIndex.from_db(con)
    fixes: dict[str, dict[str, Any]] = {}
    for c in active:
        if c.action not in STATEMENT_ACTIONS:
            continue
        if c.statement not in existing:
            problems.append(
                CorrectionProblem(
                    c.id,
                    c.action,
                    c.target,
                    "statement not found: its article changed or is no longer ingested",
                )
            )
            continue
        fix = fixes.setdefault(str(c.statement), {"not_statement": False, "kind": None, "ids": []})
        fix["ids"].append(c.id)
        if c.action == "not_statement":
            fix["not_statement"] = True
        elif c.action == "kind":
            fix["kind"] = c.kind
        elif c.action == "speaker":
            speaker_id = ensure_speaker(con, index, str(c.speaker), c.name)
            con.execute("DELETE FROM statement_speakers WHERE statement_id = ?", [c.statement])
            con.execute(
                "INSERT INTO statement_speakers (statement_id, speaker_id, role, method, "
                "name_form) SELECT statement_id, ?, speaker_role, 'correction', ? "
                "FROM statements WHERE statement_id = ?",
                [speaker_id, c.speaker, c.statement],
            )
    _write_tables(con, corrections, active, problems, fixes)
    _report(con)


def _write_tables(
    con: duckdb.DuckDBPyConnection,
    corrections: Sequence[Correction],
    active: Sequence[Correction],
    problems: Iterable[CorrectionProblem],
    fixes: dict[str, dict[str, Any]],
) -> None:
    con.execute("DELETE FROM statement_corrections")
    if fixes:
        rows = [
            {
                "statement_id": sid,
                "not_statement": f["not_statement"],
                "kind": f["kind"],
                "corrections": f["ids"],
            }
            for sid, f in fixes.items()
        ]
        insert_rows(con, "statement_corrections", rows)
    # the speakers pass recorded its own problems first; add ours
    insert_rows(con, "correction_problems", [asdict(p) for p in problems])
    failed = {
        cid for (cid,) in con.execute("SELECT correction_id FROM correction_problems").fetchall()
    }
    live = {c.id for c in active}
    con.execute("DELETE FROM corrections")
    rows = [
        {
            "correction_id": c.id,
            "action": c.action,
            "statement_id": c.statement,
            "speaker": c.speaker,
            "other": c.other,
            "kind": c.kind,
            "withdraws": c.correction,
            "who": c.who,
            "when": c.when,
            "why": c.why,
            "status": "problem"
            if c.id in failed
            else ("applied" if c.id in live or c.action == "withdraw" else "withdrawn"),
        }
        for c in corrections
    ]
    insert_rows(con, "corrections", rows)


def _report(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT count(*) FROM correction_problems").fetchone()
    n = int(row[0]) if row else 0
    if n:
        log.warning(
            "%d correction%s could not be applied (SELECT * FROM correction_problems)",
            n,
            "" if n == 1 else "s",
        )


def problems(con: duckdb.DuckDBPyConnection) -> list[CorrectionProblem]:
    """The problems recorded in a snapshot (for the dashboard's Review page)."""
    rows = con.execute(
        "SELECT correction_id, action, target, problem FROM correction_problems "
        "ORDER BY correction_id"
    ).fetchall()
    return [CorrectionProblem(*r) for r in rows]

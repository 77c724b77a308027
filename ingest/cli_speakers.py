"""``quotetrack speakers``, ``quotetrack correct`` and ``quotetrack respeak``: thin commands
over ``ingest.speaker_queries``, ``ingest.registry``, ``ingest.corrections`` and
``ingest.pipeline.rebuild`` (wired into ``ingest.cli.build_parser``)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb

from ingest.corrections import (
    Action,
    Correction,
    CorrectionError,
    add_correction,
    export_corrections,
    import_corrections,
    load_corrections,
    make_correction,
)
from ingest.export import write_rows
from ingest.model import KINDS
from ingest.paths import DATA_DIR, DEFAULT_DB
from ingest.speaker_queries import SpeakerNotFound

APPLY_LATER = (
    "the next `quotetrack ingest` or `reingest` applies it; `quotetrack respeak` applies it now"
)


@contextlib.contextmanager
def _reader(db: str) -> Iterator[duckdb.DuckDBPyConnection]:
    from ingest.db import connect_reader

    con, _ = connect_reader(Path(db))
    try:
        yield con
    finally:
        con.close()


def _maybe_reader(db: str) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection | None]:
    from ingest.publish import current_snapshot

    if current_snapshot(Path(db)) is None:
        return contextlib.nullcontext(None)
    return _reader(db)


# -- speakers ---------------------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace) -> int:
    from ingest.speaker_queries import list_speakers

    with _reader(args.db) as con:
        rows = list_speakers(con, kind=args.kind, search=args.search, limit=args.limit)
    columns = ["speaker_id", "name", "kind", "statements", "first_seen", "last_seen", "aliases"]
    write_rows(
        args.format,
        columns,
        [
            [r.speaker_id, r.name, r.kind, r.statements, r.first_seen, r.last_seen, r.aliases]
            for r in rows
        ],
        sys.stdout,
    )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from ingest.speaker_queries import speaker_detail

    with _reader(args.db) as con:
        d = speaker_detail(con, args.speaker, statements=args.statements)
    s = d.speaker
    print(f"{s.name}  [{s.speaker_id}]  {s.kind or ''}  ({s.source or 'corpus'})")
    facts = [
        f"{k}: {v}" for k, v in (("qid", d.qid), ("party", d.party), ("country", d.country)) if v
    ]
    if facts:
        print("  " + "   ".join(facts))
    if d.notes:
        print(f"  notes: {d.notes}")
    print(f"  aliases: {', '.join(s.aliases) or '-'}")
    print(f"  {s.statements} statements, {_day(s.first_seen)} … {_day(s.last_seen)}")
    for role in d.roles:
        print(
            f"  role: {role.role}  ({_day(role.first_seen)} … {_day(role.last_seen)}, "
            f"{role.statements})"
        )
    for st in d.statements:
        quote = st.quote if len(st.quote) <= 100 else st.quote[:99] + "…"
        print(f"  {_day(st.published)}  {st.statement_id}  {st.kind}: {quote}")
    return 0


def _day(value: object) -> str:
    return str(value)[:10] if value is not None else "?"


def _speaker_ref(con: duckdb.DuckDBPyConnection | None, ref: str) -> tuple[str, str | None]:
    """(id, name) of the speaker ``ref`` names in the snapshot; ``ref`` itself without one."""
    if con is None:
        return ref, None
    from ingest.speaker_queries import find_speaker, speaker_name

    sid = find_speaker(con, ref)
    return sid, speaker_name(con, sid)


def _record(args: argparse.Namespace, correction: Correction, done: str) -> int:
    add_correction(Path(args.data_dir), correction)
    print(f"{done} (correction {correction.id})")
    if args.apply:
        _respeak(args)
    else:
        print(f"  {APPLY_LATER}")
    return 0


def _cmd_merge_or_split(args: argparse.Namespace) -> int:
    action: Action = args.speakers_command
    with _maybe_reader(args.db) as con:
        target, name = _speaker_ref(con, args.speaker)
        other = _speaker_ref(con, args.other)[0] if action == "merge" else args.other
    c = make_correction(action, speaker=target, name=name, other=other, who=args.who, why=args.why)
    verb = "merged" if action == "merge" else "split"
    prep = "into" if action == "merge" else "from"
    return _record(args, c, f"{verb} {other} {prep} {target}")


def _cmd_alias(args: argparse.Namespace) -> int:
    from ingest.registry import add_alias

    with _maybe_reader(args.db) as con:
        sid, name = _speaker_ref(con, args.speaker)
        kind = None
        if con is not None:
            row = con.execute("SELECT kind FROM speakers WHERE speaker_id = ?", [sid]).fetchone()
            kind = row[0] if row else None
    entry = add_alias(Path(args.data_dir), sid, args.alias, name=name or args.name, kind=kind)
    print(f"{entry.name} [{entry.speaker_id}] is also called {args.alias!r} (data/speakers.csv)")
    if args.apply:
        _respeak(args)
    else:
        print(f"  {APPLY_LATER}")
    return 0


# -- correct ------------------------------------------------------------------------------------


def _statement(con: duckdb.DuckDBPyConnection | None, statement_id: str) -> str:
    from ingest.speaker_queries import statement_exists

    if con is not None and not statement_exists(con, statement_id):
        raise CorrectionError(f"no statement {statement_id!r} in the current snapshot")
    return statement_id


def _cmd_correct_statement(args: argparse.Namespace) -> int:
    action: Action = args.correct_command.replace("-", "_")
    with _maybe_reader(args.db) as con:
        statement = _statement(con, args.statement)
        speaker, name = (None, None)
        if action == "speaker":
            try:
                speaker, name = _speaker_ref(con, args.speaker)
            except SpeakerNotFound:  # a speaker the corpus does not know yet: made on apply
                speaker, name = args.speaker, args.speaker
    c = make_correction(
        action,
        statement=statement,
        speaker=speaker,
        name=name,
        kind=getattr(args, "kind", None),
        who=args.who,
        why=args.why,
    )
    what = {
        "speaker": f"statement {statement} is by {speaker}",
        "not_statement": f"statement {statement} is not a statement",
        "kind": f"statement {statement} is {c.kind}",
    }[action]
    return _record(args, c, what)


def _cmd_withdraw(args: argparse.Namespace) -> int:
    known = {c.id for c in load_corrections(Path(args.data_dir))}
    if args.correction not in known:
        raise CorrectionError(f"no correction {args.correction!r} in {args.data_dir}/corrections")
    c = make_correction("withdraw", correction=args.correction, who=args.who, why=args.why)
    return _record(args, c, f"withdrew {args.correction}")


def _cmd_correct_list(args: argparse.Namespace) -> int:
    rows = [
        [
            c.id,
            c.when,
            c.who,
            c.action,
            c.statement or c.correction or "",
            c.speaker or c.kind or "",
            c.other or "",
            c.why,
        ]
        for c in load_corrections(Path(args.data_dir))
    ]
    columns = ["id", "when", "who", "action", "statement", "speaker_or_kind", "other", "why"]
    write_rows(args.format, columns, rows, sys.stdout)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    text = export_corrections(Path(args.data_dir))
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {text.count(chr(10))} corrections to {args.output}", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    added, present = import_corrections(Path(args.data_dir), Path(args.file))
    print(f"imported {added} corrections ({present} already present); {APPLY_LATER}")
    return 0


def _respeak(args: argparse.Namespace) -> None:
    from ingest.pipeline import rebuild

    summary = rebuild(Path(args.db), data_dir=Path(args.data_dir), command="respeak")
    for line in summary.lines():
        print(line)


def _cmd_respeak(args: argparse.Namespace) -> int:
    _respeak(args)
    return 0


# -- wiring -----------------------------------------------------------------------------------


def _options(
    p: argparse.ArgumentParser, *, db: bool = True, data: bool = False, write: bool = False
) -> None:
    if db:
        p.add_argument("--db", default=str(DEFAULT_DB), help=f"the database (default {DEFAULT_DB})")
    if data or write:
        p.add_argument(
            "--data-dir",
            default=str(DATA_DIR),
            help=f"folder of speakers.csv and corrections/ (default {DATA_DIR})",
        )
    if write:
        p.add_argument("--why", default="", help="why (kept with the correction)")
        p.add_argument("--who", default=None, help="who (default: $QUOTETRACK_USER or login)")
        p.add_argument("--apply", action="store_true", help="apply now (quotetrack respeak)")


def _format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``speakers``, ``correct`` and ``respeak`` to the ``quotetrack`` parser."""
    _add_speakers(sub)
    _add_correct(sub)
    p = sub.add_parser(
        "respeak",
        help="apply registry and correction edits now, without re-extracting",
        description="Rebuild speakers, corrections and what depends on them in a copy of the "
        "current snapshot and publish it (ingest and reingest do the same at their end).",
    )
    _options(p, data=True)
    p.set_defaults(handler=_cmd_respeak)


def _add_speakers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = sub.add_parser(
        "speakers",
        help="list, show and curate speakers",
        description="Speakers across articles. list/show read the current snapshot; "
        "merge/split write data/corrections/, alias writes data/speakers.csv.",
    )
    cmds = top.add_subparsers(dest="speakers_command", metavar="SUBCOMMAND", required=True)
    p = cmds.add_parser("list", help="speakers with the most statements first")
    p.add_argument("--kind", choices=["person", "organisation", "group", "document"])
    p.add_argument("--search", help="part of a name or alias")
    p.add_argument("--limit", type=int, default=50)
    _format(p)
    _options(p)
    p.set_defaults(handler=_cmd_list)
    p = cmds.add_parser("show", help="one speaker: names, roles over time, statements")
    p.add_argument("speaker", help="speaker id, name or alias")
    p.add_argument("--statements", type=int, default=10, help="how many statements to show")
    _options(p)
    p.set_defaults(handler=_cmd_show)
    for name, text in (
        ("merge", "OTHER is the same speaker as SPEAKER"),
        (
            "split",
            "undo a merge of OTHER into SPEAKER, or make the name form OTHER its own speaker",
        ),
    ):
        p = cmds.add_parser(name, help=text, description=text + ".")
        p.add_argument("speaker", help="speaker id, name or alias")
        p.add_argument("other", help="speaker id, name or alias")
        _options(p, write=True)
        p.set_defaults(handler=_cmd_merge_or_split)
    p = cmds.add_parser("alias", help="record another name of a speaker in the registry")
    p.add_argument("speaker", help="speaker id, name or alias")
    p.add_argument("alias", help="the other name")
    p.add_argument("--name", help="canonical name, for a speaker not in any snapshot yet")
    _options(p, data=True)
    p.add_argument("--apply", action="store_true", help="apply now (quotetrack respeak)")
    p.set_defaults(handler=_cmd_alias)


def _add_correct(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = sub.add_parser(
        "correct",
        help="correct a statement; list, export and import corrections",
        description="Corrections are kept in data/corrections/*.jsonl (who, when, why) and "
        "applied at the end of every ingest, reingest and respeak.",
    )
    cmds = top.add_subparsers(dest="correct_command", metavar="SUBCOMMAND", required=True)
    p = cmds.add_parser("speaker", help="the statement was said by SPEAKER")
    p.add_argument("statement", help="statement_id")
    p.add_argument("speaker", help="speaker id or name (a new name makes a new speaker)")
    _options(p, write=True)
    p.set_defaults(handler=_cmd_correct_statement)
    p = cmds.add_parser("not-statement", help="the statement is no statement")
    p.add_argument("statement", help="statement_id")
    _options(p, write=True)
    p.set_defaults(handler=_cmd_correct_statement)
    p = cmds.add_parser("kind", help="the statement's kind is KIND")
    p.add_argument("statement", help="statement_id")
    p.add_argument("kind", choices=list(KINDS))
    _options(p, write=True)
    p.set_defaults(handler=_cmd_correct_statement)
    p = cmds.add_parser("withdraw", help="a correction no longer applies")
    p.add_argument("correction", help="correction id")
    _options(p, write=True)
    p.set_defaults(handler=_cmd_withdraw)
    p = cmds.add_parser("list", help="every correction, oldest first")
    _format(p)
    _options(p, db=False, data=True)
    p.set_defaults(handler=_cmd_correct_list)
    p = cmds.add_parser("export", help="every correction as JSON lines")
    p.add_argument("-o", "--output", help="file ('-' or absent: stdout)")
    _options(p, db=False, data=True)
    p.set_defaults(handler=_cmd_export)
    p = cmds.add_parser("import", help="add corrections from a JSON lines file")
    p.add_argument("file")
    _options(p, db=False, data=True)
    p.set_defaults(handler=_cmd_import)

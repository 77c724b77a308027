"""``quotetrack retopic`` and ``quotetrack export-claims``: thin commands over
``ingest.pipeline.rebuild``, ``ingest.topics`` and ``ingest.claims`` (wired into
``ingest.cli.build_parser``)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from ingest.paths import DATA_DIR, DEFAULT_DB


def _cmd_retopic(args: argparse.Namespace) -> int:
    from ingest.db import connect_reader
    from ingest.pipeline import rebuild
    from ingest.topics import taxonomy_path

    db, data_dir = Path(args.db), Path(args.data_dir)
    summary = rebuild(db, data_dir=data_dir, passes=("topics", "views"), command="retopic")
    con, _ = connect_reader(db)
    try:
        row = con.execute(
            "SELECT (SELECT count(*) FROM topics), (SELECT count(DISTINCT statement_id) "
            "FROM statement_topics), (SELECT count(*) FROM statements)"
        ).fetchone()
    finally:
        con.close()
    topics, tagged, statements = row if row else (0, 0, 0)
    print(
        f"retopic: {tagged} of {statements} statements carry topics from {topics} topics "
        f"({taxonomy_path(data_dir)}); {summary.seconds:.1f}s; snapshot {summary.snapshot}"
    )
    return 0


def _cmd_export_claims(args: argparse.Namespace) -> int:
    from ingest.claims import ClaimFilter, find_claims, write_claims
    from ingest.db import connect_reader

    where = ClaimFilter(
        speaker=args.speaker,
        topic=args.topic,
        since=args.since,
        until=args.until,
        search=args.search,
        min_articles=args.min_articles,
        language=args.language,
        limit=args.limit,
    )
    con, _ = connect_reader(Path(args.db))
    try:
        claims = find_claims(con, where)
    finally:
        con.close()
    lines = args.output.endswith(".jsonl") or args.jsonl
    with contextlib.ExitStack() as stack:
        out: TextIO = sys.stdout
        if args.output != "-":
            out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
        write_claims(claims, out, lines=lines)
    if args.output != "-":
        print(f"export-claims: {len(claims)} claims written to {args.output}")
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``retopic`` and ``export-claims`` to the ``quotetrack`` parser."""
    p = sub.add_parser(
        "retopic",
        help="apply an edited topic taxonomy now, without re-extracting",
        description="Recompute topics and key terms from data/topics.toml on a copy of the "
        "current snapshot and publish it (ingest and reingest do the same at their end).",
    )
    p.add_argument("--db", default=str(DEFAULT_DB), help=f"the database (default {DEFAULT_DB})")
    p.add_argument(
        "--data-dir",
        default=str(DATA_DIR),
        help=f"folder of topics.toml (default {DATA_DIR}; the bundled taxonomy when absent)",
    )
    p.set_defaults(handler=_cmd_retopic)

    p = sub.add_parser(
        "export-claims",
        help="write quotes as schema.org ClaimReview-ready JSON for fact-checkers",
        description="One record per repeated quote: the claim, its author, when it was said, "
        "every appearance and the first one, as schema.org ClaimReview JSON-LD whose rating "
        "is left to the fact-checker. Most widely reported first.",
    )
    p.add_argument("--db", default=str(DEFAULT_DB), help=f"the database (default {DEFAULT_DB})")
    p.add_argument("-o", "--output", required=True, help="output file (.json, .jsonl, or -)")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    p.add_argument("--speaker", help="speaker id or part of the name")
    p.add_argument("--topic", help="topic id (see topics_v)")
    p.add_argument("--since", type=date.fromisoformat, help="said on or after (YYYY-MM-DD)")
    p.add_argument("--until", type=date.fromisoformat, help="said on or before (YYYY-MM-DD)")
    p.add_argument("--search", help="words the claim contains")
    p.add_argument("--language", help="de, en, …")
    p.add_argument("--min-articles", type=int, default=1, help="only quotes in at least N articles")
    p.add_argument("--limit", type=int, help="at most N claims")
    p.set_defaults(handler=_cmd_export_claims)

"""The ``quotetrack`` command line: thin argument parsing over library functions."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ingest import __version__
from ingest.errors import QuotetrackError
from ingest.paths import DATA_DIR, DEFAULT_DB

if TYPE_CHECKING:
    from ingest.pipeline import RunSummary

log = logging.getLogger("quotetrack")

Handler = Callable[[argparse.Namespace], int]


def _print_summary(summary: RunSummary, limit: int = 20) -> None:
    for line in summary.lines():
        print(line)
    errors = [e for e in summary.errors if e.level == "error"]
    for err in errors[:limit]:
        print(f"  failed: {err}")
    if len(errors) > limit:
        print(f"  … and {len(errors) - limit} more (SELECT * FROM ingest_errors)")


def _run_exit_code(summary: RunSummary) -> int:
    """Non-zero only when nothing could be read."""
    if summary.read == 0:
        print("quotetrack: no article could be read", file=sys.stderr)
        return 1
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import run

    summary = run(
        [str(p) for p in args.paths],
        Path(args.db),
        data_dir=Path(args.data_dir),
        workers=args.workers,
        progress=not args.quiet,
    )
    _print_summary(summary)
    return _run_exit_code(summary)


def _cmd_reingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import recorded_sources, run

    db = Path(args.db)
    sources = recorded_sources(db)
    summary = run(
        sources,
        db,
        data_dir=Path(args.data_dir),
        command="reingest",
        reingest=True,
        workers=args.workers,
        progress=not args.quiet,
    )
    _print_summary(summary)
    return _run_exit_code(summary)


def _cmd_sql(args: argparse.Namespace) -> int:
    from ingest.export import write_rows
    from ingest.sqlguard import guarded_connection, run_query

    con, _ = guarded_connection(Path(args.db))
    try:
        result = run_query(con, args.query, row_limit=args.max_rows, time_limit=args.timeout)
    finally:
        con.close()
    write_rows(args.format, result.columns, result.rows, sys.stdout)
    if result.truncated:
        print(f"quotetrack sql: stopped at {args.max_rows} rows (--max-rows)", file=sys.stderr)
    return 0


def dashboard_app() -> Path:
    """The dashboard's entry script, in a source tree or an installed package alike."""
    import dashboard

    return Path(dashboard.__file__).resolve().parent / "app.py"


def _cmd_dashboard(args: argparse.Namespace) -> int:
    import subprocess

    app = dashboard_app()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--",
        "--db",
        str(Path(args.db).absolute()),
        "--data-dir",
        str(Path(args.data_dir).absolute()),
    ]
    print(f"quotetrack dashboard: http://{args.address}:{args.port}  (Ctrl-C stops it)")
    return subprocess.call(cmd)


def _cmd_extract(args: argparse.Namespace) -> int:
    from ingest.extract import extract
    from ingest.model import Article
    from ingest.readers import read_paths

    read = 0
    with contextlib.ExitStack() as stack:
        out: TextIO = sys.stdout
        if args.output not in (None, "-"):
            out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
        for item in read_paths([args.articles]):
            if not isinstance(item, Article):
                print(f"quotetrack extract: {item}", file=sys.stderr)
                continue
            read += 1
            for statement in extract(item):
                out.write(json.dumps(statement.to_json(), ensure_ascii=False) + "\n")
    return 0 if read else 1


def _cmd_eval(args: argparse.Namespace) -> int:
    from ingest.evaluate import evaluate, format_table, read_gold
    from ingest.extract import extract
    from ingest.paths import shared_path

    paths = [Path(p) for p in args.gold]
    if not paths:
        gold_dir = shared_path("data", "gold")
        if gold_dir is None:
            print(
                "quotetrack eval: skipped: ../shared/data/gold is absent (gold data is not "
                "shipped; set QUOTETRACK_SHARED or pass GOLD files)"
            )
            return 0
        paths = [gold_dir / "de_news_dev.jsonl", gold_dir / "en_polnear_dev.jsonl"]
    results = {p.name.removesuffix(".jsonl"): evaluate(read_gold(p), extract) for p in paths}
    print(format_table(results))
    print(json.dumps(results, ensure_ascii=False))
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from ingest import bench

    path = Path(args.corpus) if args.corpus else bench.default_corpus()
    if path is None:
        print(
            "quotetrack bench: skipped: ../shared/data/corpora/fang_covid_de is absent (the "
            "benchmark corpus is not shipped; set QUOTETRACK_SHARED or pass --corpus FILE)"
        )
        return 0
    names = args.sections.split(",") if args.sections else None
    print(bench.report(path, bench.run(path, names, args.limit)))
    return 0


def _cmd_compile(args: argparse.Namespace) -> int:
    from ingest.extract import compiled

    if args.clean:
        compiled.clean()
        print(f"removed {compiled.COMPILED_DIR}; the extractor runs its Python sources")
        return 0
    if args.status:
        reason = compiled.stale_reason(compiled.COMPILED_DIR)
        used = "compiled build" if compiled.in_use() else "Python sources"
        print(f"{compiled.COMPILED_DIR}: {reason or 'current'}; this process runs the {used}")
        return 0 if reason is None else 1
    n = len(compiled.stage_modules())
    print(f"compiling {n} extractor modules with mypyc (about a minute and a half) …", flush=True)
    start = time.perf_counter()
    try:
        compiled.build()
    except (RuntimeError, OSError) as exc:
        print(f"quotetrack compile: {exc}", file=sys.stderr)
        print("quotetrack runs its Python sources instead (the same output, slower)")
        return 1
    print(f"compiled into {compiled.COMPILED_DIR} in {time.perf_counter() - start:.0f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotetrack",
        description="Extract, attribute and store quotes and claims from German and English news.",
    )
    parser.add_argument("--version", action="version", version=f"quotetrack {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-v info, -vv debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--db",
            default=str(DEFAULT_DB),
            help=f"the database (default {DEFAULT_DB}; a link to the current snapshot)",
        )

    def run_options(p: argparse.ArgumentParser) -> None:
        db_option(p)
        p.add_argument(
            "--data-dir",
            default=str(DATA_DIR),
            help=f"folder of the speaker registry, topics and corrections (default {DATA_DIR})",
        )
        p.add_argument(
            "--workers", type=int, default=None, help="extraction processes (default: one per CPU)"
        )
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser(
        "ingest",
        help="add new and changed articles to the database",
        description="Read articles from files, folders, feeds or URLs; extract "
        "their statements; publish a new snapshot of the database. Articles "
        "whose content is unchanged are skipped.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="file (.jsonl, .jsonl.gz, .txt, .html, .xml feed), folder, feed URL or article URL",
    )
    run_options(p)
    p.set_defaults(handler=_cmd_ingest)

    p = sub.add_parser(
        "reingest",
        help="rebuild everything from the recorded sources",
        description="Read every recorded source again and re-extract every "
        "article (after an extractor change). Articles whose source is gone are "
        "re-extracted from their stored text.",
    )
    run_options(p)
    p.set_defaults(handler=_cmd_reingest)

    p = sub.add_parser(
        "sql",
        help="run read-only SQL on the current snapshot",
        description="Run one read-only query (SELECT or EXPLAIN) on the current "
        "snapshot. Files, network, ATTACH, INSTALL, LOAD and COPY are refused.",
    )
    p.add_argument("query", help='the query, e.g. "SELECT count(*) FROM statements_v"')
    db_option(p)
    p.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="output format (json: one object per row)",
    )
    p.add_argument("--max-rows", type=int, default=10_000, help="row limit (default 10000)")
    p.add_argument("--timeout", type=float, default=30.0, help="time limit in seconds")
    p.set_defaults(handler=_cmd_sql)

    p = sub.add_parser(
        "dashboard",
        help="start the dashboard (Streamlit)",
        description="Serve the dashboard on the current snapshot, read-only; "
        "it notices newly published snapshots by itself.",
    )
    db_option(p)
    p.add_argument(
        "--data-dir",
        default=str(DATA_DIR),
        help=f"folder the Review page writes corrections to (default {DATA_DIR})",
    )
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument("--address", default="localhost", help="address (default localhost)")
    p.set_defaults(handler=_cmd_dashboard)

    p = sub.add_parser(
        "extract",
        help="extract statements from articles, no database",
        description="Extract statements from an articles JSONL file (CONTRACT §2); "
        "a pure function per article: no database, no network.",
    )
    p.add_argument("articles", help="articles file (.jsonl, .jsonl.gz)")
    p.add_argument("-o", "--output", help="statements JSONL file ('-' or absent: stdout)")
    p.set_defaults(handler=_cmd_extract)

    p = sub.add_parser(
        "eval",
        help="measure extraction against gold data",
        description="Score the extractor on annotated gold files "
        "(default: the dev splits in ../shared/data/gold). Prints a table, "
        "then one JSON line.",
    )
    p.add_argument("gold", nargs="*", help="gold JSONL files")
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser(
        "bench",
        help="measure speed and memory in one process",
        description="Time named sections (the read+parse floor, extraction, …) over a corpus "
        "(default: ../shared fang_covid_de) in one process; prints articles/s, MB/s, the "
        "ratio to the floor and peak memory, then one JSON line.",
    )
    p.add_argument("--corpus", help="articles file (.jsonl, .jsonl.gz)")
    p.add_argument("--sections", help="comma-separated section names (default: all)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.set_defaults(handler=_cmd_bench)

    p = sub.add_parser(
        "compile",
        help="compile the extractor to C (same output, faster)",
        description="Compile the extractor's stage modules with mypyc into "
        "ingest/extract/_compiled (make setup does it; needs a C compiler). They are used "
        "while they match the sources; otherwise, or with QUOTETRACK_PURE=1, the Python "
        "sources run (the same output, about half as fast).",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--status", action="store_true", help="say whether the build is current")
    what.add_argument("--clean", action="store_true", help="remove the compiled build")
    p.set_defaults(handler=_cmd_compile)

    from ingest.cli_speakers import add_commands  # speakers, correct, respeak

    add_commands(sub)

    from ingest.cli_topics import add_commands as add_topic_commands  # retopic, export-claims

    add_topic_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except QuotetrackError as exc:
        print(f"quotetrack {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("quotetrack: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `quotetrack extract … | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

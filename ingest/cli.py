"""The ``quotetrack`` command line: thin argument parsing over library functions."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ingest import __version__
from ingest.paths import DEFAULT_DB

log = logging.getLogger("quotetrack")

Handler = Callable[[argparse.Namespace], int]


class QuotetrackError(Exception):
    """A failure to report to the user in one line, without a traceback."""


def _cmd_extract(args: argparse.Namespace) -> int:
    from ingest.extract import extract
    from ingest.model import Article
    from ingest.readers import read_paths

    out = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    failed = 0
    try:
        for item in read_paths([args.articles]):
            if not isinstance(item, Article):
                print(f"quotetrack: {item}", file=sys.stderr)
                failed += item.level == "error"
                continue
            for statement in extract(item):
                out.write(json.dumps(statement.to_json(), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from ingest.evaluate import evaluate, format_table, read_gold
    from ingest.extract import extract
    from ingest.paths import shared_path

    paths = [Path(p) for p in args.gold]
    if not paths:
        gold_dir = shared_path("data", "gold")
        if gold_dir is None:
            print("quotetrack eval: skipped: ../shared/data/gold is absent (gold data is not "
                  "shipped; set QUOTETRACK_SHARED or pass GOLD files)")
            return 0
        paths = [gold_dir / "de_news_dev.jsonl", gold_dir / "en_polnear_dev.jsonl"]
    results = {p.name.removesuffix(".jsonl"): evaluate(read_gold(p), extract) for p in paths}
    print(format_table(results))
    print(json.dumps(results, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotetrack",
        description="Extract, attribute and store quotes and claims from German and English news.",
    )
    parser.add_argument("--version", action="version", version=f"quotetrack {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more logging (-v info, -vv debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="extract statements from articles, no database",
                       description="Extract statements from an articles JSONL file (CONTRACT §2); "
                       "a pure function per article: no database, no network.")
    p.add_argument("articles", help="articles file (.jsonl, .jsonl.gz)")
    p.add_argument("-o", "--output", help="statements JSONL file ('-' or absent: stdout)")
    p.set_defaults(handler=_cmd_extract)

    p = sub.add_parser("eval", help="measure extraction against gold data",
                       description="Score the extractor on annotated gold files "
                       "(default: the dev splits in ../shared/data/gold). Prints a table, "
                       "then one JSON line.")
    p.add_argument("gold", nargs="*", help="gold JSONL files")
    p.set_defaults(handler=_cmd_eval)
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


__all__ = ["DEFAULT_DB", "QuotetrackError", "build_parser", "main"]

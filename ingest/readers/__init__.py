"""Readers: every input a user may have, turned into ``Article`` records (CONTRACT §1).

``read_paths`` yields articles and ``ReadError``s in input order; a bad item never stops
the run. Dispatch is by what a path is: a folder (recursively), a file by its type, or a
URL (feed or article).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.model import Article, ReadError
from ingest.readers.jsonl import read_jsonl

__all__ = ["estimate_articles", "read_paths"]


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    for path in paths:
        yield from read_jsonl(Path(path))


def estimate_articles(paths: Iterable[str | Path]) -> int | None:
    """A cheap article count for progress bars (None when unknown)."""
    return None

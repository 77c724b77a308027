"""Folders: every article file below a folder, recursively, by file type, in sorted order.

Hidden files and folders (a leading ``.``) are skipped silently; a file of any other type is
skipped with a warning-level ``ReadError`` so the user sees what was not read. Order is the
sorted relative path, so every run reads the same folder the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ingest.model import ReadError

# Longest suffix first: ``x.jsonl.gz`` is JSONL, not an unknown ``.gz``.
FILE_TYPES: dict[str, str] = {
    ".jsonl.gz": "jsonl",
    ".jsonl": "jsonl",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


def file_kind(path: Path) -> str | None:
    """``jsonl``, ``text``, ``html`` or ``feed`` by the file name's suffix, else None."""
    name = path.name.lower()
    return next((kind for suffix, kind in FILE_TYPES.items() if name.endswith(suffix)), None)


def known_types() -> str:
    return ", ".join(FILE_TYPES)


def walk(folder: Path) -> Iterator[Path | ReadError]:
    """The article files under ``folder`` in sorted order, and a warning for every other file."""
    found: list[Path] = []
    problems: list[ReadError] = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename or str(folder)
        problems.append(ReadError(str(where), None, f"cannot read the folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        found.extend(Path(dirpath) / name for name in filenames if not name.startswith("."))
    yield from problems
    for path in sorted(found, key=lambda p: p.relative_to(folder).parts):
        if file_kind(path) is None:
            reason = f"skipped: not an article file (quotetrack reads {known_types()})"
            yield ReadError(str(path), None, reason, level="warning")
        else:
            yield path

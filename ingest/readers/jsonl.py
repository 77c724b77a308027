"""JSONL and JSONL.gz: one article per line, the contract format."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.model import Article, ReadError

KNOWN = {"id", "text", "language", "published", "outlet", "title", "url"}


def read_jsonl(path: Path) -> Iterator[Article | ReadError]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row: dict[str, Any] = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ReadError(str(path), f"line {lineno}", f"invalid JSON: {exc.msg}")
                continue
            yield Article(
                id=str(row["id"]),
                text=row["text"],
                language=row.get("language"),
                outlet=row.get("outlet"),
                title=row.get("title"),
                url=row.get("url"),
                meta={k: v for k, v in row.items() if k not in KNOWN},
                source=str(path),
                item=f"line {lineno}",
            )

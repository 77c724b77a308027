"""Writing query results for people and programs: aligned text, CSV, JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")
CELL_WIDTH = 60


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    text = "" if value is None else str(_plain(value))
    text = text.replace("\n", " ")
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"


def write_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                json.dumps(_plain(v), ensure_ascii=False)
                if isinstance(v, list | dict)
                else _plain(v)
                for v in row
            ]
        )


def write_json(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    for row in rows:
        obj = {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        out.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def write_rows(
    fmt: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO
) -> None:
    {"table": write_table, "csv": write_csv, "json": write_json}[fmt](columns, rows, out)

"""``quotetrack respeak``: apply registry and correction edits now, without re-extracting.

Copies the current snapshot, runs the corpus passes (speakers, corrections, and everything
after them) on the copy and publishes it through the same atomic link swap as ingest. An
ingest or reingest does the same at its end, so respeak is only a faster way to see edits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ingest import EXTRACTOR, __version__
from ingest.build import BuildContext, run_passes
from ingest.db import DatabaseMissing, connect_writer
from ingest.publish import cleanup, current_snapshot, new_snapshot, publish, start_from, writer_lock
from ingest.store import ensure_schema


@dataclass(frozen=True, slots=True)
class RespeakSummary:
    run_id: str
    speakers: int
    statements: int
    problems: int
    seconds: float
    snapshot: Path

    def lines(self) -> list[str]:
        out = [
            f"respeak: {self.statements} statements by {self.speakers} speakers "
            f"({self.seconds:.1f}s); snapshot {self.snapshot}"
        ]
        if self.problems:
            out.append(
                f"  {self.problems} corrections could not be applied "
                '(quotetrack sql "SELECT * FROM correction_problems")'
            )
        return out


def respeak(db: Path, data_dir: Path) -> RespeakSummary:
    """Rebuild the speaker tables (and what depends on them) of ``db`` and publish."""
    from ingest.pipeline import new_run_id

    began = time.perf_counter()
    run_id = new_run_id()
    with writer_lock(db):
        cleanup(db)
        current = current_snapshot(db)
        if current is None:
            raise DatabaseMissing(
                f"no database at {db} yet: run `quotetrack ingest PATH --db {db}`"
            )
        building = new_snapshot(db, run_id)
        start_from(current, building)
        try:
            counts = _rebuild(building, data_dir, run_id)
        except BaseException:
            building.unlink(missing_ok=True)
            raise
        snapshot = publish(db, building)
    return RespeakSummary(run_id, *counts, time.perf_counter() - began, snapshot)


def _rebuild(building: Path, data_dir: Path, run_id: str) -> tuple[int, int, int]:
    con = connect_writer(building)
    try:
        ensure_schema(con)
        con.execute(
            "INSERT INTO runs (run_id, command, started, status, quotetrack_version, extractor) "
            "VALUES (?, 'respeak', now(), 'running', ?, ?)",
            [run_id, __version__, EXTRACTOR],
        )
        run_passes(con, BuildContext(data_dir=data_dir, run_id=run_id))
        row = con.execute(
            "SELECT (SELECT count(*) FROM speakers), (SELECT count(*) FROM statements_v), "
            "(SELECT count(*) FROM correction_problems)"
        ).fetchone()
        speakers, statements, problems = (int(v) for v in row) if row else (0, 0, 0)
        con.execute(
            "UPDATE runs SET finished = now(), status = 'ok', statements = ?, speakers = ? "
            "WHERE run_id = ?",
            [statements, speakers, run_id],
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return speakers, statements, problems

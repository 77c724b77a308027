"""Snapshots: ingest never writes the file readers use.

The database a user names (``data/quotes.duckdb``) is a symbolic link to the current
snapshot in ``data/quotes.duckdb.snapshots/``. Ingest builds a new snapshot file, checkpoints
it, then swaps the link atomically (``os.replace`` of a fresh link). Readers open the file
the link points to, read-only, and notice when it points elsewhere. A killed ingest leaves
an unfinished ``*.building`` file behind and the published snapshot untouched; the next run
removes it. Old snapshots are removed once superseded (open readers keep their file handle).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ingest.errors import QuotetrackError

log = logging.getLogger(__name__)

BUILDING = ".building"
KEEP = 2  # the current snapshot and the one before it


class PublishError(QuotetrackError):
    """The database cannot be published or is held by another ingest."""


def snapshot_dir(db: Path) -> Path:
    return db.with_name(db.name + ".snapshots")


def current_snapshot(db: Path) -> Path | None:
    """The file readers should open for ``db`` right now, or None when nothing is published."""
    if db.is_symlink():
        target = db.resolve()
        return target if target.is_file() else None
    return db if db.is_file() else None


def new_snapshot(db: Path, run_id: str) -> Path:
    """A fresh path to build the next snapshot in (not yet existing)."""
    folder = snapshot_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{run_id}.duckdb{BUILDING}"


def start_from(previous: Path | None, building: Path) -> None:
    """Seed the snapshot being built with a copy of the published one (incremental runs)."""
    if previous is not None:
        shutil.copyfile(previous, building)


def publish(db: Path, building: Path) -> Path:
    """Make the finished ``building`` file the current snapshot, atomically."""
    final = building.with_name(building.name.removesuffix(BUILDING))
    os.replace(building, final)
    _adopt_plain_file(db)
    link_tmp = db.with_name(f".{db.name}.{os.getpid()}.link")
    with contextlib.suppress(FileNotFoundError):
        link_tmp.unlink()
    link_tmp.symlink_to(os.path.relpath(final, db.parent))
    os.replace(link_tmp, db)
    _fsync_dir(db.parent)
    cleanup(db)
    return final


def _adopt_plain_file(db: Path) -> None:
    """A plain database file at ``db`` (made by hand) becomes a snapshot, never overwritten."""
    if db.exists() and not db.is_symlink():
        kept = snapshot_dir(db) / f"adopted-{datetime.now(UTC):%Y%m%dT%H%M%S}.duckdb"
        os.replace(db, kept)
        log.warning("moved the plain database file %s to %s", db, kept)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cleanup(db: Path) -> None:
    """Remove unfinished builds and all but the newest ``KEEP`` snapshots (never the current)."""
    folder = snapshot_dir(db)
    if not folder.is_dir():
        return
    current = current_snapshot(db)
    for stale in folder.glob(f"*{BUILDING}"):
        stale.unlink(missing_ok=True)
        log.info("removed unfinished snapshot %s", stale)
    done = sorted(folder.glob("*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in done[KEEP:]:
        if current is None or old.resolve() != current:
            old.unlink(missing_ok=True)
            old.with_name(old.name + ".wal").unlink(missing_ok=True)


@contextlib.contextmanager
def writer_lock(db: Path) -> Iterator[None]:
    """One ingest at a time per database; a second one fails at once with a clear message."""
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(db.name + ".lock")
    with lock_path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PublishError(f"another ingest is writing {db} (lock {lock_path})") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)

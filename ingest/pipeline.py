"""Ingest and reingest: sources → articles → statements → a new published snapshot.

Per-article work (extraction) runs in worker processes; everything that touches the
database runs here, in the main process, on the snapshot being built. The published
snapshot is never written: see ``ingest.publish``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import secrets
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from tqdm import tqdm

from ingest import EXTRACTOR, __version__
from ingest.build import PASSES, BuildContext, run_passes
from ingest.clusters import quote_key
from ingest.db import DatabaseMissing, connect_writer
from ingest.extract import extract
from ingest.model import Article, ReadError, Statement
from ingest.publish import cleanup, current_snapshot, new_snapshot, publish, start_from, writer_lock
from ingest.readers import estimate_articles, read_paths
from ingest.store import Writer, article_hashes, ensure_schema, known_articles, quote_text
from ingest.when import said_when_columns

log = logging.getLogger(__name__)

BATCH = 64  # articles per task sent to a worker
PARALLEL_FROM = 400  # below this many articles, extracting in-process is faster


@dataclass
class RunSummary:
    """What one run did, as printed at its end and stored in ``runs``."""

    run_id: str
    command: str
    read: int = 0
    new: int = 0
    unchanged: int = 0
    changed: int = 0
    failed: int = 0
    warnings: int = 0
    from_stored_text: int = 0
    statements: int = 0
    statements_written: int = 0
    speakers: int = 0
    correction_problems: int = 0
    rebuilt: tuple[str, ...] = ()  # build passes re-run without reading (retopic, respeak)
    seconds: float = 0.0
    snapshot: Path | None = None
    errors: list[ReadError] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.rebuilt:
            out = [f"{self.command}: rebuilt {', '.join(self.rebuilt)} on the current snapshot"]
        else:
            out = [
                f"{self.command}: {self.read} articles read: {self.new} new, "
                f"{self.unchanged} unchanged, {self.changed} changed, {self.failed} failed"
                + (f", {self.warnings} warnings" if self.warnings else ""),
            ]
        if self.from_stored_text:
            out.append(
                f"  {self.from_stored_text} articles re-extracted from stored text "
                "(their source could not be read again)"
            )
        out.append(
            f"  {self.statements_written} statements extracted; the database now holds "
            f"{self.statements} statements by {self.speakers} speakers"
        )
        if self.correction_problems:
            out.append(
                f"  {self.correction_problems} corrections could not be applied "
                '(quotetrack sql "SELECT * FROM correction_problems")'
            )
        out.append(f"  {self.seconds:.1f}s; snapshot {self.snapshot}")
        return out


def new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}Z-{secrets.token_hex(2)}"


# -- sources ---------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def source_key(source: str, db: Path) -> str:
    """How a source is recorded: URLs as given, paths relative to the database's folder."""
    if is_url(source):
        return source
    return os.path.relpath(Path(source).resolve(), db.parent.resolve())


def source_path(key: str, db: Path) -> str:
    """The readable location of a recorded source (inverse of ``source_key``)."""
    if is_url(key) or Path(key).is_absolute():
        return key
    return os.path.relpath(db.parent / key)


def _record_sources(con: duckdb.DuckDBPyConnection, keys: list[str], run_id: str) -> None:
    for key in keys:
        con.execute("UPDATE sources SET last_run = ? WHERE source = ?", [run_id, key])
        con.execute(
            "INSERT INTO sources SELECT ?, ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM sources WHERE source = ?)",
            [key, run_id, run_id, key],
        )


def read_safely(sources: list[str]) -> Iterator[Article | ReadError]:
    """Every source in turn; a reader that fails outright costs that source, not the run."""
    for source in sources:
        try:
            yield from read_paths([source])
        except (OSError, ValueError, UnicodeError) as exc:
            yield ReadError(source, None, f"could not be read: {exc}")


# -- extraction in workers ---------------------------------------------------------------------

Columns = list[dict[str, Any]]
Extracted = list[tuple[Article, list[Statement], Columns]]


def statement_columns(article: Article, statement: Statement) -> dict[str, Any]:
    """Per-statement columns computed beside extraction: when it was said, the sentence context
    topics read, and the normalised-quote key clusters group by."""
    columns = said_when_columns(article, statement)
    columns["quote_key"] = quote_key(quote_text(article.text, statement.spans))
    return columns


def extract_one(article: Article) -> tuple[list[Statement], Columns]:
    statements = extract(article)
    return statements, [statement_columns(article, s) for s in statements]


def extract_batch(articles: list[Article]) -> Extracted:
    """Worker task: extraction is pure, so a batch is just a loop."""
    return [(a, *extract_one(a)) for a in articles]


@contextlib.contextmanager
def _mapper(
    parallel: bool, workers: int
) -> Iterator[Callable[[Iterable[list[Article]]], Iterable[Extracted]]]:
    if not parallel or workers <= 1:
        yield lambda batches: map(extract_batch, batches)
        return
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ctx.Pool(workers) as pool:
        yield lambda batches: pool.imap(extract_batch, batches)


# -- the run ---------------------------------------------------------------------------------


def _clean(article: Article) -> Article:
    """Lone surrogates (possible in JSON) cannot be stored; U+FFFD keeps every offset."""
    try:
        article.text.encode("utf-8")
    except UnicodeEncodeError:
        from dataclasses import replace

        text = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in article.text)
        return replace(article, text=text)
    return article


class _Classifier:
    """Decides per article read whether it needs extraction; runs on the reading side."""

    def __init__(self, known: dict[str, str], force: bool, summary: RunSummary, bar: tqdm) -> None:
        self.known = known
        self.force = force
        self.summary = summary
        self.bar = bar
        self.seen: set[str] = set()
        self.errors: deque[ReadError] = deque()
        self.replace: set[str] = set()
        self.hashes: dict[str, tuple[str, str]] = {}

    def batches(self, items: Iterable[Article | ReadError]) -> Iterator[list[Article]]:
        batch: list[Article] = []
        for item in items:
            if isinstance(item, ReadError):
                self.errors.append(item)
                continue
            self.bar.update(1)
            article = self._classify(_clean(item))
            if article is not None:
                batch.append(article)
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def _classify(self, article: Article) -> Article | None:
        s = self.summary
        s.read += 1
        self.seen.add(article.id)
        hashes = article_hashes(article)
        digest = hashes[1]
        stored = self.known.get(article.id)
        self.known[article.id] = digest
        if stored is None or digest != stored or self.force:
            self.hashes[article.id] = hashes
        if stored is None:
            s.new += 1
            return article
        self.replace.add(article.id)
        if stored == digest:
            s.unchanged += 1
            return article if self.force else None
        s.changed += 1
        return article


def run(
    sources: list[str],
    db: Path,
    *,
    data_dir: Path,
    command: str = "ingest",
    reingest: bool = False,
    workers: int | None = None,
    progress: bool = True,
) -> RunSummary:
    """Ingest ``sources`` into a new snapshot of ``db`` and publish it."""
    began = time.perf_counter()
    summary = RunSummary(run_id=new_run_id(), command=command)

    def build(building: Path) -> None:
        _build(sources, db, building, data_dir, summary, reingest, workers, progress)

    summary.snapshot = _publish_new(db, summary.run_id, build)
    summary.seconds = time.perf_counter() - began
    return summary


def _publish_new(db: Path, run_id: str, build: Callable[[Path], None]) -> Path:
    """Build the next snapshot of ``db`` with ``build`` on a copy of the current one; publish it."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(db):
        cleanup(db)
        building = new_snapshot(db, run_id)
        start_from(current_snapshot(db), building)
        try:
            build(building)
        except BaseException:
            building.unlink(missing_ok=True)
            raise
        return publish(db, building)


def rebuild(
    db: Path, *, data_dir: Path, passes: Collection[str] | None = None, command: str
) -> RunSummary:
    """Run build passes again (all, or those named) on a copy of the current snapshot and
    publish it, reading and extracting nothing: ``quotetrack retopic`` after the taxonomy was
    edited, ``quotetrack respeak`` after the registry or corrections were."""
    if current_snapshot(db) is None:
        raise DatabaseMissing(f"no database at {db} yet: run `quotetrack ingest PATH --db {db}`")
    began = time.perf_counter()
    ran = tuple(name for name, _ in PASSES if passes is None or name in passes)
    summary = RunSummary(run_id=new_run_id(), command=command, rebuilt=ran)

    def build(building: Path) -> None:
        con = connect_writer(building)
        try:
            ensure_schema(con)
            _start_run(con, summary, [])
            run_passes(con, BuildContext(data_dir=data_dir, run_id=summary.run_id), passes)
            _finish_run(con, summary)
            con.execute("CHECKPOINT")
        finally:
            con.close()

    summary.snapshot = _publish_new(db, summary.run_id, build)
    summary.seconds = time.perf_counter() - began
    return summary


def _build(
    sources: list[str],
    db: Path,
    building: Path,
    data_dir: Path,
    summary: RunSummary,
    reingest: bool,
    workers: int | None,
    progress: bool,
) -> None:
    con = connect_writer(building)
    try:
        ensure_schema(con)
        _start_run(con, summary, sources)
        keys = [source_key(s, db) for s in sources]
        _record_sources(con, keys, summary.run_id)
        if reingest:
            con.execute("DELETE FROM statements")
        writer = Writer(con, summary.run_id, EXTRACTOR)
        classifier = _extract_all(sources, con, writer, summary, reingest, workers, progress)
        if reingest:
            _reextract_unseen(con, writer, classifier.seen, summary)
        writer.flush()
        summary.statements_written = writer.statements_written
        run_passes(con, BuildContext(data_dir=data_dir, run_id=summary.run_id))
        _finish_run(con, summary)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _start_run(con: duckdb.DuckDBPyConnection, summary: RunSummary, sources: list[str]) -> None:
    con.execute(
        "INSERT INTO runs (run_id, command, started, status, quotetrack_version, extractor, "
        "duckdb_version, sources) VALUES (?, ?, now(), 'running', ?, ?, ?, ?)",
        [summary.run_id, summary.command, __version__, EXTRACTOR, duckdb.__version__, sources],
    )


def _extract_all(
    sources: list[str],
    con: duckdb.DuckDBPyConnection,
    writer: Writer,
    summary: RunSummary,
    force: bool,
    workers: int | None,
    progress: bool,
) -> _Classifier:
    total = estimate_articles(sources)
    bar = tqdm(
        total=total,
        unit=" articles",
        desc=summary.command,
        delay=1.0,
        disable=not progress,
        dynamic_ncols=True,
    )
    classifier = _Classifier(known_articles(con), force, summary, bar)
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    parallel = total is None or total >= PARALLEL_FROM
    try:
        with _mapper(parallel, n_workers) as mapper:
            for extracted in mapper(classifier.batches(read_safely(sources))):
                _drain_errors(classifier, writer, summary)
                for article, statements, columns in extracted:
                    writer.put(
                        article,
                        statements,
                        replace=article.id in classifier.replace,
                        hashes=classifier.hashes.pop(article.id, None),
                        columns=columns,
                    )
        _drain_errors(classifier, writer, summary)
    finally:
        bar.close()
    return classifier


def _drain_errors(classifier: _Classifier, writer: Writer, summary: RunSummary) -> None:
    while classifier.errors:
        err = classifier.errors.popleft()
        writer.error(err)
        summary.errors.append(err)
        if err.level == "error":
            summary.failed += 1
            log.warning("skipped %s", err)
        else:
            summary.warnings += 1
            log.warning("%s", err)


def _reextract_unseen(
    con: duckdb.DuckDBPyConnection, writer: Writer, seen: set[str], summary: RunSummary
) -> None:
    """Reingest: articles whose source is gone keep their stored text and get re-extracted."""
    writer.flush()
    rows = con.execute(
        "SELECT article_id, text, language, published, outlet, title, url, source, item "
        "FROM articles"
    ).fetchall()
    for article_id, text, language, published, outlet, title, url, source, item in rows:
        if article_id in seen:
            continue
        article = Article(
            id=article_id,
            text=text,
            language=language,
            published=published,
            outlet=outlet,
            title=title,
            url=url,
            source=source,
            item=item,
        )
        writer.put_statements(article, *extract_one(article))
        summary.from_stored_text += 1


def _finish_run(con: duckdb.DuckDBPyConnection, summary: RunSummary) -> None:
    row = con.execute(
        "SELECT (SELECT count(*) FROM statements_v), (SELECT count(*) FROM speakers), "
        "(SELECT count(*) FROM correction_problems)"
    ).fetchone()
    summary.statements, summary.speakers, summary.correction_problems = row if row else (0, 0, 0)
    con.execute(
        "UPDATE runs SET finished = now(), status = 'ok', articles_read = ?, articles_new = ?, "
        "articles_unchanged = ?, articles_changed = ?, articles_failed = ?, statements = ?, "
        "speakers = ? WHERE run_id = ?",
        [
            summary.read,
            summary.new,
            summary.unchanged,
            summary.changed,
            summary.failed,
            summary.statements,
            summary.speakers,
            summary.run_id,
        ],
    )


def recorded_sources(db: Path) -> list[str]:
    """The sources every earlier run of ``db`` read, readable from here."""
    from ingest.db import connect_reader

    con, _ = connect_reader(db)
    try:
        keys = [k for (k,) in con.execute("SELECT source FROM sources ORDER BY source").fetchall()]
    finally:
        con.close()
    return [source_path(k, db) for k in keys]

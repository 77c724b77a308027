"""How fast the dashboard answers: every page's queries, timed on the sample corpus and on a
synthetic snapshot scaled up to a million statements.

The scaled snapshot is built from a real one by replicating every per-article and
per-statement table ``k`` times (ids suffixed ``~i``, dates shifted by a few weeks per copy,
article text kept only in the first copy, which the timed article view opens), then its views
are recreated and the search indexes rebuilt. Each *interaction* is what one page run asks of
the database when nothing is cached (Streamlit's own rendering is not included): the
dashboard's budget is half a second on the sample and one second at a million statements.

Run it with ``quotetrack bench --sections dashboard`` (``make bench``) or
``python -m ingest.queries.bench [--statements N]``.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ingest.db import connect_writer
from ingest.paths import SAMPLE_DIR
from ingest.publish import current_snapshot
from ingest.queries import articles, compare, fuzzy, review, speakers, spread
from ingest.queries import search as qs
from ingest.queries.corpus import STATEMENTS, Corpus
from ingest.queries.filters import Filters
from ingest.search import build_indexes
from ingest.sqlguard import run_query

MILLION = 1_000_000
REPEATS = 3
BUDGET = {"sample": 0.5, "scaled": 1.0}  # seconds per interaction
SHIFT_DAYS = 23  # each copy is this many days later than the one before
SEED_ID = "nato-brussels-2025-06-05.de"

Interaction = Callable[[Corpus], object]


@dataclass(frozen=True, slots=True)
class Timing:
    corpus: str  # "sample" or "scaled"
    statements: int
    interaction: str
    median: float  # seconds
    worst: float
    cpu: float = 0.0  # median CPU seconds of this process (all threads): wall time when the
    # machine is busy with other work overstates what an idle machine takes

    @property
    def within_budget(self) -> bool:
        return self.worst <= BUDGET[self.corpus]


# -- the scaled snapshot --------------------------------------------------------------------------


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [
        (str(name), str(kind))
        for name, kind in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = 'src' AND table_schema = 'main' AND table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]


def _replicated(name: str, kind: str) -> str:
    """The column's expression in copy ``i`` (ids suffixed, dates shifted, text only once)."""
    col = f'"{name}"'
    if name in ("statement_id", "article_id"):
        return f"CASE WHEN i = 0 THEN {col} ELSE {col} || '~' || i END AS {col}"
    if kind in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE"):
        return f"{col} + to_days(CAST(i * {SHIFT_DAYS} AS INTEGER)) AS {col}"
    if name == "text" and kind == "VARCHAR":
        return f"CASE WHEN i = 0 THEN {col} ELSE '' END AS {col}"
    return col


def _copy_table(con: duckdb.DuckDBPyConnection, table: str, copies: int) -> None:
    cols = _columns(con, table)
    names = {name for name, _ in cols}
    if not names & {"statement_id", "article_id"}:
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM src."{table}"')
        return
    select = ", ".join(_replicated(name, kind) for name, kind in cols)
    con.execute(
        f'CREATE TABLE "{table}" AS SELECT {select} FROM src."{table}", range({copies}) r(i)'
    )


def build_scaled(source: Path, target: Path, statements: int = MILLION) -> int:
    """Write a snapshot of about ``statements`` statements to ``target``; returns how many."""
    target.unlink(missing_ok=True)
    con = connect_writer(target)
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        have = con.execute("SELECT count(*) FROM src.statements").fetchone()
        copies = max(1, math.ceil(statements / max(1, int(have[0] if have else 1))))
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' "
            "AND schema_name = 'main' AND table_name NOT IN ('search_de', 'search_en')"
        ).fetchall()
        for (table,) in tables:
            _copy_table(con, str(table), copies)
        views = con.execute(
            "SELECT sql FROM duckdb_views() WHERE database_name = 'src' AND schema_name = 'main' "
            "AND NOT internal ORDER BY view_oid"
        ).fetchall()
        con.execute("DETACH src")
        for (sql,) in views:
            con.execute(str(sql))
        build_indexes(con)
        con.execute("CHECKPOINT")
        row = con.execute("SELECT count(*) FROM statements_v").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def sample_snapshot(workdir: Path) -> Path:
    """A fresh snapshot of the bundled sample corpus, ingested into ``workdir``."""
    from ingest.pipeline import run

    db = workdir / "sample.duckdb"
    if current_snapshot(db) is None:
        run([str(SAMPLE_DIR)], db, data_dir=SAMPLE_DIR.parent, progress=False)
    snapshot = current_snapshot(db)
    assert snapshot is not None
    return snapshot


# -- the interactions -----------------------------------------------------------------------------


def _top_speakers(corpus: Corpus, n: int) -> list[dict[str, Any]]:
    return speakers.top_speakers(corpus, n).to_dicts()


def _search(corpus: Corpus, filters: Filters, vocab: fuzzy.Vocabulary) -> None:
    query = fuzzy.correct(vocab, qs.parse_query(corpus, filters.q))
    page = qs.search(corpus, filters, query)
    qs.facets(corpus, filters, query)
    qs.matched_words(corpus, query, page.rows["quote"].to_list())


def _speaker_page(corpus: Corpus, speaker_id: str) -> None:
    speaker = speakers.find_speaker(corpus, speaker_id)
    assert speaker is not None
    filters = speakers.of_speaker(speaker)
    speakers.timeline(corpus, filters)
    for by in ("outlet", "topic"):
        speakers.breakdown(corpus, filters, by)
    speakers.roles_over_time(corpus, speaker)
    qs.search(corpus, filters, qs.parse_query(corpus, ""), limit=20)


def _compare_page(corpus: Corpus, names: tuple[str, ...]) -> None:
    filters = Filters(speakers=names)
    query = qs.parse_query(corpus, "")
    compare.period_counts(corpus, filters, query, "month")
    compare.aligned(corpus, filters, query, "month")


def interactions(corpus: Corpus, vocab: fuzzy.Vocabulary) -> dict[str, Interaction]:
    """One page run each, as the dashboard makes them, on this corpus's own busiest data."""
    top = _top_speakers(corpus, 2)
    names = tuple(str(t["name"]) for t in top)
    sid = str(
        corpus.scalar(
            f"SELECT statement_id FROM {STATEMENTS} WHERE speaker_id = $s "
            "ORDER BY published DESC NULLS LAST LIMIT 1",
            {"s": top[0]["speaker_id"]},
        )
    )
    dated = Filters(q="Regierung Minister", languages=("de",), min_confidence=0.3)
    return {
        "search: newest, no words": lambda c: _search(c, Filters(), vocab),
        "search: two words": lambda c: _search(c, Filters(q="Regierung Minister"), vocab),
        "search: words + filters": lambda c: _search(c, dated, vocab),
        "search: misspelt word": lambda c: _search(c, Filters(q="Regirung"), vocab),
        "speaker: busiest speaker": lambda c: _speaker_page(c, str(top[0]["speaker_id"])),
        "compare: top two, monthly": lambda c: _compare_page(c, names),
        "compare: said before?": lambda c: compare.said_before(c, sid),
        "spread: one statement": lambda c: spread.spread(c, sid),
        "article: the seed": lambda c: articles.article(c, SEED_ID),
        "review: first page": lambda c: review.queue(c, Filters()),
        "sql: count(*) FROM statements_v": lambda c: run_query(
            c.sql_connection(), "SELECT count(*) FROM statements_v"
        ),
    }


def time_corpus(label: str, snapshot: Path, repeats: int = REPEATS) -> list[Timing]:
    began = time.perf_counter()
    corpus = Corpus.open(snapshot)
    opened = time.perf_counter() - began
    try:
        began = time.perf_counter()
        vocab = fuzzy.load_vocabulary(corpus)
        load = time.perf_counter() - began
        total = int(corpus.scalar(f"SELECT count(*) FROM {STATEMENTS}") or 0)
        out = [
            Timing(label, total, "open + copy statements (once)", opened, opened),
            Timing(label, total, "vocabulary (once per snapshot)", load, load),
        ]
        for name, step in interactions(corpus, vocab).items():
            seconds, cpu = [], []
            for _ in range(repeats):
                began, began_cpu = time.perf_counter(), time.process_time()
                step(corpus)
                seconds.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            out.append(
                Timing(
                    label,
                    total,
                    name,
                    statistics.median(seconds),
                    max(seconds),
                    statistics.median(cpu),
                )
            )
        return out
    finally:
        corpus.close()


def bench_dashboard(
    statements: int = MILLION, workdir: Path | None = None
) -> tuple[list[Timing], float]:
    """Timings on the sample and on a scaled snapshot; plus seconds spent building the latter."""
    with tempfile.TemporaryDirectory(prefix="quotetrack-bench-") as tmp:
        folder = workdir or Path(tmp)
        sample = sample_snapshot(folder)
        timings = time_corpus("sample", sample)
        began = time.perf_counter()
        scaled = folder / f"scaled-{statements}.duckdb"
        if not (workdir and scaled.exists() and scaled.stat().st_mtime > sample.stat().st_mtime):
            build_scaled(sample, scaled, statements)
        built = time.perf_counter() - began
        timings += time_corpus("scaled", scaled)
        return timings, built


def report(timings: list[Timing], built: float) -> str:
    lines = []
    for label in ("sample", "scaled"):
        rows = [t for t in timings if t.corpus == label]
        if not rows:
            continue
        lines.append(
            f"{label}: {rows[0].statements:,} statements (budget {BUDGET[label] * 1000:.0f} ms "
            "per interaction)"
        )
        for t in rows:
            mark = "" if t.within_budget or "once" in t.interaction else "  OVER"
            lines.append(
                f"  {t.interaction:<32} median {t.median * 1000:>7.0f} ms   "
                f"worst {t.worst * 1000:>7.0f} ms"
                + ("" if "once" in t.interaction else f"   cpu {t.cpu * 1000:>7.0f} ms")
                + mark
            )
    lines.append(f"building the scaled snapshot took {built:.0f} s")
    lines.append(f"load average while timing: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the dashboard's queries.")
    parser.add_argument("--statements", type=int, default=MILLION)
    parser.add_argument("--workdir", type=Path, help="keep the snapshots here")
    args = parser.parse_args(argv)
    timings, built = bench_dashboard(args.statements, args.workdir)
    print(report(timings, built))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def section(path: Path, limit: int | None) -> Any:
    """The ``dashboard`` section of ``quotetrack bench`` (``path`` and ``limit`` concern the
    extraction corpus and are not used): prints the table above, returns the summary row."""
    from ingest.bench import Result

    timings, built = bench_dashboard()
    print(report(timings, built))
    pages = [t for t in timings if t.corpus == "scaled" and "once" not in t.interaction]
    sample = [t for t in timings if t.corpus == "sample" and "once" not in t.interaction]
    warm = next(
        t.median for t in timings if t.corpus == "scaled" and t.interaction.startswith("open")
    )
    note = (
        f"{pages[0].statements:,} statements: slowest page {max(t.worst for t in pages) * 1000:.0f} ms "
        f"(budget 1000); sample {max(t.worst for t in sample) * 1000:.0f} ms (budget 500); "
        f"opening the snapshot {warm:.0f} s"
    )
    return Result("dashboard", len(pages), sum(t.median for t in pages), 0.0, note)

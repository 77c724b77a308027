"""Speaker resolution at corpus scale, measured.

A fast name scan (capitalised names next to the cue words in ``names.toml`` ``[scan]``) stands
in for extraction, so the measurement does not wait for the extractor: every scanned name
becomes a statement in a fresh DuckDB file with its article, then the ``speakers`` and
``corrections`` build passes run over all of it and are timed. ``make bench`` runs it as the
section ``speakers`` over fang_covid_de (41,242 articles).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ingest.bench import records
from ingest.build import BuildContext
from ingest.corrections import corrections_pass
from ingest.names import names_data
from ingest.speakers import speakers_pass
from ingest.store import ensure_schema

_NAME = r"(?:[A-ZÄÖÜ][\w'’.-]+)(?:\s+(?:(?:von der|von|van|de|zu|bin|al)\s+)?[A-ZÄÖÜ][\w'’-]+){0,3}"


@dataclass(frozen=True, slots=True)
class ScannedName:
    article_id: str
    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class ResolutionTiming:
    articles: int
    statements: int
    name_forms: int
    speakers: int
    seconds: float  # the speakers and corrections passes
    load_seconds: float  # scanning and loading the statements (not resolution)
    megabytes: float


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    scan = names_data().get("scan", {})
    after = "|".join(
        re.escape(c) for c in sorted(scan.get("cues_after", []), key=len, reverse=True)
    )
    before = "|".join(re.escape(c) for c in scan.get("cues_before", []))
    return (
        re.compile(rf"\b(?:{after})\s+(?:[a-zäöüß]+\s+){{0,2}}({_NAME})"),
        re.compile(rf"({_NAME}),?\s+(?:{before})\b"),
    )


def scan_names(article_id: str, text: str) -> list[ScannedName]:
    """Names next to cue words in ``text`` (offsets into it), first occurrence per offset."""
    seen: set[int] = set()
    out: list[ScannedName] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if m.start(1) not in seen:
                seen.add(m.start(1))
                out.append(ScannedName(article_id, m.start(1), m.end(1), m.group(1)))
    return out


def _tables(path: Path, limit: int | None) -> tuple[pa.Table, pa.Table, float]:
    arts: dict[str, list[Any]] = {k: [] for k in ("article_id", "text", "published", "language")}
    st: dict[str, list[Any]] = {
        k: [] for k in ("statement_id", "article_id", "start", "end", "speaker_name", "language")
    }
    size = 0
    for rec in records(path, limit):
        text = rec.get("text") or ""
        size += len(text.encode("utf-8"))
        aid = str(rec["id"])
        arts["article_id"].append(aid)
        arts["text"].append(text)
        arts["published"].append(rec.get("published"))
        arts["language"].append(rec.get("language"))
        for s in scan_names(aid, text):
            st["statement_id"].append(hashlib.sha1(f"{aid}:{s.start}".encode()).hexdigest()[:20])
            st["article_id"].append(aid)
            st["start"].append(s.start)
            st["end"].append(s.end)
            st["speaker_name"].append(s.name)
            st["language"].append(rec.get("language"))
    return pa.table(arts), pa.table(st), size / 1e6


def load(con: duckdb.DuckDBPyConnection, path: Path, limit: int | None = None) -> float:
    """Scanned names of ``path`` as statements in ``con``; returns megabytes of text read."""
    ensure_schema(con)
    articles, statements, megabytes = _tables(path, limit)
    con.register("bench_articles", articles)
    con.register("bench_statements", statements)
    con.execute(
        "INSERT INTO articles (article_id, content_hash, record_hash, text, published, language) "
        "SELECT article_id, '', '', text, TRY_CAST(published AS TIMESTAMP), language "
        "FROM bench_articles"
    )
    con.execute(
        'INSERT INTO statements (statement_id, article_id, kind, "start", "end", text, quote, '
        "speaker_name, speaker_mention, language) SELECT statement_id, article_id, 'reported', "
        '"start", "end", speaker_name, speaker_name, speaker_name, speaker_name, language '
        "FROM bench_statements"
    )
    con.unregister("bench_articles")
    con.unregister("bench_statements")
    return megabytes


def time_resolution(
    path: Path, limit: int | None = None, data_dir: Path | None = None
) -> ResolutionTiming:
    """Scan ``path``, load it into a fresh DuckDB file, time the speaker passes over all of it."""
    with tempfile.TemporaryDirectory(prefix="quotetrack-bench-") as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        try:
            began = time.perf_counter()
            megabytes = load(con, path, limit)
            loaded = time.perf_counter()
            ctx = BuildContext(data_dir=data_dir or Path(tmp), run_id="bench")
            speakers_pass(con, ctx)
            corrections_pass(con, ctx)
            done = time.perf_counter()
            counts = con.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements), "
                "(SELECT count(DISTINCT speaker_name) FROM statements), "
                "(SELECT count(*) FROM speakers)"
            ).fetchone()
        finally:
            con.close()
    n_articles, n_statements, forms, speakers = (int(v) for v in counts) if counts else (0,) * 4
    return ResolutionTiming(
        n_articles, n_statements, forms, speakers, done - loaded, loaded - began, megabytes
    )


def bench_resolution(path: Path, limit: int | None = None) -> Any:
    """The ``speakers`` section of ``quotetrack bench`` (an ``ingest.bench.Result``)."""
    from ingest.bench import Result
    from ingest.paths import DATA_DIR

    t = time_resolution(path, limit, DATA_DIR if DATA_DIR.is_dir() else None)
    return Result(
        name="speakers",
        articles=t.articles,
        seconds=t.seconds,
        megabytes=t.megabytes,
        note=f"{t.statements:,} scanned names, {t.name_forms:,} name forms → {t.speakers:,} "
        f"speakers (resolution only; scan and load {t.load_seconds:.1f}s)",
    )

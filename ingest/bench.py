"""Speed and memory, measured in one process as a list of named sections.

Each section reads the benchmark corpus itself and reports how many articles (and megabytes of
article text) it got through per second. The first section is the *floor*: reading the file,
parsing its JSON and scanning each text with one regular expression — no extractor can be
faster than that, so the other sections read as a ratio to it. Peak memory is measured per
section: the largest resident set of the process while the section ran (Linux lets a process
restart that count; elsewhere it is the maximum since the process started).

Other stages add a section by appending a ``Section`` to ``SECTIONS`` (speaker resolution,
dashboard queries, …); ``quotetrack bench --sections NAME,…`` runs a subset.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from ingest.model import Article
from ingest.paths import shared_path

CORPUS = ("data", "corpora", "fang_covid_de", "articles.jsonl.gz")
_FLOOR_SCAN = re.compile(r"[„“”\"»«]")


@dataclass(frozen=True, slots=True)
class Result:
    """What one section measured."""

    name: str
    articles: int
    seconds: float
    megabytes: float  # article text, UTF-8
    note: str = ""
    peak_mb: float = 0.0  # largest resident set while the section ran

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    description: str
    run: Callable[[Path, int | None], Result]


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def records(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The JSON records of an articles file, in order (at most ``limit``)."""
    with _open(path) as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def _floor(path: Path, limit: int | None) -> Result:
    start = time.perf_counter()
    n, size, hits = 0, 0, 0
    for rec in records(path, limit):
        text = rec.get("text") or ""
        hits += len(_FLOOR_SCAN.findall(text))
        size += len(text.encode("utf-8"))
        n += 1
    seconds = time.perf_counter() - start
    return Result("floor", n, seconds, size / 1e6, "read + JSON + one regex scan")


def _extraction(path: Path, limit: int | None) -> Result:
    from ingest.extract import compiled, extract

    extract(Article(id="warm-up", text="Er sagte, es sei gut.", language="de"))  # lexicons
    start = time.perf_counter()
    n, size, statements, in_extract = 0, 0, 0, 0.0
    for rec in records(path, limit):
        text = rec.get("text") or ""
        article = Article(id=str(rec.get("id", n)), text=text, language=rec.get("language"))
        t0 = time.perf_counter()
        statements += len(extract(article))
        in_extract += time.perf_counter() - t0
        size += len(text.encode("utf-8"))
        n += 1
    seconds = time.perf_counter() - start
    engine = "compiled" if compiled.in_use() else "Python sources: make compile for ~2.5x"
    note = (
        f"read + JSON + extract ({engine}); {statements:,} statements; "
        f"extract alone {n / in_extract:,.0f}/s"
    )
    return Result("extraction", n, seconds, size / 1e6, note)


def _after_extraction(name: str) -> Callable[[Path, int | None], Result]:
    """A section of ``ingest.bench_passes`` (imported when it runs: it imports this module)."""

    def run(path: Path, limit: int | None) -> Result:
        from ingest import bench_passes

        section: Callable[[Path, int | None], Result] = getattr(bench_passes, f"bench_{name}")
        return section(path, limit)

    return run


def _dashboard(path: Path, limit: int | None) -> Result:
    """Every dashboard page's queries (``ingest.queries.bench``), on the sample and scaled up."""
    from ingest.queries.bench import section

    result: Result = section(path, limit)
    return result


def _speakers(path: Path, limit: int | None) -> Result:
    from ingest.speaker_bench import bench_resolution  # imports this module

    result: Result = bench_resolution(path, limit)
    return result


SECTIONS: list[Section] = [
    Section("floor", "reading and JSON-parsing the corpus with one regex scan", _floor),
    Section("extraction", "ingest.extract.extract over every article", _extraction),
    Section("speakers", "speaker resolution over every name a fast scan finds", _speakers),
    Section(
        "when", "said_on, occasion, context and quote key per statement", _after_extraction("when")
    ),
    Section("topics", "topic tagging of every statement", _after_extraction("topics")),
    Section("clusters", "one record per repeated quote", _after_extraction("clusters")),
    Section("dashboard", "dashboard queries: sample and a million statements", _dashboard),
]


def default_corpus() -> Path | None:
    return shared_path(*CORPUS)


def run(path: Path, names: list[str] | None = None, limit: int | None = None) -> list[Result]:
    """Run the named sections (all when ``names`` is None) over ``path``."""
    out: list[Result] = []
    for section in SECTIONS:
        if names is None or section.name in names:
            restart_peak()
            result = section.run(path, limit)
            out.append(dataclasses.replace(result, peak_mb=peak_memory_mb()))
    return out


_STATUS: Final = Path("/proc/self/status")


def restart_peak() -> bool:
    """Let the peak resident set count again from now (Linux: ``clear_refs``); whether it
    could (not where that file is missing or not writable)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_memory_mb() -> float:
    """Largest resident set of this process since the last ``restart_peak`` (Linux VmHWM),
    or since it started (``ru_maxrss``: Linux reports KiB, macOS bytes), in MB."""
    try:
        m = re.search(r"^VmHWM:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    except OSError:
        m = None
    if m is not None:
        return int(m.group(1)) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def report(path: Path, results: list[Result]) -> str:
    """The human table, then one JSON line."""
    head = (
        f"{'section':<12} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'MB/s':>7} "
        f"{'peak MB':>8}  note"
    )
    lines = [f"corpus: {path}", head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.name:<12} {r.articles:>9,} {r.seconds:>8.1f} {r.per_second:>11,.0f} "
            f"{r.mb_per_second:>7.2f} {r.peak_mb:>8,.0f}  {r.note}"
        )
    floor = next((r for r in results if r.name == "floor"), None)
    if floor is not None and floor.per_second:
        for r in results:
            if r is not floor:
                lines.append(f"{r.name} runs at {r.per_second / floor.per_second:.1%} of the floor")
    peak = max((r.peak_mb for r in results), default=peak_memory_mb())
    lines.append(f"peak memory: {peak:,.0f} MB (the largest resident set of any section)")
    machine = {
        "corpus": str(path),
        "peak_memory_mb": round(peak, 1),
        "sections": {
            r.name: {
                "articles": r.articles,
                "seconds": round(r.seconds, 3),
                "articles_per_s": round(r.per_second, 1),
                "mb_per_s": round(r.mb_per_second, 3),
                "peak_mb": round(r.peak_mb, 1),
            }
            for r in results
        },
    }
    lines.append(json.dumps(machine))
    return "\n".join(lines)

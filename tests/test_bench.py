"""The benchmark's bookkeeping: sections over a corpus file, each with its own peak memory.

Timings are not asserted (these machines are noisy); what is measured and reported is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import bench

_BIG_MB = 300


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    rows = [
        {"id": str(i), "text": f"Er sagte, es sei gut. „Nummer {i}“", "language": "de"}
        for i in range(5)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _holding_memory(path: Path, limit: int | None) -> bench.Result:
    block = bytearray(_BIG_MB * 1024 * 1024)
    block[::4096] = b"x" * len(range(0, len(block), 4096))  # touch every page
    n = sum(1 for _ in bench.records(path, limit))
    del block
    return bench.Result("holding", n, 0.01, 0.0)


def test_bench_runs_the_chosen_sections_over_the_corpus(tmp_path: Path) -> None:
    path = _corpus(tmp_path)
    results = bench.run(path, ["floor", "extraction"])
    assert [r.name for r in results] == ["floor", "extraction"]
    assert all(r.articles == 5 for r in results)
    assert "read + JSON + extract" in results[1].note
    report = bench.report(path, results)
    assert "extraction runs at" in report
    machine = json.loads(report.splitlines()[-1])
    assert set(machine["sections"]) == {"floor", "extraction"}
    assert machine["peak_memory_mb"] == max(s["peak_mb"] for s in machine["sections"].values())


@pytest.mark.skipif(not bench.restart_peak(), reason="the peak resident set restarts on Linux only")
def test_each_section_reports_its_own_peak_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sections = [
        bench.Section("holding", "holds a large block", _holding_memory),
        next(s for s in bench.SECTIONS if s.name == "floor"),
    ]
    monkeypatch.setattr(bench, "SECTIONS", sections)
    holding, floor = bench.run(_corpus(tmp_path))
    assert holding.peak_mb >= _BIG_MB
    assert floor.peak_mb < holding.peak_mb - _BIG_MB / 2  # the block is gone, and not counted

"""The compiled extractor: used only while it matches its sources, and extracting the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ingest import cli
from ingest.extract import compiled

REPO = Path(__file__).resolve().parents[1]
ARTICLES = [
    REPO / "data" / "articles" / f for f in ("wikinews_de.jsonl", "wikinews_en_2019_2020.jsonl")
]


@contextmanager
def _no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _manifest(folder: Path, sources: dict[str, str], suffix: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"ext_suffix": suffix or compiled._ext_suffix(), "sources": sources}
    (folder / compiled.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_no_build_runs_the_sources_without_a_warning(tmp_path: Path) -> None:
    path: list[str] = []
    with _no_warnings():
        assert not compiled.use_compiled(path, tmp_path / "absent")
    assert path == []


def test_a_build_from_changed_sources_is_ignored_with_a_warning_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(compiled.PURE_ENV, raising=False)
    sources = compiled.fingerprint(compiled.stage_modules())
    sources["tokens.py"] = "0" * 64
    folder = _manifest(tmp_path / "_compiled", sources)
    path: list[str] = []
    with pytest.warns(compiled.StaleBuildWarning, match=r"tokens\.py changed"):
        assert not compiled.use_compiled(path, folder)
    assert path == []


def test_a_build_missing_a_new_source_is_stale(tmp_path: Path) -> None:
    sources = compiled.fingerprint(compiled.stage_modules())
    del sources["turns.py"]
    reason = compiled.stale_reason(_manifest(tmp_path / "_compiled", sources))
    assert reason is not None and "turns.py" in reason


def test_a_build_for_another_python_is_stale(tmp_path: Path) -> None:
    sources = compiled.fingerprint(compiled.stage_modules())
    folder = _manifest(tmp_path / "_compiled", sources, suffix=".cpython-299-other.so")
    reason = compiled.stale_reason(folder)
    assert reason is not None and "another Python" in reason


def test_a_current_build_that_does_not_load_falls_back_to_the_sources(tmp_path: Path) -> None:
    """A manifest that matches, but no libraries beside it (run in a fresh process, where
    the package itself loaded from its sources and no shared library is imported yet)."""
    folder = _manifest(tmp_path / "_compiled", compiled.fingerprint(compiled.stage_modules()))
    probe = (
        "import os, warnings\n"
        "from ingest.extract import compiled\n"
        f"del os.environ[{compiled.PURE_ENV!r}]\n"
        "path = []\n"
        "with warnings.catch_warnings(record=True) as seen:\n"
        "    warnings.simplefilter('always')\n"
        f"    used = compiled.use_compiled(path, compiled.Path({str(folder)!r}))\n"
        "print(used, path, [str(w.message) for w in seen])\n"
    )
    env = {**os.environ, compiled.PURE_ENV: "1"}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("False [] [") and "does not load" in out


def test_quotetrack_pure_runs_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _manifest(tmp_path / "_compiled", {})
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    path: list[str] = []
    with _no_warnings():
        assert not compiled.use_compiled(path, folder)


def test_compiled_build_extracts_exactly_what_the_sources_do(tmp_path: Path) -> None:
    """Every statement of the bundled Wikinews articles, compiled against the Python sources."""
    if not compiled.in_use():
        pytest.skip(
            f"the compiled extractor is not in use ({compiled.stale_reason(compiled.COMPILED_DIR)}; make compile builds it)"
        )
    env = {**os.environ, compiled.PURE_ENV: "1"}
    for articles in ARTICLES:
        pure, native = tmp_path / f"pure-{articles.name}", tmp_path / f"native-{articles.name}"
        subprocess.run(
            [sys.executable, "-m", "ingest.cli", "extract", str(articles), "-o", str(pure)],
            env=env,
            check=True,
            cwd=REPO,
        )
        assert cli.main(["extract", str(articles), "-o", str(native)]) == 0
        assert native.read_text(encoding="utf-8") == pure.read_text(encoding="utf-8")
        assert native.stat().st_size > 10_000

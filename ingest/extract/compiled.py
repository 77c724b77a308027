"""The extractor's stage modules compiled to C with mypyc, used when built and current.

``make setup`` (``quotetrack compile``) compiles every stage module of
``ingest.extract`` into ``ingest/extract/_compiled/``: one shared library with the code and one
small loader per module. When ``ingest.extract`` is imported, ``use_compiled`` puts that folder
first on the package's search path, so ``ingest.extract.tokens`` loads the compiled module
instead of ``tokens.py``, but only if the build is current: its manifest records a hash of
every source file it was compiled from, and one changed, added or removed source file makes the
whole package run from its ``.py`` files, with a warning naming the file (``quotetrack
compile --status`` says which runs). The output is the same either way: the compiler reads the
same type-annotated source and only makes it run about two and a half times as fast.
``QUOTETRACK_PURE=1`` runs the Python sources on purpose.

This module, ``__init__`` and the command-line tools (``train``, ``diagnose``) are never
compiled: they decide what is loaded, or are not on the hot path.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import warnings
from collections.abc import MutableSequence
from pathlib import Path

from ingest.paths import PACKAGE_DIR

EXTRACT_DIR = PACKAGE_DIR / "extract"
COMPILED_DIR = EXTRACT_DIR / "_compiled"
MANIFEST = "manifest.json"
# Modules that stay Python: the loader itself, the package's entry and the offline tools
NOT_COMPILED = frozenset({"__init__", "compiled", "train", "diagnose"})
# The shared library's import name: a dotted group name puts it inside this package, found
# through the same search path as the modules it serves
GROUP = "ingest.extract.native"
PURE_ENV = "QUOTETRACK_PURE"


class StaleBuildWarning(RuntimeWarning):
    """A compiled build exists but does not match the sources; the sources run instead."""


def stage_modules(package_dir: Path = EXTRACT_DIR) -> list[Path]:
    """The source files that are compiled, sorted by name."""
    return sorted(p for p in package_dir.glob("*.py") if p.stem not in NOT_COMPILED)


def fingerprint(files: list[Path]) -> dict[str, str]:
    """File name -> SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _ext_suffix() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


def stale_reason(compiled_dir: Path, package_dir: Path = EXTRACT_DIR) -> str | None:
    """Why the build in ``compiled_dir`` cannot serve the sources (None when it can)."""
    manifest_path = compiled_dir / MANIFEST
    if not manifest_path.is_file():
        return "not built"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        built: dict[str, str] = manifest["sources"]
        suffix: str = manifest["ext_suffix"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"{manifest_path} is unreadable ({exc})"
    if suffix != _ext_suffix():
        return f"built for another Python ({suffix}, this one loads {_ext_suffix()})"
    current = fingerprint(stage_modules(package_dir))
    changed = sorted(set(built) ^ set(current) | {n for n in built if built[n] != current.get(n)})
    if changed:
        return f"built from other sources: {', '.join(changed)} changed since"
    return None


def use_compiled(search_path: MutableSequence[str], compiled_dir: Path = COMPILED_DIR) -> bool:
    """Put ``compiled_dir`` first on the package's ``search_path`` when the build there is
    current and loads; otherwise leave the path alone. Warns when a build exists but is
    stale or broken (never when there is none, or when ``QUOTETRACK_PURE`` is set)."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return False
    reason = stale_reason(compiled_dir)
    if reason == "not built":
        return False
    if reason is None:
        search_path.insert(0, str(compiled_dir))
        try:
            importlib.import_module(GROUP + "__mypyc")
            return True
        except ImportError as exc:
            search_path.remove(str(compiled_dir))
            reason = f"it does not load ({exc})"
    warnings.warn(
        f"{compiled_dir}: {reason}; running the Python sources instead "
        "(same output, slower). `make compile` rebuilds it.",
        StaleBuildWarning,
        stacklevel=2,
    )
    return False


def in_use() -> bool:
    """Whether the extractor loaded from the compiled build."""
    import ingest.extract.tokens as probe

    return not str(probe.__file__).endswith(".py")


def clean(compiled_dir: Path = COMPILED_DIR) -> None:
    """Remove the compiled build: the Python sources run from then on."""
    shutil.rmtree(compiled_dir, ignore_errors=True)


def _copy_sources(package_root: Path, into: Path) -> None:
    """The ``ingest`` package's Python files (what mypyc type-checks), without data."""
    for src in package_root.rglob("*.py"):
        dst = into / src.relative_to(package_root.parent)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


_SETUP = """\
from setuptools import setup
from mypyc.build import mypycify
import sys
setup(
    name="quotetrack-extract-native",
    ext_modules=mypycify(sys.argv[1:], opt_level="3", group_name="{group}"),
    script_args=["build_ext", "--build-lib", "lib", "--build-temp", "temp"],
)
"""


def build(compiled_dir: Path = COMPILED_DIR, quiet: bool = False) -> None:
    """Compile the stage modules into ``compiled_dir`` (replacing what is there).

    Compiles in a scratch folder holding a copy of the sources (so nothing of the repository's
    packaging is read and no ``.so`` lands next to a ``.py``), then moves the libraries and a
    manifest of the sources' hashes into place. Needs mypy (mypyc) and a C compiler.
    """
    sources = stage_modules()
    hashes = fingerprint(sources)
    with tempfile.TemporaryDirectory(prefix="quotetrack-compile-") as scratch:
        work = Path(scratch)
        _copy_sources(PACKAGE_DIR, work)
        (work / "setup_native.py").write_text(_SETUP.format(group=GROUP), encoding="utf-8")
        args = [f"ingest/extract/{p.name}" for p in sources]
        log = work / "build.log"
        with log.open("w", encoding="utf-8") as out:
            done = subprocess.run(
                [sys.executable, "setup_native.py", *args],
                cwd=work,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
            raise RuntimeError("mypyc build failed:\n" + "\n".join(tail))
        built = sorted((work / "lib" / "ingest" / "extract").glob("*" + _ext_suffix()))
        staging = compiled_dir.with_name(compiled_dir.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for lib in built:
            shutil.copy2(lib, staging / lib.name)
        manifest = {"ext_suffix": _ext_suffix(), "sources": hashes}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(compiled_dir, ignore_errors=True)
    staging.rename(compiled_dir)

"""Where things live: the repository's data folder, the default database, ../shared."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = Path("data")
DEFAULT_DB = DATA_DIR / "quotes.duckdb"
SAMPLE_DIR = DATA_DIR / "articles"


def shared_dir() -> Path | None:
    """The shared development material (gold data, corpora), or None where absent.

    ``QUOTETRACK_SHARED`` wins; otherwise ``../shared`` beside the source tree, then beside
    the working directory.
    """
    env = os.environ.get("QUOTETRACK_SHARED")
    candidates = [Path(env)] if env else [REPO_DIR.parent / "shared", Path.cwd().parent / "shared"]
    for candidate in candidates:
        if (candidate / "data").is_dir():
            return candidate
    return None


def shared_path(*parts: str) -> Path | None:
    """A path inside ../shared when it exists there, else None."""
    base = shared_dir()
    if base is None:
        return None
    path = base.joinpath(*parts)
    return path if path.exists() else None

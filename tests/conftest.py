"""Shared fixtures: paths to ../shared material (skipped with a reason where absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.paths import shared_path

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "nato-brussels-2025-06-05.de.txt"


def need_shared(*parts: str) -> Path:
    """The path inside ../shared, or skip the test saying what is missing."""
    path = shared_path(*parts)
    if path is None:
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (development material, absent here)")
    return path


@pytest.fixture
def seed_path() -> Path:
    """The seed article, from the bundled sample (it ships with the project)."""
    return REPO / "data" / "articles" / SEED_NAME

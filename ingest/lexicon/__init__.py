"""Language knowledge as data: one TOML file per language, loaded once per process.

The engine holds no German or English words itself; everything it knows about a language
(quotation marks, cue verbs, Konjunktiv forms, role nouns, pronouns, source prepositions,
stopwords for language detection) lives in ``<lang>.toml`` beside this module.
Adding a language means adding a file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).resolve().parent


@cache
def languages() -> tuple[str, ...]:
    """Codes of every language with a lexicon file, sorted."""
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.toml")))


@cache
def load(language: str) -> dict[str, Any]:
    """The lexicon of ``language`` (``KeyError`` for a language without a file)."""
    path = LEXICON_DIR / f"{language}.toml"
    if not path.is_file():
        raise KeyError(f"no lexicon for language {language!r} (have: {', '.join(languages())})")
    with path.open("rb") as fh:
        return tomllib.load(fh)

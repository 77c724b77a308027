"""Extraction: a pure function from one article to its statements.

No database, no network, no global state beyond lexicons compiled once per process.
The same call feeds ``quotetrack extract`` and ingest, and runs in worker processes.

Stages, each a module named after what it does:

``sentences``  sentence and paragraph boundaries
``quotes``     quotation marks paired, nested and continued over paragraphs
``scan``       every lexicon word and phrase found in one pass
``cues``       speech verbs, source phrases and impersonal cues found in the text
``direct``     quotes that are statements, with the frames around them
``frames``     how a cue relates speaker and content within a sentence
``indirect``   indirect, mixed, partial and reported speech, and follow-on sentences
``mentions``   the noun phrase a statement's attribution rests on
``speakers``   mentions resolved to people within the article, roles as written
``candidates`` what the frames propose
``scoring``    the learned estimate that a candidate is right (threshold and confidence)
``turns``      interview answers under a speaker's label
``statements`` the ``Statement`` rows with confidence

``engine`` runs the stages in order. ``compiled`` loads them compiled to C (mypyc) when
``make setup`` has built them and they match the sources: the same output, faster.
"""

from __future__ import annotations

from ingest.extract.compiled import use_compiled

# Before any stage module is imported: the compiled build, when current, shadows the sources.
use_compiled(__path__)

from ingest.extract.engine import Row, analyse, extract  # noqa: E402

__all__ = ["Row", "analyse", "extract"]

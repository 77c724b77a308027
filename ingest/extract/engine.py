"""The stages run in order over one article (see the package docstring for each stage)."""

from __future__ import annotations

import gc

from ingest.extract import direct, indirect
from ingest.extract.candidates import from_direct, from_frame
from ingest.extract.cues import find_cues
from ingest.extract.grammar import Grammar, grammar
from ingest.extract.quotes import find_quotes
from ingest.extract.scan import scan
from ingest.extract.sentences import split_sentences
from ingest.extract.statements import Row, build
from ingest.extract.tokens import ArticleTokens
from ingest.extract.turns import TURN, find_turns
from ingest.language import detect_language
from ingest.lexicon import languages
from ingest.model import Article, Statement

__all__ = ["Row", "analyse", "extract"]


def _grammar_for(article: Article) -> Grammar | None:
    code = article.language or detect_language(article.text)
    if code is None or code not in languages():
        return None
    return grammar(code)


def extract(article: Article) -> list[Statement]:
    """Every statement in ``article``, in text order."""
    return [row.statement for row in analyse(article)]


def analyse(
    article: Article, skip: frozenset[str] = frozenset(), keep_all: bool = False
) -> list[Row]:
    """Statements with what produced each: the frame (lead, tail, colon, standalone, running,
    leading, trailing, source, anaphoric, reported, partial, follow, participle,
    turn), the model's features and
    probability. Frames named in ``skip`` are left out (to measure what each one buys);
    ``keep_all`` keeps candidates the model would drop (for training)."""
    g = _grammar_for(article)
    if g is None or not article.text:
        return []
    # One article makes thousands of short-lived tuples and no reference cycles (reference
    # counting frees all of it), so the cyclic collector is paused meanwhile: it would only
    # walk those tuples again and again (about 4% of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyse(article.id, article.text, g, skip, keep_all)
    finally:
        if collecting:
            gc.enable()


def _analyse(doc_id: str, text: str, g: Grammar, skip: frozenset[str], keep_all: bool) -> list[Row]:
    sentences = split_sentences(text, g)
    atoks = ArticleTokens(text, sentences)  # tokenises sentences when first asked for
    starts = atoks.starts  # where each sentence starts: listed once for every stage
    hits = scan(text, g)
    cues = find_cues(text, sentences, starts, hits, g)
    quotes = find_quotes(text, g)
    every_cue = [c for per in cues.values() for c in per]
    directs, fragments = direct.attribute(text, quotes, sentences, every_cue, g, atoks)
    found = indirect.sentence_frames(text, sentences, cues, directs, fragments, g, atoks)
    if "follow" not in skip:
        found += indirect.follow_ons(text, sentences, starts, hits, found, directs, fragments, g)
    candidates = [from_direct(d) for d in directs] + [from_frame(f.frame) for f in found]
    if TURN not in skip:
        candidates += find_turns(text, g)
    candidates = [c for c in candidates if c.how not in skip]
    if not candidates:
        return []
    return build(doc_id, text, g.code, g, atoks, hits, candidates, keep_all)

"""Invariants of extraction for any input: it never raises, and offsets always point into the
article text (``text == article.text[start:end]``, spans inside, speaker offsets on the
mention)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract import extract
from ingest.model import Article, Statement

MARKS = [*"„“”‚‘’»«›‹\"'`´″", "''", "``"]
WORDS = [
    "sagte",
    "sagte er",
    "Er sagte:",
    "erklärte",
    "sei",
    "habe",
    "laut",
    "zufolge",
    "so",
    "said",
    "told",
    "according to",
    "he said",
    "that",
    "Angela Merkel",
    "Mark Rutte",
    "der",
    "Minister",
    "the senator",
    "Die Polizei",
    "Ms. Jones",
    ",",
    ".",
    ":",
    "?",
    "!",
    "\n",
    "\n\n",
    " ",
    "–",
    "(",
    ")",
    "5.",
    "Nr.",
    "z.B.",
    "U.S.",
    "don't",
    "geht's",
    "6'2\"",
]

settings.register_profile(
    "extract", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("extract")


def _check(article: Article, statements: list[Statement]) -> None:
    text = article.text
    for s in statements:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.text == text[s.start : s.end]
        assert s.spans, s
        for a, b in s.spans:
            assert s.start <= a <= b <= s.end
        assert min(a for a, _ in s.spans) == s.start
        assert max(b for _, b in s.spans) == s.end
        if s.speaker_mention is not None:
            assert s.speaker_start is not None and s.speaker_end is not None
            assert text[s.speaker_start : s.speaker_end] == s.speaker_mention
        else:
            assert s.speaker_start is None and s.speaker_end is None
        if s.cue is not None and s.cue_start is not None and s.cue_end is not None:
            assert text[s.cue_start : s.cue_end] == s.cue
        assert 0.0 <= s.confidence <= 1.0
        assert s.kind in ("direct", "partial", "mixed", "indirect", "reported")


@given(st.text(max_size=400), st.sampled_from(["de", "en", None]))
def test_any_unicode_never_raises(text: str, language: str | None) -> None:
    article = Article(id="h", text=text, language=language)
    _check(article, extract(article))


@given(
    st.lists(st.sampled_from(MARKS + WORDS) | st.text(max_size=6), max_size=80),
    st.sampled_from(["de", "en"]),
)
def test_quote_marks_and_cues_in_any_order(parts: list[str], language: str) -> None:
    article = Article(id="h", text=" ".join(parts), language=language)
    _check(article, extract(article))


@given(
    st.text(alphabet=[m for m in MARKS if len(m) == 1] + [" ", "a", "B", ".", "\n"], max_size=300)
)
def test_only_marks_and_spaces(text: str) -> None:
    for language in ("de", "en"):
        article = Article(id="h", text=text, language=language)
        _check(article, extract(article))


def test_extraction_is_deterministic() -> None:
    text = "„Das ist gut“, sagte Anna Berger. Sie sagte, es sei schwer. Laut Polizei war es so."
    first = extract(Article(id="d", text=text, language="de"))
    assert first == extract(Article(id="d", text=text, language="de"))

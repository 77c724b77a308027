"""The extractor's fast paths give what their plain versions give (tokens, chunks, keyword
scan, sentence boundaries, quotation marks, scores, statement fields)."""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import analyse, cues, frames, indirect, scoring
from ingest.extract.grammar import KEYWORD_AFTER_OTHER, SPACES, grammar, keyword_fields
from ingest.extract.scan import scan, view
from ingest.extract.sentences import boundaries, positions, split_sentences
from ingest.extract.statements import make_statement
from ingest.extract.tokens import Tok, index_after, index_at, tokenize
from ingest.model import Article, Statement

SAMPLES = [
    "Nato-Generalsekretär Mark Rutte sagte am Donnerstag: „Wir werden liefern.“ Er fügte hinzu, "
    "die Lage sei ernst – so ernst wie nie. Laut al-Assad (SPD) ist das U.S.-Papier ein „Fehler“.",
    "„Das ist falsch“, sagte Merkel.\n\nIhrer Meinung nach zeigte sich die Regierung "
    "überzeugt; nach Angaben der Polizei gab es 12 Verletzte.  Sie  sagte\u00a0nichts.",
    '"We will deliver," NATO Secretary General Mark Rutte told reporters, adding that the '
    "alliance's O'Brien & Co. would meet on Tuesday/Wednesday. She said it was over.",
    "x_y _under 3.5 % — ein Test… Noch einer?! (Ja.) [Nein] ‚einfach‘ »doppelt« ‹so› ′″",
]


def _plain_tokens(text: str, start: int, end: int) -> list[tuple[Any, ...]]:
    """The tokens as first written: every match of the token pattern, found in the text."""
    out = []
    pos = start
    for word in re.findall(r"\w+(?:[-'’.&/]\w+)*|[^\w\s]", text[start:end]):
        pos = text.find(word, pos)
        first = word[0]
        cap = first.isupper() or (len(word) > 3 and word[2] == "-" and word[3].isupper())
        out.append((pos, pos + len(word), word, word.lower(), first.isalnum(), cap))
        pos += len(word)
    return out


@pytest.mark.parametrize("text", SAMPLES)
def test_tokens_are_the_token_pattern_matches(text: str) -> None:
    for a, b in [(0, len(text)), (3, len(text) - 5), (10, 11)]:
        assert [t.fields() for t in tokenize(text, a, b)] == _plain_tokens(text, a, b)


# Words, joiners, marks, underscores and a combining mark, around and inside words
TOKEN_TEXT = st.text(alphabet=st.sampled_from(list("aZ9ü_ -'’.&/„“(),:\u0308\n")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(text=TOKEN_TEXT)
def test_tokens_of_any_shape_are_the_token_pattern_matches(text: str) -> None:
    assert [t.fields() for t in tokenize(text, 0, len(text))] == _plain_tokens(text, 0, len(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab „“.,\n")), max_size=30), st.integers(-1, 32))
def test_token_searches_are_bisections_by_start_and_end(text: str, offset: int) -> None:
    toks = tokenize(text, 0, len(text))
    for lo in range(len(toks) + 1):
        assert index_at(toks, offset, lo) == bisect.bisect_left(
            toks, offset, lo, key=lambda t: t.start
        )
        assert index_after(toks, offset, lo) == bisect.bisect_right(
            toks, offset, lo, key=lambda t: t.end
        )


def _plain_chunks(toks: list[Tok]) -> list[frames.Chunk]:
    out, lo = [], 0
    for k, t in enumerate(toks):
        if t.text in frames.SEPARATORS:
            out.append(frames.Chunk(lo, k, t.text))
            lo = k + 1
    return [*out, frames.Chunk(lo, len(toks), "")]


@pytest.mark.parametrize("text", SAMPLES)
def test_chunks_cut_at_separator_tokens(text: str) -> None:
    toks = tokenize(text, 0, len(text))
    for lo, hi in [(0, len(toks)), (2, len(toks) - 3), (5, 5)]:
        chunks = frames.chunk(text, toks[lo:hi])
        assert [c.fields() for c in chunks] == [c.fields() for c in _plain_chunks(toks[lo:hi])]


def test_spelt_out_spaces_are_every_space() -> None:
    assert set(SPACES) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


# Where the scan's shortcuts could go wrong: a keyword opening the text and again later, a
# keyword inside a longer word before the same word alone, phrases across any space (a
# no-break space once crashed the lookup), runs after brackets, marks and slashes, a phrase
# opening the text with a keyword inside it (once found twice), rare spaces
SCAN_EDGES = [
    "Nach Medienberichten sagte Michael\u2028erklärte\u3000Anne (nach\u2009Medienberichten).",
    "Michael sagte, Michael habe recht. Besagte Michael (Michael) nichts?",
    "Den Angaben\u00a0nach sei es falsch; nach\u2009Angaben der Polizei zeigte\nsich  Merkel "
    "überzeugt, zeigte sich, sagte/erklärte „Merkel“ und -sagte sagte- x(sagte) Anne-Marie.",
    ' sagte he said,said "said" according to\u00a0the police. According to Reuters. (Bill)',
    "\nnach\r\nAngaben sagte?Merkel ł sagte nach(Angaben „nach Angaben\u3000der Polizei“ "
    "nach \n\n eigenen Angaben, so\u2028genannt sagteł Łsagte/nach\tAngaben\u2009\u2009x",
]


@cache
def _plain_keywords(code: str) -> re.Pattern[str]:
    """The keyword scan's definition: every keyword after the start, a space, an opening mark,
    a bracket or a slash, its words apart by any spaces, longest first, none inside another."""
    words = sorted(grammar(code).keyword_kinds, key=len, reverse=True)
    return re.compile(
        r"(?:^|(?<=[\s„“\"»«‚‘›‹(\[/]))("
        + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        + r")(?![\w-])"
    )


@pytest.mark.parametrize("code", ["de", "en"])
@pytest.mark.parametrize("text", SAMPLES + SCAN_EDGES)
def test_keyword_scan_matches_the_plain_pattern(code: str, text: str) -> None:
    found = [(h.start, h.end) for h in scan(text, grammar(code))]
    assert found == [m.span(1) for m in _plain_keywords(code).finditer(text)]


# Words of phrases and keywords inside longer words, each after any kind of gap
SCAN_TEXT = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "",
                " ",
                " ",
                "  ",
                "\n",
                "\u00a0",
                " \n ",
                "\u2009",
                "„",
                "(",
                "-",
                ",",
                "?",
                "ł",
                "\r\n",
                "\u3000",
                "“",
                "/",
                " „",
                "\n\n",
            ]
        ),
        st.sampled_from(
            [
                "nach",
                "Nach",
                "Angaben",
                "eigenen",
                "der",
                "Polizei",
                "ist",
                "Meinung",
                "sagte",
                "besagte",
                "Anne",
                "Anne-Marie",
                "according",
                "to",
                "the",
                "police",
                "said",
                "laut",
                "so-called",
            ]
        ),
    ).map("".join),
    max_size=20,
).map("".join)


@pytest.mark.parametrize("code", ["de", "en"])
@settings(max_examples=300, deadline=None)
@given(text=SCAN_TEXT)
def test_keyword_scan_matches_the_plain_pattern_across_any_gaps(code: str, text: str) -> None:
    found = [(h.start, h.end) for h in scan(text, grammar(code))]
    assert found == [m.span(1) for m in _plain_keywords(code).finditer(text)]


@given(text=st.text(max_size=30) | SCAN_TEXT)
def test_the_scan_s_view_is_the_text_a_byte_a_character(text: str) -> None:
    """Latin-1 as is, ``?`` beyond it, a plain space where a keyword may follow."""
    expected = [
        32 if ch in KEYWORD_AFTER_OTHER else ord(ch) if ord(ch) < 256 else ord("?") for ch in text
    ]
    assert list(view(text)) == expected


# Keywords beyond Latin-1, which the scan's view holds as ``?`` and the text confirms
WIDE_KEYWORDS = {"given": {"Łukasz", "Zoë", "Jiří Dvořák", "Ångström"}, "verb": {"?ukasz"}}


@cache
def _wide_grammar() -> Any:
    g = grammar("de")
    kinds = {w: set(k) for w, k in g.keyword_kinds.items()}
    for kind, words in WIDE_KEYWORDS.items():
        for w in words:
            kinds.setdefault(w, set()).add(kind)
    return dataclasses.replace(g, **keyword_fields(kinds))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Łukasz sagte, ?ukasz und Łukasz? Jiří Dvořák, Jiří\nDvořák und Jiří Dvořáková; Zoë",
            {"Łukasz", "?ukasz", "Jiří Dvořák", "Jiří\nDvořák", "Zoë"},
        ),
        (
            "Jiří  Dvořák, Jiří(Dvořák) Łukaszewski Jiri Dvorak ŁŁukasz Ångström-Zoë",
            {"Jiří  Dvořák"},
        ),
    ],
)
def test_keywords_beyond_latin_1_are_found_where_written(text: str, expected: set[str]) -> None:
    g = _wide_grammar()
    words = sorted(g.keyword_kinds, key=len, reverse=True)
    plain = re.compile(
        r"(?:^|(?<=[\s„“\"»«‚‘›‹(\[/]))("
        + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        + r")(?![\w-])"
    )
    found = [(h.start, h.end, h.text) for h in scan(text, g)]
    assert found == [(*m.span(1), m.group(1)) for m in plain.finditer(text)]
    assert {h.text for h in scan(text, g)} - {"sagte", "und"} == expected


@pytest.mark.parametrize("code", ["de", "en"])
def test_every_phrase_opening_ends_in_a_word_character(code: str) -> None:
    """The scan passes over a run of spaces that no word character precedes (scan's
    ``_across_runs``): right only while no phrase's opening words end otherwise."""
    heads = grammar(code).phrase_heads
    assert heads
    assert all(h[-1].isalnum() for hs in heads.values() for h in hs)


# The definition of a sentence boundary, which ``sentences.boundaries`` spells out as a loop
BOUNDARY = re.compile(
    r"[.!?…\n](?:(?<=\n)|[.!?…]*[\"“”»«’'‘)\]]*"
    r"(?=[ \t\u00a0\u2009\u202f]+[\"„“‚‘»«(\[]*[0-9A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩА-Я]))"
)
# every character the boundary pattern tests, some near its ranges' edges, and some others
BOUNDARY_TEXT = st.text(
    alphabet=st.sampled_from(
        list(".!?…\n \t\u00a0\u2009\u202f\u2003\"“”»«’'‘)]„‚([aAzZ09ÀÖ×ØÞßĀſƀΑΩωАЯя_-")
    ),
    max_size=40,
)


@settings(max_examples=1000, deadline=None)
@given(BOUNDARY_TEXT)
def test_sentence_boundaries_are_the_pattern_s_matches(text: str) -> None:
    assert boundaries(text) == [m.span() for m in BOUNDARY.finditer(text)]


@pytest.mark.parametrize("text", SAMPLES + SCAN_EDGES)
def test_sentence_boundaries_in_sample_texts(text: str) -> None:
    assert boundaries(text) == [m.span() for m in BOUNDARY.finditer(text)]


@pytest.mark.parametrize("code", ["de", "en"])
@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("iIwWcChHeErR _-xä1.\n")), max_size=16))
def test_first_person_pattern_is_the_plain_one(code: str, text: str) -> None:
    g = grammar(code)
    words = [w for w, classes in g.pronoun_class.items() if "1" in classes]
    forms = {f for w in words for f in (w, w.capitalize(), w.upper())}
    plain = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")
    fast = indirect._first_person(g)
    for a, b in [(0, len(text)), (1, len(text) - 1)]:
        assert [m.span() for m in fast.finditer(text, a, b)] == [
            m.span() for m in plain.finditer(text, a, b)
        ]


# The words before a source noun (*nach ersten Untersuchungen*), which
# ``cues._words_before`` finds by walking back
WORDS_BEFORE = re.compile(r"(?:^|(?<!\w))(\w++)((?:\s++\w++){0,2})\s++$")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_Zß9 \t\n\u00a0\u2003.,;-(„“")), max_size=30))
def test_words_before_are_the_pattern_s_match(text: str) -> None:
    for lo, end in [(0, len(text)), (1, len(text)), (2, max(2, len(text) - 1))]:
        m = WORDS_BEFORE.search(text[lo:end])
        plain = None if m is None else (lo + m.start(1), [m.group(1), *m.group(2).split()])
        assert cues._words_before(text, lo, end) == plain


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("mitab_9ä -,.")), max_size=24))
def test_a_particle_is_found_as_a_word_of_the_clause_as_the_word_pattern_splits_it(
    text: str,
) -> None:
    particles = frozenset({"mit", "a"})
    for lo, end in [(0, len(text)), (1, len(text)), (2, max(2, len(text) - 1))]:
        stop = re.search(r"[,;:.!?]|[„“”\"»«]", text[lo:end])
        clause_end = lo + stop.start() if stop else end
        plain = not particles.isdisjoint(re.findall(r"\w+", text[lo:clause_end]))
        assert cues._has_particle(text, lo, end, particles) == plain


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.\n„“")), max_size=30))
def test_positions_are_every_occurrence_in_order(text: str) -> None:
    chars = ".\n„“"
    assert positions(text, chars) == [i for i, ch in enumerate(text) if ch in chars]


@pytest.mark.parametrize(
    ("code", "text"), [("de", SAMPLES[0] + " " + SAMPLES[1]), ("en", SAMPLES[2])]
)
def test_scores_are_the_weights_of_the_spelt_out_features(code: str, text: str) -> None:
    """Also covers the tables kept per language and frame (``scoring._frame_tables``)."""
    m = scoring.model()
    if m is None:
        pytest.skip("no model file")
    rows = analyse(Article(id="t", text=text, language=code), keep_all=True)
    assert rows
    for row in rows:
        z = 0.0
        for feature in row.features:
            z += m.weights.get(scoring.index(feature), 0.0)
        expected = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        assert row.probability == expected
        assert len(row.features) == len(scoring.FEATURES)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  \n\t\u00a0\u2009\u200b\u00ad„.")), max_size=120))
def test_window_words_are_counted_as_split_counts_them(window: str) -> None:
    words = window.split(maxsplit=40)
    assert scoring._words(window) == (len(words), words[0] if words else "")


@pytest.mark.parametrize("n", range(45))
def test_window_words_are_counted_up_to_41(n: int) -> None:
    for window in (" ".join(["Wort"] * n), " ".join(["Wort"] * n) + "\n"):
        assert scoring._words(window) == (min(n, 41), "Wort" if n else "")


def test_statements_made_fast_equal_the_constructor_s() -> None:
    assert not hasattr(Statement, "__post_init__")  # make_statement would skip it
    values = ("d", "direct", 1, 5, "abcd", ((1, 5),), "A B", "B", 0, 1, "Minister", "sagte")
    values += (6, 11, 0.5, "de", "0.1")
    made = make_statement(*values)
    assert made == Statement(*values) and hash(made) == hash(Statement(*values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.speaker = "X"  # type: ignore[misc]
    assert type(made) is Statement
    with pytest.raises(TypeError):
        make_statement(*values[:-1])  # every field, none left to its default


def test_statements_are_built_in_field_order() -> None:
    """``statements._statement`` passes the fields by position."""
    assert [f.name for f in dataclasses.fields(Statement)] == [
        "doc_id",
        "kind",
        "start",
        "end",
        "text",
        "spans",
        "speaker",
        "speaker_mention",
        "speaker_start",
        "speaker_end",
        "speaker_role",
        "cue",
        "cue_start",
        "cue_end",
        "confidence",
        "language",
        "extractor",
    ]
    text = SAMPLES[0]
    for row in analyse(Article(id="t", text=text, language="de")):
        s = row.statement
        assert s.language == "de" and s.doc_id == "t"
        if s.cue is not None and s.cue_start is not None and s.cue_end is not None:
            assert text[s.cue_start : s.cue_end] == s.cue


@pytest.mark.parametrize("text", SAMPLES)
def test_sentences_are_trimmed_and_ordered(text: str) -> None:
    g = grammar("de")
    sentences = split_sentences(text, g)
    assert sentences
    for s in sentences:
        piece = text[s.start : s.end]
        assert piece == piece.strip() and piece
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)


def test_a_headline_and_a_wrapped_line_are_told_apart() -> None:
    g = grammar("en")
    wrapped = "The company said it filed a registration statement with the Securities and\n"
    text = "Red Lion Files Offering With The Securities Commission Today\n" + wrapped
    text += "Exchange Commission on Monday.\n    The offering is priced at 20 dlrs."
    pieces = [text[s.start : s.end] for s in split_sentences(text, g)]
    assert pieces[0] == "Red Lion Files Offering With The Securities Commission Today"
    assert pieces[1].endswith("Securities and\nExchange Commission on Monday.")
    assert pieces[2] == "The offering is priced at 20 dlrs."


def test_lower_case_tokens() -> None:
    toks = tokenize("Die EU-Kommission", 0, 17)
    assert [t.low for t in toks] == ["die", "eu-kommission"]

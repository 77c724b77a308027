"""Frames: how a cue relates speaker and content inside one sentence.

A sentence is cut into chunks at commas, colons, semicolons and dashes. For each cue the
engine decides between

* a *trailing frame* (``Y, sagte X.`` / ``Y, X said.`` / ``Y, so X.``): content before it
  (and after it, where the language does not mark reported speech by mood or the part after
  is in the subjunctive);
* a *leading frame* (``X sagte, Y`` / ``X sagte: Y`` / ``X said (that) Y``): content after;
* a *source phrase* (``laut X``, ``X zufolge``, ``according to X``): the rest of the sentence;
* a *speech act without content* (``X kritisierte den Plan``): kind ``reported``.

The speaker mention is read from the frame's own words (see ``mentions``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Final, NamedTuple

from ingest.extract import mentions
from ingest.extract.cues import (
    AFTER_CONTENT,
    ANAPHORIC,
    IMPERSONAL,
    SOURCE_AFTER,
    SOURCE_BEFORE,
    Cue,
)
from ingest.extract.grammar import Grammar
from ingest.extract.mentions import Mention
from ingest.extract.tokens import Tok, index_at
from ingest.model import Kind

Span = tuple[int, int]
_new: Final = tuple.__new__  # builds a named tuple without the keyword-aware constructor

SEPARATORS: Final = frozenset(",;:–—")
MAX_TRAILING_FRAME: Final = 12  # words in a trailing frame (", sagte der Minister am Montag.")
MAX_LEAD: Final = 10  # tokens between a cue and the start of its content


class Frame(NamedTuple):
    kind: Kind  # indirect | mixed | reported | partial
    spans: tuple[Span, ...]
    cue: Cue | None
    mention: Mention | None
    confidence: float
    how: str  # which frame produced it: trailing, leading, colon, source, reported, …


class Chunk:
    """Consecutive tokens of a sentence between separators. (Compiled, a small class is a C
    struct, made and read without tuple calls.)"""

    __slots__ = ("hi", "lo", "sep")

    def __init__(self, lo: int, hi: int, sep: str) -> None:
        self.lo = lo  # token index
        self.hi = hi  # token index (exclusive)
        self.sep = sep  # the separator after the chunk ("" at the end of the sentence)

    def fields(self) -> tuple[int, int, str]:
        return (self.lo, self.hi, self.sep)

    def __repr__(self) -> str:
        return f"Chunk{self.fields()!r}"


class Sent(NamedTuple):
    """A sentence prepared for frame analysis."""

    text: str  # the whole article text
    toks: list[Tok]
    chunks: list[Chunk]
    quotes: tuple[Span, ...]  # quoted fragments inside the sentence (with marks)
    g: Grammar


def chunk(text: str, toks: list[Tok]) -> list[Chunk]:
    """The chunks of consecutive tokens of ``text``, cut at separators. A separator is a
    token of its own wherever it stands (no word token holds one); ``text`` is not read."""
    out: list[Chunk] = []
    lo = 0
    # a plain loop: compiled, it beats a chain of C iterators over the token texts; a word is
    # no separator, and telling so first spares hashing its text
    for k, t in enumerate(toks):
        if not t.is_word and t.text in SEPARATORS:
            out.append(Chunk(lo, k, t.text))
            lo = k + 1
    out.append(Chunk(lo, len(toks), ""))
    return out


def _chunk_of(chunks: list[Chunk], k: int) -> int:
    for n, c in enumerate(chunks):
        if k < c.hi:
            return n
    return len(chunks) - 1


def _words(toks: list[Tok], lo: int, hi: int) -> int:
    return sum(1 for t in toks[lo:hi] if t.is_word)


def _span(s: Sent, lo: int, hi: int) -> Span | None:
    """Character span of toks[lo:hi] with punctuation trimmed at both ends (quote marks kept)."""
    toks = s.toks
    while lo < hi and not toks[lo].is_word and toks[lo].text not in s.g.closers:
        lo += 1
    while hi > lo and not toks[hi - 1].is_word and not _closing(toks[hi - 1].text, s.g):
        hi -= 1
    if hi <= lo or not any(t.is_word for t in toks[lo:hi]):
        return None
    return (toks[lo].start, toks[hi - 1].end)


def _closing(mark: str, g: Grammar) -> bool:
    return mark in g.closing_marks


def _has_mood(s: Sent, lo: int, hi: int) -> bool:
    return not s.g.mood_forms.isdisjoint([t.text for t in s.toks[lo:hi]])


def _kind(s: Sent, spans: list[Span]) -> Kind:
    for a, b in spans:
        for qa, qb in s.quotes:
            if a <= qa and qb <= b:
                return "mixed"
    return "indirect"


def _frame(
    s: Sent,
    kind: Kind,
    spans: list[Span | None],
    cue: Cue,
    m: Mention | None,
    conf: float,
    how: str,
) -> Frame | None:
    real = [sp for sp in spans if sp is not None]
    if not real:
        return None
    if kind == "indirect":
        kind = _kind(s, real)
    return _new(Frame, (kind, tuple(real), cue, m, conf, how))


# --- source phrases --------------------------------------------------------------------------


def _source_before(s: Sent, cue: Cue, ci: int, ce: int) -> Frame | None:
    toks, n = s.toks, len(s.toks)
    limit = next((k for k in range(ce, n) if toks[k].text in SEPARATORS), n)
    m = mentions.forward(s.text, toks, ce, limit, s.g)
    if " " in cue.text and toks[ce - 1].is_cap:  # Nach ersten Untersuchungen (der Polizei)
        m = _noun_source(s, ci, ce, limit, m)
    if m is None:
        return None
    end = index_at(toks, m.end)
    before = _span(s, 0, ci)
    after = _span(s, end, n)
    return _frame(s, "indirect", [before, after], cue, m, 0.75, "source")


def _noun_source(s: Sent, ci: int, ce: int, limit: int, m: Mention | None) -> Mention:
    """The source of ``nach Angaben (von) X``: the noun and the phrase naming whose it is."""
    toks = s.toks
    a, b = toks[ci + 1].start, toks[ce - 1].end
    if m is not None and ce < len(toks) and m.start == toks[ce].start:
        b = m.end  # nach Angaben der Polizei: the cue ends with the article
    elif ce < limit and toks[ce].low in s.g.np_inner:
        after = mentions.forward(s.text, toks, ce + 1, limit, s.g)
        if after is not None:
            b = after.end  # Einschätzung von Experten
    return Mention(a, b, s.text[a:b], mentions.GROUP)


def _source_after(s: Sent, cue: Cue, ci: int, ce: int) -> Frame | None:
    """``der Polizei zufolge``, ``eigenen Angaben nach``: the source stands before the word."""
    toks = s.toks
    lo = s.chunks[_chunk_of(s.chunks, ci)].lo
    last = ce - 1  # the postposition; words of the cue before it (Angaben) name the source
    m = mentions.backward(s.text, toks, lo, ci, s.g)
    if last > ci:
        start_tok = index_at(toks, m.start) if m is not None else ci
        if start_tok == ci and ci > lo and toks[ci - 1].low in s.g.np_inner | s.g.determiners:
            start_tok = ci - 1  # ihrer Meinung nach
        a, b = toks[start_tok].start, toks[last - 1].end
        m = Mention(a, b, s.text[a:b], mentions.GROUP)
    if m is None:
        return None
    start = index_at(toks, m.start)
    return _frame(
        s, "indirect", [_span(s, 0, start), _span(s, ce, len(toks))], cue, m, 0.75, "source"
    )


def _anaphoric(s: Sent, cue: Cue, ci: int, ce: int) -> Frame | None:
    m = Mention(cue.start, cue.end, cue.text, mentions.GROUP)
    return _frame(s, "indirect", [_span(s, ce, len(s.toks))], cue, m, 0.55, "anaphoric")


# --- verb frames -----------------------------------------------------------------------------


def _trailing_speaker(s: Sent, ci: int, ce: int, c: Chunk) -> Mention | None:
    """The speaker inside a trailing frame chunk, or None when the chunk is no such frame:
    ``sagte X`` / ``said X`` (verb first), ``so X`` / ``wie X sagte`` / ``as X said`` (opened by a
    source word), ``X said`` (languages without verb-second order)."""
    toks, g = s.toks, s.g
    head = toks[c.lo].low
    if ci == c.lo:
        m = mentions.forward(s.text, toks, ce, c.hi, g)
        if head in g.after_content:
            return m
        if m is None:
            return None
        hi = c.hi
        while hi > ci + 1 and not toks[hi - 1].is_word:
            hi -= 1
        particles = g.particles.get(toks[ci].text)
        if particles and hi - 1 > ci and toks[hi - 1].low in particles:
            hi -= 1  # gab der Minister bekannt: the verb's particle closes the frame
        return m if _adjuncts_only(s, index_at(toks, m.end), hi) else None
    if head in g.after_content or head in g.as_clause:
        m = mentions.backward(s.text, toks, c.lo + 1, ci, g) if ci > c.lo + 1 else None
        return m or mentions.forward(s.text, toks, ce, c.hi, g)
    if g.verb_second or _words(toks, ce, c.hi) > 4:
        return None
    return mentions.backward(s.text, toks, c.lo, ci, g)


def _adjuncts_only(s: Sent, lo: int, hi: int) -> bool:
    """Whether toks[lo:hi] is empty or a short adverbial (am Montag, on Tuesday, in a statement)
    or addressee (der Zeitung, dem Sender)."""
    words = [t for t in s.toks[lo:hi] if t.is_word]
    if not words:
        return True
    first = words[0].low
    g = s.g
    return len(words) <= 5 and (
        first in g.prepositions or first in g.adverbs or first in g.addressee_articles
    )


def _clausal(s: Sent, lo: int, hi: int) -> bool:
    """Whether toks[lo:hi] reads like a clause (it has a word outside noun phrases)."""
    g = s.g
    if _words(s.toks, lo, hi) < 3:
        return False
    return any(
        t.is_word
        and not t.is_cap
        and t.low not in g.determiners
        and t.low not in g.prepositions
        and t.low not in g.np_inner
        and t.low not in g.conjunctions
        and not t.text[0].isdigit()
        for t in s.toks[lo:hi]
    ) or _has_mood(s, lo, hi)


def _trailing(s: Sent, cue: Cue, ci: int, ce: int, k: int) -> Frame | None:
    """``Y, sagte X.`` / ``Y, X said.`` / ``Y, said X, Z``: the frame follows the content."""
    chunks, toks, g = s.chunks, s.toks, s.g
    c = chunks[k]
    if k == 0 or chunks[k - 1].sep not in ",–—" or c.sep not in ("", ","):
        return None
    opener = next((t for t in toks[c.lo : c.hi] if t.is_word), None)
    head = opener.low if opener is not None else ""
    if head in g.conjunctions and head not in g.as_clause and head not in g.after_content:
        return None  # "X told MSNBC …, while Trump noted …": a clause of its own, no frame
    limit = MAX_TRAILING_FRAME * 2 if cue.kind == AFTER_CONTENT else MAX_TRAILING_FRAME
    if _words(toks, c.lo, c.hi) > limit or _has_mood(s, c.lo, c.hi):
        return None
    after_cue = {t.low for t in toks[ce : c.hi]}
    if not g.complementizers.isdisjoint(after_cue) or not g.auxiliaries.isdisjoint(after_cue):
        return None  # a clause follows the cue: its content, not a trailing frame
    m = _trailing_speaker(s, ci, ce, c)
    if m is None:
        return None
    first = _content_start(s, k)
    before = _span(s, chunks[first].lo, chunks[k - 1].hi)
    after = _span(s, c.hi + 1, len(toks)) if c.sep == "," else None
    if after is not None and _apposition(s, c.hi + 1, len(toks)):
        after = None  # …, said Jeffrey Feltman, a State Department official.
    if after is None and not _clausal(s, chunks[first].lo, chunks[k - 1].hi):
        before = None
    if g.has_mood and after is not None:
        if not _has_mood(s, c.hi + 1, len(toks)):
            after = None
        elif before is not None and not _has_mood(s, chunks[first].lo, chunks[k - 1].hi):
            before = None
    if before is None and after is None:
        return None
    return _frame(s, "indirect", [before, after], cue, m, 0.8, "trailing")


def _apposition(s: Sent, lo: int, hi: int) -> bool:
    """Whether toks[lo:hi] describes the speaker rather than saying something: it opens with
    an article or a relative pronoun and has no auxiliary (*a State Department official*,
    *who chairs the committee*)."""
    g = s.g
    words = [t.low for t in s.toks[lo:hi] if t.is_word]
    if not words or (words[0] not in g.determiners and words[0] not in g.relatives):
        return False
    return g.auxiliaries.isdisjoint(words) and not _has_mood(s, lo, hi)


def _content_start(s: Sent, k: int) -> int:
    """First chunk of the content before chunk ``k`` (after the last colon, if any)."""
    first = 0
    for n in range(k):
        if s.chunks[n].sep == ":":
            first = n + 1
    return first


def _finite(s: Sent, lo: int, ci: int) -> int:
    """Position of the finite verb of the cue's clause: an auxiliary before it, else the cue."""
    for k in range(lo + 1, ci):
        if s.toks[k].low in s.g.auxiliaries:
            return k
    return ci


def _passive(s: Sent, lo: int, ci: int, ce: int) -> bool:
    """Whether the cue is a participle after a passive auxiliary (wurde kritisiert, was told)."""
    g = s.g
    cue = s.toks[ce - 1].low if ce > ci else s.toks[ci].low  # a phrase's verb comes last
    if g.progressive and cue.endswith(g.progressive):
        return False
    lo = lo if g.verb_second else max(lo, ci - 3)
    after = s.toks[ci + 1] if ci + 1 < len(s.toks) else None
    if g.verb_second and after is not None and after.low in g.passive:
        return True
    aux = [t.low for t in s.toks[lo:ci] if t.low in g.passive]
    if not aux:
        return False
    infinitive = bool(g.infinitive_endings) and cue.endswith(g.infinitive_endings)
    return not (infinitive and all(a in g.future for a in aux))  # wird … sagen: future


def _agent(s: Sent, lo: int, hi: int) -> Mention | None:
    """The agent of a passive frame (von X, by X)."""
    for k in range(lo, hi):
        if s.toks[k].low in s.g.agent:
            return mentions.forward(s.text, s.toks, k + 1, hi, s.g)
    return None


def _subject(s: Sent, cue_i: int, ce: int, k: int) -> Mention | None:
    """The speaker of a leading frame: before the verb, after it (V2 inversion), the agent of
    a passive, or the first noun phrase of the sentence when the cue follows a parenthetical."""
    chunks, toks, g = s.chunks, s.toks, s.g
    c = chunks[k]
    head = toks[c.lo].low
    if cue_i > c.lo and _passive(s, c.lo, cue_i, ce):
        return _agent(s, c.lo, c.hi)
    if cue_i > c.lo + 1 and (head in g.as_clause or head in g.complementizers):
        return mentions.forward(s.text, toks, c.lo + 1, cue_i, g)
    if cue_i > c.lo:
        v = _finite(s, c.lo, cue_i)
        m = mentions.prefield(s.text, toks, c.lo, v, g)
        if m is not None or not g.verb_second:
            return m
        after = mentions.forward(s.text, toks, v + 1, cue_i if v < cue_i else c.hi, g)
        if after is not None and after.text.split(" ", 1)[0].lower() in g.oblique_articles:
            after = None  # "… wiesen den SPD-Politiker darauf hin": an object, not the speaker
        return after or mentions.first_phrase(s.text, toks, c.lo, v, g)
    for n in range(k):
        first = toks[chunks[n].lo] if chunks[n].hi > chunks[n].lo else None
        if first is None or first.low in g.prepositions or (first.low in g.relatives and n > 0):
            continue
        m = mentions.first_phrase(s.text, toks, chunks[n].lo, chunks[n].hi, g)
        if m is not None:
            return _with_apposition(s, m, n, k)
        break
    return mentions.forward(s.text, toks, ce, c.hi, g) if g.verb_second else None


def _with_apposition(s: Sent, m: Mention, n: int, k: int) -> Mention:
    """``Der Nachfolger des Chefs, Louis Gallois, sagte``: a name in the chunk after a role or
    group subject joins the mention (the attribution rests on both)."""
    if m.kind == mentions.NAME or n + 1 >= k:
        return m
    c = s.chunks[n + 1]
    name = mentions.first_phrase(s.text, s.toks, c.lo, c.hi, s.g)
    if name is None or name.kind != mentions.NAME or name.end < s.toks[c.hi - 1].end:
        return m
    return Mention(m.start, name.end, s.text[m.start : name.end], mentions.NAME)


def _content_after(s: Sent, cue: Cue, ce: int) -> int | None:
    """Token index where the content of a leading frame starts, or None."""
    toks, g, n = s.toks, s.g, len(s.toks)
    for k in range(ce, min(n, ce + MAX_LEAD)):
        t = toks[k]
        if t.text == ":":
            return k + 1
        if t.low in g.complementizers and (k == ce or toks[k - 1].text == "," or _cue_like(t, g)):
            return k
        if t.text in ",;":
            if k + 1 < n and toks[k + 1].low in g.complementizers:
                return k + 1
            if g.has_mood:
                if cue.reported and not _has_mood(s, k + 1, n):
                    return None
                if (
                    toks[k + 1 : k + 2]
                    and toks[k + 1].low in g.relatives
                    and not _has_mood(s, k + 1, n)
                ):
                    return None
                return k + 1
            if cue.reported or k > _skip_adverbs(s, ce):
                return None  # languages without speech mood: only "X said, …" right after
            return k + 1
        if t.text in ".!?":
            break
    if g.has_mood:
        return None
    return _english_object(s, cue, ce)


def _cue_like(t: Tok, g: Grammar) -> bool:
    return t.low in ("dass", "daß", "that") or (t.low in g.complementizers and len(t.low) <= 4)


def _english_object(s: Sent, cue: Cue, ce: int) -> int | None:
    """Languages without speech mood: content follows the cue directly (X said it was …),
    after the addressee of verbs that take one (told reporters the deal was dead)."""
    toks, g, n = s.toks, s.g, len(s.toks)
    k = _skip_adverbs(s, ce)
    if cue.text in g.addressee:
        m = mentions.forward(s.text, toks, k, n, g)
        if m is not None and index_at(toks, m.end) < n - 2:
            k = _skip_adverbs(s, index_at(toks, m.end))
    if k >= n or not toks[k].is_word or _words(toks, k, n) < 3:
        return None
    if toks[k].low in g.prepositions and toks[k].low not in g.complementizers:
        return None  # an adverbial (said in Las Vegas at a forum …), not reported content
    return k


def _skip_adverbs(s: Sent, k: int) -> int:
    toks, g = s.toks, s.g
    while (
        k < len(toks)
        and toks[k].is_word
        and (toks[k].low in g.adverbs or toks[k].low in g.auxiliaries)
    ):
        k += 1
    return k


def _leading(s: Sent, cue: Cue, ci: int, ce: int, k: int) -> Frame | None:
    if s.quotes and cue.text in s.g.naming and any(a >= cue.end for a, _ in s.quotes):
        return None  # nannte es „…“: the quoted words are a partial quote (see _reported)
    start = _content_after(s, cue, ce)
    if start is None:
        return None
    m = None if cue.kind == IMPERSONAL else _subject(s, ci, ce, k)
    how = "colon" if start and s.toks[start - 1].text == ":" else "leading"
    conf = 0.8 if m is not None else 0.45
    return _frame(s, "indirect", [_span(s, start, len(s.toks))], cue, m, conf, how)


def _reported(
    s: Sent, cue: Cue, ci: int, ce: int, k: int, quotes: Sequence[Span] | None = None
) -> Frame | None:
    """A speech act without its content (X kritisierte den Plan; X nannte es „historisch“);
    ``quotes`` are the quoted fragments that belong to this cue (default: the sentence's)."""
    if cue.kind == IMPERSONAL:
        return None
    m = _subject(s, ci, ce, k)
    if m is None:
        return None
    quotes = s.quotes if quotes is None else quotes
    if quotes:
        spans: list[Span | None] = [_inner(s, a, b) for a, b in quotes]
        return _frame(s, "partial", spans, cue, m, 0.6, "partial")
    if s.g.reported_span == "sentence":
        span = _span(s, 0, len(s.toks))
    else:
        span = _span(s, ce, len(s.toks))
    return _frame(s, "reported", [span], cue, m, 0.4, "reported")


def _inner(s: Sent, a: int, b: int) -> Span:
    """A quote's text without its marks (marks may be two characters long: '' or ``)."""
    text = s.text
    while a < b and not text[a].isalnum() and text[a] not in "(":
        a += 1
    while b > a and not text[b - 1].isalnum() and text[b - 1] not in ".!?)":
        b -= 1
    return (a, b)


_SOURCE_KINDS: Final = (SOURCE_BEFORE, SOURCE_AFTER, AFTER_CONTENT, ANAPHORIC)


def analyse(s: Sent, cues: list[Cue]) -> list[Frame]:
    """The frames of one sentence: source phrases first (laut X, according to X), then speech
    verbs in text order, each skipped when it lies inside the content of an earlier frame;
    a speech act without content only when nothing else framed the sentence."""
    out: list[Frame] = []
    covered: list[Span] = []
    if len(cues) == 1:
        ordered = cues  # most sentences have one cue: nothing to order
    else:
        ordered = sorted(set(cues), key=lambda c: (c.kind not in _SOURCE_KINDS, c.start))
    for cue in ordered:
        if any(a <= cue.start < b for a, b in covered):
            continue
        frame = _one(s, cue)
        if frame is not None:
            out.append(frame)
            covered.extend(frame.spans)
    if not out:
        return _speech_acts(s, ordered)
    return out


def _speech_act(s: Sent, cue: Cue, quotes: Sequence[Span] | None = None) -> Frame | None:
    if cue.kind in _SOURCE_KINDS:
        return None
    ci, ce = index_at(s.toks, cue.start), index_at(s.toks, cue.end)
    if ci >= len(s.toks):
        return None
    return _reported(s, cue, ci, ce, _chunk_of(s.chunks, ci), quotes)


def _speech_acts(s: Sent, ordered: list[Cue]) -> list[Frame]:
    """Speech acts of a sentence no other frame took. Without quoted fragments, the first one
    that has a subject. With them, a later cue whose subject is a name or a role of its own
    takes the fragments that follow it (*X told MSNBC Cummings "was a great man," while Trump
    noted his "strength"*: X the first, Trump the second); any other cue leaves its fragments
    with the cue before it (*Die CCE bestätigte … nicht und nannte sie „reine Spekulation“*)."""
    if not s.quotes:
        for cue in ordered:
            frame = _speech_act(s, cue)
            if frame is not None:
                return [frame]
        return []
    acts = sorted((c for c in ordered if c.kind not in _SOURCE_KINDS), key=lambda c: c.start)
    if not acts:
        return []
    heads = [acts[0]] + [c for c in acts[1:] if _named_subject(s, c)]
    out: list[Frame] = []
    for n, cue in enumerate(heads):
        lo = cue.start if n else -1
        hi = heads[n + 1].start if n + 1 < len(heads) else sys.maxsize
        own = [q for q in s.quotes if lo <= q[0] < hi]
        frame = _speech_act(s, cue, own) if own else None
        if frame is not None:
            out.append(frame)
    return out


def _named_subject(s: Sent, cue: Cue) -> bool:
    """Whether the cue's own subject is a name or a role noun (not a pronoun or an object
    caught where a coordinated verb has none: *und fordert eine Rücknahme*)."""
    ci, ce = index_at(s.toks, cue.start), index_at(s.toks, cue.end)
    if ci >= len(s.toks) or cue.kind == IMPERSONAL:
        return False
    m = _subject(s, ci, ce, _chunk_of(s.chunks, ci))
    return m is not None and m.kind in (mentions.NAME, mentions.ROLE)


def _one(s: Sent, cue: Cue) -> Frame | None:
    toks = s.toks
    ci, ce = index_at(toks, cue.start), index_at(toks, cue.end)
    if ci >= len(toks):
        return None
    if cue.kind == SOURCE_BEFORE:
        return _source_before(s, cue, ci, ce)
    if cue.kind == SOURCE_AFTER:
        return _source_after(s, cue, ci, ce)
    if cue.kind == ANAPHORIC:
        return _anaphoric(s, cue, ci, ce)
    k = _chunk_of(s.chunks, ci)
    if cue.kind == AFTER_CONTENT:
        return _trailing(s, cue, ci, ce, k)
    return _trailing(s, cue, ci, ce, k) or _leading(s, cue, ci, ce, k)

"""Direct speech: quotes that form a statement of their own, with the frame around them.

A top-level quote is *direct* when nothing but a frame surrounds it in its sentence: it opens
the sentence or follows a frame (``X sagte: „…“``, ``He said, "…"``, ``Er sagte „…“``), and it
ends the sentence or is followed by a frame (``„…“, sagte X.``, ``"…," she said.``). A quote
interrupted by its frame (``„…“, sagte Rutte, „…“``) and a quote continued right after its frame
in the next sentence become one statement with several spans. Quotes that sit inside a
reporter's sentence are *fragments*, left to the sentence frames (partial and mixed speech);
fragments without any cue are scare quotes, terms or titles and yield nothing.
"""

from __future__ import annotations

import bisect
import re
from typing import Final, NamedTuple

from ingest.extract import frames
from ingest.extract.cues import AFTER_CONTENT, ANAPHORIC, SOURCE_AFTER, SOURCE_BEFORE, Cue
from ingest.extract.grammar import Grammar
from ingest.extract.mentions import Mention
from ingest.extract.quotes import Quote
from ingest.extract.sentences import Sentence, starts_of
from ingest.extract.tokens import ArticleTokens, Tok, index_at

Span = tuple[int, int]

MAX_TAIL_WORDS: Final = 24  # words between a quote and its cue (X, a lawyer for the family, said)
MAX_TAIL_CHARS: Final = 300  # how far after a quote its frame is looked for
MAX_LEAD_CHARS: Final = 300
MAX_FRAME_AFTER_CUE: Final = 100  # characters of a tail frame read after its cue (the speaker)
MAX_CUE_GAP: Final = (
    60  # characters between a cue and the quote it introduces (sagte er am Montag „…“)
)
MIN_STANDALONE_WORDS: Final = 3
_ALNUM: Final = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum)


class Direct(NamedTuple):
    spans: tuple[Span, ...]
    cue: Cue | None
    mention: Mention | None
    confidence: float
    how: str  # lead, tail, colon, standalone
    claimed: Span  # the whole stretch of quotes and frames


class _Side(NamedTuple):
    """A frame found on one side of a quote."""

    cue: Cue | None
    mention: Mention | None
    end: int  # article offset where the frame ends


_new: Final = tuple.__new__


def _side(cue: Cue | None, mention: Mention | None, end: int) -> _Side:
    """``_Side(…)`` without the keyword-aware constructor (an interpreted function)."""
    return _new(_Side, (cue, mention, end))


class _Ctx(NamedTuple):
    text: str
    g: Grammar
    sentences: list[Sentence]
    starts: list[int]
    cues: list[Cue]  # every cue of the article, ordered
    cue_starts: list[int]
    toks: ArticleTokens


def _words(text: str) -> int:
    return len(text.split())


def _sentence_of(ctx: _Ctx, offset: int) -> Sentence:
    k = max(0, bisect.bisect_right(ctx.starts, offset) - 1)
    return ctx.sentences[k]


def _cues_in(ctx: _Ctx, lo: int, hi: int) -> list[Cue]:
    first = bisect.bisect_left(ctx.cue_starts, lo)
    last = bisect.bisect_left(ctx.cue_starts, hi)
    return [c for c in ctx.cues[first:last] if c.end <= hi]


def _sent(ctx: _Ctx, toks: list[Tok]) -> frames.Sent:
    return frames.Sent(ctx.text, toks, frames.chunk(ctx.text, toks), (), ctx.g)


def _frame_speaker(ctx: _Ctx, toks: list[Tok], cue: Cue, leading: bool) -> Mention | None:
    s = _sent(ctx, toks)
    ci, ce = index_at(toks, cue.start), index_at(toks, cue.end)
    k = frames._chunk_of(s.chunks, ci)
    if cue.kind in (SOURCE_BEFORE, AFTER_CONTENT):
        return frames.mentions.forward(ctx.text, toks, ce, s.chunks[k].hi, ctx.g)
    if cue.kind == SOURCE_AFTER:
        return frames.mentions.backward(ctx.text, toks, s.chunks[k].lo, ci, ctx.g)
    if leading:
        return frames._subject(s, ci, ce, k)
    c = s.chunks[k]
    m = frames.mentions.backward(ctx.text, toks, c.lo, ci, ctx.g) if ci > c.lo else None
    return m or frames.mentions.forward(ctx.text, toks, ce, c.hi, ctx.g)


def _lead(ctx: _Ctx, q: Quote) -> _Side | None:
    """The frame before the quote, or None when the quote does not stand after a frame.
    An empty lead gives a frame without cue."""
    lo = _sentence_of(ctx, q.start).start
    if q.start - lo > MAX_LEAD_CHARS:  # read the lead's end only, from a word start
        space = ctx.text.find(" ", q.start - MAX_LEAD_CHARS, q.start)
        lo = space + 1 if space >= 0 else q.start
    text = ctx.text
    end = q.start  # the lead without the spaces before the quote
    while end > lo and text[end - 1].isspace():
        end -= 1
    if end == lo:
        return _side(None, None, q.start)
    if text[end - 1] not in ":," and not _cues_in(ctx, max(lo, q.start - MAX_CUE_GAP), q.start):
        return None  # no frame can end this lead: the quote sits inside a sentence
    cues = [c for c in _cues_in(ctx, lo, q.start) if c.kind != ANAPHORIC]
    if not cues and text[end - 1] != ":":
        return None  # neither a cue nor a colon (the last token) introduces the quote
    toks = ctx.toks.between(lo, q.start)
    last = toks[-1] if toks else None
    ends_frame = last is not None and (
        last.text in ":,"
        or (cues and cues[-1].end >= last.end)
        or (cues and last.low in ctx.g.complementizers and len(toks) >= 2)
    )
    if not ends_frame:
        return None
    if not cues:
        if last is None or last.text != ":":
            return None
        m = frames.mentions.prefield(ctx.text, toks, 0, len(toks) - 1, ctx.g)
        return _side(None, m, q.start)
    cue = cues[-1]
    if last is None or (_words(ctx.text[cue.end : q.start]) > 4 and last.text != ":"):
        return None
    return _side(cue, _frame_speaker(ctx, toks, cue, leading=True), q.start)


def _tail_end(ctx: _Ctx, q: Quote, next_start: int) -> int:
    """Where the text after a quote that may hold its frame ends: the end of the sentence, or
    of the next one when the quote itself closed a sentence with ? or ! (“…?” Obama asked.)."""
    k = max(0, bisect.bisect_right(ctx.starts, q.end - 1) - 1)
    hi = ctx.sentences[k].end
    closed_by_quote = hi <= q.end and ctx.text[max(0, q.end - 3) : q.end].rstrip()[:-1][-1:] in "?!"
    if closed_by_quote and k + 1 < len(ctx.sentences):
        following = ctx.sentences[k + 1]
        if following.para == ctx.sentences[k].para and following.start - q.end <= 2:
            hi = following.end
    return min(hi, next_start, q.end + MAX_TAIL_CHARS)


def _tail(ctx: _Ctx, q: Quote, next_start: int) -> _Side | None:
    """The frame after the quote (``, sagte X``, ``," X, a lawyer, said on Monday.``), None when
    the sentence goes on otherwise. Nothing after the quote gives a frame without cue."""
    hi = _tail_end(ctx, q, next_start)
    if _ALNUM.search(ctx.text, q.end, hi) is None:
        return _side(None, None, q.end)
    cues = [c for c in _cues_in(ctx, q.end, hi) if c.kind != ANAPHORIC]
    if cues:
        toks = ctx.toks.between(q.end, min(hi, cues[0].end + MAX_FRAME_AFTER_CUE))
    else:
        limit = min(hi, q.end + MAX_FRAME_AFTER_CUE)
        if not _has_source_word(ctx, q.end, limit) and not ctx.toks.keeps(q.end, limit):
            return None  # no cue, and no source word to open a short frame
        toks = ctx.toks.between(q.end, limit)
        cues = _short_source(ctx, toks)
    if not cues:
        return None
    cue = cues[0]
    ci = index_at(toks, cue.start)
    if sum(1 for t in toks[:ci] if t.is_word) > MAX_TAIL_WORDS:
        return None
    ce = index_at(toks, cue.end)
    stop = next((m for m in range(ce, len(toks)) if toks[m].text in ",;:"), len(toks))
    if any(t.is_word for t in toks[:ci]) and cue.kind != AFTER_CONTENT:
        first = next((k for k in range(ci) if toks[k].text in ",;:" and k > 0), ci)
        m = frames.mentions.prefield(ctx.text, toks, 0, first, ctx.g)
        m = m or frames.mentions.backward(ctx.text, toks, 0, ci, ctx.g)
    else:
        m = _frame_speaker(ctx, toks[:stop], cue, leading=False)
    later = [c for c in cues[1:] if c.start >= toks[stop - 1].end] if stop else []
    end = later[0].start if later else _trim_end(ctx.text, q.end, hi)
    return _side(cue, m, end)


def _trim_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and not text[hi - 1].isalnum():
        hi -= 1
    return hi


def _source_word_next(ctx: _Ctx, rest: str) -> bool:
    """Whether the text after a quote opens with a source word (so …)."""
    words = rest.lstrip(" ,–—").split(maxsplit=1)
    return bool(words) and words[0].lower() in ctx.g.after_content


def _short_source(ctx: _Ctx, toks: list[Tok]) -> list[Cue]:
    """``„…“, so Rutte.``: a source word and a noun phrase without verb."""
    words = [t for t in toks if t.is_word]
    if len(words) >= 2 and words[0].low in ctx.g.after_content:
        w = words[0]
        return [Cue(w.start, w.end, w.text, AFTER_CONTENT, False)]
    return []


def _has_source_word(ctx: _Ctx, lo: int, hi: int) -> bool:
    """Whether a source word (so) may stand in ``text[lo:hi]`` (as a part of a word, even)."""
    stretch = ctx.text[lo:hi].lower()
    return any(w in stretch for w in ctx.g.after_content)


_WORD_BEFORE: Final = re.compile(r"\w+")


def _after_article(ctx: _Ctx, pos: int) -> bool:
    """Whether the word right before ``pos`` is an article or preposition (*der „Bild“*)."""
    words = _WORD_BEFORE.findall(ctx.text, max(0, pos - 12), pos)
    return bool(words) and (
        words[-1].lower() in ctx.g.determiners or words[-1].lower() in ctx.g.prepositions
    )


def _between_is_glue(text: str, a: int, b: int) -> bool:
    return _ALNUM.search(text, a, b) is None and text.find("\n", a, b) < 0


def attribute(
    text: str,
    quotes: list[Quote],
    sentences: list[Sentence],
    cues: list[Cue],
    g: Grammar,
    toks: ArticleTokens,
) -> tuple[list[Direct], list[Quote]]:
    """Direct statements, and the quotes left over as fragments of reporter sentences."""
    cues = sorted(cues)
    ctx = _Ctx(text, g, sentences, toks.starts, cues, starts_of(cues), toks)
    top = [q for q in quotes if q.depth == 0]
    out: list[Direct] = []
    fragments: list[Quote] = []
    k = 0
    while k < len(top):
        q = top[k]
        nxt = top[k + 1].start if k + 1 < len(top) else len(text)
        lead = _lead(ctx, q)
        tail = _tail(ctx, q, nxt) if lead is not None else None
        if lead is None or (tail is None and lead.cue is None):
            fragments.append(q)
            k += 1
            continue
        spans = list(q.pieces)
        side = tail if tail is not None and tail.cue is not None else lead
        end = max(q.end, tail.end if tail else q.end)
        k += 1
        while k < len(top) and side.cue is not None and _continues(ctx, top, k, end):
            spans.extend(top[k].pieces)
            end = top[k].end
            k += 1
        if (
            side.cue is None
            and side.mention is None
            and sum(_words(text[a:b]) for a, b in spans) < MIN_STANDALONE_WORDS
        ):
            fragments.append(q)
            continue
        out.append(_direct(spans, lead, side, (min(q.start, lead.end), end)))
    return out, fragments


def _continues(ctx: _Ctx, top: list[Quote], k: int, end: int) -> bool:
    """Whether quote ``top[k]`` continues the statement that ends at ``end``: it follows after
    mere punctuation, in the same sentence or opening the next one without a frame of its own."""
    q = top[k]
    if not _between_is_glue(ctx.text, end, q.start) or _after_article(ctx, q.start):
        return False  # "sagte Müller der „Bild“": a name in quotation marks, no continuation
    nxt = top[k + 1].start if k + 1 < len(top) else len(ctx.text)
    tail = _tail(ctx, q, nxt)
    return tail is not None and tail.cue is None


def _direct(spans: list[Span], lead: _Side, side: _Side, claimed: Span) -> Direct:
    if side.cue is not None:
        how = "lead" if side is lead else "tail"
        conf = 0.9 if side.mention is not None else 0.6
    elif side.mention is not None:
        how, conf = "colon", 0.75
    else:
        how, conf = "standalone", 0.5
    return _new(Direct, (tuple(spans), side.cue, side.mention, conf, how, claimed))

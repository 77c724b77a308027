"""Indirect, mixed, partial and reported speech: sentence frames and their follow-ons.

Every sentence with a cue (outside direct quotes) is analysed by ``frames``. In languages that
mark reported speech by mood, sentences right after a statement that carry a subjunctive or
hearsay verb and no cue of their own continue the running speaker's statement (free indirect
speech: *Dies sei eindeutig nachzuweisen.*); they become statements of their own, as the
gold standard counts them.
"""

from __future__ import annotations

import bisect
import re
from typing import Final, NamedTuple

from ingest.extract import frames
from ingest.extract.cues import Cue
from ingest.extract.direct import Direct
from ingest.extract.frames import Frame
from ingest.extract.grammar import (
    GIVEN,
    IMPERSONAL,
    MOOD,
    SOURCE_AFTER,
    SOURCE_BEFORE,
    Grammar,
)
from ingest.extract.quotes import Quote
from ingest.extract.scan import Hit, any_between, kind_starts
from ingest.extract.sentences import Sentence, starts_of
from ingest.extract.tokens import ArticleTokens
from ingest.model import Kind

Span = tuple[int, int]

_new: Final = tuple.__new__  # builds a named tuple without the keyword-aware constructor

_ALNUM: Final = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum)
FOLLOW_GAP: Final = 2  # sentences a follow-on may stand after its statement
_OWN_SOURCE: Final = frozenset({IMPERSONAL, SOURCE_BEFORE, SOURCE_AFTER})
_FINAL: Final = frozenset(".!?…:\"“”»«’')")


class Found(NamedTuple):
    """A frame with the index of the sentence it came from."""

    sentence: int
    frame: Frame


def _inside(spans: list[Span], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in one of the ordered ``spans`` (the last that starts at or
    before it), whose ``starts`` are given: compared by start alone, no tuple made."""
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < spans[k][1]


def _minus(span: Span, claimed: list[Span]) -> list[Span]:
    """``span`` without the claimed stretches (``claimed`` in order)."""
    x, y = span
    overlapping = [c for c in claimed[: bisect.bisect_left(claimed, (y,))] if c[1] > x]
    if not overlapping:
        return [span] if y - x > 1 else []
    out = [span]
    for a, b in overlapping:
        nxt = []
        for x, y in out:
            if b <= x or y <= a:
                nxt.append((x, y))
                continue
            if x < a:
                nxt.append((x, a))
            if b < y:
                nxt.append((b, y))
        out = nxt
    return [(x, y) for x, y in out if y - x > 1]


def _trim(text: str, span: Span) -> Span:
    a, b = span
    while a < b and not (text[a].isalnum() or text[a] in '„“"»«‚‘'):
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in '“”"«»‘’.!?)'):
        b -= 1
    return a, b


def sentence_frames(
    text: str,
    sentences: list[Sentence],
    cues: dict[int, list[Cue]],
    directs: list[Direct],
    fragments: list[Quote],
    g: Grammar,
    atoks: ArticleTokens,
) -> list[Found]:
    """Frames of every sentence outside direct quotes."""
    used = {d.cue.start for d in directs if d.cue is not None}
    claimed = sorted(d.claimed for d in directs)
    claimed_starts = starts_of(claimed)
    quoted = sorted((q.start, q.end) for q in fragments)
    quoted_starts = starts_of(quoted)
    out: list[Found] = []
    for k, per in cues.items():
        todo = [
            c
            for c in per
            if c.start not in used
            and not _inside(claimed, claimed_starts, c.start)
            and not _inside(quoted, quoted_starts, c.start)
        ]
        if not todo:
            continue
        s = sentences[k]
        toks = atoks.sentence(k)
        first = bisect.bisect_left(quoted_starts, s.start)
        last = bisect.bisect_right(quoted_starts, s.end)
        # most sentences hold no quoted fragment: no generator to run then
        inner = tuple((a, b) for a, b in quoted[first:last] if b <= s.end) if first < last else ()
        sent = _new(frames.Sent, (text, toks, frames.chunk(text, toks), inner, g))
        heading = text[s.end - 1] not in _FINAL
        for frame in frames.analyse(sent, todo):
            if heading and frame.kind == "reported":
                continue
            kept = _keep(text, frame, claimed)
            if kept is not None:
                out.append(_new(Found, (k, kept)))
    return out


def _keep(text: str, frame: Frame, claimed: list[Span]) -> Frame | None:
    spans: list[Span] = []
    for span in frame.spans:
        for piece in _minus(span, claimed):
            a, b = _trim(text, piece)
            if b > a and _ALNUM.search(text, a, b) is not None:
                spans.append((a, b))
    if not spans:
        return None
    # built directly: ``frame._replace(spans=…)`` goes through the keyword-aware constructor
    return _new(
        Frame, (frame.kind, tuple(spans), frame.cue, frame.mention, frame.confidence, frame.how)
    )


def follow_ons(
    text: str,
    sentences: list[Sentence],
    starts: list[int],
    hits: list[Hit],
    found: list[Found],
    directs: list[Direct],
    fragments: list[Quote],
    g: Grammar,
) -> list[Found]:
    """Subjunctive or hearsay sentences without a frame of their own (languages with speech
    mood): after a statement they continue it (``follow``, the running speaker); elsewhere
    they are reported speech whose source is not named (``mood``). ``starts`` are the
    sentences' starts."""
    if not g.has_mood:
        return []
    moods, own_voice = _mood_sentences(starts, hits, directs, fragments, g.own_voice)
    claimed = sorted(d.claimed for d in directs)
    claimed_starts = starts_of(claimed)
    fragment_starts = starts_of(fragments)  # fragments come in text order
    anchors: dict[int, Frame] = {f.sentence: f.frame for f in found}
    for d in directs:
        k = bisect.bisect_right(starts, d.spans[-1][1] - 1) - 1
        anchors.setdefault(
            k, _new(Frame, ("direct", d.spans, d.cue, d.mention, d.confidence, d.how))
        )
    names = kind_starts(hits, GIVEN)  # full names: someone new named may be speaking
    # "…, heißt es aus den Reihen der Grünen": a source of its own, not the running speaker
    sourced = sorted(h.start for h in hits if not _OWN_SOURCE.isdisjoint(h.kinds))
    first_person = _first_person(g)
    out: list[Found] = []
    last: tuple[int, Frame] | None = None
    # the other sentences neither continue a statement nor anchor one
    for k in sorted(k for k in moods.union(anchors) if 0 <= k < len(sentences)):
        s = sentences[k]
        if k in anchors:
            last = (k, anchors[k])
            continue
        if (
            _inside(claimed, claimed_starts, s.start)
            or text[s.end - 1] not in _FINAL  # a heading: "Was Lockerungen bedeuten könnten"
            or any_between(sourced, s.start, s.end)
            or first_person.search(text, s.start, s.end)  # "Ich halte das für falsch"
        ):
            continue
        near = (
            last is not None
            and k - last[0] <= FOLLOW_GAP
            and s.para - sentences[last[0]].para <= 1
            and not any_between(names, sentences[last[0]].end, s.end)
        )
        if k in own_voice:
            # "Das wäre ein Fehler": the running speaker's only right after their statement;
            # elsewhere the author's own conditional, no reported speech
            if not (near and last is not None and k - last[0] == 1):
                continue
            if s.para != sentences[last[0]].para:
                continue
        frame = _follow(text, s, last[1] if near and last else None, fragments, fragment_starts)
        if frame is not None:
            out.append(_new(Found, (k, frame)))
            if frame.how == "follow":
                last = (k, frame)
    return out


_FIRST_PERSON: Final[dict[str, re.Pattern[str]]] = {}  # language -> its pattern


def _first_person(g: Grammar) -> re.Pattern[str]:
    """First-person pronouns as words (never in reported speech about someone else); made
    once per language."""
    found = _FIRST_PERSON.get(g.code)
    if found is None:
        words = sorted(w for w, classes in g.pronoun_class.items() if "1" in classes)
        found = _FIRST_PERSON[g.code] = _first_person_pattern(words)
    return found


def _first_person_pattern(words: list[str]) -> re.Pattern[str]:
    """The words as written in lower case, capitalised or in capitals, standing alone.

    Each alternative opens with its word and checks the start of the word after it (a
    lookbehind of fixed width), so that the regex engine skips to the words' first letters
    instead of trying the whole pattern at every character (a third of the cost)."""
    if not words:
        return re.compile(r"(?!x)x")
    forms = sorted({f for w in words for f in (w, w.capitalize(), w.upper())})
    starts = "|".join(re.escape(f) + r"(?<!\w" + "." * len(f) + ")" for f in forms)
    return re.compile("(?:" + starts + r")(?!\w)")


def _follow(
    text: str, s: Sentence, prev: Frame | None, fragments: list[Quote], starts: list[int]
) -> Frame | None:
    a, b = _trim(text, (s.start, s.end))
    if b <= a:
        return None
    lo, hi = bisect.bisect_left(starts, s.start), bisect.bisect_right(starts, s.end)
    quoted = any(q.end <= s.end for q in fragments[lo:hi])  # a fragment inside the sentence
    kind: Kind = "mixed" if quoted else "indirect"
    if prev is None:
        return _new(Frame, (kind, ((a, b),), None, None, 0.3, "mood"))
    conf = round(prev.confidence * 0.75, 2)
    return _new(Frame, (kind, ((a, b),), None, prev.mention, conf, "follow"))


def _mood_sentences(
    starts: list[int],
    hits: list[Hit],
    directs: list[Direct],
    fragments: list[Quote],
    own_voice: frozenset[str],
) -> tuple[set[int], set[int]]:
    """The sentences with a mood form outside quotes, and those of them whose only such forms
    are ones authors also use in their own voice (``own_voice``: *wäre*, *könnte*)."""
    found = [h for h in hits if MOOD in h.kinds]
    if not found:
        return set(), set()
    claimed = sorted([d.claimed for d in directs] + [(q.start, q.end) for q in fragments])
    claimed_starts = starts_of(claimed)
    moods: set[int] = set()
    reporting: set[int] = set()  # with a form that is not an author's own
    for h in found:
        if not _inside(claimed, claimed_starts, h.start):
            k = bisect.bisect_right(starts, h.start) - 1
            moods.add(k)
            if h.text not in own_voice:
                reporting.add(k)
    return moods, moods - reporting

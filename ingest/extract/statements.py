"""From frames to ``Statement`` rows: speakers resolved in text order, confidence, offsets."""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Final, NamedTuple

from ingest import EXTRACTOR
from ingest.extract import scoring
from ingest.extract.candidates import Candidate
from ingest.extract.grammar import GIVEN, MOOD, Grammar
from ingest.extract.mentions import Mention
from ingest.extract.scan import Hit, any_between, kind_starts
from ingest.extract.speakers import Registry, Resolution
from ingest.extract.tokens import ArticleTokens
from ingest.extract.turns import TURN
from ingest.model import Statement

Span = tuple[int, int]
_new: Final = tuple.__new__  # builds a named tuple without the keyword-aware constructor
_UNRESOLVED: Final = Resolution(None, None, None, 1.0)  # a statement without a mention
RUNNING_GAP: Final = 400  # characters after a statement within which a bare quote continues it
PARTICIPLE_GAP: Final = 120  # characters between a statement and a participle frame (adding that …)


# ``Statement`` is a frozen dataclass, whose generated ``__init__`` sets each of its 17 fields
# through ``object.__setattr__``: more than half of the cost of making a row. Statements are
# made here as an instance of an unfrozen twin (the same fields as slots, in the same order,
# so the same memory layout), whose ``__init__`` stores each field directly, and then made a
# ``Statement`` by assigning its class, which Python allows between classes of one layout.
# The result is a ``Statement`` like any other: equal, hashable, frozen (a test checks). It
# costs a quarter of setting each slot through its descriptor, as this did before.
_Unfrozen: Final[type] = dataclasses.make_dataclass(
    "_Unfrozen", [f.name for f in dataclasses.fields(Statement)], slots=True, eq=False
)


def make_statement(*values: object) -> Statement:
    """``Statement(*values)`` (every field, in field order), made faster (see ``_Unfrozen``)."""
    s = _Unfrozen(*values)
    s.__class__ = Statement
    made: Statement = s
    return made


class Row(NamedTuple):
    """A statement with what produced it: the frame, the features and the model's estimate."""

    statement: Statement
    how: str
    signals: scoring.Signals  # what the features are made of
    probability: float | None  # None without a trained model

    @property
    def features(self) -> list[str]:
        """The model's features, spelt out (made when asked for: only training reads them)."""
        return scoring.names(self.signals)


def build(
    doc_id: str,
    text: str,
    language: str,
    g: Grammar,
    toks: ArticleTokens,
    hits: list[Hit],
    candidates: list[Candidate],
    keep_all: bool = False,
) -> list[Row]:
    """Statements in text order, speakers resolved within the article, scored by the model
    (candidates under the language's threshold dropped unless ``keep_all``)."""
    quoted = [span for c in candidates if c.kind == "direct" for span in c.spans]
    registry = Registry(text, g, toks, hits, quoted)
    mood_hits = [h for h in hits if MOOD in h.kinds]
    names = kind_starts(hits, GIVEN)
    moods = [h.start for h in mood_hits]
    mood_words = [h.text for h in mood_hits]
    prev_how = "-"
    m = scoring.model()
    threshold = m.thresholds.get(language, 0.5) if m is not None else 0.0
    out: list[Row] = []
    previous: Resolution | None = None
    prev_end = -1
    prev_mention: Mention | None = None
    emitted: set[tuple[tuple[int, int], ...]] = set()
    for c in sorted(candidates, key=lambda c: c.spans[0]):
        if c.how == TURN:
            row = _turn(doc_id, text, language, g, c, registry)
            if row is not None and c.spans not in emitted:
                emitted.add(c.spans)
                out.append(row)
            continue
        mention, how = c.mention, c.how
        start = c.spans[0][0]
        if (
            mention is None
            and c.cue is not None
            and g.progressive
            and c.cue.text.endswith(g.progressive)
            and prev_end >= 0
            and start - prev_end < PARTICIPLE_GAP
            and "\n" not in text[prev_end:start]
        ):
            mention, how = prev_mention, "participle"  # …, X said, adding that …
        if (
            mention is None
            and how == "standalone"
            and prev_end >= 0
            and start - prev_end < RUNNING_GAP
            and not any_between(names, prev_end, start)  # someone new named: no running speaker
        ):
            mention, how = prev_mention, "running"
        res = _resolve(registry, mention, previous, how)
        lo, hi = bisect.bisect_left(moods, start), bisect.bisect_left(moods, c.spans[-1][1])
        gap = start - prev_end if prev_end >= 0 else -1
        sig = scoring.signals(c, mention, res, how, text, g, mood_words[lo:hi], gap, prev_how)
        p = scoring.probability(sig, m) if m is not None else None
        if mention is not None:
            previous, prev_mention = res, mention
        prev_end, prev_how = c.spans[-1][1], how
        if not keep_all and (
            (p is not None and p < threshold)
            or _trivial(c, mention, text, g)
            or c.spans in emitted  # a second cue framing the same words
        ):
            continue
        emitted.add(c.spans)
        statement = _statement(doc_id, text, language, c, mention, res, how, p)
        out.append(_new(Row, (statement, how, sig, p)))
    return out


def _turn(
    doc_id: str, text: str, language: str, g: Grammar, c: Candidate, registry: Registry
) -> Row | None:
    """An interview turn as a statement of the person its label names, if it names one. The
    rule stands on its own (no model weighs it) and leaves the running speaker alone."""
    mention = c.mention
    if mention is None:
        return None
    person = registry.person_named(mention.text, mention.start)
    if person is None:
        return None
    res = Resolution(person.name, registry.role(person), person, 1.0)
    sig = scoring.signals(c, mention, res, TURN, text, g, [], -1, "-")
    return _new(
        Row, (_statement(doc_id, text, language, c, mention, res, TURN, None), TURN, sig, None)
    )


_WORD: Final = re.compile(r"\w+")


def _trivial(c: Candidate, mention: Mention | None, text: str, g: Grammar) -> bool:
    """Whether a candidate says nothing: reported content of fewer than two words besides
    conjunctions and articles (*dass*, *dass die*, *was*), or a quote of one or two words that
    no one is named for (*„dts Nachrichtenagentur“*: names and terms, not speech), or the name
    of a newspaper or broadcaster in quotation marks (*„Bild“*)."""
    if c.kind in ("direct", "partial"):
        if sum(b - a for a, b in c.spans) > 80:
            return False
        if len(c.spans) == 1 and text[c.spans[0][0] : c.spans[0][1]] in g.media:
            return True  # sagte Müller der „Bild“: a newspaper's name, not words of Müller's
        if mention is not None:
            return False
        return sum(len(_WORD.findall(text, a, b)) for a, b in c.spans) <= 2
    content = 0
    for a, b in c.spans:
        for m in _WORD.finditer(text, a, b):
            low = m.group().lower()
            if (
                low not in g.complementizers
                and low not in g.determiners
                and low not in g.relatives
                and low not in g.conjunctions
            ):
                content += 1
                if content == 2:
                    return False
    return True


def _resolve(
    registry: Registry, mention: Mention | None, previous: Resolution | None, how: str
) -> Resolution:
    if mention is None:
        return _UNRESOLVED
    if how in ("follow", "running", "anaphoric", "participle") and previous is not None:
        return previous
    return registry.resolve(mention, previous)


def _statement(
    doc_id: str,
    text: str,
    language: str,
    c: Candidate,
    mention: Mention | None,
    res: Resolution,
    how: str,
    p: float | None,
) -> Statement:
    spans = c.spans
    if len(spans) == 1:
        start, end = spans[0]
    else:
        start, end = min(a for a, _ in spans), max(b for _, b in spans)
    base = c.confidence if p is None else p
    conf = base * res.certainty * (0.85 if how == "running" else 1.0)
    if mention is not None and res.speaker is None:
        conf *= 0.9
    cue = c.cue
    # positional, in the field order of Statement
    return make_statement(
        doc_id,
        c.kind,
        start,
        end,
        text[start:end],
        spans,
        res.speaker,  # speaker
        mention.text if mention else None,  # speaker_mention
        mention.start if mention else None,  # speaker_start
        mention.end if mention else None,  # speaker_end
        res.role,  # speaker_role
        cue.text if cue else None,  # cue
        cue.start if cue else None,  # cue_start
        cue.end if cue else None,  # cue_end
        round(max(0.05, min(1.0, conf)), 2),  # confidence
        language,
        EXTRACTOR,
    )

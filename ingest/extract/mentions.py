"""Speaker mentions: the noun phrase, name or pronoun a statement's attribution rests on.

No parser is available offline for German, so noun phrases are read from word classes in the
lexicon: determiners, capitalised words, role nouns, the few function words names contain
(*von*, *de*, *al*), and — in languages that do not capitalise nouns — lower-case nouns.
"""

from __future__ import annotations

from typing import Final

from ingest.extract.grammar import Grammar
from ingest.extract.tokens import Tok

MAX_NP: Final = 14

PRONOUN: Final = "pronoun"
NAME: Final = "name"
ROLE: Final = "role"
GROUP: Final = "group"


class Mention:
    """Who a frame names as the speaker, as written: offsets, text and kind. (Compiled, a
    small class is a C struct, made and read without tuple calls.)"""

    __slots__ = ("end", "kind", "start", "text")

    def __init__(self, start: int, end: int, text: str, kind: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind  # pronoun | name | role | group

    def __repr__(self) -> str:
        return f"Mention({self.start}, {self.end}, {self.text!r}, {self.kind!r})"


def _is_function(t: Tok, g: Grammar) -> bool:
    low = t.low
    return (
        (bool(g.adverb_suffixes) and low.endswith(g.adverb_suffixes))
        or low in g.prepositions
        or low in g.adverbs
        or low in g.auxiliaries
        or low in g.conjunctions
        or low in g.complementizers
        or low in g.not_speaker
        or t.text in g.verbs
    )


def _np_word(toks: list[Tok], j: int, g: Grammar, start: int) -> bool:
    """Whether ``toks[j]`` can stand inside a speaker noun phrase that opens at ``start``."""
    t = toks[j]
    if not t.is_word:
        return False
    low = t.low
    prev = toks[j - 1] if j > start else None
    after_name = prev is not None and prev.is_cap and prev.low not in g.determiners
    if t.is_cap:
        if j > start and low in g.name_breaks:
            return False  # "sagte Hendrik Streeck Er fügte hinzu", "sagte Berkhahn Ende August"
        return low not in g.conjunctions or j == 0
    if after_name and low in g.determiners and _after_person(toks, start, j, g):
        return False  # a dative after a name: "sagte Wolfgang Schäuble der Nachrichtenagentur"
    if low in g.np_inner:
        return True
    if low in g.determiners:
        # a determiner opens a phrase: after another word it starts the next one
        return (
            prev is None or not prev.is_word or prev.low in g.np_inner or prev.low in g.determiners
        )
    if any(map(str.isdigit, t.text)):
        return True  # 24-Jährige, n24
    if _is_function(t, g):
        return False
    if (
        after_name
        and not g.nouns_capitalised
        and (low in g.verbs or low in g.past_forms or low.endswith(g.past_endings))
    ):
        # "Trump spoke in Ohio, claiming …", "Smith visited …": a verb; but "Economists
        # polled by Reuters" is one phrase, its head the economists
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return nxt is not None and nxt.low in g.agent
    if g.nouns_capitalised:
        # a lower-case word inside such a noun phrase is an adjective before its noun
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return (
            not after_name
            and nxt is not None
            and nxt.is_word
            and (nxt.is_cap or not _is_function(nxt, g))
        )
    return True


def _after_person(toks: list[Tok], start: int, j: int, g: Grammar) -> bool:
    """Whether toks[start:j] is a person's name with no article before it: a known given name,
    role noun or title, then capitalised words that are no role, group or organisation nouns
    (*Wolfgang Schäuble*, *Veranstalter Marek Lieberberg*). A name takes no genitive, so a
    determiner after it opens a dative; common nouns keep theirs (*Sprecher der Stadt*, *Bund
    der Steuerzahler*, *eine Information des BKA*)."""
    words = toks[start:j]
    if not words or words[0].low in g.determiners:
        return False
    opening = [
        k
        for k, t in enumerate(words)
        if t.text in g.given_names or g.is_role(t.text) or t.text in g.honorifics
    ]
    if not opening or opening[-1] == len(words) - 1:
        return False
    return all(
        t.is_cap
        and not g.is_role(t.text)
        and t.text not in g.groups
        and not g.is_organisation(t.text)
        for t in words[opening[-1] + 1 :]
    )


def _abbrev_stop(toks: list[Tok], j: int, g: Grammar) -> bool:
    """A full stop that belongs to the word before it (Mr., Dr., Sen.)."""
    if j == 0 or toks[j].text != ".":
        return False
    before = toks[j - 1].text
    return before + "." in g.honorifics or before in g.abbreviations or len(before) == 1


def _bracketed(toks: list[Tok], j: int, limit: int) -> int:
    """Length of a bracketed abbreviation (SPD) at ``j``, else 0."""
    if toks[j].text == "(" and j + 2 < limit and toks[j + 2].text == ")" and toks[j + 1].is_cap:
        return 3
    return 0


def _trim(toks: list[Tok], i: int, j: int, g: Grammar) -> tuple[int, int]:
    """Drop function words at the edges of the phrase toks[i:j]."""
    while (
        i < j
        and toks[i].is_word
        and (toks[i].low in g.conjunctions or toks[i].low in g.adverbs or toks[i].low in g.np_inner)
        and toks[i].low not in g.determiners
    ):
        i += 1
    while j > i and (
        (not toks[j - 1].is_word and toks[j - 1].text not in ".)")
        or toks[j - 1].low in g.np_inner
        or toks[j - 1].low in g.determiners
        or (g.nouns_capitalised and not toks[j - 1].is_cap and toks[j - 1].is_word)
    ):
        j -= 1
    return i, j


def _plain_name(w: Tok, g: Grammar) -> bool:
    """A capitalised word that may be part of a person's name."""
    return (
        w.is_cap
        and w.low not in g.determiners
        and not g.is_role(w.text)
        and w.text not in g.organisations
        and w.text not in g.honorifics
        and not w.low.endswith(g.adjective_endings)
        and not (g.noun_endings and w.low.endswith(g.noun_endings))
    )


def classify(words: list[Tok], g: Grammar) -> str:
    """The kind of a mention from its words: a pronoun, a person's name (a known given name,
    a title or role before capitalised words, or two capitalised words opening the phrase),
    a role noun, or a group."""
    if len(words) == 1 and words[0].low in g.pronoun_class:
        return PRONOUN
    caps = [w for w in words if w.is_cap and w.low not in g.determiners]
    if not g.given_names.keys().isdisjoint([t.text for t in caps[:-1]]):
        return NAME
    titles = [k for k, w in enumerate(words) if g.is_role(w.text) or w.text in g.honorifics]
    if titles:
        after = words[titles[-1] + 1 :]
        if after and all(_plain_name(w, g) for w in after):
            return NAME
        return ROLE
    if all(w.text in g.groups or w.low in g.groups for w in caps):
        return GROUP
    if caps and not g.nouns_capitalised:
        return NAME
    if len(words) >= 2 and all(_plain_name(w, g) for w in words[:2]):
        return NAME
    return GROUP


def _nominal(words: list[Tok], g: Grammar) -> bool:
    """Whether the words can name someone: a capitalised word, a pronoun, a role or group
    noun, or a determiner with its noun (the bare adverbs and verbs a loose frame may catch,
    such as *effectively* or *came*, cannot)."""
    return any(
        w.is_cap
        or w.low in g.pronoun_class
        or w.low in g.determiners
        or w.low in g.groups
        or g.is_role(w.text)
        or any(map(str.isdigit, w.text))
        for w in words
    )


def make(text: str, toks: list[Tok], i: int, j: int, g: Grammar) -> Mention | None:
    """The mention spanning toks[i:j], or None when it cannot name a speaker."""
    if j <= i:
        return None
    words = [t for t in toks[i:j] if t.is_word]
    if not words or all(w.low in g.not_speaker or w.low in g.determiners for w in words):
        return None
    if len(words) == 1 and words[0].low in g.expletives:
        return None
    if not _nominal(words, g):
        return None
    start, end = toks[i].start, toks[j - 1].end
    return Mention(start, end, text[start:end], classify(words, g))


def forward(text: str, toks: list[Tok], i: int, limit: int, g: Grammar) -> Mention | None:
    """The noun phrase starting at toks[i] (a pronoun, a name, a role, a group)."""
    while (
        i < limit
        and toks[i].is_word
        and (
            toks[i].low in g.expletives
            or (toks[i].low in g.adverbs and toks[i].low not in g.determiners)
        )
    ):
        i += 1
    if i >= limit:
        return None
    if toks[i].low in g.pronoun_class:
        return make(text, toks, i, i + 1, g)
    if toks[i].low in g.prepositions and toks[i].low not in g.determiners:
        return None  # a prepositional phrase names no speaker
    j = i
    while j < limit and j - i < MAX_NP:
        if _np_word(toks, j, g, i) or _abbrev_stop(toks, j, g):
            j += 1
            continue
        skip = _bracketed(toks, j, limit)
        if not skip:
            break
        j += skip
    i2, j2 = _trim(toks, i, j, g)
    return make(text, toks, i2, j2, g)


def backward(text: str, toks: list[Tok], lo: int, hi: int, g: Grammar) -> Mention | None:
    """The noun phrase ending just before toks[hi] (adverbs and auxiliaries skipped)."""
    while (
        hi > lo
        and toks[hi - 1].is_word
        and (toks[hi - 1].low in g.adverbs or toks[hi - 1].low in g.auxiliaries)
    ):
        hi -= 1
    if hi <= lo:
        return None
    if toks[hi - 1].low in g.pronoun_class:
        return make(text, toks, hi - 1, hi, g)
    j = hi
    while j > lo and hi - j < MAX_NP:
        if _np_word(toks, j - 1, g, j - 1) or _abbrev_stop(toks, j - 1, g):
            j -= 1
            continue
        if toks[j - 1].text == ")" and j - 3 >= lo and toks[j - 3].text == "(":
            j -= 3
            continue
        break
    i2, j2 = _trim(toks, j, hi, g)
    return make(text, toks, i2, j2, g)


def prefield(text: str, toks: list[Tok], lo: int, hi: int, g: Grammar) -> Mention | None:
    """The subject standing before the verb in toks[lo:hi], or None when that stretch is not
    a noun phrase (in V2 languages a fronted adverbial puts the subject after the verb)."""
    while (
        hi > lo
        and toks[hi - 1].is_word
        and (toks[hi - 1].low in g.adverbs or toks[hi - 1].low in g.auxiliaries)
    ):
        hi -= 1
    if lo < hi and g.verb_second and toks[lo].low in g.adverbial_openers:
        return None  # Als Grund nannte die NASA …: the subject follows the verb
    while (
        lo < hi
        and toks[lo].is_word
        and (toks[lo].low in g.conjunctions or (toks[lo].low in g.adverbs and hi - lo > 1))
        and toks[lo].low not in g.prepositions
        and toks[lo].low not in g.pronoun_class
    ):
        lo += 1
    if lo >= hi:
        return None
    first = toks[lo]
    if first.is_word and (
        first.low in g.prepositions or first.low in g.complementizers or first.low in g.adverbs
    ):
        return None if g.verb_second else backward(text, toks, lo, hi, g)
    m = forward(text, toks, lo, hi, g)
    if m is not None and m.end >= toks[hi - 1].end:
        return m
    # the noun phrase with a prepositional phrase after it ("Verantwortliche aus Spanien",
    # "the largest firm in the UK") is still the whole prefield, so the subject
    if m is not None and _pp_to_end(toks, m.end, hi, g):
        return m
    return None if g.verb_second else backward(text, toks, lo, hi, g)


def _pp_to_end(toks: list[Tok], end: int, hi: int, g: Grammar) -> bool:
    """Whether toks up to ``hi`` after offset ``end`` are one prepositional phrase of names and
    nouns (a preposition, then articles and capitalised words only)."""
    rest = [t for t in toks[:hi] if t.start >= end]
    if len(rest) < 2 or rest[0].low not in g.prepositions:
        return False
    return all(
        t.is_word and (t.is_cap or t.low in g.determiners or t.low in g.np_inner) for t in rest[1:]
    )


def first_phrase(text: str, toks: list[Tok], lo: int, hi: int, g: Grammar) -> Mention | None:
    """The noun phrase opening toks[lo:hi], unless that stretch opens with an adverbial."""
    while lo < hi and toks[lo].is_word and toks[lo].low in g.conjunctions:
        lo += 1
    if lo >= hi:
        return None
    first = toks[lo]
    if first.low in g.prepositions or first.low in g.complementizers or first.low in g.adverbs:
        return None
    return forward(text, toks, lo, hi, g)

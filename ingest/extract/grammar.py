"""A language's lexicon compiled for the engine: word sets and regular expressions.

Everything language-specific the extractor knows comes from ``ingest/lexicon/<code>.toml``;
this module turns it into sets and patterns once per process (``grammar(code)`` is cached).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ingest import lexicon

_BRACES = re.compile(r"\{([^{}]*)\}")


def expand(pattern: str) -> Iterator[str]:
    """Brace alternatives: ``"sag{t,te}"`` → ``"sagt"``, ``"sagte"``; ``"{,ge}x"`` → x, gex."""
    m = _BRACES.search(pattern)
    if m is None:
        yield pattern
        return
    head, tail = pattern[: m.start()], pattern[m.end() :]
    for option in m.group(1).split(","):
        yield from expand(head + option + tail)


def expand_all(patterns: Iterable[str]) -> frozenset[str]:
    return frozenset(form for p in patterns for form in expand(p))


def _alternation(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One word-bounded pattern matching any of ``words`` (longest first, spaces flexible)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return re.compile(r"(?!x)x")
    parts = [r"\s+".join(re.escape(piece) for piece in w.split()) for w in ordered]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


@dataclass(frozen=True, slots=True)
class Grammar:
    """What the engine knows about one language."""

    code: str
    # quotation marks
    closers: dict[str, frozenset[str]]  # opening mark -> accepted closing marks
    marks: re.Pattern[str]  # every mark (and line breaks, where open quotes are checked)
    symmetric: frozenset[str]  # marks that both open and close
    apostrophes: frozenset[str]
    # sentences
    abbreviations: frozenset[str]
    ordinal_next: frozenset[str]
    # word order and spelling
    nouns_capitalised: bool
    verb_second: bool
    reported_span: str  # "sentence" or "rest"
    # closed word classes (lowercase)
    determiners: frozenset[str]
    prepositions: frozenset[str]
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    conjunctions: frozenset[str]
    passive: frozenset[str]
    agent: frozenset[str]
    progressive: tuple[str, ...]
    complementizers: frozenset[str]
    relatives: frozenset[str]
    expletives: frozenset[str]
    np_inner: frozenset[str]
    not_speaker: frozenset[str]
    # pronouns
    pronoun_class: dict[str, frozenset[str]]  # word -> {"m", "f", "p", "n", "1"}
    plural_endings: tuple[str, ...]
    # cues
    cue_words: re.Pattern[str]  # verbs and separable finite forms (case-sensitive)
    cue_phrases: re.Pattern[str]  # multi-word cues (case-insensitive)
    impersonal: re.Pattern[str]
    verbs: frozenset[str]
    particles: dict[str, frozenset[str]]  # separable finite form -> particles
    reported: frozenset[str]
    addressee: frozenset[str]
    # sources
    source_before: re.Pattern[str]
    source_after: re.Pattern[str]
    after_content: frozenset[str]
    as_clause: frozenset[str]
    anaphoric: frozenset[str]
    # mood
    subjunctive: frozenset[str]
    reportative: frozenset[str]
    mood_words: re.Pattern[str]  # subjunctive or reportative forms
    # roles and names
    role_nouns: frozenset[str]  # as written (German) or lowercase (English)
    role_nouns_lower: frozenset[str]
    role_suffixes: tuple[str, ...]
    honorifics: frozenset[str]
    organisations: frozenset[str]
    given_names: dict[str, str]  # name -> "m" | "f" | "?"

    @property
    def has_mood(self) -> bool:
        """Whether the language marks reported speech by verb mood (Konjunktiv)."""
        return bool(self.subjunctive)

    def is_role(self, word: str) -> bool:
        """A role noun as written, or a compound ending in a role head (Nato-Generalsekretär)."""
        if word in self.role_nouns or word.lower() in self.role_nouns_lower:
            return True
        if not word[:1].isupper() or len(word) < 5:
            return False
        low = word.lower()
        return any(low.endswith(s) and len(low) > len(s) + 2 for s in self.role_suffixes)


def _closers(pairs: list[list[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for opening, closing in pairs:
        out.setdefault(opening, set()).add(closing)
    return {k: frozenset(v) for k, v in out.items()}


def _marks_pattern(closers: dict[str, frozenset[str]]) -> re.Pattern[str]:
    chars = set(closers) | {c for cs in closers.values() for c in cs}
    singles = sorted({c for c in chars if len(c) == 1})
    doubles = sorted({c for c in chars if len(c) > 1}, key=len, reverse=True)
    parts = [re.escape(d) for d in doubles] + ["[" + "".join(re.escape(c) for c in singles) + "]"]
    return re.compile("|".join(parts) + r"|\n")


def _pronouns(section: dict[str, Any]) -> dict[str, frozenset[str]]:
    classes = {"masculine": "m", "feminine": "f", "plural": "p", "neuter": "n", "first_person": "1"}
    out: dict[str, set[str]] = {}
    for key, tag in classes.items():
        for word in section.get(key, []):
            out.setdefault(word, set()).add(tag)
    return {k: frozenset(v) for k, v in out.items()}


def _names(section: dict[str, Any]) -> dict[str, str]:
    male, female = set(section.get("male", [])), set(section.get("female", []))
    out = {n: "m" for n in male - female}
    out.update({n: "f" for n in female - male})
    out.update({n: "?" for n in male & female})
    return out


def _words(lex: dict[str, Any], key: str) -> frozenset[str]:
    return expand_all(lex.get("words", {}).get(key, []))


@cache
def grammar(code: str) -> Grammar:
    """The compiled grammar of language ``code`` (``KeyError`` when there is no lexicon)."""
    lex = lexicon.load(code)
    quotes, cues, sources, mood, roles = (
        lex.get(k, {}) for k in ("quotes", "cues", "sources", "mood", "roles")
    )
    closers = _closers(quotes.get("pairs", []))
    verbs = expand_all(cues.get("verbs", []))
    particles: dict[str, set[str]] = {}
    for forms, particle in cues.get("separable", []):
        for form in expand(forms):
            particles.setdefault(form, set()).add(particle)
    subjunctive = expand_all(mood.get("subjunctive", []))
    reportative = expand_all(mood.get("reportative", []))
    role_nouns = frozenset(roles.get("nouns", []))
    return Grammar(
        code=code,
        closers=closers,
        marks=_marks_pattern(closers),
        symmetric=frozenset(o for o, cs in closers.items() if o in cs),
        apostrophes=frozenset(quotes.get("apostrophes", [])),
        abbreviations=frozenset(lex.get("sentences", {}).get("abbreviations", [])),
        ordinal_next=frozenset(lex.get("sentences", {}).get("ordinal_next", [])),
        nouns_capitalised=bool(lex.get("words", {}).get("nouns_capitalised", False)),
        verb_second=bool(lex.get("words", {}).get("verb_second", False)),
        reported_span=str(cues.get("reported_span", "sentence")),
        determiners=_words(lex, "determiners"),
        prepositions=_words(lex, "prepositions"),
        adverbs=_words(lex, "adverbs"),
        auxiliaries=_words(lex, "auxiliaries"),
        conjunctions=_words(lex, "conjunctions"),
        passive=_words(lex, "passive"),
        agent=_words(lex, "agent"),
        progressive=tuple(lex.get("words", {}).get("progressive", [])),
        complementizers=_words(lex, "complementizers"),
        relatives=_words(lex, "relatives"),
        expletives=_words(lex, "expletives"),
        np_inner=_words(lex, "np_inner"),
        not_speaker=_words(lex, "not_speaker"),
        pronoun_class=_pronouns(lex.get("pronouns", {})),
        plural_endings=tuple(lex.get("pronouns", {}).get("plural_endings", [])),
        cue_words=_alternation(verbs | set(particles)),
        cue_phrases=_alternation(cues.get("phrases", []), re.IGNORECASE),
        impersonal=_alternation(cues.get("impersonal", []), re.IGNORECASE),
        verbs=verbs,
        particles={k: frozenset(v) for k, v in particles.items()},
        reported=expand_all(cues.get("reported", [])),
        addressee=expand_all(cues.get("addressee", [])),
        source_before=_alternation(sources.get("before", []), re.IGNORECASE),
        source_after=_alternation(sources.get("after", []), re.IGNORECASE),
        after_content=frozenset(sources.get("after_content", [])),
        as_clause=frozenset(sources.get("as_clause", [])),
        anaphoric=frozenset(sources.get("anaphoric", [])),
        subjunctive=subjunctive,
        reportative=reportative,
        mood_words=_alternation(subjunctive | reportative),
        role_nouns=role_nouns,
        role_nouns_lower=frozenset(n.lower() for n in role_nouns if n.islower() or " " in n),
        role_suffixes=tuple(roles.get("suffixes", [])),
        honorifics=frozenset(roles.get("honorifics", [])),
        organisations=frozenset(roles.get("organisations", [])),
        given_names=_names(lex.get("names", {})),
    )

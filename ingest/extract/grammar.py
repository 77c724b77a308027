"""A language's lexicon compiled for the engine: word sets and regular expressions.

Everything language-specific the extractor knows comes from ``ingest/lexicon/<code>.toml``;
this module turns it into sets and patterns once per process (``grammar(code)`` is cached).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ahocorasick_rs import BytesAhoCorasick, Implementation

from ingest import lexicon
from ingest.names import particles as name_particles

_BRACES: Final = re.compile(r"\{([^{}]*)\}")


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


def trie_regex(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, factored as a trie so that the regex
    engine never tries hundreds of alternatives at one position; longer words win. A space
    in a word matches any run of whitespace."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in " ".join(word.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # an optional tail as a branch with an empty second choice: the same matches (the tail
        # first), and the regex engine runs a branch faster than a repeat
        return f"(?:{body}|)" if "" in node else body

    return emit(trie)


def _capitalised(word: str) -> Iterator[str]:
    """``word`` and its variants with any of its parts capitalised (nach angaben → Nach Angaben)."""
    parts = word.split()
    if len(parts) > 4:
        yield word
        return
    for mask in range(1 << len(parts)):
        yield " ".join(p[:1].upper() + p[1:] if mask >> i & 1 else p for i, p in enumerate(parts))


VERB: Final = "verb"
PHRASE: Final = "phrase"
IMPERSONAL: Final = "impersonal"
MOOD: Final = "mood"
GIVEN: Final = "given"
SOURCE_BEFORE: Final = "source_before"
SOURCE_AFTER: Final = "source_after"
ANAPHORIC: Final = "anaphoric"
AFTER_CONTENT: Final = "after_content"
SOURCE_NOUN: Final = "source_noun"

# Every character ``\s`` matches (they all lie below U+3001)
SPACES: Final = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())

# Characters besides the plain space after which a keyword may start (and the start of the
# text): the other spaces, opening quotation marks, brackets and the slash
KEYWORD_AFTER_OTHER: Final = SPACES.replace(" ", "") + '„“"»«‚‘›‹([/'


def _keyword_kinds(
    exact: dict[str, Iterable[str]], any_case: dict[str, Iterable[str]]
) -> dict[str, set[str]]:
    """Keyword as it may be written -> its kinds (phrases also capitalised, spaces single)."""
    out: dict[str, set[str]] = {}
    for kind, words in exact.items():
        for w in words:
            if w.strip():
                out.setdefault(" ".join(w.split()), set()).add(kind)
    for kind, words in any_case.items():
        for w in words:
            for variant in _capitalised(" ".join(w.split())):
                out.setdefault(variant, set()).add(kind)
    return out


def _keyword_pattern(kinds: dict[str, set[str]]) -> re.Pattern[str]:
    """Every keyword as a trie, the longest that ends before anything but a letter, digit
    or hyphen; group 1 is the keyword."""
    if not kinds:
        return re.compile(r"(?!x)x")
    return re.compile("(" + trie_regex(kinds) + r")(?![\w-])")


def _after_space(words: tuple[str, ...]) -> BytesAhoCorasick:
    """An Aho-Corasick automaton of every keyword after a space, over the scan's view of a
    text (one byte per character, ``ingest.extract.scan``): pattern ``i`` is ``" " +
    words[i]`` in Latin-1, a character beyond it as ``?``. One pass finds them all,
    overlapping ones too. The contiguous automaton takes under a megabyte; the table-driven
    one takes ten and scans the news no faster."""
    patterns = [(" " + w).encode("latin-1", "replace") for w in words]
    return BytesAhoCorasick(patterns, implementation=Implementation.ContiguousNFA)


def _checked(words: tuple[str, ...]) -> tuple[bool, ...]:
    """Which keywords the scan's view cannot tell alone: phrases (a space in the view may
    stand for another character) and words with a ``?`` or a character beyond Latin-1 (the
    view writes every such character as ``?``)."""
    return tuple(" " in w or "?" in w or max(w, default=" ") > "\xff" for w in words)


def keyword_fields(kinds: dict[str, set[str]]) -> dict[str, Any]:
    """The grammar's fields for the keyword scan, from every keyword and its kinds."""
    words = tuple(kinds)
    heads = _phrase_heads(kinds)
    return {
        "keyword_list": words,
        "keywords": _after_space(words),
        "keyword_checked": _checked(words),
        "keyword_at": _keyword_pattern(kinds),
        "keyword_kinds": {k: frozenset(v) for k, v in kinds.items()},
        "phrase_heads": heads,
        "longest_head": max((len(h) for hs in heads.values() for h in hs), default=0),
    }


def _phrase_heads(words: Iterable[str]) -> dict[str, frozenset[str]]:
    """The opening words of every phrase among ``words`` (nach, nach eigener for nach eigener
    Aussage), by their last word."""
    out: dict[str, set[str]] = {}
    for w in words:
        parts = w.split(" ")
        for j in range(1, len(parts)):
            out.setdefault(parts[j - 1], set()).add(" ".join(parts[:j]))
    return {last: frozenset(heads) for last, heads in out.items()}


def keyword(match: str) -> str:
    """The lookup key of a matched keyword (runs of spaces made single)."""
    # split() knows every space: a no-break space between a phrase's words once failed here
    return " ".join(match.split()) if not match.isalnum() else match


def word_char(ch: str) -> bool:
    """Whether ``ch`` is a letter, digit or underscore (what ``\\w`` matches)."""
    return ch.isalnum() or ch == "_"


def joins_word(ch: str) -> bool:
    """Whether ``ch`` belongs to a word a keyword cannot end inside: a letter, digit,
    underscore or hyphen (what ``[\\w-]`` matches)."""
    return word_char(ch) or ch == "-"


@dataclass(frozen=True, slots=True)
class Grammar:
    """What the engine knows about one language."""

    code: str
    # quotation marks
    closers: dict[str, frozenset[str]]  # opening mark -> accepted closing marks
    mark_starts: str  # the first character of every mark, and the line break
    single_marks: frozenset[str]  # marks of one character
    double_marks: tuple[str, ...]  # marks of several characters ('' ``), longest first
    symmetric: frozenset[str]  # marks that both open and close
    closing_marks: frozenset[str]  # every mark that closes some quote
    apostrophes: frozenset[str]
    # sentences
    abbreviations: frozenset[str]
    ordinal_next: frozenset[str]
    # word order and spelling
    nouns_capitalised: bool
    adjective_endings: tuple[str, ...]  # endings of adjectives (never of a given name)
    noun_endings: tuple[str, ...]  # endings of abstract nouns (never of a name)
    adverb_suffixes: tuple[str, ...]  # endings that make a lower-case word an adverb (-ly)
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
    future: frozenset[str]
    infinitive_endings: tuple[str, ...]
    complementizers: frozenset[str]
    relatives: frozenset[str]
    expletives: frozenset[str]
    np_inner: frozenset[str]
    not_speaker: frozenset[str]
    name_breaks: frozenset[str]  # capitalised, these end a name (Ende, Monday, pronouns)
    addressee_articles: frozenset[str]  # articles opening an addressee after the speaker
    oblique_articles: frozenset[str]  # articles that never open a subject (den, dem)
    noun_markers: frozenset[str]  # words after which a cue form is a noun (the reports)
    name_particles: frozenset[str]  # lower-case words inside a surname (von der Leyen)
    adverbial_openers: frozenset[str]  # a prefield opening with one is no subject (Als Grund)
    past_endings: tuple[str, ...]  # a lower-case word after a name ending so is a verb
    past_forms: frozenset[str]  # irregular past forms that follow a name (Trump spoke)
    # pronouns
    pronoun_class: dict[str, frozenset[str]]  # word -> {"m", "f", "p", "n", "1"}
    plural_endings: tuple[str, ...]
    # every word and phrase the engine looks for (see ``ingest.extract.scan``)
    keyword_list: tuple[str, ...]  # every keyword as written, in the automaton's order
    keywords: BytesAhoCorasick  # every keyword after a space, in the scan's view
    keyword_checked: tuple[bool, ...]  # keywords whose matches the text must confirm
    keyword_at: re.Pattern[str]  # the keyword starting where it is matched (group 1)
    keyword_kinds: dict[str, frozenset[str]]  # keyword as written -> its kinds
    phrase_heads: dict[str, frozenset[str]]  # last word -> the phrases' opening words ending so
    longest_head: int  # characters in the longest of those openings
    # cues
    verbs: frozenset[str]
    particles: dict[str, frozenset[str]]  # separable finite form -> particles
    reported: frozenset[str]
    addressee: frozenset[str]
    # sources
    after_content: frozenset[str]
    noun_prepositions: frozenset[str]
    noun_postpositions: frozenset[str]
    as_clause: frozenset[str]
    anaphoric: frozenset[str]
    media: frozenset[str]  # newspaper and broadcaster names, as written
    source_nouns: frozenset[str]  # what a source said or found (Angaben, Sicht, report)
    # mood
    subjunctive: frozenset[str]
    reportative: frozenset[str]
    mood_forms: frozenset[str]  # subjunctive and reportative forms together
    own_voice: frozenset[str]  # mood forms that do not alone continue a statement
    # roles and names
    role_nouns: frozenset[str]  # as written (German) or lowercase (English)
    role_nouns_lower: frozenset[str]
    role_compound: re.Pattern[str]  # a word ending in a role head, three letters before it
    role_cache: dict[str, bool]  # filled as words are seen (with organisation_cache, the
    # only state that grows; each keeps at most WORD_CACHE_LIMIT words)
    honorifics: frozenset[str]
    organisations: frozenset[str]
    organisation_compound: re.Pattern[str]  # an organisation head, or a word ending in one
    organisation_cache: dict[str, bool]  # capitalised words tried against the compound
    groups: frozenset[str]  # nouns for groups of people (Kritiker, critics): never a name
    naming: frozenset[str]  # cue verbs that name or call something (nennen, call)
    given_names: dict[str, str]  # name -> "m" | "f" | "?"

    @property
    def has_mood(self) -> bool:
        """Whether the language marks reported speech by verb mood (Konjunktiv)."""
        return bool(self.subjunctive)

    def is_organisation(self, word: str) -> bool:
        """An organisation noun as written, or a compound ending in one (Bundesverband)."""
        if word in self.organisations:
            return True
        if not word[:1].isupper():
            return False
        known = self.organisation_cache.get(word)
        if known is None:  # the compound pattern tries every split of the word: remembered
            known = self.organisation_compound.fullmatch(word.lower()) is not None
            _remember(self.organisation_cache, word, known)
        return known

    def is_role(self, word: str) -> bool:
        """A role noun as written, or a compound ending in a role head (Nato-Generalsekretär)."""
        known = self.role_cache.get(word)
        if known is None:
            known = word in self.role_nouns or word.lower() in self.role_nouns_lower
            if not known and word[:1].isupper() and len(word) >= 5:
                known = self.role_compound.fullmatch(word.lower()) is not None
            _remember(self.role_cache, word, known)
        return known


WORD_CACHE_LIMIT: Final = 100_000  # words a grammar's caches keep (open classes: names, nouns)


def _remember(cache: dict[str, bool], word: str, value: bool) -> None:
    if len(cache) < WORD_CACHE_LIMIT:
        cache[word] = value


def _closers(pairs: list[list[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for opening, closing in pairs:
        out.setdefault(opening, set()).add(closing)
    return {k: frozenset(v) for k, v in out.items()}


def _mark_set(closers: dict[str, frozenset[str]]) -> set[str]:
    """Every opening and closing mark."""
    return set(closers) | {c for cs in closers.values() for c in cs}


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


def _all_names() -> dict[str, str]:
    """Given names of every lexicon: people in the news are named alike in every language."""
    male: set[str] = set()
    female: set[str] = set()
    for code in lexicon.languages():
        section = lexicon.load(code).get("names", {})
        male.update(section.get("male", []))
        female.update(section.get("female", []))
    return _names({"male": sorted(male), "female": sorted(female)})


def _compound(heads: list[str], alone: bool = False) -> re.Pattern[str]:
    """A lower-case word ending in one of ``heads`` with three letters before it (or, with
    ``alone``, the head by itself); a pattern matching nothing without heads."""
    if not heads:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?:.{3,})" + ("?" if alone else "") + "(?:" + trie_regex(heads) + ")")


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
    names = _all_names()
    kinds = _keyword_kinds(
        {
            VERB: verbs | set(particles),
            MOOD: subjunctive | reportative,
            GIVEN: set(names),
            SOURCE_NOUN: set(sources.get("nouns", [])),
        },
        {
            PHRASE: cues.get("phrases", []),
            IMPERSONAL: cues.get("impersonal", []),
            SOURCE_BEFORE: sources.get("before", []),
            SOURCE_AFTER: sources.get("after", []),
            ANAPHORIC: sources.get("anaphoric", []),
            AFTER_CONTENT: sources.get("after_content", []),
        },
    )
    marks = _mark_set(closers)
    return Grammar(
        code=code,
        closers=closers,
        mark_starts="".join(sorted({m[0] for m in marks})) + "\n",
        single_marks=frozenset(m for m in marks if len(m) == 1),
        double_marks=tuple(sorted((m for m in marks if len(m) > 1), key=lambda m: (-len(m), m))),
        symmetric=frozenset(o for o, cs in closers.items() if o in cs),
        closing_marks=frozenset(c for cs in closers.values() for c in cs),
        apostrophes=frozenset(quotes.get("apostrophes", [])),
        abbreviations=frozenset(lex.get("sentences", {}).get("abbreviations", [])),
        ordinal_next=frozenset(lex.get("sentences", {}).get("ordinal_next", [])),
        nouns_capitalised=bool(lex.get("words", {}).get("nouns_capitalised", False)),
        adjective_endings=tuple(lex.get("words", {}).get("adjective_endings", [])),
        noun_endings=tuple(lex.get("words", {}).get("noun_endings", [])),
        adverb_suffixes=tuple(lex.get("words", {}).get("adverb_suffixes", [])),
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
        future=_words(lex, "future"),
        infinitive_endings=tuple(lex.get("words", {}).get("infinitive_endings", [])),
        complementizers=_words(lex, "complementizers"),
        relatives=_words(lex, "relatives"),
        expletives=_words(lex, "expletives"),
        np_inner=_words(lex, "np_inner"),
        not_speaker=_words(lex, "not_speaker"),
        addressee_articles=_words(lex, "addressee_articles"),
        oblique_articles=_words(lex, "oblique_articles"),
        noun_markers=_words(lex, "noun_markers"),
        name_particles=name_particles(),
        adverbial_openers=_words(lex, "adverbial_openers"),
        past_endings=tuple(lex.get("words", {}).get("past_endings", [])),
        past_forms=_words(lex, "past_forms"),
        name_breaks=_words(lex, "name_breaks")
        | frozenset(w for w in _pronouns(lex.get("pronouns", {})) if len(w) > 1),
        pronoun_class=_pronouns(lex.get("pronouns", {})),
        plural_endings=tuple(lex.get("pronouns", {}).get("plural_endings", [])),
        **keyword_fields(kinds),
        verbs=verbs,
        particles={k: frozenset(v) for k, v in particles.items()},
        reported=expand_all(cues.get("reported", [])),
        addressee=expand_all(cues.get("addressee", [])),
        after_content=frozenset(sources.get("after_content", [])),
        noun_prepositions=frozenset(sources.get("noun_prepositions", [])),
        noun_postpositions=frozenset(sources.get("noun_postpositions", [])),
        as_clause=frozenset(sources.get("as_clause", [])),
        anaphoric=frozenset(sources.get("anaphoric", [])),
        media=frozenset(sources.get("media", [])),
        source_nouns=frozenset(sources.get("nouns", [])),
        subjunctive=subjunctive,
        reportative=reportative,
        own_voice=expand_all(mood.get("own_voice", [])),
        mood_forms=subjunctive | reportative,
        role_nouns=role_nouns,
        role_nouns_lower=frozenset(n.lower() for n in role_nouns if n.islower() or " " in n),
        role_compound=_compound(roles.get("suffixes", [])),
        role_cache={},
        honorifics=frozenset(roles.get("honorifics", [])),
        organisations=frozenset(roles.get("organisations", [])),
        organisation_compound=_compound(roles.get("organisation_suffixes", []), alone=True),
        organisation_cache={},
        groups=frozenset(roles.get("groups", [])),
        naming=expand_all(cues.get("naming", [])),
        given_names=names,
    )

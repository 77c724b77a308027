"""Speaker names: what a name as written says about who speaks.

``parse_name("US-Verteidigungsminister Pete Hegseth")`` gives the person *Pete Hegseth*
(given name *Pete*, surname *Hegseth*) and the role *US-Verteidigungsminister*;
``parse_name("die Nato")`` the organisation *Nato*; ``parse_name("Dessen Presseleute")`` the
group *Presseleute*; ``parse_name("der Minister")`` nothing (a role without a name is no
identity). Everything language-specific is data: ``names.toml`` beside this module and the
``[roles]`` and ``[names]`` tables of the lexicons.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from ingest.lexicon import languages as lexicon_languages
from ingest.lexicon import load as load_lexicon

SpeakerKind = Literal["person", "organisation", "group", "document"]
KINDS: tuple[SpeakerKind, ...] = ("person", "organisation", "group", "document")

NAMES_FILE = Path(__file__).resolve().parent / "names.toml"

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_EDGE = "\"'„“”‚‘’«»‹›,;:!?()[]{}–—-/ "
_INITIAL = re.compile(r"^(?:[A-ZÄÖÜ]\.)+(?:-[A-ZÄÖÜ]\.)?$|^[A-ZÄÖÜ]$")
_ACRONYM = re.compile(r"^[A-ZÄÖÜ0-9&]{2,6}$")


_DASHES = re.compile(r"[-‐‑–_/]+")
_NOT_WORD = re.compile(r"[^\w .&]+")


@functools.lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Comparison form: case-folded, umlauts spelled out, other accents dropped, hyphens spaced."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = _NOT_WORD.sub("", _DASHES.sub(" ", text))
    return " ".join(text.replace(".", ". ").split()).replace(" .", ".")


# -- the data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameRules:
    """Everything the parser knows, loaded once from names.toml and the lexicons (folded)."""

    determiners: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    pronouns: frozenset[str]
    suffixes: frozenset[str]
    particles: frozenset[str]
    apostrophes: tuple[str, ...]
    role_nouns: frozenset[str]
    role_suffixes: tuple[str, ...]
    role_context: frozenset[str]
    organisation_words: frozenset[str]
    organisation_phrases: tuple[str, ...]
    organisation_suffixes: tuple[str, ...]
    generic_organisations: frozenset[str]
    group_words: frozenset[str]
    group_suffixes: tuple[str, ...]
    document_words: frozenset[str]
    document_suffixes: tuple[str, ...]
    spokesperson_words: frozenset[str]
    spokesperson_links: frozenset[str]
    indefinite: frozenset[str]
    given_male: frozenset[str]
    given_female: frozenset[str]
    given_variants: frozenset[tuple[str, str]]
    inflections: dict[str, tuple[str, ...]]


def _words(tables: list[dict[str, Any]], key: str) -> list[str]:
    out: list[str] = []
    for table in tables:
        value = table.get(key, [])
        if isinstance(value, list):
            out.extend(str(v) for v in value)
    return out


def _pronouns(lexicons: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for lex in lexicons:
        for value in lex.get("pronouns", {}).values():
            if isinstance(value, list):
                out.extend(str(v) for v in value)
    return out


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words if w.strip())


@cache
def names_data() -> dict[str, Any]:
    """``names.toml`` as read (once per process)."""
    with NAMES_FILE.open("rb") as fh:
        return tomllib.load(fh)


def _tables() -> list[dict[str, Any]]:
    """The ``[common]`` table of ``names.toml`` and the table of every language."""
    data = names_data()
    return [data.get("common", {})] + [data.get(lang, {}) for lang in lexicon_languages()]


@cache
def particles() -> frozenset[str]:
    """Lower-case words inside a surname, of every language (*von der* Leyen, *van* Gogh)."""
    return frozenset(_words(_tables(), "particles"))


@cache
def rules() -> NameRules:
    """The name rules of every language at once (names cross languages in news)."""
    data = names_data()
    langs = lexicon_languages()
    mine = _tables()
    lex = [load_lexicon(lang) for lang in langs]
    roles = [t.get("roles", {}) for t in lex]
    given = [t.get("names", {}) for t in lex]
    orgs = _words(mine, "organisation_words")
    variants = {
        (fold(a), fold(b)) for a, b in data.get("common", {}).get("given_name_variants", [])
    }
    return NameRules(
        determiners=_folded(_words(mine, "determiners")),
        titles=_folded(_words(mine, "titles")),
        honorifics=_folded(_words(mine, "honorifics")),
        pronouns=_folded(_words(mine, "pronouns") + _pronouns(lex)),
        suffixes=_folded(_words(mine, "suffixes")),
        particles=_folded(_words(mine, "particles")),
        apostrophes=tuple(_words(mine, "apostrophes")),
        role_nouns=_folded(_words(roles, "nouns")),
        role_suffixes=tuple(sorted({fold(s) for s in _words(roles, "suffixes")}, key=len)),
        role_context=_folded(_words(mine, "role_context")),
        organisation_words=_folded([o for o in orgs if " " not in o.strip()]),
        organisation_phrases=tuple(sorted({fold(o) for o in orgs if " " in o.strip()})),
        organisation_suffixes=tuple(fold(s) for s in _words(mine, "organisation_suffixes")),
        generic_organisations=_folded(_words(mine, "generic_organisations")),
        group_words=_folded(_words(mine, "group_words")),
        group_suffixes=tuple(fold(s) for s in _words(mine, "group_suffixes")),
        document_words=_folded(_words(mine, "document_words")),
        document_suffixes=tuple(fold(s) for s in _words(mine, "document_suffixes")),
        spokesperson_words=_folded(_words(mine, "spokesperson_words")),
        spokesperson_links=_folded(_words(mine, "spokesperson_links")),
        indefinite=_folded(["ein", "eine", "einer", "eines", "einem", "einen", "a", "an"]),
        given_male=_folded(_words(given, "male")),
        given_female=_folded(_words(given, "female")),
        given_variants=frozenset(variants | {(b, a) for a, b in variants}),
        inflections={
            lang: tuple(fold(e) for e in data.get(lang, {}).get("inflections", []))
            for lang in langs
        },
    )


# -- the parsed name -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A speaker name as written, understood.

    ``name`` is the clean display form (*Pete Hegseth*, *Nato*, *Presseleute*); ``key`` its
    comparison form. For people, ``given`` holds the folded given names or initials (empty for
    a bare surname) and ``surname`` the folded surname with its particles (*von der leyen*);
    ``block`` is the last word of the surname, the key candidates are compared within.
    """

    name: str
    kind: SpeakerKind
    key: str
    given: tuple[str, ...] = ()
    surname: str = ""
    suffix: str = ""
    role: str | None = None

    @property
    def block(self) -> str:
        return self.surname.rsplit(" ", 1)[-1] if self.surname else self.key

    @property
    def is_full(self) -> bool:
        """A person named with a given name (not only an initial)."""
        return bool(self.given) and len(self.given[0].rstrip(".")) > 1


def _strip_token(token: str) -> str:
    return token.strip(_EDGE)


@functools.lru_cache(maxsize=1 << 16)
def _role_word(folded: str) -> bool:
    r = rules()
    if folded in r.role_nouns or folded in r.role_context:
        return True
    last = folded.rsplit(" ", 1)[-1]  # US-Verteidigungsminister → verteidigungsminister
    if last in r.role_nouns or last in r.role_context:
        return True
    return last.endswith(r.role_suffixes) and last not in r.role_suffixes


def _is_role_token(folded: str, r: NameRules) -> bool:
    return _role_word(folded)


def _ends_with(folded: str, words: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    last = folded.rsplit(" ", 1)[-1]
    if folded in words or last in words:
        return True
    # a compound has at least three letters before its head (Flüchtlingsrat, not Murat)
    return bool(suffixes) and any(
        last.endswith(sfx) and len(last) - len(sfx) >= 3 for sfx in suffixes
    )


_CASE_ENDINGS = ("es", "s")  # des Robert-Koch-Instituts, des Bundestages


def _uninflected(token: str, test: Callable[[str], bool]) -> str | None:
    """``token``, or its form without a genitive ending, whichever passes ``test``."""
    if test(fold(token)):
        return token
    for ending in _CASE_ENDINGS:
        if token.endswith(ending) and len(token) > len(ending) + 3:
            stem = token[: -len(ending)]
            if test(fold(stem)):
                return stem
    return None


def _possessive(token: str, r: NameRules) -> str:
    """Merkel's → Merkel, Hegseth’ → Hegseth (the written possessive, not German -s)."""
    for mark in r.apostrophes:
        if token.endswith(mark + "s") and len(token) > 3:
            return token[:-2]
        if token.endswith(mark) and len(token) > 2:
            return token[:-1]
    return token


def _name_like(token: str) -> bool:
    """Capitalised, and not a contraction (I'm, We'll)."""
    if not token[:1].isupper():
        return False
    for mark in "'’":
        at = token.find(mark)
        if 0 < at < len(token) - 1 and token[at + 1].islower():
            return False
    return True


def _name_run(tokens: list[str], r: NameRules) -> int:
    """Index where the name at the end of ``tokens`` begins (len(tokens) when there is none)."""
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1]
        low = fold(tok)
        if (i == len(tokens) and low in r.suffixes) or (
            i < len(tokens) and low in r.particles and not _name_like(tok)
        ):
            i -= 1
        elif (
            not _name_like(tok)
            or low in r.titles
            or low in r.honorifics
            or (i < len(tokens) and _is_role_token(low, r))
            or (i < len(tokens) and _sentence_end(tok, low, r))
        ):
            break  # a role, or a full stop ("… im Weißen Haus. Trump sagte"), ends the name
        else:
            i -= 1
    return i


def _sentence_end(token: str, folded: str, r: NameRules) -> bool:
    """A word with a full stop that is no initial, title or suffix ends a sentence."""
    if not token.endswith(".") or _INITIAL.match(token):
        return False
    return folded not in r.titles and folded not in r.suffixes and len(token) > 3


def _known_given(token: str, r: NameRules) -> bool:
    if _INITIAL.match(token):
        return True
    first = fold(token).split(" ", 1)[0]
    return first in r.given_male or first in r.given_female


def _person(tokens: list[str], role: str | None, r: NameRules) -> ParsedName | None:
    suffix = ""
    if tokens and fold(tokens[-1]) in r.suffixes:
        suffix, tokens = tokens[-1], tokens[:-1]
    if not tokens:
        return None
    # the surname: the last word with the particles right before it (von der Leyen)
    s = len(tokens) - 1
    while s > 0 and fold(tokens[s - 1]) in r.particles and not _name_like(tokens[s - 1]):
        s -= 1
    given = tuple(fold(t) for t in tokens[:s])
    surname = fold(" ".join(tokens[s:]))
    if not surname:
        return None
    name = " ".join([*tokens, suffix]) if suffix else " ".join(tokens)
    return ParsedName(
        name=name,
        kind="person",
        key=fold(name),
        given=given,
        surname=surname,
        suffix=fold(suffix),
        role=role,
    )


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    text = _PAREN.sub("", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(_EDGE)


def _content(tokens: list[str], r: NameRules) -> list[str]:
    """The tokens without leading determiners, titles and honorifics."""
    out = list(tokens)
    while out and fold(out[0]) in r.determiners:
        out.pop(0)
    return [t for t in out if fold(t) not in r.titles and fold(t) not in r.honorifics]


def _category(token: str, r: NameRules) -> tuple[SpeakerKind, str] | None:
    """The kind of speaker ``token`` heads, with the token uninflected (Instituts → Institut)."""
    return _token_category(token)


@functools.lru_cache(maxsize=1 << 16)
def _token_category(token: str) -> tuple[SpeakerKind, str] | None:
    r = rules()
    tests: list[tuple[SpeakerKind, frozenset[str], tuple[str, ...]]] = [
        ("organisation", r.organisation_words, r.organisation_suffixes),
        ("document", r.document_words, r.document_suffixes),
        ("group", r.group_words, r.group_suffixes),
    ]
    for kind, words, suffixes in tests:
        found = _uninflected(token, functools.partial(_ends_with, words=words, suffixes=suffixes))
        if found is not None:
            return kind, found
    return None


def _collective(content: list[str], r: NameRules) -> ParsedName | None:
    """The organisation, group or document ``content`` names, if it names one."""
    if not content:
        return None
    folded = fold(" ".join(content))
    if any(f" {p} " in f" {folded} " for p in r.organisation_phrases):
        return _organisation(content)
    for i, token in enumerate(content):
        found = _category(token, r)
        if found is None:
            continue
        kind, head = found
        if kind == "organisation":
            return _organisation([*content[:i], head, *content[i + 1 :]])
        return ParsedName(name=head, kind=kind, key=fold(head))
    if len(content) == 1 and _ACRONYM.match(content[0]) and not _INITIAL.match(content[0]):
        return _organisation(content)
    return None


def _organisation(content: list[str]) -> ParsedName:
    name = " ".join(content)
    return ParsedName(name=name, kind="organisation", key=fold(name))


def _spokesperson_for(content: list[str], r: NameRules) -> tuple[bool, ParsedName | None]:
    """'ein Sprecher des Innenministeriums' → (True, the organisation it speaks for);
    'ein Sprecher von Merkel' → (True, None): an unnamed person speaking for someone."""
    for i, tok in enumerate(content[:-1]):
        if fold(tok) in r.spokesperson_words and fold(content[i + 1]) in r.spokesperson_links:
            org = _collective(_content(content[i + 2 :], r), r)
            return True, org if org is not None and org.kind == "organisation" else None
    return False, None


def _parse_segment(segment: str, r: NameRules) -> ParsedName | None:
    tokens = [_possessive(_strip_token(t), r) for t in segment.split()]
    tokens = [t for t in tokens if t]
    content = _content(tokens, r)
    if not content or (len(content) == 1 and fold(content[0]) in r.pronouns):
        return None
    indefinite = fold(tokens[0]) in r.indefinite
    spokesperson, organisation = _spokesperson_for(content, r)
    if spokesperson:
        return organisation
    start = _name_run(content, r)
    run, before = content[start:], content[:start]
    role = " ".join(before) if any(_is_role_token(fold(t), r) for t in before) else None
    if len(run) > 2:
        run = _from_given_name(run, r)
    if run and _known_given(run[0], r) and len(run) > 1 and _category(run[-1], r) is None:
        return _person(run, role, r)
    found = _collective(content, r)
    if found is not None:
        return None if indefinite and found.kind == "group" else found
    if not run or (indefinite and len(run) == 1):
        return None
    if len(run) == 1 and _is_role_token(fold(run[0]), r):
        return None
    return _person(run, role, r)


def _from_given_name(run: list[str], r: NameRules) -> list[str]:
    """Drop capitalised context before the first known given name (State Mike Pompeo)."""
    for i, tok in enumerate(run[:-1]):
        if _known_given(tok, r):
            return run[i:]
    return run[-3:]


def _rank(p: ParsedName | None) -> int:
    if p is None:
        return 0
    if p.kind == "person":
        return 4 if p.is_full else 3
    return 2


@cache
def parse_name(raw: str | None) -> ParsedName | None:
    """What a speaker name as written says, or None when it names nobody (pronoun, bare role).

    Appositions are looked through: of *Der Leiter des Programms, Klaus Stöhr* the part that
    names a person is taken.
    """
    if not raw:
        return None
    text = _clean(raw)
    if not text:
        return None
    r = rules()
    best: ParsedName | None = None
    for segment in re.split(r",|\s[–—-]\s", text):
        parsed = _parse_segment(segment.strip(), r)
        if parsed is None or not (parsed.kind == "person" and parsed.is_full):
            parsed = _person_in_chunks(segment, r) or parsed
        if _rank(parsed) > _rank(best):
            best = parsed
    return best


def parse_exact_name(written: str) -> ParsedName | None:
    """A name known to be a name (a registry entry): no part of it is read as a role, so
    *Melinda French Gates* stays Melinda French Gates and never becomes a bare *Gates*."""
    parsed = parse_name(written)
    if parsed is None or parsed.kind != "person" or parsed.role is None:
        return parsed
    tokens = [t for t in (_strip_token(t) for t in _clean(written).split()) if t]
    return _person(tokens, None, rules()) or parsed


def _person_in_chunks(segment: str, r: NameRules) -> ParsedName | None:
    """A person named in a longer phrase: *Physiker Sebastian Pflugbeil im Saal des …*,
    *Hassan Rouhani of Iran* — the phrase cut where a lower-case word (not a particle) stands."""
    chunk: list[str] = []
    chunks: list[list[str]] = []
    for token in segment.split():
        if token[:1].islower() and fold(token) not in r.particles:
            chunks.append(chunk)
            chunk = []
        else:
            chunk.append(token)
    chunks.append(chunk)
    if len(chunks) < 2:
        return None
    for tokens in chunks:
        parsed = _parse_segment(" ".join(tokens), r) if tokens else None
        if parsed is not None and parsed.kind == "person" and parsed.is_full:
            return parsed
    return None


def is_generic(parsed: ParsedName) -> bool:
    """A speaker that names a kind, not one entity (*Kritiker*, *der Bericht*, *die Polizei*):
    the same words in two articles need not mean the same speaker."""
    if parsed.kind in ("group", "document"):
        return True
    return parsed.kind == "organisation" and parsed.key in rules().generic_organisations


def role_key(role: str | None) -> str | None:
    """A role's comparison form: its last word folded (US-Verteidigungsminister → minister…)."""
    if not role:
        return None
    words = [w for w in fold(role).split() if w not in rules().determiners]
    return words[-1] if words else None


def given_gender(folded: str) -> str | None:
    r = rules()
    male, female = folded in r.given_male, folded in r.given_female
    if male == female:
        return None
    return "m" if male else "f"


def strip_inflection(word: str, language: str | None) -> list[str]:
    """Shorter forms ``word`` may be an inflection of (Merkels → Merkel), longest first."""
    endings = rules().inflections.get(language or "", ())
    return [word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= 3]


def cologne(word: str) -> str:
    """Kölner Phonetik: one code for spellings that sound alike (Selenskyj, Zelensky)."""
    w = "".join(c for c in fold(word) if c.isalpha())
    raw = "".join(
        _cologne_code(c, w[i - 1] if i else "", w[i + 1] if i + 1 < len(w) else "", i == 0)
        for i, c in enumerate(w)
    )
    collapsed = "".join(c for i, c in enumerate(raw) if i == 0 or c != raw[i - 1])
    return collapsed[:1] + collapsed[1:].replace("0", "")


_COLOGNE_SIMPLE = {
    **dict.fromkeys("aeijouy", "0"),
    "h": "",
    "b": "1",
    **dict.fromkeys("fvw", "3"),
    **dict.fromkeys("gkq", "4"),
    "l": "5",
    **dict.fromkeys("mn", "6"),
    "r": "7",
    **dict.fromkeys("sz", "8"),
}


def _cologne_code(c: str, prev: str, nxt: str, first: bool) -> str:
    if c in _COLOGNE_SIMPLE:
        return _COLOGNE_SIMPLE[c]
    if c == "p":
        return "3" if nxt == "h" else "1"
    if c in "dt":
        return "8" if nxt in "csz" else "2"
    if c == "x":
        return "8" if prev in "ckq" else "48"
    if c == "c":
        if first:
            return "4" if nxt in "ahkloqrux" else "8"
        return "8" if prev in "sz" or nxt not in "ahkoqux" else "4"
    return ""

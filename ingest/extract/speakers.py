"""Speakers within one article: who a mention refers to, and the role written beside them.

People are registered from full names in the text (a known given name followed by capitalised
words, or any name a frame names as speaker). A surname alone resolves to the full name first
mentioned; a role noun (*der Minister*, *the senator*) to the latest person holding a role with
the same head; a pronoun to the running speaker or the latest person it agrees with, and only
when that choice is clear. Anything unclear resolves to nothing: a wrong speaker is worse than
a missing one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Final

from ingest.extract import mentions
from ingest.extract.grammar import GIVEN, Grammar
from ingest.extract.mentions import Mention
from ingest.extract.scan import Hit
from ingest.extract.tokens import (
    ArticleTokens,
    Tok,
    tokenize,
    word_before,
)

PRONOUN_WINDOW: Final = 600  # characters back from a pronoun in which its antecedent must stand
_APPOSED_NAME: Final = re.compile(
    r",[ \t]+([^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){1,2})[ \t]*(?=[,.;:)]|$)"
)
_ROMAN: Final = re.compile(r"[IVX]+")
_NAME_TAIL: Final = re.compile(r"(?:[ \t]+(?:[A-Z]\.[ \t]+)?[^\W\d_][\w'’.-]*){1,3}")


@dataclass
class Person:
    name: str
    surname: str
    gender: str  # m | f | ?
    role: str | None
    seen: list[int] = field(default_factory=list)  # offsets where the person is mentioned
    role_from: list[int] = field(default_factory=list)  # full-name mentions, roles read lazily


class Resolution:
    """Who a mention resolves to. (Compiled, a small class is a C struct, made and read
    without tuple calls.)"""

    __slots__ = ("certainty", "person", "role", "speaker")

    def __init__(
        self, speaker: str | None, role: str | None, person: Person | None, certainty: float
    ) -> None:
        self.speaker = speaker
        self.role = role
        self.person = person
        self.certainty = certainty  # 1.0 for a name, lower for role nouns and pronouns


_NAME_WORDS: Final[
    dict[str, dict[str, bool]]
] = {}  # language -> word -> whether it can be a name's
_NAME_WORDS_LIMIT: Final = 100_000


def _is_name_word(w: str, g: Grammar) -> bool:
    """Whether ``w`` can be part of a person's name (remembered per word)."""
    cache = _NAME_WORDS.get(g.code)
    if cache is None:
        cache = _NAME_WORDS[g.code] = {}
    known = cache.get(w)
    if known is None:
        known = _name_word(w, g)
        if len(cache) < _NAME_WORDS_LIMIT:
            cache[w] = known
    return known


def _name_word(w: str, g: Grammar) -> bool:
    low = w.lower()
    return (
        w[:1].isupper()
        and low not in g.determiners
        and low not in g.not_speaker
        and low not in g.prepositions
        and low not in g.conjunctions
        and low not in g.mood_forms  # "Hätte Drews gefragt": a verb, not a given name
        and low not in g.name_breaks
        and not g.is_role(w)
        and w not in g.honorifics
        and w not in g.organisations
    )


def _surname_word(w: str, g: Grammar) -> bool:
    """Whether ``w`` can continue a name after its first word: a name word, or a capitalised
    Konjunktiv form, which opens no name but ends some (*Frank-Jürgen Weise*)."""
    return _is_name_word(w, g) or (w[:1].isupper() and w.lower() in g.mood_forms)


class Registry:
    """The people of one article, in order of first mention."""

    def __init__(
        self,
        text: str,
        g: Grammar,
        toks: ArticleTokens,
        hits: list[Hit],
        quoted: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        # direct quotes: a name inside someone's words is no antecedent outside them
        self.quoted = sorted(quoted or [])
        self.g = g
        self.toks = toks
        self.hits = hits
        self.people: list[Person] = []
        self._by_name: dict[str, Person] = {}
        self._scan_names()

    # --- building -------------------------------------------------------------------------

    def _scan_names(self) -> None:
        text = self.text
        for h in self.hits:
            if GIVEN not in h.kinds or not text.startswith((" ", "\t"), h.end):
                continue
            words = self._name_words(h.text, h.end)
            if len(words) < 2:
                continue
            person = self.add(words, h.start, None)
            if person.role is None:
                person.role_from.append(h.start)
        self._located = False  # surname positions are looked up when first needed

    def _name_words(self, given: str, pos: int) -> list[str]:
        tail = _NAME_TAIL.match(self.text, pos)
        words = [given]
        pending: list[str] = []  # particles waiting for their surname (von der …)
        particles: bool | None = None  # whether particles may follow (not: am Rand von)
        if tail:
            for w in tail.group().split():
                if _is_initial_word(w):
                    continue
                w = w.rstrip(".'’")
                if self._particle(words, pending, w):
                    if particles is None:
                        particles = not self._after_article(pos - len(given))
                    if particles:
                        pending.append(w)
                        continue
                if not w or not _surname_word(w, self.g) or w in self.g.verbs:
                    break
                if not _continues_name(words, w, self.g):
                    break
                words += [*pending, w]
                pending = []
        return self._trim_tail(words)

    def _after_article(self, start: int) -> bool:
        """Whether the word before ``start`` is an article, a preposition or an adjective
        (*am östlichen Rand*): a capitalised noun, not a given name, may follow it."""
        w = word_before(self.text, start)
        if w is None:
            return False
        g = self.g
        return w.islower() and (
            w in g.determiners
            or w in g.prepositions
            or (w.endswith(g.adjective_endings) and w not in g.verbs)
        )

    def _particle(self, words: list[str], pending: list[str], w: str) -> bool:
        """Whether ``w`` is a surname particle after the given names ``words`` (*Ursula von
        der Leyen*); an article cannot open the particles (*sagte Angela der Zeitung*)."""
        g = self.g
        return (
            w in g.name_particles
            and (pending or w not in g.determiners)
            and len(pending) < 2
            # given names only, of one gender: Greg Kelly von Newsmax has a surname already
            and len({g.given_names.get(x, "") for x in words}) == 1
            and words[0] in g.given_names
        )

    def _trim_tail(self, words: list[str]) -> list[str]:
        """A name of three or more words ends at its last word the article also uses alone
        (*der Pilot Charles Riggs Probleme* … *Riggs* → Charles Riggs), when its own last word
        stands nowhere else: a surname recurs, a noun caught behind a name need not."""
        if len(words) < 3 or _ROMAN.fullmatch(words[-1]) or self._alone(words[-2], words[-1], ""):
            return words
        for k in range(len(words) - 2, 0, -1):
            if words[k] in self.g.name_particles:
                continue  # a particle stays with its surname (von der Leyen)
            if self._alone(words[k - 1], words[k], words[k + 1]):
                return words[: k + 1]
        return words

    def _alone(self, before: str, word: str, after: str) -> bool:
        """Whether ``word`` stands in the text somewhere neither right after ``before`` nor
        right before ``after`` (*Riggs sagte*, not *Bon Jovi*)."""
        text, n = self.text, len(word)
        pos = text.find(word)
        while pos >= 0:
            end = pos + n
            if (
                not (pos and (text[pos - 1].isalnum() or text[pos - 1] == "-"))
                and not (end < len(text) and (text[end].isalnum() or text[end] == "-"))
                and not text.endswith(before + " ", 0, pos)
                and not (after and text.startswith(" " + after, end))
            ):
                return True
            pos = text.find(word, end)
        return False

    def _role_before(self, pos: int) -> str | None:
        toks = tokenize(self.text, max(0, pos - 80), pos)
        return role_before(toks, len(toks), self.g)

    def role(self, person: Person) -> str | None:
        """The role written beside the person's name (read once, when first asked for)."""
        while person.role is None and person.role_from:
            person.role = self._role_before(person.role_from.pop(0))
        return person.role

    def add(self, words: list[str], pos: int, role: str | None) -> Person:
        name = " ".join(words)
        person = self._by_name.get(name) or self._by_name.get(words[-1])
        if person is not None and (person.name == name or person.name.endswith(" " + name)):
            if role and not person.role:
                person.role = role
            person.seen.append(pos)
            return person
        gender = self.g.given_names.get(words[0], "?") if len(words) > 1 else "?"
        person = Person(name, words[-1], gender, role, [pos])
        self.people.append(person)
        self._by_name.setdefault(name, person)
        self._by_name.setdefault(words[-1], person)
        return person

    def _locate(self) -> None:
        """Every position where a registered person is mentioned (for pronouns, role nouns)."""
        if not self._located:
            self._located = True
            for person in self.people:
                self._find_mentions(person)
                if self.quoted:
                    person.seen = [q for q in person.seen if not self._in_quote(q)]

    def _in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted, (pos, len(self.text))) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    def _find_mentions(self, person: Person) -> None:
        text, word = self.text, person.surname
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            before = text[pos - 1] if pos else " "
            after = text[end] if end < len(text) else " "
            bounded = not (before.isalnum() or before == "-" or after.isalnum() or after == "-")
            if bounded and pos not in person.seen:
                person.seen.append(pos)
            pos = text.find(word, end)
        person.seen.sort()

    # --- resolving ------------------------------------------------------------------------

    def resolve(self, m: Mention, previous: Resolution | None) -> Resolution:
        if m.kind == mentions.PRONOUN:
            return self._pronoun(m, previous)
        g = self.g
        toks = self.toks.between(m.start, m.end)
        words = [t.text for t in toks if t.is_word]
        name = self._name_in(toks)
        role = role_before(toks, len(toks), g) or self._apposition(m.end)
        if words and not words[-1][0].isupper() and not self.g.is_role(words[-1]):
            return Resolution(None, role, None, 0.8)  # a common noun heads it (the Obama team)
        if self._has_organisation(words) and (
            g.given_names.keys().isdisjoint(words) or self._named_organisation(toks)
        ):
            named, lead = self._named_after_role(toks)
            if not named:
                named, lead = self._name_apposition(m.end), _without_article(self.text, toks, g)
            if named:  # der agrarpolitische Sprecher der FDP-Fraktion, Gero Hocker
                role = role or lead
                person = self._person_for(named, m.start, role)
                return Resolution(person.name, role or self.role(person), person, 1.0)
            org = self._organisation(toks)
            return Resolution(org, role, None, 0.9 if org else 0.7)
        known = self._known(name)
        if known is not None:
            return Resolution(known.name, role or self.role(known), known, 1.0)
        if m.kind == mentions.NAME and name and (len(name) > 1 or self._may_be_surname(name[0])):
            person = self._person_for(name, m.start, role)
            return Resolution(person.name, role or self.role(person), person, 1.0)
        if m.kind == mentions.ROLE:
            named, lead = self._named_after_role(toks)
            if named:  # Representative Kweisi Mfume of Maryland's seventh district
                role = role or lead
                person = self._person_for(named, m.start, role)
                return Resolution(person.name, role or self.role(person), person, 1.0)
            holder = self._by_role(toks, m.start)
            if holder is not None:
                return Resolution(holder.name, role or self.role(holder), holder, 0.8)
            return Resolution(None, role, None, 0.8)
        org = self._organisation(toks)
        return Resolution(org, role, None, 0.9 if org else 0.7)

    def person_named(self, label: str, pos: int) -> Person | None:
        """The person an interview label names: someone the article names in full
        (*Schiffmann* for Bodo Schiffmann), or a full name opening with a known given name;
        else None (*ZEIT ONLINE*, *Frage*)."""
        words = label.split()
        known = self._known(words)
        if known is not None:
            return known if " " in known.name else None
        if len(words) > 1 and words[0] in self.g.given_names:
            return self._person_for(words, pos, None)
        return None

    def _may_be_surname(self, word: str) -> bool:
        """Whether a single capitalised word can be a person's surname: not an adverb
        capitalised at the start of a sentence (*Instead*), not a pronoun with a verb
        contracted to it (*He’s*, *I'm*). Endings tell little (Schlafly, Manning, King)."""
        low = word.lower()
        g = self.g
        if low in g.adverbs or low in g.conjunctions or low in g.pronoun_class:
            return False
        head, sep, _ = low.replace("’", "'").partition("'")
        return not (sep and head in g.pronoun_class)

    def _name_in(self, toks: list[Tok]) -> list[str]:
        """The name inside a mention: the run of name words that opens with a given name, else
        the run after the last comma (an apposition), else the last run."""
        runs: list[list[str]] = []
        current: list[str] = []
        opening = True  # the first run opens the mention (after articles)
        head: list[str] = []  # a name opening the mention with a phrase after it (X of Y)
        initial = False
        pending: list[str] = []  # surname particles after given names (von der …)
        for k, t in enumerate(toks):
            if initial:  # the full stop of a middle initial (Jeffrey D. Feltman)
                initial = False
                continue
            if current and _is_initial(toks, k):
                initial = True
                continue
            if (
                current
                and t.is_word
                and self._particle(current, pending, t.text)
                and not self._after_article(toks[max(0, k - len(current) - len(pending))].start)
            ):
                pending.append(t.text)
                continue
            if t.is_word and (
                _is_name_word(t.text, self.g) or (current and _surname_word(t.text, self.g))
            ):
                current += [*pending, t.text]
                pending = []
                continue
            pending = []
            if current:
                if opening and len(current) > 1 and t.low in self.g.prepositions:
                    head = current
                runs.append(current)
                current = []
                opening = False
            elif t.low not in self.g.determiners:
                opening = False
        if current:
            runs.append(current)
        if not runs:
            return []
        for run in runs:
            if run[0] in self.g.given_names and len(run) > 1:
                return self._trim_tail(_name_run(run, self.g))
            # a word before the given name describes the person (Physiker …, Jurist …)
            k = next((k for k, w in enumerate(run[:-1]) if w in self.g.given_names), 0)
            if k:
                return self._trim_tail(_name_run(run[k:], self.g))
        if head:  # Daan Kaakebeen of Smit Tak International of Rotterdam
            return self._trim_tail(_name_run(head, self.g))
        return _name_run(runs[-1], self.g)

    def _named_after_role(self, toks: list[Tok]) -> tuple[list[str], str | None]:
        """Two or more name words right after a comma or a role noun in the mention (*Sprecher
        der Union, Gero Hocker*; *Representative Kweisi Mfume of Maryland*), with the words
        before them as the role; else no name."""
        g = self.g
        for k in range(1, len(toks)):
            before = toks[k - 1]
            descriptor = self._descriptor(before)
            if not (
                before.text == "," or descriptor or (before.is_word and g.is_role(before.text))
            ):
                continue
            run: list[str] = []
            for t in toks[k:]:
                if not (t.is_word and _is_name_word(t.text, g)):
                    break
                run.append(t.text)
            if descriptor and k + len(run) < len(toks):
                continue  # after a plain noun, only a name closing the mention
            if len(run) >= 2:
                lead = toks[: k - 1] if before.text == "," else toks[:k]
                return _name_run(run, g), _without_article(self.text, lead, g)
        return [], None

    def _role_stripped(self, words: list[Tok]) -> list[Tok]:
        """An organisation's words without a lower-case role before them (*lead manager*
        LTCB International Ltd, *a spokesman for the* Copper Commission); a group before
        them stays (*members of Congress* are not Congress)."""
        g = self.g
        k = 0
        while k < len(words) - 1 and not words[k].is_cap:
            k += 1
        if g.nouns_capitalised or not any(g.is_role(w.text) for w in words[:k]):
            return words
        return words[k:]

    def _named_organisation(self, toks: list[Tok]) -> bool:
        """Whether a mention is an organisation named after a person: capitalised words only,
        the last an organisation word (*Robert Halmi Inc*, *Barack Obama Foundation*)."""
        g = self.g
        words = [t for t in toks if t.is_word and t.low not in g.determiners]
        return (
            not g.nouns_capitalised  # German roles and nouns are capitalised too
            and len(words) > 2
            and all(t.is_cap for t in words)
            and words[-1].text in g.organisations
        )

    def _descriptor(self, t: Tok) -> bool:
        """Whether ``t`` is a lower-case noun that can stand before a name (*icon*, *legend*
        in *Conservative icon Phyllis Schlafly*), in languages that write nouns in lower
        case."""
        g = self.g
        low = t.low
        return (
            not g.nouns_capitalised
            and t.is_word
            and t.text == low
            and low not in g.determiners
            and low not in g.prepositions
            and low not in g.conjunctions
            and low not in g.np_inner
            and low not in g.name_particles
            and low not in g.auxiliaries
            and not low.endswith(g.adverb_suffixes)
        )

    def _name_apposition(self, end: int) -> list[str]:
        """``der Sprecher der Union, Gero Hocker,``: a full name right after the mention,
        between a comma and the end of the clause."""
        m = _APPOSED_NAME.match(self.text, end)
        if m is None:
            return []
        words = m.group(1).split()
        if not _is_name_word(words[0], self.g) or not all(
            _surname_word(w, self.g) for w in words[1:]
        ):
            return []
        return _name_run(words, self.g)

    def _known(self, name: list[str]) -> Person | None:
        """A registered person named by the mention: by full name or by surname (*Hegseth*,
        *Genosse Palmer*); another given name before the same surname is someone else."""
        if not name:
            return None
        joined = " ".join(name)
        full = self._by_name.get(joined)
        if full is not None:
            return full
        person = self._by_name.get(name[-1])
        g = self.g
        # a given name opens it: a known one, or in languages that write nouns in lower case
        # any capitalised word that is no role (German descriptors are capitalised nouns)
        given = name[0] in g.given_names or not (g.nouns_capitalised or g.is_role(name[0]))
        if person is None or not given or name[0] in person.name.split():
            return person  # Genosse Palmer is Boris Palmer
        return None  # Maya Rockeymoore Cummings is not Elijah Cummings

    def _person_for(self, name: list[str], pos: int, role: str | None) -> Person:
        if len(name) == 1:
            person = self._by_name.get(name[0])
            if person is not None:
                return person
        for person in self.people:
            if person.name.endswith(" ".join(name)) and len(name) < len(person.name.split()):
                return person
        person = self.add(name, pos, role)
        if self._located:
            self._find_mentions(person)
        return person

    def _apposition(self, end: int) -> str | None:
        """``X, the NATO secretary general,``: a role right after the mention, between commas."""
        text = self.text
        if not text.startswith(",", end):
            return None
        stops = [p for p in (text.find(c, end + 1, end + 100) for c in ",.;") if p > 0]
        if not stops:
            return None
        close = min(stops)
        toks = self.toks.between(end + 1, close)
        words = [t for t in toks if t.is_word]
        g = self.g
        if (
            0 < len(words) <= 8
            and any(g.is_role(t.text) for t in words)
            and not any(t.text in g.verbs or t.low in g.mood_forms for t in words)
        ):
            return text[toks[0].start : toks[-1].end]
        return None

    def _by_role(self, toks: list[Tok], pos: int) -> Person | None:
        self._locate()
        heads = [t.low for t in toks if t.is_word and self.g.is_role(t.text)]
        if not heads:
            return None
        head = heads[-1]
        best: Person | None = None
        best_pos = -1
        for person in self.people:
            role = self.role(person)
            if not role or not role.lower().endswith(head):
                continue
            last = max((p for p in person.seen if p < pos), default=-1)
            if last > best_pos:
                best, best_pos = person, last
        return best

    def _has_organisation(self, words: list[str]) -> bool:
        """Whether an organisation noun stands among the words, as listed or as the head of a
        compound (*PKV-Verband*, *Landratsamt*; role nouns such as *Stadtrat* excepted)."""
        g = self.g
        return not g.organisations.isdisjoint(words) or any(
            g.is_organisation(w) and not g.is_role(w) for w in words
        )

    def _organisation(self, toks: list[Tok]) -> str | None:
        words = [t for t in toks if t.is_word]
        if not words:
            return None
        if self._has_organisation([t.text for t in words]) or (
            len(words) <= 3 and all(t.text.isupper() and len(t.text) > 1 for t in words[-1:])
        ):
            words = _source_stripped(words, self.g)
            words = self._role_stripped(words)
            if words:
                return self.text[words[0].start : words[-1].end]
        return None

    def _pronoun(self, m: Mention, previous: Resolution | None) -> Resolution:
        self._locate()
        classes = self.g.pronoun_class.get(m.text.lower(), frozenset())
        if "1" in classes or classes == {"p"}:
            return Resolution(None, None, None, 0.5)
        plural = "p" in classes and self._plural_verb(m)
        if plural:
            return Resolution(None, None, None, 0.5)
        genders = {c for c in classes if c in "mf"}
        if previous is not None and previous.person is not None:
            p = previous.person
            if (
                (p.gender in genders or p.gender == "?")
                and self._near(p, m.start)
                and not self._named_since(p, genders, m.start)
            ):
                return Resolution(p.name, self.role(p), p, 0.75)
        candidates = [
            (max(q for q in p.seen if q < m.start), p)
            for p in self.people
            if any(m.start - PRONOUN_WINDOW < q < m.start for q in p.seen)
            and (p.gender in genders or p.gender == "?")
        ]
        if not candidates:
            return Resolution(None, None, None, 0.5)
        candidates.sort(key=lambda c: c[0], reverse=True)
        known = [c for c in candidates if c[1].gender in genders]
        pick = known[0][1] if known else candidates[0][1]
        if pick.gender == "?" and " " not in pick.name:
            return Resolution(None, None, None, 0.5)  # a bare word (Airbus): no safe antecedent
        last_speaker = previous.person if previous is not None else None
        if last_speaker is not None and last_speaker.surname != pick.surname:
            later = next((q for q, p in candidates if p is last_speaker), -1)
            if later > max(q for q, p in candidates if p is pick):
                return Resolution(None, None, None, 0.5)  # the last speaker, named later
        if any(c[1] is not pick for c in (known or candidates)):
            return Resolution(None, None, None, 0.5)  # two people it could be: no guess
        return Resolution(pick.name, self.role(pick), pick, 0.7)

    def _named_since(self, p: Person, genders: set[str], pos: int) -> bool:
        """Whether another person the pronoun could refer to is named between ``p``'s last
        mention and ``pos`` (then the running speaker is not assumed)."""
        last = max((q for q in p.seen if q < pos), default=-1)
        return any(
            other is not p
            and (other.gender in genders or other.gender == "?")
            and any(last < q < pos for q in other.seen)
            for other in self.people
        )

    def _near(self, p: Person, pos: int) -> bool:
        return any(pos - 2 * PRONOUN_WINDOW < q < pos for q in p.seen)

    def _plural_verb(self, m: Mention) -> bool:
        """German "sie": plural when the finite verb next to it has a plural ending."""
        around = self.toks.between(max(0, m.start - 30), min(len(self.text), m.end + 30))
        near = [t for t in around if t.is_word and t.start != m.start and t.text in self.g.verbs]
        ends = self.g.plural_endings
        return bool(near) and all(t.text.endswith(ends) for t in near) if ends else False


def _source_stripped(words: list[Tok], g: Grammar) -> list[Tok]:
    """An organisation's words without articles and without a source noun before it:
    *Informationen der Deutschen Presse-Agentur*, *Sicht der Bundesregierung* name the
    agency and the government."""
    while words and words[0].low in g.determiners:
        words = words[1:]
    k = 0
    while k < len(words) and not words[k].is_cap:
        k += 1  # adjectives before the noun (nach ersten Angaben)
    if k + 2 < len(words) and words[k].text in g.source_nouns and words[k + 1].low in g.determiners:
        return words[k + 2 :]
    return words


def _without_article(text: str, toks: list[Tok], g: Grammar) -> str | None:
    """A role mention as written without its article (*agrarpolitische Sprecher der Union*)."""
    words = [t for t in toks if t.is_word]
    while words and words[0].low in g.determiners:
        words = words[1:]
    return text[words[0].start : words[-1].end] if words else None


def _is_initial_word(w: str) -> bool:
    """Whether ``w`` is an initial with its full stop (*J.*), as ``[A-Z]\\.`` matches it."""
    return len(w) == 2 and w[1] == "." and "A" <= w[0] <= "Z"


def _is_initial(toks: list[Tok], k: int) -> bool:
    """Whether toks[k] is an initial: one capital letter with a full stop after it."""
    w = toks[k].text
    return len(w) == 1 and w.isupper() and k + 2 < len(toks) and toks[k + 1].text == "."


def _name_run(run: list[str], g: Grammar) -> list[str]:
    """``run`` up to the first word that cannot continue the name before it."""
    for k in range(1, len(run)):
        if not _continues_name(run[:k], run[k], g):
            return run[:k]
    return run


def _continues_name(words: list[str], w: str, g: Grammar) -> bool:
    """Whether ``w`` can follow ``words`` in one name: not a word that ends names (*Ende*,
    *Er*), not a repeat (*Künzler Künzler*), not capitals after a name (*ZEIT ONLINE*)."""
    if w.lower() in g.name_breaks or w in words:
        return False
    capitals = w.isupper() and len(w) > 1 and not _ROMAN.fullmatch(w)  # not Elisabeth II
    return not capitals or words[0] not in g.given_names  # SPIEGEL ONLINE stays whole


def role_before(toks: list[Tok], hi: int, g: Grammar) -> str | None:
    """The role written just before a name (Nato-Generalsekretär Mark Rutte) in toks[:hi]."""
    k = hi
    while k > 0 and toks[k - 1].is_word and _is_name_word(toks[k - 1].text, g):
        k -= 1
    end = k
    while (
        k > 0
        and toks[k - 1].is_word
        and (
            g.is_role(toks[k - 1].text)
            or (
                k < end
                and toks[k - 1].is_cap
                and toks[k - 1].low not in g.determiners
                and not g.nouns_capitalised
            )
        )
    ):
        k -= 1
    if k == end:
        return None
    while (
        k > 0
        and toks[k - 1].is_word
        and not toks[k - 1].is_cap
        and (
            toks[k - 1].low not in g.determiners
            and toks[k - 1].low not in g.prepositions
            and toks[k - 1].low not in g.not_speaker
            and toks[k - 1].low not in g.conjunctions
            and toks[k - 1].low not in g.adverbs
            and toks[k - 1].text not in g.verbs
        )
    ):
        k -= 1
    return " ".join([t.text for t in toks[k:end]])

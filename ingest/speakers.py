"""Speakers as entities: one identity across articles, languages and name forms.

The extractor names the speaker of each statement as its article does (*Pete Hegseth*,
*Hegseth*, *US-Verteidigungsminister Pete Hegseth*, *die Nato*). This corpus pass turns
those names into speakers:

1. the registry (``data/speakers.csv``) first: a name or alias listed there is that speaker;
2. people named with a given name join when their surnames agree and their given names are
   compatible (*Pete*/*Peter*, *Wladimir*/*Vladimir*, *A.*/*Angela*); surnames are compared
   only within a block (the surname's last word, or its sound for transliterations such as
   *Selenskyj*/*Zelensky*), so the work grows with the corpus, not with its square;
3. a bare surname (*Merkel*, *Merkels*) joins the one person of that surname; where the
   corpus knows several (*Müller*), each statement decides by its article (which full name
   it contains), its role (*Entwicklungsminister*) or a clear majority, and otherwise stays a
   speaker of its own within its article — identities are kept apart rather than guessed;
4. organisations, groups and documents (*die Nato*, *Kritiker*, *the report*) join by name;
5. the speaker-level corrections (merge, split) are applied last.

Speaker ids are the registry's or slugs of canonical names (*pete-hegseth*), stable across
reingests. :func:`resolve` is the whole logic as a pure function; :func:`speakers_pass` runs
it over a snapshot.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz, process

from ingest.corrections import (
    SPEAKER_ACTIONS,
    Correction,
    CorrectionProblem,
    effective,
    load_corrections,
)
from ingest.names import (
    ParsedName,
    SpeakerKind,
    cologne,
    fold,
    given_gender,
    is_generic,
    parse_exact_name,
    parse_name,
    role_key,
    rules,
    strip_inflection,
)
from ingest.registry import RegistryEntry, load_registry, slug
from ingest.store import insert_rows

if TYPE_CHECKING:
    from ingest.build import BuildContext

log = logging.getLogger(__name__)

DOMINANCE = 5  # a bare surname goes to a person named 5 times as often as any other …
DOMINANCE_MIN = 20  # … who is named at least this often
GIVEN_SIMILAR = 80  # given names this similar (0–100) and of one gender may be one name
SURNAME_SIMILAR = 85  # surnames this similar and this long may be one surname spelt twice
SURNAME_MIN_LEN = 7
SURNAME_CROSS = 80  # … or this similar when the two are written in different languages


# -- inputs and results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameForm:
    """One distinct speaker name as the corpus writes it, with what the corpus says about it."""

    name: str
    language: str | None = None
    statements: int = 1
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    """One speaker entity."""

    speaker_id: str
    name: str
    kind: SpeakerKind
    aliases: tuple[str, ...] = ()
    source: str = "corpus"  # corpus | registry | correction | ambiguous
    qid: str | None = None
    party: str | None = None
    country: str | None = None
    notes: str | None = None
    statements: int = 0
    full_names: tuple[str, ...] = ()  # names with a given name, to look for in an article
    role_keys: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FormResolution:
    """Who one name form is: a speaker, one of several (decided per statement), or nobody."""

    speaker_id: str | None
    method: str  # registry | name | surname | variant | collective | ambiguous | nobody
    name_form: str | None = None
    role: str | None = None
    candidates: tuple[str, ...] = ()
    kind: SpeakerKind = "person"
    scoped: bool = False  # a kind, not an entity (Kritiker): one speaker per article

    @property
    def per_statement(self) -> bool:
        """Decided statement by statement (ambiguous surname or scoped to its article)."""
        return self.scoped or bool(self.candidates)


@dataclass(frozen=True, slots=True)
class Resolution:
    speakers: Mapping[str, Speaker]
    forms: Mapping[tuple[str, str | None], FormResolution]
    problems: tuple[CorrectionProblem, ...] = ()

    def of(self, name: str, language: str | None) -> FormResolution:
        return self.forms.get((name, language), FormResolution(None, "nobody"))


# -- the nodes being clustered ----------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    parsed: ParsedName
    statements: int = 0
    languages: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    anchor: str | None = None  # registry speaker id


@dataclass(frozen=True, slots=True)
class _Known:
    count: Counter[str]
    given: Mapping[str, set[str]]


class _UnionFind:
    """Clusters of nodes; two registry speakers never end up in one cluster."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.anchor: list[str | None] = []

    def add(self, anchor: str | None) -> int:
        self.parent.append(len(self.parent))
        self.anchor.append(anchor)
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        xa, xb = self.anchor[ra], self.anchor[rb]
        if xa is not None and xb is not None and xa != xb:
            return False
        if xa is None:
            ra, rb = rb, ra  # keep the anchored root
        self.parent[rb] = ra
        return True


# -- when two names may be one person ---------------------------------------------------------------


def _core_surname(p: ParsedName) -> str:
    particles = rules().particles
    return " ".join(w for w in p.surname.split() if w not in particles) or p.surname


def _initial_of(token: str) -> str | None:
    bare = token.rstrip(".")
    return bare if len(bare) == 1 else None


def _first_given_compatible(a: str, b: str, loose: bool) -> bool:
    if a == b or (a, b) in rules().given_variants:
        return True
    ia, ib = _initial_of(a), _initial_of(b)
    if ia or ib:
        return (ia or a[:1]) == (ib or b[:1])
    if a.split(" ", 1)[0] == b.split(" ", 1)[0]:  # Frank-Walter / Frank
        return True
    ga, gb = given_gender(a.split(" ", 1)[0]), given_gender(b.split(" ", 1)[0])
    if ga and gb and ga != gb:
        return False
    threshold = GIVEN_SIMILAR if loose else GIVEN_SIMILAR + 5
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= threshold


def given_compatible(a: Sequence[str], b: Sequence[str], *, loose: bool = True) -> bool:
    """Whether two given-name sequences can name one person (``George W.`` and ``George H. W.``
    cannot; ``Joe`` and ``Joseph R.`` can)."""
    if not a or not b:
        return True
    if not _first_given_compatible(a[0], b[0], loose):
        return False
    for x, y in zip(a[1:], b[1:], strict=False):
        if x != y and not (_initial_of(x) or _initial_of(y)) and fuzz.ratio(x, y) < 85:
            return False
        if (_initial_of(x) or x[:1]) != (_initial_of(y) or y[:1]):
            return False
    return True


def _closeness(a: ParsedName, b: ParsedName) -> float:
    """How alike two compatible given-name sequences are (exact and longer agreement first)."""
    shared = sum(1 for x, y in zip(a.given, b.given, strict=False) if x == y)
    return shared * 100 + fuzz.ratio(" ".join(a.given), " ".join(b.given))


def same_person(a: ParsedName, b: ParsedName, *, loose: bool = True) -> bool:
    """Whether two full names with the same surname name one person."""
    return a.suffix == b.suffix and _given_pair(a.given, b.given, loose)


@functools.lru_cache(maxsize=1 << 18)
def _given_pair(a: tuple[str, ...], b: tuple[str, ...], loose: bool) -> bool:
    return given_compatible(a, b, loose=loose)


@functools.cache
def _variant_root() -> dict[str, str]:
    """Each given name that has variants → one of them, so variants share a bucket."""
    root: dict[str, str] = {}
    for a, b in sorted(rules().given_variants):
        ra, rb = root.get(a, a), root.get(b, b)
        keep = min(ra, rb)
        for k, v in list(root.items()):
            if v in (ra, rb):
                root[k] = keep
        root[a] = root[b] = keep
    return root


def given_bucket(first: str) -> str:
    """Compatible first given names share this key (their first letter, variants joined)."""
    return _variant_root().get(first, first)[:1]


# -- the resolver ---------------------------------------------------------------------------------


class _Resolver:
    def __init__(self, registry: Sequence[RegistryEntry]) -> None:
        self.uf = _UnionFind()
        self.nodes: list[_Node] = []
        self.registry = {e.speaker_id: e for e in registry}
        self.by_key: dict[str, int] = {}  # registry names and aliases → a node of the entry
        self.form_node: dict[tuple[str, str | None], int] = {}
        self.form_method: dict[tuple[str, str | None], str] = {}
        self.ambiguous: dict[int, tuple[int, ...]] = {}
        self.scoped: set[int] = set()
        self.by_sound: dict[str, list[str]] = defaultdict(list)
        for entry in registry:
            self._add_entry(entry)

    def _node(self, parsed: ParsedName, anchor: str | None = None) -> int:
        self.nodes.append(_Node(parsed=parsed, anchor=anchor))
        return self.uf.add(anchor)

    def _add_entry(self, entry: RegistryEntry) -> None:
        first: int | None = None
        for written in entry.names:
            parsed = parse_exact_name(written) or ParsedName(written, entry.kind, fold(written))
            if parsed.kind != entry.kind:
                parsed = replace(parsed, kind=entry.kind, name=written, key=fold(written))
            i = self._node(parsed, entry.speaker_id)
            self.nodes[i].roles.update(k for k in map(role_key, entry.roles) if k)
            self.by_key.setdefault(parsed.key, i)
            self.by_key.setdefault(fold(written), i)
            if first is None:
                first = i
            else:
                self.uf.union(first, i)

    # -- forms in

    def add_forms(self, forms: Iterable[NameForm]) -> None:
        parsed_forms: list[tuple[NameForm, ParsedName]] = []
        for form in forms:
            parsed = parse_name(form.name)
            if parsed is not None:
                parsed_forms.append((form, parsed))
        known = self._known_blocks(parsed_forms)
        for form, parsed in parsed_forms:
            self._add_form(form, self._uninflect(parsed, form.language, known))

    def _known_blocks(self, forms: list[tuple[NameForm, ParsedName]]) -> _Known:
        """Statements per person block and collective key, and the given names per block."""
        count: Counter[str] = Counter()
        given: dict[str, set[str]] = defaultdict(set)
        parsed = [p for _, p in forms] + [n.parsed for n in self.nodes]
        weights = [f.statements for f, _ in forms] + [10**6] * len(self.nodes)
        for p, weight in zip(parsed, weights, strict=True):
            count[p.block if p.kind == "person" else p.key] += weight
            if p.kind == "person" and p.is_full:
                given[p.block].add(p.given[0])
        return _Known(count, given)

    def _uninflect(self, p: ParsedName, language: str | None, known: _Known) -> ParsedName:
        """Merkels → Merkel, Robert-Koch-Instituts → Robert-Koch-Institut, where the shorter
        name is better known (and, for a full name, is known with the same given name)."""
        word = p.block if p.kind == "person" else p.key
        if fold(p.name) in self.by_key:
            return p
        for stem in strip_inflection(word, language):
            if known.count[stem] <= known.count[word]:
                continue
            if p.kind == "person" and p.given and p.given[0] not in known.given[stem]:
                continue
            cut = len(word) - len(stem)
            if p.kind != "person":
                return replace(p, name=p.name[:-cut], key=stem)
            bare = p.name[: len(p.name) - len(p.suffix) - 1] if p.suffix else p.name
            name = bare[:-cut] + (f" {p.name[len(bare) + 1 :]}" if p.suffix else "")
            return replace(p, name=name, key=fold(name), surname=p.surname[:-cut])
        return p

    def _add_form(self, form: NameForm, parsed: ParsedName) -> None:
        at = (form.name, form.language)
        registered = self.by_key.get(parsed.key, self.by_key.get(fold(form.name)))
        i = self._node(parsed)
        node = self.nodes[i]
        node.statements = form.statements
        node.languages.add(form.language or "")
        node.roles.update(k for k in map(role_key, form.roles) if k)
        if parsed.role and role_key(parsed.role):
            node.roles.add(str(role_key(parsed.role)))
        self.form_node[at] = i
        if registered is not None:
            self.uf.union(registered, i)
            self.form_method[at] = "registry"
        elif is_generic(parsed):
            self.scoped.add(i)

    # -- linking

    def link(self) -> None:
        blocks: dict[str, list[int]] = defaultdict(list)
        collective: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, node in enumerate(self.nodes):
            p = node.parsed
            if p.kind == "person":
                blocks[p.block].append(i)
            else:
                collective[(p.kind, p.key)].append(i)
        for members in collective.values():
            for j in members[1:]:
                self.uf.union(members[0], j)
        for members in blocks.values():
            self._link_block([i for i in members if self.nodes[i].parsed.is_full])
        self._link_variants(blocks)
        for members in blocks.values():
            self._attach_bare(members, blocks)

    def _link_block(self, full: list[int]) -> None:
        """Full names of one surname block: same surname and compatible given names, closest
        pairs first; a union that would put incompatible names together (*George W.* and
        *George H. W.* through *George*) is refused."""
        groups: dict[tuple[str, tuple[str, ...], str], list[int]] = defaultdict(list)
        for i in full:
            p = self.nodes[i].parsed
            groups[(_core_surname(p), p.given, p.suffix)].append(i)
        reps = []
        for members in groups.values():
            for j in members[1:]:
                self.uf.union(members[0], j)
            reps.append(members[0])
        buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in reps:
            p = self.nodes[i].parsed
            buckets[(_core_surname(p), given_bucket(p.given[0]))].append(i)
        pairs = []
        for bucket in buckets.values():
            for x, a in enumerate(bucket):
                pa_ = self.nodes[a].parsed
                for b in bucket[x + 1 :]:
                    pb = self.nodes[b].parsed
                    if same_person(pa_, pb):
                        pairs.append((-_closeness(pa_, pb), -self._weight(a, b), a, b))
        held = {self.uf.find(i): [i] for i in reps}
        for *_, a, b in sorted(pairs):
            self._union_consistent(a, b, held)

    def _weight(self, a: int, b: int) -> int:
        return self.nodes[a].statements + self.nodes[b].statements

    def _union_consistent(self, a: int, b: int, held: dict[int, list[int]]) -> None:
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return
        left, right = held.get(ra, [a]), held.get(rb, [b])
        if not all(
            same_person(self.nodes[x].parsed, self.nodes[y].parsed) for x in left for y in right
        ):
            return
        if self.uf.union(a, b):
            root = self.uf.find(a)
            held.pop(ra, None)
            held.pop(rb, None)
            held[root] = left + right

    def _link_variants(self, blocks: Mapping[str, list[int]]) -> None:
        """Full names whose surnames are spelt differently but sound alike (Selenskyj/Zelensky)."""
        by_sound = self.by_sound
        for block, members in blocks.items():
            if any(self.nodes[i].parsed.is_full for i in members):
                by_sound[cologne(block)].append(block)
        for names in by_sound.values():
            if len(names) < 2:
                continue
            scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=SURNAME_CROSS)
            for x, a in enumerate(names):
                for y in range(x + 1, len(names)):
                    score = float(scores[x][y])
                    if score and min(len(a), len(names[y])) >= SURNAME_MIN_LEN - 1:
                        self._link_across(blocks[a], blocks[names[y]], score)

    def _link_across(self, left: list[int], right: list[int], score: float) -> None:
        for a in left:
            pa_ = self.nodes[a].parsed
            if not pa_.is_full:
                continue
            for b in right:
                pb = self.nodes[b].parsed
                if not pb.is_full or not same_person(pa_, pb, loose=False):
                    continue
                langs_differ = not (self.nodes[a].languages & self.nodes[b].languages)
                long_enough = min(len(pa_.block), len(pb.block)) >= SURNAME_MIN_LEN
                if langs_differ or (long_enough and score >= SURNAME_SIMILAR):
                    self.uf.union(a, b)

    def _attach_bare(self, members: list[int], blocks: Mapping[str, list[int]]) -> None:
        """Bare surnames and initials: join the one person of that surname, or stay ambiguous."""
        bare = [i for i in members if not self.nodes[i].parsed.is_full]
        if not bare:
            return
        full = [i for i in members if self.nodes[i].parsed.is_full]
        if not full:
            full = self._sound_alike(self.nodes[bare[0]].parsed.block, blocks)
        alone: dict[tuple[str, str], int] = {}
        for i in bare:
            p = self.nodes[i].parsed
            candidates = sorted(
                {
                    self.uf.find(j)
                    for j in full
                    if _core_surname(self.nodes[j].parsed) == _core_surname(p)
                    and (not p.given or same_person(p, self.nodes[j].parsed))
                }
            )
            if self.uf.find(i) != i or self.nodes[i].anchor:  # already a registry speaker
                continue
            if len(candidates) == 1:
                self.uf.union(candidates[0], i)
            elif candidates:
                self.ambiguous[i] = tuple(candidates)
            else:
                key = (_core_surname(p), p.given[0][:1] if p.given else "")
                if key in alone:
                    self.uf.union(alone[key], i)
                else:
                    alone[key] = i

    def _sound_alike(self, block: str, blocks: Mapping[str, list[int]]) -> list[int]:
        """Full names in other blocks whose surname is this one spelt differently, when they
        are all one person (a bare *Zelensky* beside only *Wolodymyr Selenskyj*)."""
        if len(block) < SURNAME_MIN_LEN:
            return []
        found = [
            j
            for other in self.by_sound.get(cologne(block), ())
            if other != block and fuzz.ratio(other, block) >= SURNAME_SIMILAR + 3
            for j in blocks[other]
            if self.nodes[j].parsed.is_full
        ]
        roots = {self.uf.find(j) for j in found}
        if len(roots) != 1:
            return []
        surname = _core_surname(self.nodes[found[0]].parsed)
        return [j for j in found if _core_surname(self.nodes[j].parsed) == surname]


# -- naming the clusters ------------------------------------------------------------------------------


def _display_rank(node: _Node) -> tuple[int, int, int, str]:
    p = node.parsed
    initials = any(_initial_of(g) for g in p.given)
    return (int(p.is_full) - int(initials), node.statements, -len(p.name), p.name)


def _cluster_speaker(members: list[_Node], entry: RegistryEntry | None) -> Speaker:
    kinds = Counter(m.parsed.kind for m in members)
    statements = sum(m.statements for m in members)
    corpus = [m for m in members if m.anchor is None] or members
    best = max(corpus, key=_display_rank)
    names = sorted({m.parsed.name for m in members} | set(entry.names if entry else ()))
    full = sorted({m.parsed.name for m in members if m.parsed.is_full}, key=len, reverse=True)
    roles = frozenset(r for m in members for r in m.roles)
    if entry is not None:
        return Speaker(
            speaker_id=entry.speaker_id,
            name=entry.name,
            kind=entry.kind,
            aliases=tuple(n for n in names if n != entry.name),
            source="registry",
            qid=entry.qid,
            party=entry.party,
            country=entry.country,
            notes=entry.notes,
            statements=statements,
            full_names=tuple(full),
            role_keys=roles,
        )
    name = best.parsed.name
    return Speaker(
        speaker_id=slug(name),
        name=name,
        kind=kinds.most_common(1)[0][0],
        aliases=tuple(n for n in names if n != name),
        statements=statements,
        full_names=tuple(full),
        role_keys=roles,
    )


def _unique_ids(speakers: list[tuple[int, Speaker]]) -> dict[int, Speaker]:
    """Slug collisions between different clusters get -2, -3 … (biggest keeps the plain id)."""
    taken = {s.speaker_id for _, s in speakers if s.source == "registry"}
    out: dict[int, Speaker] = {}
    for root, s in sorted(
        speakers, key=lambda t: (t[1].source != "registry", -t[1].statements, t[1].speaker_id)
    ):
        if s.source == "registry":
            out[root] = s
            continue
        sid, n = s.speaker_id, 1
        while sid in taken:
            n += 1
            sid = f"{s.speaker_id}-{n}"
        taken.add(sid)
        out[root] = replace(s, speaker_id=sid)
    return out


# -- speaker corrections ---------------------------------------------------------------------------------


class _Curation:
    """Merges and splits applied to the named clusters, in the order they were made."""

    def __init__(
        self,
        speakers: dict[str, Speaker],
        members: dict[str, list[_Node]],
        registry: Mapping[str, RegistryEntry],
    ) -> None:
        self.speakers = speakers
        self.members = members
        self.registry = registry
        self.merged: dict[tuple[str, str], Speaker] = {}
        self.merged_nodes: dict[tuple[str, str], list[_Node]] = {}
        self.problems: list[CorrectionProblem] = []

    def lookup(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        if ref in self.speakers:
            return ref
        key = fold(ref)
        hits = {
            sid
            for sid, s in self.speakers.items()
            if fold(s.name) == key or key in map(fold, s.aliases)
        }
        return hits.pop() if len(hits) == 1 else None

    def apply(self, c: Correction) -> None:
        target = self.lookup(c.speaker)
        if target is None:
            self._problem(c, f"no speaker {c.speaker!r} (its name may have changed)")
        elif c.action == "merge":
            self._merge(c, target)
        else:
            self._split(c, target)

    def _problem(self, c: Correction, text: str) -> None:
        self.problems.append(CorrectionProblem(c.id, c.action, c.target, text))

    def _merge(self, c: Correction, target: str) -> None:
        other = self.lookup(c.other)
        if other is None:
            self._problem(c, f"no speaker {c.other!r} to merge")
            return
        if other == target:
            return
        self.merged[(target, other)] = self.speakers.pop(other)
        self.merged_nodes[(target, other)] = self.members.pop(other)
        self.members[target] = self.members[target] + self.merged_nodes[(target, other)]
        self._rebuild(target)

    def _split(self, c: Correction, target: str) -> None:
        other = str(c.other)
        if (target, other) in self.merged:
            nodes = self.merged_nodes.pop((target, other))
            self._move(target, nodes, self.merged.pop((target, other)))
            return
        key = fold(other)
        nodes = [n for n in self.members[target] if fold(n.parsed.name) == key]
        if not nodes or len(nodes) == len(self.members[target]):
            self._problem(c, f"{other!r} is neither a speaker merged into nor a name of {target}")
            return
        new = _cluster_speaker(nodes, None)
        sid = new.speaker_id
        while sid in self.speakers:
            sid += "-split"
        self._move(target, nodes, replace(new, speaker_id=sid, source="correction"))

    def _move(self, source: str, nodes: list[_Node], to: Speaker) -> None:
        ids = {id(n) for n in nodes}
        self.members[source] = [n for n in self.members[source] if id(n) not in ids]
        self.members[to.speaker_id] = list(nodes)
        self.speakers[to.speaker_id] = to
        self._rebuild(source)

    def _rebuild(self, sid: str) -> None:
        """The speaker's aliases and counts from its members now (its id and name stay)."""
        base = self.speakers[sid]
        members = self.members[sid]
        entry = self.registry.get(sid) if base.source == "registry" else None
        fresh = _cluster_speaker(members, entry) if members else base
        self.speakers[sid] = replace(
            base,
            aliases=tuple(sorted(({*fresh.aliases, fresh.name}) - {base.name})),
            statements=sum(n.statements for n in members),
            full_names=fresh.full_names if members else (),
            role_keys=fresh.role_keys if members else frozenset(),
        )


# -- the pure function ------------------------------------------------------------------------------------


def resolve(
    forms: Iterable[NameForm],
    registry: Sequence[RegistryEntry] = (),
    corrections: Sequence[Correction] = (),
) -> Resolution:
    """Speakers for every name form: the registry first, then names, then corrections."""
    r = _Resolver(registry)
    r.add_forms(forms)
    r.link()
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(r.nodes)):
        if i not in r.ambiguous and i not in r.scoped:
            clusters[r.uf.find(i)].append(i)
    named = _unique_ids(
        [
            (
                root,
                _cluster_speaker(
                    [r.nodes[i] for i in members],
                    r.registry.get(r.uf.anchor[root] or ""),
                ),
            )
            for root, members in clusters.items()
        ]
    )
    speakers = {s.speaker_id: s for s in named.values()}
    members = {named[root].speaker_id: [r.nodes[i] for i in m] for root, m in clusters.items()}
    curation = _Curation(speakers, members, r.registry)
    for c in corrections:
        if c.action in SPEAKER_ACTIONS:
            curation.apply(c)
    node_speaker = {id(n): sid for sid, ns in curation.members.items() for n in ns}
    out: dict[tuple[str, str | None], FormResolution] = {}
    for at, i in r.form_node.items():
        node = r.nodes[i]
        if i in r.scoped:
            p = node.parsed
            out[at] = FormResolution(None, "article", p.name, p.role, kind=p.kind, scoped=True)
            continue
        if i in r.ambiguous:
            candidates = tuple(sorted({node_speaker[id(r.nodes[j])] for j in r.ambiguous[i]}))
            if len(candidates) > 1:
                out[at] = FormResolution(
                    None, "ambiguous", node.parsed.name, node.parsed.role, candidates
                )
                continue
            out[at] = FormResolution(candidates[0], "surname", node.parsed.name, node.parsed.role)
            continue
        method = r.form_method.get(at) or _method(node)
        out[at] = FormResolution(node_speaker[id(node)], method, node.parsed.name, node.parsed.role)
    return Resolution(curation.speakers, out, tuple(curation.problems))


def _method(node: _Node) -> str:
    p = node.parsed
    if p.kind != "person":
        return "collective"
    return "name" if p.is_full else "surname"


def choose(
    form: FormResolution,
    speakers: Mapping[str, Speaker],
    *,
    text: str | None = None,
    role: str | None = None,
) -> tuple[str | None, str]:
    """The speaker of one statement whose name form is ambiguous (*Müller*): the one whose full
    name its article contains, else the one whose role it carries, else a clear majority."""
    if form.speaker_id is not None or not form.candidates:
        return form.speaker_id, form.method  # scoped forms: None, "article"
    cands = [speakers[c] for c in form.candidates if c in speakers]
    present = [s for s in cands if text and _named_in(s.full_names, text)]
    if len(present) == 1:
        return present[0].speaker_id, "article"
    pool = present or cands
    key = role_key(role or form.role)
    if key:
        by_role = [s for s in pool if key in s.role_keys]
        if len(by_role) == 1:
            return by_role[0].speaker_id, "role"
    ranked = sorted(pool, key=lambda s: s.statements, reverse=True)
    runner_up = ranked[1].statements if len(ranked) > 1 else 0
    top = ranked[0]
    if top.statements >= DOMINANCE_MIN and top.statements >= DOMINANCE * max(runner_up, 1):
        return top.speaker_id, "dominant"
    return None, "ambiguous"


def _named_in(full_names: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` names one of the full names, the given name allowed up to two words
    before the surname (*Bill und Melinda Gates* names Bill Gates too)."""
    for first, last in _name_pairs(full_names):
        if first in text and _pair_pattern(first, last).search(text) is not None:
            return True
    return False


@functools.lru_cache(maxsize=1 << 14)
def _name_pairs(full_names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(n.split()[0], n.split()[-1]) for n in full_names if " " in n}))


@functools.lru_cache(maxsize=1 << 16)
def _pair_pattern(first: str, last: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(first)}(?:\s+\S+){{0,2}}?\s+{re.escape(last)}\b")


def article_speaker(name_form: str, article_id: str) -> str:
    """The id of an ambiguous name within one article (*müller--zeit-123*)."""
    return f"{slug(name_form)}--{slug(article_id)}"


# -- statements without a database (tests, evaluation) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A statement's speaker as the resolver needs it."""

    name: str | None
    language: str | None = None
    role: str | None = None
    article_id: str = ""
    text: str | None = None  # the article's text, for ambiguous surnames


def resolve_mentions(
    mentions: Sequence[Mention],
    registry: Sequence[RegistryEntry] = (),
    corrections: Sequence[Correction] = (),
) -> list[str | None]:
    """The speaker id of each mention, exactly as the build pass decides it."""
    counts: Counter[tuple[str, str | None]] = Counter()
    roles: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for m in mentions:
        if m.name:
            counts[(m.name, m.language)] += 1
            if m.role:
                roles[(m.name, m.language)].add(m.role)
    forms = [
        NameForm(n, lang, c, tuple(sorted(roles[(n, lang)]))) for (n, lang), c in counts.items()
    ]
    res = resolve(forms, registry, corrections)
    out: list[str | None] = []
    for m in mentions:
        if not m.name:
            out.append(None)
            continue
        form = res.of(m.name, m.language)
        sid, _ = choose(form, res.speakers, text=m.text, role=m.role)
        if sid is None and form.per_statement:
            sid = article_speaker(form.name_form or m.name, m.article_id)
        out.append(sid)
    return out


# -- the build pass ----------------------------------------------------------------------------------------


def load_forms(con: duckdb.DuckDBPyConnection) -> list[NameForm]:
    rows = con.execute(
        "SELECT speaker_name, language, count(*), "
        "list(DISTINCT speaker_role) FILTER (WHERE speaker_role IS NOT NULL) "
        "FROM statements WHERE speaker_name IS NOT NULL GROUP BY ALL"
    ).fetchall()
    return [NameForm(n, lang, int(c), tuple(r or ())) for n, lang, c, r in rows]


def speakers_pass(con: duckdb.DuckDBPyConnection, ctx: BuildContext) -> None:
    """Resolve every statement's speaker across the snapshot (registry, names, corrections)."""
    began = time.perf_counter()
    registry = load_registry(ctx.data_dir)
    active, _ = effective(load_corrections(ctx.data_dir))
    res = resolve(load_forms(con), registry, active)
    _write(con, res)
    log.info("speakers: %d in %.2fs", len(res.speakers), time.perf_counter() - began)


def _write(con: duckdb.DuckDBPyConnection, res: Resolution) -> None:
    for table in ("statement_speakers", "speaker_aliases", "speakers", "correction_problems"):
        con.execute(f"DELETE FROM {table}")
    forms = [
        {
            "speaker_name": name,
            "language": lang,
            "speaker_id": f.speaker_id,
            "method": f.method,
            "name_form": f.name_form,
            "name_role": f.role,
        }
        for (name, lang), f in res.forms.items()
        if f.speaker_id is not None
    ]
    _insert_statement_speakers(con, forms)
    extra = _resolve_ambiguous(con, res)
    speakers = {**res.speakers, **extra}
    insert_rows(con, "speakers", [_speaker_row(s) for s in speakers.values()])
    aliases = _aliases(con, speakers)
    insert_rows(con, "speaker_aliases", [{"speaker_id": s, "alias": a} for s, a in sorted(aliases)])
    insert_rows(
        con,
        "correction_problems",
        [
            {
                "correction_id": p.correction_id,
                "action": p.action,
                "target": p.target,
                "problem": p.problem,
            }
            for p in res.problems
        ],
    )


_FORM_SCHEMA = pa.schema(
    [
        ("speaker_name", pa.string()),
        ("language", pa.string()),
        ("speaker_id", pa.string()),
        ("method", pa.string()),
        ("name_form", pa.string()),
        ("name_role", pa.string()),
    ]
)


def _insert_statement_speakers(con: duckdb.DuckDBPyConnection, forms: list[dict[str, Any]]) -> None:
    if not forms:
        return
    con.register("resolved_forms", pa.Table.from_pylist(forms, schema=_FORM_SCHEMA))
    try:
        con.execute(
            "INSERT INTO statement_speakers (statement_id, speaker_id, role, method, name_form) "
            "SELECT s.statement_id, f.speaker_id, coalesce(s.speaker_role, f.name_role), "
            "f.method, f.name_form FROM statements s JOIN resolved_forms f "
            "ON s.speaker_name = f.speaker_name "
            "AND coalesce(s.language, '') = coalesce(f.language, '')"
        )
    finally:
        con.unregister("resolved_forms")


def _resolve_ambiguous(con: duckdb.DuckDBPyConnection, res: Resolution) -> dict[str, Speaker]:
    """Statement by statement, for name forms several speakers may bear (these need the
    article's text) and for names scoped to their article (these need only its id)."""
    extra: dict[str, Speaker] = {}
    out: list[dict[str, Any]] = []
    for scoped in (True, False):
        forms = {at: f for at, f in res.forms.items() if f.per_statement and f.scoped == scoped}
        if not forms:
            continue
        text = "NULL" if scoped else "a.text"
        rows = con.execute(
            "SELECT s.statement_id, s.article_id, s.speaker_name, s.language, s.speaker_role, "
            f"{text} FROM statements s JOIN articles a USING (article_id) "
            "WHERE s.speaker_name IN (SELECT unnest($names::TEXT[]))",
            {"names": sorted({name for name, _ in forms})},
        ).fetchall()
        for statement_id, article_id, name, lang, role, body in rows:
            form = forms.get((name, lang))
            if form is None:
                continue
            sid, method = choose(form, res.speakers, text=body, role=role)
            if sid is None:
                sid = article_speaker(form.name_form or name, article_id)
                if sid not in extra:
                    extra[sid] = _ambiguous_speaker(sid, form, res.speakers)
            out.append(
                {
                    "statement_id": statement_id,
                    "speaker_id": sid,
                    "role": role or form.role,
                    "method": method,
                    "name_form": form.name_form,
                }
            )
    insert_rows(con, "statement_speakers", out)
    return extra


def _ambiguous_speaker(sid: str, form: FormResolution, speakers: Mapping[str, Speaker]) -> Speaker:
    if form.scoped:
        return Speaker(speaker_id=sid, name=form.name_form or sid, kind=form.kind, source="article")
    names = ", ".join(speakers[c].name for c in form.candidates if c in speakers)
    return Speaker(
        speaker_id=sid,
        name=form.name_form or sid,
        kind="person",
        source="ambiguous",
        notes=f"one of: {names} (undecided in this article; correct it to choose)",
    )


def _speaker_row(s: Speaker) -> dict[str, Any]:
    return {
        "speaker_id": s.speaker_id,
        "name": s.name,
        "kind": s.kind,
        "qid": s.qid,
        "party": s.party,
        "country": s.country,
        "notes": s.notes,
        "source": s.source,
    }


def _aliases(
    con: duckdb.DuckDBPyConnection, speakers: Mapping[str, Speaker]
) -> set[tuple[str, str]]:
    """Every name a speaker is known by: its name forms, registry aliases, and the mentions
    (*Hegseth*) its statements rest on."""
    out = {(s.speaker_id, a) for s in speakers.values() for a in s.aliases}
    rows = con.execute(
        "SELECT DISTINCT ss.speaker_id, s.speaker_mention FROM statement_speakers ss "
        "JOIN statements s USING (statement_id) WHERE s.speaker_mention IS NOT NULL "
        "AND s.speaker_mention IS DISTINCT FROM s.speaker_name"
    ).fetchall()
    blocks: dict[str, set[str]] = {}
    for sid, mention in rows:
        speaker = speakers.get(sid)
        parsed = parse_name(mention)
        if speaker is None or parsed is None or parsed.kind != speaker.kind:
            continue
        if speaker.kind == "person" and parsed.block not in _blocks(speaker, blocks):
            continue
        if parsed.name != speaker.name:
            out.add((sid, parsed.name))
    return out


def _blocks(speaker: Speaker, cache: dict[str, set[str]]) -> set[str]:
    if speaker.speaker_id not in cache:
        parsed = map(parse_name, (speaker.name, *speaker.aliases))
        cache[speaker.speaker_id] = {p.block for p in parsed if p is not None}
    return cache[speaker.speaker_id]


# -- looking speakers up (corrections, the command line, the dashboard) -------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerIndex:
    """Speaker ids by id and by every folded name and alias, from a snapshot."""

    ids: frozenset[str]
    by_name: Mapping[str, frozenset[str]]

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> SpeakerIndex:
        ids = frozenset(r[0] for r in con.execute("SELECT speaker_id FROM speakers").fetchall())
        names: dict[str, set[str]] = defaultdict(set)
        for sid, name in con.execute(
            "SELECT speaker_id, name FROM speakers UNION ALL "
            "SELECT speaker_id, alias FROM speaker_aliases"
        ).fetchall():
            names[fold(name)].add(sid)
        return cls(ids, {k: frozenset(v) for k, v in names.items()})

    def find(self, ref: str) -> str | None:
        """The speaker ``ref`` names (an id, or a name or alias only one speaker has)."""
        if ref in self.ids:
            return ref
        hits = self.by_name.get(fold(ref), frozenset())
        return next(iter(hits)) if len(hits) == 1 else None


def ensure_speaker(
    con: duckdb.DuckDBPyConnection, index: SpeakerIndex, ref: str, name: str | None = None
) -> str:
    """The id of the speaker ``ref`` (or ``name``) names, making a new speaker when none does."""
    for candidate in (ref, name):
        if candidate:
            found = index.find(candidate)
            if found is not None:
                return found
    written = name or ref
    parsed = parse_name(written)
    display = parsed.name if parsed is not None else written
    sid = slug(display) if name or " " in ref or ref[:1].isupper() else ref
    con.execute(
        "INSERT INTO speakers (speaker_id, name, kind, source) SELECT ?, ?, ?, 'correction' "
        "WHERE NOT EXISTS (SELECT 1 FROM speakers WHERE speaker_id = ?)",
        [sid, display, parsed.kind if parsed is not None else "person", sid],
    )
    return sid

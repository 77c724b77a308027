"""The speaker registry: ``data/speakers.csv``, people and organisations users name once.

One row per speaker, edited by hand or with ``quotetrack speakers alias``:

    speaker_id,name,kind,aliases,roles,qid,party,country,notes
    pete-hegseth,Pete Hegseth,person,Hegseth; Peter Hegseth,US-Verteidigungsminister,Q7171854,…

``speaker_id`` may be left empty (it becomes the slug of ``name``); ``aliases`` and ``roles``
are separated by semicolons. The resolver matches every name as written against the names
and aliases here first, so a registry entry decides identity: *AKK* is Annegret
Kramp-Karrenbauer, *Kristina Köhler* became Kristina Schröder. Roles listed here help to
tell apart two people of one surname (*Müller* the minister, *Müller* the mayor).
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.errors import QuotetrackError
from ingest.names import KINDS, SpeakerKind, parse_name

REGISTRY_FILE = "speakers.csv"
COLUMNS = ("speaker_id", "name", "kind", "aliases", "roles", "qid", "party", "country", "notes")
_UMLAUTS = {
    ord(k): v
    for k, v in {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
    }.items()
}
_QID = re.compile(r"^Q[1-9][0-9]*$")


class RegistryError(QuotetrackError):
    """The registry file cannot be read as written (the message names the line)."""


def slug(name: str) -> str:
    """A stable, readable key for a name: lower case ASCII words joined by hyphens."""
    folded = unicodedata.normalize("NFC", name).translate(_UMLAUTS)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One speaker as the registry names it."""

    speaker_id: str
    name: str
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    qid: str | None = None
    party: str | None = None
    country: str | None = None
    notes: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)


def registry_path(data_dir: Path) -> Path:
    return data_dir / REGISTRY_FILE


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def _entry(row: dict[str, str | None], line: int, path: Path) -> RegistryEntry:
    name = (row.get("name") or "").strip()
    if not name:
        raise RegistryError(f"{path}:{line}: a registry row needs a name")
    kind = (row.get("kind") or "").strip() or _guess_kind(name)
    if kind not in KINDS:
        raise RegistryError(f"{path}:{line}: kind {kind!r} is not one of {', '.join(KINDS)}")
    qid = (row.get("qid") or "").strip() or None
    if qid is not None and not _QID.match(qid):
        raise RegistryError(f"{path}:{line}: {qid!r} is not a Wikidata id (Q followed by digits)")
    return RegistryEntry(
        speaker_id=(row.get("speaker_id") or "").strip() or slug(name),
        name=name,
        kind=kind,
        aliases=_split(row.get("aliases")),
        roles=_split(row.get("roles")),
        qid=qid,
        party=(row.get("party") or "").strip() or None,
        country=(row.get("country") or "").strip() or None,
        notes=(row.get("notes") or "").strip() or None,
    )


def _guess_kind(name: str) -> SpeakerKind:
    parsed = parse_name(name)
    return parsed.kind if parsed is not None else "person"


def read_registry(text: str, path: Path = Path(REGISTRY_FILE)) -> list[RegistryEntry]:
    """Registry entries from CSV text; lines starting with ``#`` are comments."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in ("name",) if c not in (reader.fieldnames or [])]
    if missing:
        raise RegistryError(f"{path}: the header needs the columns {', '.join(COLUMNS)}")
    entries: list[RegistryEntry] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        entry = _entry(row, number, path)
        if entry.speaker_id in seen:
            raise RegistryError(
                f"{path}:{number}: speaker_id {entry.speaker_id!r} is already used on line "
                f"{seen[entry.speaker_id]}"
            )
        seen[entry.speaker_id] = number
        entries.append(entry)
    return entries


def load_registry(data_dir: Path) -> list[RegistryEntry]:
    """The registry in ``data_dir`` (empty when there is none)."""
    path = registry_path(data_dir)
    if not path.is_file():
        return []
    return read_registry(path.read_text(encoding="utf-8"), path)


def format_registry(entries: Iterable[RegistryEntry], header: str = "") -> str:
    out = io.StringIO()
    out.write(header)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.speaker_id,
                e.name,
                e.kind,
                "; ".join(e.aliases),
                "; ".join(e.roles),
                e.qid or "",
                e.party or "",
                e.country or "",
                e.notes or "",
            ]
        )
    return out.getvalue()


def _header_comments(path: Path) -> str:
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head: list[str] = []
    for line in lines:
        if not line.lstrip().startswith("#"):
            break
        head.append(line)
    return "".join(head)


def save_registry(data_dir: Path, entries: Iterable[RegistryEntry]) -> Path:
    """Write the registry atomically, keeping the comment lines at its top."""
    path = registry_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = format_registry(entries, _header_comments(path))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def add_alias(
    data_dir: Path,
    speaker_id: str,
    alias: str,
    *,
    name: str | None = None,
    kind: SpeakerKind | None = None,
) -> RegistryEntry:
    """Record ``alias`` for ``speaker_id``; a speaker not yet in the registry is added with
    ``name`` (its current canonical name) so the alias has something to belong to."""
    alias = alias.strip()
    if not alias:
        raise RegistryError("an alias cannot be empty")
    entries = load_registry(data_dir)
    for i, entry in enumerate(entries):
        if entry.speaker_id == speaker_id:
            if alias in entry.names:
                return entry
            entries[i] = replace(entry, aliases=(*entry.aliases, alias))
            save_registry(data_dir, entries)
            return entries[i]
    if name is None:
        raise RegistryError(f"no speaker {speaker_id!r} in the registry; give its name")
    entry = RegistryEntry(
        speaker_id=speaker_id, name=name, kind=kind or _guess_kind(name), aliases=(alias,)
    )
    save_registry(data_dir, [*entries, entry])
    return entry

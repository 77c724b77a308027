"""Publication dates as they are written: ISO 8601, RFC 2822 (feeds) and written dates in every
lexicon language ("5. Juni 2025, 20:00 Uhr", "Thursday, June 5th, 2025 at 8 p.m.", "05.06.2025").

Month and weekday names, time words and zone abbreviations are data: the ``[dates]`` table of
``ingest/lexicon/<lang>.toml``. The same rules hold for every input:

* a date without a time of day is a naive ``datetime`` at midnight (a calendar day has no zone);
* a time with a zone or an offset is tz-aware;
* a time without one is read in ``default_tz`` when given (German news: Europe/Berlin, the
  lexicon's ``timezone``), and stays naive otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from ingest import lexicon

EARLIEST = datetime(1800, 1, 1)  # older publication dates are placeholders, not dates
FUTURE_SLACK = timedelta(days=1)  # clocks and zones differ; later than this is a mistake

ISO_DATE = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?(?![\d:])"
)
OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")


class DateMatch(NamedTuple):
    """A date found inside a longer text: its value and where it was written."""

    published: datetime
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Calendar:
    """One language's way of writing dates, compiled from its lexicon ``[dates]`` table."""

    language: str
    months: Mapping[str, int]  # lower-case name or abbreviation -> month number
    am: frozenset[str]
    pm: frozenset[str]
    pattern: re.Pattern[str]


def parse_published(
    value: str | date | None,
    *,
    language: str | None = None,
    default_tz: tzinfo | str | None = None,
) -> datetime | None:
    """The publication time ``value`` denotes; None for an empty value.

    Strings may be ISO 8601 dates or timestamps, RFC 2822 timestamps, or written dates in any
    lexicon language (``language`` is tried first). Raises ``ValueError`` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    zone = _zone(default_tz)
    try:
        found = _parse_iso(text, zone) or _parse_written(text, language, zone)
    except ValueError as exc:  # written, but impossible: 31 February, 25 o'clock
        raise ValueError(f"not a date: {value!r} ({exc})") from None
    found = found or _parse_rfc2822(text)
    if found is None:
        raise ValueError(f"not a date: {value!r}")
    return found


def search_published(
    text: str,
    *,
    language: str | None = None,
    default_tz: tzinfo | str | None = None,
) -> DateMatch | None:
    """The first date written in ``text`` (ISO or written form), with its position, or None."""
    zone = _zone(default_tz)
    candidates: list[DateMatch] = []
    iso = ISO_DATE.search(text)
    if iso:
        parsed = _parse_iso(iso.group(), zone)
        if parsed is not None:
            candidates.append(DateMatch(parsed, iso.start(), iso.end()))
    for calendar in _calendars(language):
        match = calendar.pattern.search(text)
        if match:
            try:
                candidates.append(DateMatch(_from_match(match, calendar, zone), *match.span()))
            except ValueError:
                continue
    return min(candidates, key=lambda found: found.start) if candidates else None


def default_timezone(language: str | None) -> tzinfo | None:
    """The zone in which ``language``'s news writes times without one (lexicon ``timezone``)."""
    if language is None or language not in lexicon.languages():
        return None
    name = lexicon.load(language).get("dates", {}).get("timezone")
    return ZoneInfo(name) if name else None


def is_plausible(published: datetime, *, now: datetime | None = None) -> bool:
    """False for placeholder dates (before 1800) and for dates more than a day in the future."""
    if published.replace(tzinfo=None) < EARLIEST:
        return False
    now = now or datetime.now(UTC)
    aware = published if published.tzinfo else published.replace(tzinfo=UTC)
    return aware <= now + FUTURE_SLACK


# --- ISO 8601 and RFC 2822 -------------------------------------------------------------------


def _parse_iso(text: str, zone: tzinfo | None) -> datetime | None:
    if not text[:1].isdigit():
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    has_time = len(text) > 10
    if not has_time:
        return parsed
    return parsed if parsed.tzinfo or zone is None else parsed.replace(tzinfo=zone)


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


# --- written dates ---------------------------------------------------------------------------


def _parse_written(text: str, language: str | None, zone: tzinfo | None) -> datetime | None:
    for calendar in _calendars(language):
        match = calendar.pattern.fullmatch(text)
        if match:
            return _from_match(match, calendar, zone)
    return None


def _from_match(match: re.Match[str], calendar: Calendar, zone: tzinfo | None) -> datetime:
    """The datetime a written-date match denotes (``ValueError`` for an impossible one)."""
    g = match.groupdict()
    year = int(g["y1"] or g["y2"] or g["y3"])
    day = int(g["d1"] or g["d2"] or g["d3"])
    month_name = g["m1"] or g["m2"]
    month = calendar.months[month_name.lower()] if month_name else int(g["m3"])
    hour_text = g["hour"] or g["hour_b"]
    if hour_text is None:
        return datetime(year, month, day)
    suffix = (g["suffix"] or g["suffix_b"] or "").lower()
    hour = _clock_hour(int(hour_text), suffix, calendar)
    minute, second = int(g["minute"] or 0), int(g["second"] or 0)
    written_zone = _written_zone(g["zone"])
    return datetime(year, month, day, hour, minute, second, tzinfo=written_zone or zone)


def _clock_hour(hour: int, suffix: str, calendar: Calendar) -> int:
    if suffix in calendar.am:
        return 0 if hour == 12 else hour
    if suffix in calendar.pm:
        return hour if hour == 12 else hour + 12
    return hour


def _written_zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text.upper() == "Z":
        return UTC
    offset = _zones().get(text.lower(), text)
    match = OFFSET.fullmatch(offset)
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    return UTC if not delta else timezone(sign * delta)


def _zone(default_tz: tzinfo | str | None) -> tzinfo | None:
    return ZoneInfo(default_tz) if isinstance(default_tz, str) else default_tz


@cache
def _calendars(language: str | None) -> tuple[Calendar, ...]:
    """Every language's calendar, ``language``'s first."""
    return tuple(sorted(_all_calendars(), key=lambda cal: cal.language != language))


@cache
def _all_calendars() -> tuple[Calendar, ...]:
    tables = {code: lexicon.load(code).get("dates") for code in lexicon.languages()}
    return tuple(_calendar(code, table) for code, table in tables.items() if table)


@cache
def _zones() -> dict[str, str]:
    """Zone abbreviations of every language (lower case) -> UTC offset."""
    zones: dict[str, str] = {}
    for code in lexicon.languages():
        zones.update(lexicon.load(code).get("dates", {}).get("zones", {}))
    return zones


def _calendar(language: str, table: dict[str, Any]) -> Calendar:
    months = {name: number for number, names in enumerate(table["months"], 1) for name in names}
    am, pm = frozenset(table.get("am", [])), frozenset(table.get("pm", []))
    words = {
        "WEEKDAY": _alternation(table.get("weekdays", [])),
        "MONTH": _alternation(months),
        "DAYSUF": _alternation(table.get("day_suffixes", [])),
        "TPREFIX": _alternation(table.get("time_prefixes", [])),
        "TSUFFIX": _alternation([*table.get("time_suffixes", []), *am, *pm]),
        "ZONE": _alternation(_zones()),
    }
    pattern = WRITTEN_TEMPLATE
    for name, alternation in words.items():
        pattern = pattern.replace(name, alternation)
    return Calendar(language, months, am, pm, re.compile(pattern, re.IGNORECASE | re.VERBOSE))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first; one that never matches when empty."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"


# Upper-case names are replaced by each language's word alternations (see ``_calendar``).
WRITTEN_TEMPLATE = r"""
(?<![\w.])
(?:(?:WEEKDAY)\.?,?\s+)?                                                # Do, / Thursday,
(?:
    (?P<d1>\d{1,2})(?:DAYSUF)?\s*(?P<m1>MONTH)(?!\w)\.?,?\s+(?P<y1>\d{4})     # 5. Juni 2025
  | (?P<m2>MONTH)(?!\w)\.?\s+(?P<d2>\d{1,2})(?:DAYSUF)?,?\s+(?P<y2>\d{4})     # June 5th, 2025
  | (?P<d3>\d{1,2})\.\s?(?P<m3>\d{1,2})\.\s?(?P<y3>\d{4})                     # 05.06.2025
)(?!\d)
(?:
    \s*[,|/–—-]?\s*(?:(?:TPREFIX)\s+)?
    (?:
        (?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?!\d)
        (?:\s*(?P<suffix>TSUFFIX)(?!\w))?
      | (?P<hour_b>\d{1,2})\s*(?P<suffix_b>TSUFFIX)(?!\w)                  # 20 Uhr, 8 p.m.
    )
    (?:\s*\(?(?P<zone>ZONE|Z|[+-]\d{2}:?\d{2})(?!\w)\)?)?
)?
"""

"""Publication dates: ISO, RFC 2822 and written dates in German and English, one row per form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ingest.dates import (
    default_timezone,
    is_plausible,
    parse_published,
    search_published,
)

BERLIN = ZoneInfo("Europe/Berlin")


def offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# value, language, default zone, expected
PARSED = [
    # ISO dates and timestamps
    ("2025-06-05", None, None, datetime(2025, 6, 5)),
    ("2025-06-05", "de", BERLIN, datetime(2025, 6, 5)),  # a day has no zone
    ("2025-06-05T20:00:00+02:00", None, None, datetime(2025, 6, 5, 20, tzinfo=offset(2))),
    ("2025-06-05T18:00:00Z", None, None, datetime(2025, 6, 5, 18, tzinfo=UTC)),
    ("2025-06-05 20:00", None, None, datetime(2025, 6, 5, 20)),
    ("2025-06-05T20:00", "de", BERLIN, datetime(2025, 6, 5, 20, tzinfo=BERLIN)),
    ("  2005-08-05\n", None, None, datetime(2005, 8, 5)),
    # RFC 2822, as feeds write them
    ("Thu, 05 Jun 2025 20:00:00 +0200", None, None, datetime(2025, 6, 5, 20, tzinfo=offset(2))),
    ("Thu, 05 Jun 2025 18:00:00 GMT", None, None, datetime(2025, 6, 5, 18, tzinfo=UTC)),
    # German written dates
    ("5. Juni 2025, 20:00 Uhr", "de", BERLIN, datetime(2025, 6, 5, 20, tzinfo=BERLIN)),
    ("5. Juni 2025", "de", BERLIN, datetime(2025, 6, 5)),
    ("05. Juni 2025 um 20 Uhr", "de", BERLIN, datetime(2025, 6, 5, 20, tzinfo=BERLIN)),
    (
        "Donnerstag, 5. Juni 2025, 20.15 Uhr",
        "de",
        BERLIN,
        datetime(2025, 6, 5, 20, 15, tzinfo=BERLIN),
    ),
    ("Do, 05.06.2025 | 08:05 Uhr", "de", BERLIN, datetime(2025, 6, 5, 8, 5, tzinfo=BERLIN)),
    ("05.06.2025", "de", None, datetime(2025, 6, 5)),
    ("1. März 2024, 9:30 Uhr MEZ", "de", BERLIN, datetime(2024, 3, 1, 9, 30, tzinfo=offset(1))),
    ("3. Jänner 2024", "de", None, datetime(2024, 1, 3)),
    ("12. Okt. 2023", "de", None, datetime(2023, 10, 12)),
    ("5. Juni 2025, 20:00 Uhr", "de", None, datetime(2025, 6, 5, 20)),  # no zone asked for
    # English written dates
    ("June 5, 2025", "en", None, datetime(2025, 6, 5)),
    ("5 June 2025", "en", None, datetime(2025, 6, 5)),
    ("Jun. 5, 2025", "en", None, datetime(2025, 6, 5)),
    ("June 5th, 2025", "en", None, datetime(2025, 6, 5)),
    ("Thursday, June 5, 2025 at 8:15 p.m.", "en", None, datetime(2025, 6, 5, 20, 15)),
    ("June 5, 2025 12:30 AM", "en", None, datetime(2025, 6, 5, 0, 30)),
    ("June 5, 2025 12 pm", "en", None, datetime(2025, 6, 5, 12)),
    ("June 5, 2025, 8:15 PM EDT", "en", None, datetime(2025, 6, 5, 20, 15, tzinfo=offset(-4))),
    ("1 March 2024 09:30 GMT", "en", None, datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
    # the language is a preference, not a limit
    ("June 5, 2025", "de", None, datetime(2025, 6, 5)),
    ("5. Juni 2025", None, None, datetime(2025, 6, 5)),
    # a datetime or date value passes through
    (date(2025, 6, 5), None, None, datetime(2025, 6, 5)),
    (datetime(2025, 6, 5, 20, tzinfo=UTC), None, BERLIN, datetime(2025, 6, 5, 20, tzinfo=UTC)),
    # empty
    (None, None, None, None),
    ("", "de", BERLIN, None),
    ("   ", "en", None, None),
]


@pytest.mark.parametrize(("value", "language", "zone", "expected"), PARSED)
def test_parse_published(value, language, zone, expected) -> None:
    parsed = parse_published(value, language=language, default_tz=zone)
    assert parsed == expected
    if expected is not None:
        assert (parsed.tzinfo is None) == (expected.tzinfo is None)
        assert parsed.utcoffset() == expected.utcoffset()


def test_a_berlin_summer_time_is_two_hours_ahead_of_utc() -> None:
    parsed = parse_published("5. Juni 2025, 20:00 Uhr", language="de", default_tz="Europe/Berlin")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=2)
    assert parsed.astimezone(UTC) == datetime(2025, 6, 5, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "gestern",
        "yesterday",
        "2025",
        "Juni 2025",
        "31. Februar 2025",
        "June 5, 2025 25:00",
        "13.13.2025",
        "5. Juno 2025",
        "2025-13-01",
        20250605,
        ["2025-06-05"],
    ],
)
def test_unparseable_values_raise_value_error(value) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_published(value, language="de")


# text, language, expected date, expected matched text
SEARCHED = [
    (
        "Stand: 5. Juni 2025, 20:00 Uhr",
        "de",
        datetime(2025, 6, 5, 20, tzinfo=BERLIN),
        "5. Juni 2025, 20:00 Uhr",
    ),
    ("Veröffentlicht am 14.03.2025", "de", datetime(2025, 3, 14), "14.03.2025"),
    (
        "Published June 5, 2025 at 8 p.m. in Brussels",
        "en",
        datetime(2025, 6, 5, 20),
        "June 5, 2025 at 8 p.m.",
    ),
    (
        "Updated: 2025-06-05T09:00:00Z",
        "en",
        datetime(2025, 6, 5, 9, tzinfo=UTC),
        "2025-06-05T09:00:00Z",
    ),
    ("Seit 1999 und am 3. Mai 2001 wieder", "de", datetime(2001, 5, 3), "3. Mai 2001"),
]


@pytest.mark.parametrize(("text", "language", "expected", "matched"), SEARCHED)
def test_search_published_finds_the_date_and_its_place(text, language, expected, matched) -> None:
    zone = default_timezone(language)
    found = search_published(text, language=language, default_tz=zone)
    assert found is not None
    assert found.published == expected
    assert text[found.start : found.end] == matched


@pytest.mark.parametrize(
    "text", ["Am Donnerstag trafen sich die Minister.", "Mainz 05 gewann 2:1", "Room 5, 2025 seats"]
)
def test_search_published_finds_nothing_in_text_without_a_date(text) -> None:
    assert search_published(text, language="de") is None


def test_default_timezone_comes_from_the_lexicon() -> None:
    assert default_timezone("de") == BERLIN
    assert default_timezone("en") is None
    assert default_timezone(None) is None
    assert default_timezone("xx") is None


NOW = datetime(2025, 6, 5, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("published", "plausible"),
    [
        (datetime(1, 1, 1), False),
        (datetime(1799, 12, 31), False),
        (datetime(1800, 1, 1), True),
        (datetime(1987, 3, 4), True),
        (datetime(2025, 6, 6, 11, tzinfo=UTC), True),  # within a day ahead: clocks and zones
        (datetime(2025, 6, 7), False),
        (datetime(2030, 1, 1, tzinfo=BERLIN), False),
    ],
)
def test_is_plausible(published, plausible) -> None:
    assert is_plausible(published, now=NOW) is plausible

"""When a statement was said, and on what occasion: a pure function of (article, statement).

News reports what was said days or weeks earlier (*Nur wenige Tage vor dem Treffen … beim
Shangri-La-Dialog*, *am Mittwoch*, *last week*, *in May*). ``said_when`` reads the frame
around a statement — its sentence without the quoted words, and the sentence before when the
frame points back to it (*Dort sagte er*) or names the same speaker — and places the
statement relative to the article's publication date. Without such words the statement is
dated to the publication day, not marked as estimated.

All words are language data: the ``[time]`` table of ``ingest/lexicon/<lang>.toml`` (patterns
with placeholders, weekdays, numbers, units, occasion leads and event nouns) and the month
names of its ``[dates]`` table. This runs in the extraction workers, once per statement.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from ingest import lexicon
from ingest.model import Article, Statement

REACH = 40  # characters a time expression reaches around its anchor word
AHEAD_MONTHS = 4  # a month or date without year up to this far after publication lies ahead
WINDOW = 600  # at most this many characters of a sentence on either side of a statement
FEW = (2, 6)  # "a few" units: from two to six


@dataclass(frozen=True, slots=True)
class SaidWhen:
    """When and where a statement was made, as far as its article says."""

    said_on: date | None  # the day, or the first day of the period it falls in
    said_on_end: date | None  # the last day of that period; None for a single day
    estimated: bool  # True when placed by words in the article, not the publication date
    said_on_text: str | None  # the words it rests on, as written (*am Mittwoch*)
    occasion: str | None  # *Shangri-La-Dialog*, *press conference in Brussels*


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a statement sits: its sentence and, within the paragraph, the sentence before."""

    start: int  # start of the statement's sentence
    end: int  # end of the statement's sentence
    previous: int | None  # start of the sentence before, in the same paragraph
    following: int | None = None  # end of the sentence after, in the same paragraph


# -- sentences -----------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…][\"'“”»«’)]*\s+(?=[\"'„“»«‚‘(]?[A-ZÄÖÜ\d])|\n\s*")
_TOKEN = re.compile(r"\w+")


def _word_before(text: str, stop: int) -> str:
    """The word that ends right before the full stop (or other mark) at ``stop``."""
    start = stop
    while start > 0 and start > stop - 20 and text[start - 1].isalnum():
        start -= 1
    return text[start:stop]


_WORD_AFTER = re.compile(r"\W*(\w+)")


@cache
def _not_ends(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words a full stop follows without ending a sentence (abbreviations), and words after
    a number with a full stop that make it an ordinal (*am 5. Juni*), from the lexicon."""
    try:
        lex = lexicon.load(language)
    except KeyError:
        return frozenset(), frozenset()
    sentences = lex.get("sentences", {})
    months = [m for names in lex.get("dates", {}).get("months", []) for m in names]
    ordinal = [w.lower() for w in [*sentences.get("ordinal_next", []), *months]]
    return frozenset(sentences.get("abbreviations", [])), frozenset(ordinal)


@lru_cache(maxsize=8)
def sentence_starts(text: str, language: str = "") -> tuple[tuple[int, ...], frozenset[int]]:
    """Where each sentence of ``text`` after the first starts (not after an abbreviation, an
    initial or an ordinal), and which of those start a paragraph. Cached per article: its
    statements are placed one after the other."""
    abbreviations, ordinal_next = _not_ends(language)
    cuts: list[int] = []
    paragraphs: set[int] = set()
    for m in _BOUNDARY.finditer(text):
        if "\n" in m.group():
            paragraphs.add(m.end())
        elif text[m.start()] == ".":
            word = _word_before(text, m.start())
            if word in abbreviations or (len(word) == 1 and word.isupper()):
                continue
            if word.isdigit():
                after = _WORD_AFTER.match(text, m.end())
                if after and after.group(1).lower() in ordinal_next:
                    continue
        cuts.append(m.end())
    return tuple(cuts), frozenset(paragraphs)


def frame_of(text: str, start: int, end: int, language: str = "") -> Frame:
    """The sentence around ``text[start:end]`` and the start of the one before it (within
    the paragraph). Sentence ends inside the statement do not count; very long sentences are
    cut ``WINDOW`` characters from the statement."""
    cuts, paragraphs = sentence_starts(text, language)
    i = bisect_right(cuts, start)
    sentence_start = cuts[i - 1] if i else 0
    previous = None
    if sentence_start > 0 and sentence_start not in paragraphs:
        previous = max(cuts[i - 2] if i >= 2 else 0, sentence_start - WINDOW)
    j = bisect_right(cuts, end)
    sentence_end = _trim(text, min(cuts[j] if j < len(cuts) else len(text), end + WINDOW), end)
    following = None
    if j < len(cuts) and cuts[j] not in paragraphs:
        after = cuts[j + 1] if j + 1 < len(cuts) else len(text)
        following = _trim(text, min(after, cuts[j] + WINDOW), cuts[j])
    return Frame(max(sentence_start, start - WINDOW), sentence_end, previous, following)


def _trim(text: str, end: int, floor: int) -> int:
    """``end`` moved back over trailing white space, not before ``floor``."""
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


def statement_frame(text: str, statement: Statement) -> Frame:
    return frame_of(text, statement.start, statement.end, statement.language or "")


def context_bounds(text: str, statement: Statement) -> tuple[int, int]:
    """The statement's sentence with the sentences before and after it in its paragraph (the
    context topics read)."""
    return _context(statement_frame(text, statement))


def _context(frame: Frame) -> tuple[int, int]:
    start = frame.previous if frame.previous is not None else frame.start
    return start, frame.following if frame.following is not None else frame.end


# -- language data -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeWords:
    """One language's ``[time]`` table, compiled."""

    pattern: re.Pattern[str]  # every time pattern, as alternatives named t0, t1, …
    anchors: frozenset[str]  # words of which any match needs one: a cheap test first
    numeric: bool  # some pattern needs digits only (3.6.)
    events: re.Pattern[str] | None  # any event noun (in lower-cased text): a cheap test first
    meanings: tuple[str, ...]  # meaning of pattern i
    weekdays: Mapping[str, int]
    months: Mapping[str, int]
    numbers: Mapping[str, int | str]
    units: Mapping[str, str]
    month_parts: Mapping[str, str]
    links: re.Pattern[str] | None  # in lower-cased text
    occasion: re.Pattern[str] | None
    capitalised: bool


def _alternatives(words: Sequence[str]) -> str:
    ordered = sorted({w.lower() for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _placeholders(time: Mapping[str, Any], dates: Mapping[str, Any]) -> dict[str, str]:
    weekdays = [w for names in time.get("weekdays", []) for w in names]
    parts = _alternatives(time.get("day_parts", []))
    months = [m for names in dates.get("months", []) for m in names]
    suffixes = [s for s in dates.get("day_suffixes", []) if s.isalpha()]
    day_suffix = f"(?:{_alternatives(suffixes)})?" if suffixes else ""
    return {
        "weekday": f"(?P<weekday>{_alternatives(weekdays)})" + (f"(?:{parts})?" if parts else ""),
        "month": f"(?P<month>{_alternatives(months)})",
        "monthnum": r"(?P<monthnum>\d{1,2})",
        "day": rf"(?P<day>\d{{1,2}}){day_suffix}",
        "year": r"(?P<year>\d{4})",
        "n": rf"(?P<n>{_alternatives(list(time.get('numbers', {})))}|\d{{1,3}})",
        "unit": f"(?P<unit>{_alternatives(list(time.get('units', {})))})",
        "prev": f"(?P<prev>{_alternatives(time.get('previous', []))})",
        "part": f"(?P<part>{_alternatives(list(time.get('month_parts', {})))})",
    }


def _anchors(time: Mapping[str, Any], dates: Mapping[str, Any]) -> frozenset[str]:
    """Words of which each pattern needs one: its weekday, month or unit, else its longest
    literal word (weekdays also with a part of the day: *mittwochabend*)."""
    weekdays = [w for names in time.get("weekdays", []) for w in names]
    parts = ["", *time.get("day_parts", [])]
    out = {w + p for w in weekdays for p in parts}
    out |= {m for names in dates.get("months", []) for m in names}
    out |= set(time.get("units", {}))
    for pattern, _ in time.get("patterns", []):
        if not re.search(r"\{(?:weekday|month|monthnum|unit)\}", pattern):
            out.add(max(re.split(r"\{\w+\}|\W+", pattern), key=len))
    return frozenset(w.lower() for w in out)


def _compile_pattern(pattern: str, index: int, holders: Mapping[str, str]) -> str:
    out: list[str] = []
    for piece in re.split(r"(\{\w+\})", pattern):
        if piece.startswith("{") and piece.endswith("}"):
            out.append(holders[piece[1:-1]].replace("(?P<", f"(?P<t{index}_"))
        else:
            out.append(re.escape(piece).replace(r"\ ", r"\s+"))
    return f"(?P<t{index}>{''.join(out)})"


def _occasion_pattern(time: Mapping[str, Any]) -> re.Pattern[str] | None:
    leads, nouns = time.get("occasion_leads", []), time.get("occasion_nouns", [])
    if not leads or not nouns:
        return None
    tails = _alternatives(time.get("occasion_tails", []))
    tail = rf"(?:\s+(?:{tails})\s+(?:[\w.-]+\s+)?(?-i:[A-ZÄÖÜ])[\w.-]*)?" if tails else ""
    return re.compile(
        rf"(?<![\w-])(?P<lead>{_alternatives(leads)})\s+(?P<np>(?:[\w.-]+\s+){{0,4}}?"
        rf"(?P<head>[\w-]*?(?:{_alternatives(nouns)})\w*){tail})(?![\w-])",
        re.IGNORECASE,
    )


@cache
def time_words(language: str) -> TimeWords | None:
    """The compiled ``[time]`` table of ``language``; None when it has none."""
    try:
        lex = lexicon.load(language)
    except KeyError:
        return None
    time, dates = lex.get("time"), lex.get("dates", {})
    if not time:
        return None
    holders = _placeholders(time, dates)
    rows = time.get("patterns", [])
    body = "|".join(_compile_pattern(p, i, holders) for i, (p, _) in enumerate(rows))
    links = _alternatives(time.get("links", []))
    return TimeWords(
        pattern=re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE),
        anchors=_anchors(time, dates),
        numeric=any("{monthnum}" in p for p, _ in rows),
        events=re.compile(_alternatives(nouns)) if (nouns := time.get("occasion_nouns")) else None,
        meanings=tuple(meaning for _, meaning in rows),
        weekdays={w: i for i, names in enumerate(time.get("weekdays", [])) for w in names},
        months={m: i + 1 for i, names in enumerate(dates.get("months", [])) for m in names},
        numbers=dict(time.get("numbers", {})),
        units=dict(time.get("units", {})),
        month_parts=dict(time.get("month_parts", {})),
        links=re.compile(rf"(?<!\w)(?:{links})(?!\w)") if links else None,
        occasion=_occasion_pattern(time),
        capitalised=bool(time.get("occasion_capitalised", False)),
    )


# -- resolving an expression to days ----------------------------------------------------------

Days = tuple[date, date]


def _month_span(year: int, month: int) -> Days:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _number(words: TimeWords, value: str | None) -> int | str | None:
    if value is None:
        return None
    key = " ".join(value.lower().split())
    return int(key) if key.isdigit() else words.numbers.get(key)


def _back(pub: date, n: int | str | None, unit: str | None) -> Days | None:
    """``n`` units before ``pub`` (``"few"``: two to six of them)."""
    if n is None or unit is None:
        return pub - timedelta(days=3), pub - timedelta(days=1)
    lo, hi = FEW if n == "few" else (int(n), int(n))
    if unit == "day":
        return pub - timedelta(days=hi), pub - timedelta(days=lo)
    if unit == "week":
        return pub - timedelta(days=7 * hi + 3), pub - timedelta(days=max(1, 7 * lo - 3))
    if unit == "month":
        first, last = _shift_months(pub, -hi), _shift_months(pub, -lo)
        return _month_span(*first)[0], _month_span(*last)[1]
    if unit == "year":
        return date(pub.year - hi, 1, 1), date(pub.year - lo, 12, 31)
    return None


def _period(pub: date, unit: str, offset: int) -> Days | None:
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return _month_span(*_shift_months(pub, offset))
    if unit == "year":
        return date(pub.year + offset, 1, 1), date(pub.year + offset, 12, 31)
    return None


def _weekend(pub: date) -> Days:
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
    return saturday, saturday + timedelta(days=1)


def _month(words: TimeWords, pub: date, g: Mapping[str, str | None]) -> Days | None:
    month = words.months.get((g.get("month") or "").lower())
    if month is None:
        return None
    year = int(g.get("year") or pub.year)
    if not g.get("year") and (month > pub.month or (g.get("prev") and month == pub.month)):
        if not g.get("prev") and month - pub.month <= AHEAD_MONTHS:
            return None  # "im Juli" in a June article: what is planned, not when it was said
        year -= 1
    first, last = _month_span(year, month)
    part = words.month_parts.get(" ".join((g.get("part") or "").lower().split()))
    if part == "early":
        last = first + timedelta(days=9)
    elif part == "mid":
        first, last = first + timedelta(days=10), first + timedelta(days=19)
    elif part == "late":
        first = first + timedelta(days=20)
    return first, last


def _date(words: TimeWords, pub: date, g: Mapping[str, str | None]) -> Days | None:
    month = words.months.get((g.get("month") or "").lower()) or int(g.get("monthnum") or 0)
    try:
        day = date(int(g.get("year") or pub.year), month, int(g.get("day") or 0))
        if not g.get("year") and day > pub:
            if (day - pub).days <= 31 * AHEAD_MONTHS:
                return None  # a date soon after publication is an event ahead, not the past
            day = day.replace(year=day.year - 1)
    except (TypeError, ValueError):
        return None
    return day, day


def _resolve(words: TimeWords, meaning: str, g: Mapping[str, str | None], pub: date) -> Days | None:
    kind, _, arg = meaning.partition(":")
    if kind == "day":
        day = pub + timedelta(days=int(arg))
        return day, day
    if kind in ("weekday", "last_weekday"):
        weekday = words.weekdays.get((g.get("weekday") or "").lower())
        if weekday is None:
            return None
        delta = (pub.weekday() - weekday) % 7 or (7 if kind == "last_weekday" else 0)
        return pub - timedelta(days=delta), pub - timedelta(days=delta)
    if kind in ("ago", "before_event"):
        unit = words.units.get((g.get("unit") or "").lower())
        return _back(pub, _number(words, g.get("n")), unit)
    if kind == "period":
        unit, _, offset = arg.partition(":")
        return _period(pub, unit, int(offset or 0))
    if kind == "weekend":
        return _weekend(pub)
    if kind == "month":
        return _month(words, pub, g)
    if kind == "date":
        return _date(words, pub, g)
    return None


# -- finding expressions in a frame ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    start: int
    end: int
    own: bool  # the statement's own sentence (else the one before)


@dataclass(frozen=True, slots=True)
class TimeMatch:
    start: int
    end: int
    text: str
    days: Days | None  # None when it cannot be placed (no publication date, a future day)


def _groups(m: re.Match[str], index: int) -> dict[str, str | None]:
    prefix = f"t{index}_"
    return {k[len(prefix) :]: v for k, v in m.groupdict().items() if k.startswith(prefix)}


_NUMERIC_DATE = re.compile(r"\d\.\d{1,2}\.")


@lru_cache(maxsize=256)
def times_in(text: str, lo: int, hi: int, language: str, pub: date | None) -> tuple[TimeMatch, ...]:
    """Every time expression in ``text[lo:hi]`` with the days it denotes up to ``pub``.
    Cached: statements of one sentence share it."""
    words = time_words(language)
    if words is None:
        return ()
    tokens = set(_TOKEN.findall(text[lo:hi].lower()))
    numeric = words.numeric and _NUMERIC_DATE.search(text, lo, hi) is not None
    if tokens.isdisjoint(words.anchors) and not numeric:
        return ()
    found: dict[int, TimeMatch] = {}
    for a, b in [(lo, hi)] if numeric else _around_anchors(words, text, lo, hi):
        for m in words.pattern.finditer(text, a, b):
            if (m.lastgroup or "")[1:].isdigit() and m.start() not in found:
                found[m.start()] = TimeMatch(m.start(), m.end(), m.group(), _days(words, m, pub))
    return tuple(found[k] for k in sorted(found))


def _around_anchors(words: TimeWords, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Stretches of ``text[lo:hi]`` within ``REACH`` characters of an anchor word, merged
    (a time expression lies around its anchor: *vor drei* ``Tagen``)."""
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text, lo, hi):
        if m.group().lower() in words.anchors:
            a, b = max(lo, m.start() - REACH), min(hi, m.end() + REACH)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


def _days(words: TimeWords, m: re.Match[str], pub: date | None) -> Days | None:
    if pub is None:
        return None
    index = int((m.lastgroup or "t-1")[1:])
    days = _resolve(words, words.meanings[index], _groups(m, index), pub)
    if days is None:
        return None
    first, last = min(days[0], pub), min(days[1], pub)
    return (first, last) if first <= last else None


@lru_cache(maxsize=256)
def occasions_in(text: str, lo: int, hi: int, language: str) -> tuple[tuple[int, int, str], ...]:
    """Every occasion phrase in ``text[lo:hi]`` (*beim Shangri-La-Dialog*): start, end, phrase."""
    words = time_words(language)
    if words is None or words.occasion is None or words.events is None:
        return ()
    if words.events.search(text[lo:hi].lower()) is None:
        return ()
    return tuple(
        (m.start(), m.end(), _strip_stop(m.group("np")))
        for m in words.occasion.finditer(text, lo, hi)
        if not words.capitalised or m.group("head")[:1].isupper()
    )


def _within(items: Sequence[Any], lo: int, hi: int, spans: Sequence[tuple[int, int]]) -> list[Any]:
    """The items (start, end first) inside ``lo:hi`` that do not touch the quoted spans."""
    return [
        t
        for t in items
        if lo <= _start(t)
        and _end(t) <= hi
        and not any(_start(t) < b and a < _end(t) for a, b in spans)
    ]


def _start(item: Any) -> int:
    return int(item.start if isinstance(item, TimeMatch) else item[0])


def _end(item: Any) -> int:
    return int(item.end if isinstance(item, TimeMatch) else item[1])


def _mentions_speaker(text: str, statement: Statement) -> bool:
    """Whether ``text`` names the statement's speaker (by surname, as a whole word)."""
    names = [statement.speaker or "", statement.speaker_mention or ""]
    surnames = {n.split()[-1] for n in names if n and n[:1].isupper() and len(n) > 2}
    for surname in surnames:
        at = text.find(surname)
        while at >= 0:
            after = at + len(surname)
            if (at == 0 or not text[at - 1].isalnum()) and (
                after >= len(text) or not text[after].isalnum()
            ):
                return True
            at = text.find(surname, after)
    return False


def _parts(article: Article, statement: Statement, words: TimeWords, frame: Frame) -> list[Part]:
    """Where a statement's time and occasion are read: its sentence, then the sentence before
    when the frame points back to it (*Dort sagte er*) or it names the speaker."""
    parts = [Part(frame.start, frame.end, True)]
    if frame.previous is not None:
        own = _blanked(article.text, frame.start, frame.end, _content(statement))
        linked = words.links is not None and words.links.search(own.lower()) is not None
        before = article.text[frame.previous : frame.start]
        if linked or _mentions_speaker(before, statement):
            parts.append(Part(frame.previous, frame.start, False))
    return parts


def _content(statement: Statement) -> tuple[tuple[int, int], ...]:
    """The spans whose words say what was said, not when: none for a speech act reported
    without its content (its span is the report itself: *hat … beim Dialog gesprochen*)."""
    return () if statement.kind == "reported" else statement.spans


def _blanked(text: str, lo: int, hi: int, spans: Sequence[tuple[int, int]]) -> str:
    """``text[lo:hi]`` without the quoted words."""
    pieces, at = [], lo
    for a, b in sorted(spans):
        if b <= at or a >= hi:
            continue
        pieces.append(text[at : max(at, a)])
        at = max(at, b)
    pieces.append(text[at:hi])
    return " ".join(pieces)


def _nearest(items: Sequence[TimeMatch], statement: Statement, own: bool) -> TimeMatch | None:
    if not items:
        return None
    if not own:
        return items[-1]
    return min(items, key=lambda t: min(abs(t.start - statement.end), abs(t.end - statement.start)))


def _strip_stop(phrase: str) -> str:
    """Without a sentence's full stop (kept in abbreviations such as *U.S.*)."""
    last = phrase.rsplit(maxsplit=1)[-1]
    return phrase[:-1] if last.endswith(".") and last.count(".") == 1 else phrase


def said_when(article: Article, statement: Statement, frame: Frame | None = None) -> SaidWhen:
    """When ``statement`` was said and on what occasion, as far as ``article`` says.

    ``frame`` (from ``statement_frame``) saves finding the statement's sentences again.
    """
    pub = article.published.date() if article.published else None
    default = SaidWhen(pub, None, False, None, None)
    language = statement.language or article.language or ""
    words = time_words(language)
    if words is None:
        return default
    frame = frame or statement_frame(article.text, statement)
    when: TimeMatch | None = None
    occasion: str | None = None
    for part in _parts(article, statement, words, frame):
        times = times_in(article.text, part.start, part.end, language, pub)
        here = _within(times, part.start, part.end, _content(statement))
        when = when or _nearest([t for t in here if t.days is not None], statement, part.own)
        if occasion is None:
            spots = occasions_in(article.text, part.start, part.end, language)
            places = [
                o
                for o in _within(spots, part.start, part.end, _content(statement))
                if not _overlaps(o, here)
            ]
            if places:
                occasion = (places[-1] if not part.own else _nearest_spot(places, statement))[2]
        if when is not None and occasion is not None:
            break
    if when is None or when.days is None:
        return SaidWhen(pub, None, False, None, occasion)
    first, last = when.days
    estimated = (first, last) != (pub, pub)
    return SaidWhen(first, last if last != first else None, estimated, when.text, occasion)


def _overlaps(spot: tuple[int, int, str], times: Sequence[TimeMatch]) -> bool:
    return any(t.start < spot[1] and spot[0] < t.end for t in times)


def _nearest_spot(
    spots: Sequence[tuple[int, int, str]], statement: Statement
) -> tuple[int, int, str]:
    return min(spots, key=lambda o: min(abs(o[0] - statement.end), abs(o[1] - statement.start)))


def said_when_columns(article: Article, statement: Statement) -> dict[str, object]:
    """``said_when`` and the statement's sentence context as ``statements`` columns."""
    frame = statement_frame(article.text, statement)
    w = said_when(article, statement, frame)
    return {
        "said_on": w.said_on,
        "said_on_end": w.said_on_end,
        "said_on_estimated": w.estimated,
        "said_on_text": w.said_on_text,
        "occasion": w.occasion,
        "context_start": _context(frame)[0],
        "context_end": _context(frame)[1],
    }

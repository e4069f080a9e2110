"""Dates and times as Indonesian letters write them.

Dates: `3 November 2026`, `02 Nopember 2026`, `13 Pebruari 2027`, `17-18 November 2026`,
`17 s.d. 18 November`, `30 November - 2 Desember 2026`, `04/11/2026`, `20-11-2026`; English
and Malay ones too (`April 26, 2027`, `Monday, 3 May 2027`, `Isnin, 5 Mac 2027`).
Times: `09.00`, `9.00`, `09:00`, `pukul 13.30 WITA s.d. selesai`, `jam 9 pagi`, `jam 2 siang`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from pipeline.indonesian import DAY_SPELLINGS, MONTH_SPELLINGS

from .numbers import words_to_number

_MONTH = (
    r"(?:"
    + "|".join(re.escape(name) for name in sorted(MONTH_SPELLINGS, key=len, reverse=True))
    + r")\.?(?![a-z])"
)
DAY_NAME = (
    r"(?:"
    + "|".join(re.escape(name) for name in sorted(DAY_SPELLINGS, key=len, reverse=True))
    + r")(?![a-z])"
)
# Joins between days of a range: `17-18`, `17 s.d. 18`, `17 sampai dengan 18`, `17 dan 18`.
_RANGE_JOIN = r"\s*(?:-|–|—|s\.?\s?d\.?|s/d|sd|sampai(?:\s+dengan)?|hingga|dan|&|,)\s*"

_NAMED_DATE = re.compile(
    rf"(?<!\d)(?<!\d[.,/])(?P<day>\d{{1,2}})(?:{_RANGE_JOIN}\d{{1,2}})*\s*[-/.]?\s*"
    rf"(?P<month>{_MONTH})(?:\s*[,/-]?\s*(?P<year>\d{{4}}))?(?!\d)",
    re.IGNORECASE,
)
# English order, month first: `April 26, 2027`, `Sept. 3rd, 2027`.
_MONTH_FIRST_DATE = re.compile(
    rf"(?<![\w-])(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<year>\d{{4}})"
    r"(?!\d)",
    re.IGNORECASE,
)
# OCR may split a two-digit day or month: `04/1 1/2026`.
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<day>\d(?: ?\d)?)(?P<sep>[/.-])(?P<month>\d(?: ?\d)?)(?P=sep)(?P<year>\d{4})"
    r"(?![\d/-]|\.\d)"
)
_ISO_DATE = re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d/-])")
# Between the two ends of a range that spans months: `30 November - 2 Desember 2026`.
_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*$")
# `Kamis, 12 ...`, `hari Senin, tanggal 23 ...`, `Selasa s.d. Rabu, 17-18 ...` (the first day).
_DAY_NAME_BEFORE = re.compile(
    rf"({DAY_NAME})(?:{_RANGE_JOIN}{DAY_NAME})?[\s,/]*(?:tanggal|tgl\.?)?[\s,:]*$", re.IGNORECASE
)


@dataclass(frozen=True)
class FoundDate:
    """A date written in a text: where it stands, its parts, and the weekday named before it."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Senin, as DAY_SPELLINGS

    def on(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    @property
    def value(self) -> date | None:
        return None if self.year is None else self.on(self.year)


def _weekday_before(text: str, start: int) -> int | None:
    match = _DAY_NAME_BEFORE.search(text[max(0, start - 40) : start])
    return None if match is None else DAY_SPELLINGS.get(match.group(1).lower())


def _month_number(word: str) -> int:
    return MONTH_SPELLINGS[word.lower().rstrip(".")]


def find_dates(text: str) -> list[FoundDate]:
    """Every date in `text`, in reading order; a range gives its first day."""
    found: list[FoundDate] = []
    for match in _NAMED_DATE.finditer(text):
        year = match.group("year")
        found.append(
            FoundDate(
                match.start(),
                match.end(),
                int(match.group("day")),
                _month_number(match.group("month")),
                int(year) if year else None,
                _weekday_before(text, match.start()),
            )
        )
    for pattern in (_MONTH_FIRST_DATE, _NUMERIC_DATE, _ISO_DATE):
        for match in pattern.finditer(text):
            if any(match.start() < other.end and other.start < match.end() for other in found):
                continue
            written_month = match.group("month").replace(" ", "")
            month = int(written_month) if written_month.isdigit() else _month_number(written_month)
            if 1 <= month <= 12:
                found.append(
                    FoundDate(
                        match.start(),
                        match.end(),
                        int(match.group("day").replace(" ", "")),
                        month,
                        int(match.group("year")),
                        _weekday_before(text, match.start()),
                    )
                )
    found.sort(key=lambda item: item.start)
    return _years_from_range_ends(text, found)


def _years_from_range_ends(text: str, found: list[FoundDate]) -> list[FoundDate]:
    """`30 November - 2 Desember 2026`: the first end takes its year from the second."""
    result = list(found)
    for index in range(len(result) - 2, -1, -1):
        first, second = result[index], result[index + 1]
        joined = _RANGE_GAP.match(text[first.end : second.start])
        if first.year is None and second.year is not None and joined:
            year = second.year if first.month <= second.month else second.year - 1
            result[index] = FoundDate(
                first.start, first.end, first.day, first.month, year, first.weekday
            )
            del result[index + 1]
    return result


def infer_year(found: FoundDate, reference: date | None, fallback_year: int | None) -> date | None:
    """The date of a day written without a year: the first such day not long before `reference`."""
    if found.year is not None:
        return found.value
    if reference is not None:
        candidate = found.on(reference.year)
        if candidate is not None and candidate < reference - timedelta(days=31):
            candidate = found.on(reference.year + 1)
        return candidate
    return None if fallback_year is None else found.on(fallback_year)


def weekday_agrees(found: FoundDate, value: date) -> bool:
    return found.weekday is None or found.weekday == value.weekday()


# --- the date line ------------------------------------------------------------------------

_PLACE = r"(?P<place>[A-Z][A-Za-z.'()-]*(?:\s+[A-Za-z.'()-]+){0,3})"
# `Tarakan, 3 November 2026`, `Tanjung Selor, 02 Nopember 2026`, also after a Hijri date:
# `Tarakan, 20 Jumadil Awal 1448 H / 3 November 2026 M`.
_DATE_LINE = re.compile(
    rf"^(?:{_PLACE}\s*,\s*(?:[^,]{{0,40}}?[/|]\s*)?)?(?:(?P<dayname>{DAY_NAME})\s*,?\s*)?"
    rf"(?P<date>\d{{1,2}}\s*[-/.]?\s*{_MONTH}\s*[,-]?\s*\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}})"
    r"(?:\s*M)?\.?\s*$",
    re.IGNORECASE,
)


_PLACE_DATE_TAIL = re.compile(
    rf"\s+(?:(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}}),\s*)?"
    rf"\d{{1,2}}\s+(?i:{_MONTH})\s+\d{{4}}$"
)


@dataclass(frozen=True)
class DateLine:
    value: date
    has_place: bool


def read_date_line(text: str) -> DateLine | None:
    """A line (or the tail of one) that is just `[Place,] date`: the letter's date line."""
    match = _DATE_LINE.search(text.strip())
    if match is None:
        return None
    place = match.group("place")
    if place and place.split()[0].lower().rstrip(",") in DAY_SPELLINGS:
        return None  # `Kamis, 12 November 2026` is a schedule, not a date line
    if match.group("dayname") and not place:
        return None
    dates = find_dates(match.group("date"))
    value = dates[0].value if dates else None
    return None if value is None else DateLine(value, bool(place))


def date_line_tail(raw_value: str) -> tuple[str, DateLine | None]:
    """Split `12/AB/2026      Tarakan, 3 November 2026` into the value and its date line."""
    parts = re.split(r"\s{3,}", raw_value.strip())
    if len(parts) > 1:
        line = read_date_line(parts[-1])
        if line is not None:
            return " ".join(parts[:-1]), line
    # The gap was lost: the place must then be capitalised words that name no day.
    match = _PLACE_DATE_TAIL.search(raw_value)
    if match is not None:
        words = (match.group("place") or "").lower().split()
        line = read_date_line(match.group())
        if line is not None and not any(word in DAY_SPELLINGS for word in words):
            return raw_value[: match.start()], line
    return raw_value, None


# --- times --------------------------------------------------------------------------------

_CLOCK = re.compile(
    r"(?<![\d.,:/])(?P<hour>[01]?\d|2[0-3])[.:](?P<minute>[0-5]\d)(?!\d|[.:/]\d)"
    r"(?:\s*(?P<part>pagi|siang|sore|malam|petang|a\.?m\.?|p\.?m\.?)(?![a-z]))?",
    re.IGNORECASE,
)
_HOUR_WORDS = (
    r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|dua\s+belas)"
)
# An hour without minutes: after `pukul`/`jam` (`jam 9 pagi`), or with a part of the day or a
# time zone after it (`Pukul : 9 pagi`, `10 WITA`).
_SPOKEN_HOUR = re.compile(
    rf"\b(?:(?:pukul|pkl\.?|jam)\s*(?P<hour>\d{{1,2}}|{_HOUR_WORDS})(?![\d.:]\d|\d)"
    r"(?:\s*(?P<part>pagi|siang|sore|malam)\b)?"
    r"|(?<![\d.,:/])(?P<bare_hour>\d{1,2})\s*(?:(?P<bare_part>pagi|siang|sore|malam)|WIB|WITA|WIT)\b)",
    re.IGNORECASE,
)
_TIME_CUE = re.compile(
    r"\b(?:pukul|pkl\.?|jam|waktu|masa|time|at)\s*[:.]?\s*$", re.IGNORECASE
)
_AFTER_TIME = re.compile(
    r"^\s*(?:WIB|WITA|WIT)\b|"
    r"^\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai|hingga)\s*(?:selesai|\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundTime:
    value: time
    start: int
    cued: bool  # written after `pukul`/`jam`, or followed by a time zone or `- selesai`
    spoken: bool  # `jam 9 pagi`: an hour with a part of the day, no minutes


def _with_day_part(hour: int, part: str | None) -> int:
    """`jam 2 siang` = 14:00, `jam 4 sore` = 16:00, `jam 7 malam` = 19:00, `jam 9 pagi` = 09:00."""
    part = (part or "").lower().replace(".", "")
    if part == "pm" and 1 <= hour <= 11:
        return hour + 12
    if part == "petang" and 1 <= hour <= 7:
        return hour + 12
    if part == "siang" and 1 <= hour <= 6:
        return hour + 12
    if part == "sore" and 1 <= hour <= 9:
        return hour + 12
    if part == "malam" and 5 <= hour <= 11:
        return hour + 12
    return hour


def find_times(text: str) -> list[FoundTime]:
    """Clock times in `text`, in reading order."""
    found: list[FoundTime] = []
    for match in _CLOCK.finditer(text):
        hour = _with_day_part(int(match.group("hour")), match.group("part"))
        cued = bool(
            _TIME_CUE.search(text[max(0, match.start() - 12) : match.start()])
            or _AFTER_TIME.match(text[match.end() :])
            or match.group("part")
        )
        found.append(FoundTime(time(hour, int(match.group("minute"))), match.start(), cued, False))
    for match in _SPOKEN_HOUR.finditer(text):
        word = match.group("hour") or match.group("bare_hour")
        spoken_hour = int(word) if word.isdigit() else words_to_number(word)
        if spoken_hour is None or spoken_hour > 23:
            continue
        hour = _with_day_part(spoken_hour, match.group("part") or match.group("bare_part"))
        found.append(FoundTime(time(hour, 0), match.start(), True, True))
    found.sort(key=lambda item: item.start)
    return found

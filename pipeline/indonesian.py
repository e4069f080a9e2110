"""Indonesian calendar words and number words, shared by letter reading and documents.

Fixed tables rather than `locale`: office machines rarely have the id_ID locale installed.
"""

from __future__ import annotations

from datetime import date, datetime, time

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Spellings seen in real letters, lower case, mapped to the month number.
MONTH_SPELLINGS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTHS, start=1)},
    "pebruari": 2,
    "nopember": 11,
    "agustus": 8,
    "agust": 8,
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "ags": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    # common misspellings, and English names used by companies
    "febuari": 2,
    "pebuari": 2,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "oct": 10,
    "december": 12,
    "dec": 12,
    "aug": 8,
    # Malay, in letters from across the border (Sabah, Sarawak)
    "mac": 3,
    "julai": 7,
    "ogos": 8,
    "disember": 12,
}

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

DAY_SPELLINGS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(DAYS)},
    "jum'at": 4,
    "jum’at": 4,
    "jumaat": 4,
    "ahad": 6,
    # Malay and English day names
    "isnin": 0,
    "khamis": 3,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def format_date(value: date) -> str:
    """`6 September 2021`."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_day_date(value: date) -> str:
    """`Senin, 20 September 2021`."""
    return f"{DAYS[value.weekday()]}, {format_date(value)}"


def format_time(value: time) -> str:
    """`09.00`: the full stop between hours and minutes that Indonesian letters use."""
    return f"{value.hour:02d}.{value.minute:02d}"


def format_datetime(value: datetime, zone_label: str = "WITA") -> str:
    """`6 September 2021 pukul 09.00 WITA`."""
    return f"{format_date(value.date())} pukul {format_time(value.time())} {zone_label}"


_UNITS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(number: int) -> str:
    """Number in Indonesian words: 35 -> `tiga puluh lima`."""
    if number < 0:
        return "minus " + terbilang(-number)
    if number < 12:
        return _UNITS[number]
    if number < 20:
        return f"{_UNITS[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if number < 200:
        return "seratus" + (f" {terbilang(number - 100)}" if number > 100 else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_UNITS[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if number < 2000:
        return "seribu" + (f" {terbilang(number - 1000)}" if number > 1000 else "")
    for size, word in ((10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if number >= size:
            high, rest = divmod(number, size)
            return f"{terbilang(high)} {word}" + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError("unreachable")


def count_phrase(number: int, unit: str = "orang") -> str:
    """`35 (tiga puluh lima) orang`, as formal letters write counts."""
    return f"{number} ({terbilang(number)}) {unit}".rstrip()

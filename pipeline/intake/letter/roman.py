"""Roman numerals as OCR spoils them: the strokes of an `I` read as `1`, `l` or `|`, an extra
stroke (`XI1` for XI), a numeral split by a space (`X 1`).

Two places hold Roman numerals a reader must get right: the month of a letter number
(`421.5/214/SMKN9/XI/2026`) and words that count in Roman in Indonesian prose (`Komisi I`,
`Golongan III`, `Pembina (IV/a)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.indonesian import ROMAN_MONTHS

from .confidence import PLAUSIBLE, PROBABLE, SURE

# A numeral OCR may have spoilt: Roman letters, the strokes read for an I, spaces between.
_SPOILABLE = re.compile(r"[IVX1l|]+(?: [IVX1l|]+)*")
STROKES = str.maketrans({"1": "I", "l": "I", "|": "I"})  # OCR's readings of a Roman I
_BARE_STROKES = {"1", "l", "|"}  # what OCR reads for a lone I

# Confidence of a month read from a repaired numeral.
CONFIRMED = SURE  # the letter's date agrees with the repaired month
UNCONFIRMED = PROBABLE  # a repair the date cannot check
DOUBTFUL = PLAUSIBLE  # written one way, meant perhaps another


@dataclass(frozen=True)
class Month:
    """The month part of a letter number as it should read, and how sure the reading is."""

    text: str
    confidence: float | None  # None: nothing was repaired and nothing is in doubt


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one character."""
    previous = list(range(len(second) + 1))
    for row, a in enumerate(first, 1):
        current = [row]
        for column, b in enumerate(second, 1):
            substitution = previous[column - 1] + (a != b)
            current.append(min(previous[column] + 1, current[-1] + 1, substitution))
        previous = current
    return previous[-1]


def is_spoilt_roman(part: str) -> bool:
    """`X1`, `XI1`, `X 1`, `V|`, `1V`: Roman letters with strokes OCR read as something else.
    A numeral with an X or a V is Roman whatever its strokes; `11` alone is a number."""
    return (
        bool(_SPOILABLE.fullmatch(part))
        and bool(re.search(r"[XV]", part))
        and bool(re.search(r"[1l| ]", part))
    )


def month_part(part: str, letter_month: int | None, *, unit_before: bool, ocr: bool) -> Month:
    """The Roman month just before a letter number's year, repaired.

    `letter_month`: the month of the letter's date, when known. A repaired numeral one character
    away from the letter's month in Roman is taken for it (`XI1` in a November letter is XI,
    not XII). A bare `1` is the Roman I only in OCR text of a January letter whose number reads
    `.../<unit>/<month>/<year>` or `<running number>/<month>/<year>` (`unit_before`); months
    are sometimes written in digits
    (`.../HM.340/1/2026`), so a lone stroke is never certain, and a text layer says what was
    typed.
    """
    expected = ROMAN_MONTHS[letter_month - 1] if letter_month else None
    if not ocr:
        return Month(part, None)  # a text layer says what was typed, slips included
    misread = _misread_month(part, letter_month)
    if misread is not None:
        return misread
    if is_spoilt_roman(part):
        repaired = part.replace(" ", "").translate(STROKES)
        if expected is not None and repaired != expected and edit_distance(repaired, expected) <= 1:
            return Month(expected, CONFIRMED)
        if expected is not None and repaired == expected:
            return Month(repaired, CONFIRMED)
        return Month(repaired, UNCONFIRMED if repaired in ROMAN_MONTHS else DOUBTFUL)
    if part in _BARE_STROKES:
        # A lone stroke is a Roman I or a month in digits: nothing tells which for sure.
        if letter_month == 1:
            return Month("I" if unit_before or part != "1" else part, UNCONFIRMED)
        return Month(part, DOUBTFUL)  # an Arabic month, or an I for a letter dated later
    return Month(part, None)


_ROMAN_STROKES = re.compile(r"[IVX1l|]{2,5}")


def _misread_month(part: str, letter_month: int | None) -> Month | None:
    """`111` for III, `IIV` or `VIV` for IV or VII: strokes that make no month, read as the
    month of the letter's date when one character away from it. Digits that are that month
    (`.../HM.340/11/2026`) are a month written in digits."""
    if letter_month is None or not _ROMAN_STROKES.fullmatch(part) or part in ROMAN_MONTHS:
        return None
    if part.isdigit() and int(part) == letter_month:
        return None
    expected = ROMAN_MONTHS[letter_month - 1]
    if edit_distance(part.translate(STROKES), expected) <= 1:
        return Month(expected, CONFIRMED)
    return None


# --- Roman numerals in prose ----------------------------------------------------------------

# Words that count in Roman numerals in Indonesian official prose.
_ROMAN_COUNTING = r"komisi|golongan|gol\.|eselon|pansus"
_ROMAN_WORD = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
_COUNTED = re.compile(
    rf"\b(?P<word>{_ROMAN_COUNTING})\s+(?P<numeral>[IVX1l|]+)(?![\w|])", re.IGNORECASE
)


def _counts_in_roman(text: str) -> set[str]:
    """Counting words the letter follows with a clean Roman numeral (`Komisi I`, `kelas XI`)."""
    return {
        match.group("word").lower()
        for match in _COUNTED.finditer(text)
        if _ROMAN_WORD.fullmatch(match.group("numeral"))
    }


def roman_in_prose(value: str, letter_text: str) -> str:
    """`Kunjungan Komisi 1 DPRD` -> `Kunjungan Komisi I DPRD` when the letter elsewhere writes
    that word with a Roman numeral (`Komisi I DPRD Kota Tarakan`). Conservative: with no such
    evidence, `Kelas 1` may well be meant in digits and stays."""
    roman_words = _counts_in_roman(letter_text)

    def repaired(match: re.Match[str]) -> str:
        numeral = match.group("numeral")
        if match.group("word").lower() not in roman_words or _ROMAN_WORD.fullmatch(numeral):
            return match.group()
        candidate = numeral.translate(STROKES)
        if not _ROMAN_WORD.fullmatch(candidate):
            return match.group()
        return match.group()[: match.start("numeral") - match.start()] + candidate

    return _COUNTED.sub(repaired, value)

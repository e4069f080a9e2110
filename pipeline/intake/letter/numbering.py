"""Letter numbers (`Nomor : 421.5/214/SMKN9/XI/2026`) and what OCR does to them.

A letter number is parts joined by slashes: a classification code (`421.5`), a running
number, the unit's code, often the month in Roman numerals, the year. OCR reads a slash as a
space (`078 MDN-HRD/X/2026`) or as `!` or `|`, splits a part (`170/09 12/Setwan`), spoils a
Roman month (`XI1`, `X 1`, a bare `1`) and reads an `l` as `I` (`Diskominfo-BIg`). And where
the layout's gaps are lost, what stood beside the number follows it on the same line with a
single space (`12/AB/2026 Yth. Kepala ...`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.indonesian import DAY_SPELLINGS, MONTH_SPELLINGS, ROMAN_MONTHS

from .confidence import CERTAIN, DOUBTFUL, LIKELY
from .roman import CONFIRMED, STROKES, is_spoilt_roman, month_part

_YEAR = re.compile(r"(?:19|20)\d\d")
_CODE_TOKEN = re.compile(r"[A-Za-z0-9(][\w./()&-]*")  # parts of a number; no `,`
# Words that follow a number on its line but are no part of it: the addressee beside it, a
# date, the next label.
_NOT_A_PART = {
    "kepada", "yth", "kpd", "di", "tempat", "tanggal", "tgl", "lampiran", "lamp", "perihal",
    "hal", "sifat", "dan", "tentang", "kepala", "ketua", "direktur", "pimpinan", "bapak", "ibu",
    "sdr", "walikota", "wali", "bupati", "camat", "lurah", "gubernur", "yang",
    *DAY_SPELLINGS, *MONTH_SPELLINGS,
}  # fmt: skip
# A classification code in digits and dots (`421.5`, `000.1.2`) is a whole part; a code with
# letters (`HM.340`, `KPN.1703`) may be split inside its digits.
_NUMERIC_CODE = re.compile(r"\d+(?:\.\d+)+")
# A part split by OCR is a short run: a running number (`09 12`) or a year (`20 26`).
_SPLIT_RUN = 4
_UNIT_NUMBER = 2  # `SMAN 2`: a unit named with a short number keeps its space
_CAPITAL_I_FOR_L = re.compile(r"(?<=[A-Za-z])I(?=[a-z])")  # `BIg` -> `Blg`
_ONE_FOR_L = re.compile(r"(?<=[A-Za-z])1(?=[a-z])")  # OCR's `J1d.7` -> `Jld.7`
_MONTH_CODE = re.compile(r"[A-Za-z]{1,4}\.\d+(?:\.\d+)*")  # `HM.340`, `PP.00`: digit months follow

# Confidence of a number read as written, and of one whose lost slashes were put back.
WRITTEN = CERTAIN
REPAIRED = LIKELY


@dataclass(frozen=True)
class LetterNumber:
    text: str
    confidence: float


def _is_part(token: str) -> bool:
    return bool(_CODE_TOKEN.fullmatch(token)) and token.lower().strip("-.") not in _NOT_A_PART


def _extent(tokens: list[str]) -> tuple[int, int]:
    """The first and last token of the number: from the first with a slash, the parts that
    only a lost slash separates, up to a word that is no part (`Yth.`, `Kepada`, `dan`).
    After the year only a last word may follow (`B/12/XI/2026 Resta`)."""
    first = next(index for index, token in enumerate(tokens) if "/" in token)
    last = first
    while first > 0 and _is_part(tokens[first - 1]) and re.search(r"\d|[A-Z]", tokens[first - 1]):
        first -= 1
    while last + 1 < len(tokens):
        following = tokens[last + 1]
        if not _is_part(following) or not re.search(r"\d|[A-Z]", following):
            break
        ends_in_year = _YEAR.fullmatch(tokens[last].rsplit("/", 1)[-1])
        if ends_in_year and last + 2 < len(tokens) and "/" not in following:
            break
        last += 1
    return first, last


def _joint(left: str, right: str, after_right: str) -> str:
    """What a space between two parts of a number stands for: `/` (lost), `` (a part split
    in two) or ` ` (a space the number holds, as in `SMAN 2`). `after_right`: the rest of the
    right token after its first part (`/2026`)."""
    left_part, right_part = left.rsplit("/", 1)[-1], right.split("/", 1)[0]
    if is_spoilt_roman(f"{left_part} {right_part}"):
        return ""  # `X 1/2026`: one Roman numeral
    left_digits = re.search(r"\d+$", left_part)
    right_digits = re.match(r"\d+", right_part)
    if left_digits and right_digits:
        if _NUMERIC_CODE.fullmatch(left_part):
            return "/"  # `421.5 214`: a classification code, then the running number
        split = len(left_digits.group()) + len(right_digits.group()) <= _SPLIT_RUN
        return "" if split else "/"  # `09 12`, `HM.3 40`; but `170 0912` is two parts
    if right_digits and right_digits.group() == right_part:
        if _YEAR.fullmatch(right_part) or _YEAR.match(after_right.lstrip("/")):
            return "/"  # the year, or the month before it
        if len(right_part) <= _UNIT_NUMBER and left_part[-1:].isalpha():
            return " "
    return "/"


def repair_spaces(value: str) -> tuple[str, bool]:
    """The number in a label's value, its lost slashes put back; True when any was.

    Only a value that holds a slash is taken for a slashed number; between its parts, digits
    split by a space (`09 12`) are one part, anything else (`078 MDN-HRD`) two.
    """
    tokens = value.split(" ")
    if not any("/" in token for token in tokens):
        return value, False
    first, last = _extent(tokens)
    number, repaired = tokens[first], False
    for position in range(first + 1, last + 1):
        token = tokens[position]
        joint = _joint(number, token, token[len(token.split("/", 1)[0]) :])
        number += joint + token
        repaired = repaired or joint != " "
    return number, repaired


def _strokes_for_slashes(value: str) -> str:
    """OCR reads a slash as `!` or `|`; a `|` that stands in a Roman numeral is an I."""
    value = value.replace("!", "/")

    def word(match: re.Match[str]) -> str:
        text = match.group()
        return text if re.fullmatch(r"[IVX1l|]+", text) else text.replace("|", "/")

    return re.sub(r"[^/\s]+", word, value)


# The month's strokes before the year, some read as slashes: `/I/I/`, `/1//`, `///1/`, `//I-`.
_SLASHED_MONTH = re.compile(r"(?<=[^/])/(?P<strokes>[IVXl1|/]*/[IVXl1|/]*)(?=[/-](?:19|20)\d\d)")


def _stroke_read_as_slash(value: str, letter_month: int) -> str:
    """`.../I/I/2027` in a March letter: OCR read the middle I of III as a slash; `.../1//2027`
    in a February letter, the last I of II; `.../SMKN2///2027` in a January letter, its I.
    Taken only when the strokes make the month of the letter's date."""
    expected = ROMAN_MONTHS[letter_month - 1]

    def joined(match: re.Match[str]) -> str:
        strokes = match.group("strokes").replace("/", "I").translate(STROKES)
        return f"/{expected}" if strokes == expected else match.group()

    return _SLASHED_MONTH.sub(joined, value)


def read_number(value: str, letter_month: int | None, *, ocr: bool = False) -> LetterNumber | None:
    """A letter number from the value of its label (the date beside it already cut off)."""
    value = " ".join(value.split())
    repaired = False
    if ocr:
        # OCR's spacing and strokes are its own; a text layer keeps the number as the sender
        # typed it, slips included (`12 /SMPN-5/ VI/2026`, `12/SMPN-5//2026`). Spaces taken out
        # around a slash may have been the sender's: the number is then a repair.
        written = value.strip(" .,;:")
        value = _strokes_for_slashes(re.sub(r"\s*([/|!-])\s*", r"\1", written))
        value, spaces_repaired = repair_spaces(value)
        repaired = spaces_repaired or value != written
    value = value.strip(" .,;:")
    confidence = REPAIRED if repaired else WRITTEN
    if ocr and letter_month is not None:
        joined = _stroke_read_as_slash(value, letter_month)
        if joined != value:
            value, confidence = joined, min(confidence, CONFIRMED)  # the letter's date agrees
    if ocr and "//" in value:
        confidence = min(confidence, REPAIRED)  # a part OCR may have lost (a faint month)
    if not value or value == "-":
        return None
    parts = value.split("/")
    years = [index for index, part in enumerate(parts) if _YEAR.fullmatch(part)]
    month_index = years[-1] - 1 if years and years[-1] > 0 else None
    for index, part in enumerate(parts):
        if index == month_index:
            before = parts[index - 1] if index > 0 else ""
            # A unit's code or a bare running number stands before a Roman month
            # (`.../SMKN9/XI/2026`, `248/I/2027`); a month code is followed by digits.
            unit_before = (
                bool(re.search(r"[A-Za-z]", before)) or before.isdigit()
            ) and not _MONTH_CODE.fullmatch(before)
            month = month_part(part, letter_month, unit_before=unit_before, ocr=ocr)
            parts[index] = month.text
            if month.confidence is not None:
                confidence = min(confidence, month.confidence)
        elif is_spoilt_roman(part) and " " not in part:
            parts[index] = month_part(part, None, unit_before=False, ocr=ocr).text
        else:
            parts[index] = _CAPITAL_I_FOR_L.sub("l", part)
            if ocr:
                parts[index] = _ONE_FOR_L.sub("l", parts[index])
    number = "/".join(parts)
    if not re.search(r"\d", number):
        confidence = DOUBTFUL
    return LetterNumber(number, confidence)

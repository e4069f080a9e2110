"""A letter's text as lines, its labels (`Nomor :`, `Hal :` ...) and its layout.

The layout splits a letter into the parts Indonesian official letters share (FORMATS.md §1):
letterhead (kop), header (Nomor, Sifat, Lampiran, Hal, date line, addressee), body,
signature block and attachments. Every finder works on the part where its field lives, so
the letterhead's phone is never taken for a contact and the date line never for a visit date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from pipeline.indonesian import MONTH_SPELLINGS

from .dates import read_date_line

# Text layers carry odd spaces and quotes; OCR swaps colons and quotes too.
_CHARACTER_MAP = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u00ad": None,
        "\ufeff": None,
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\uff1a": ":",
        "\u2212": "-",
    }
)

# OCR reads 0 as O and 1 as l or I inside numbers. A word that holds a digit is a number,
# so only such words are repaired (names and Roman numerals never hold digits).
_DIGIT_WORD = re.compile(r"\b[0-9OoIl]*[0-9][0-9OoIl]*\b")
_MINUTES = re.compile(r"(?<=\d[.:])[0-9Oo]{2}\b")
# Whole numbers misread inside a code (`PP.OO.5`, `2/l/PP`), a day before its month
# (`lO September`), and a lone `l`, which is no word.
_MONTH_AHEAD = "|".join(sorted(MONTH_SPELLINGS, key=len, reverse=True))
_LETTERS_IN_CODE = re.compile(
    r"(?<=\d[./-])[Ol]+\b(?![.,]?[A-Za-z])|\b[Ol]+(?=[./-]\d)|(?:(?<=\s)|^)l(?=[\s.])"
    rf"|\b[Ol]{{1,2}}(?=\s+(?i:{_MONTH_AHEAD})\b)",
    re.MULTILINE,
)
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
# A pipe before a label (`Budi | Mobile: 0812...`) parts two fields.
_LONE_PIPE = re.compile(r"(?<=[A-Za-z] )\|(?= [A-Z]|$)(?! [A-Z][a-z]*\s*:)")
# On a line with several pipes, only a pipe after a word that counts in Roman.
_ROMAN_PIPE = re.compile(r"\b(?P<word>(?i:komisi|golongan|eselon|pansus)) \|(?=[\s,.]|$)")
_TABLE_ROW = re.compile(r"^\s*\||\|.*\|\s*$")  # a pipe at its start, or pipes to its end
# `Yih.`, `Ylh.` for `Yth.`: no Indonesian word is written so.
_SPOILT_YTH = re.compile(r"\bY[il1|]h(?=[.,:]|\s)")
# Titles before a name whose full stop OCR lost: `Ir Sutrisno` -> `Ir. Sutrisno`.
_TITLE_WITHOUT_STOP = re.compile(r"\b(?:Dr|Drs|Dra|Drg|Ir|Hj|Prof)(?= [A-Z])")

# The plus of a country code read as a dash, a tilde or a hash: `talian -60 89-601 9361`,
# `(#60) 17-749 1821`.
_PLUS_READ_AS_DASH = re.compile(r"(?<=[\s(])[-~#](?=\d{2}\)?[\s-]\d)")

_COLUMN_GAP = re.compile(r" {3,}")
_LABEL_CELL = 30  # longest label standing alone in a table cell
_CELL_GAP = 2  # lines from a label to its value: the next, or the one after a blank line
_SPACES = re.compile(r"\s+")


def repair_ocr_digits(text: str) -> str:
    """`2O26` -> `2026`, `O812` -> `0812`, `O9.OO` -> `09.00`; other words are left alone."""
    text = _DIGIT_WORD.sub(lambda match: match.group().translate(_OCR_DIGITS), text)
    text = _LETTERS_IN_CODE.sub(lambda match: match.group().translate(_OCR_DIGITS), text)
    return _MINUTES.sub(lambda match: match.group().translate(_OCR_DIGITS), text)


def _repair_lone_pipe(line: str) -> str:
    """OCR reads a capital I as `|`: `Komisi | DPRD`. A table row has a pipe at its edge; a
    line of text with several pipes keeps those that may part columns, but a pipe after
    `Komisi` is an I there too."""
    if _TABLE_ROW.search(line):
        return line
    if line.count("|") == 1:
        return _LONE_PIPE.sub("I", line)
    return _ROMAN_PIPE.sub(lambda match: f"{match.group('word')} I", line)


def normalise_text(text: str, *, ocr: bool = False) -> str:
    """Characters, digits and a few words as the letter meant them. `ocr`: the text came from
    OCR, so a title before a name has lost its full stop, not been written without one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = "\n".join(_repair_lone_pipe(line) for line in text.split("\n"))
    text = _SPOILT_YTH.sub("Yth", text)
    if ocr:
        text = _TITLE_WITHOUT_STOP.sub(lambda match: match.group() + ".", text)
        text = _PLUS_READ_AS_DASH.sub("+", text)
    return repair_ocr_digits(text.translate(_CHARACTER_MAP))


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Line:
    """One line of the letter: `text` has its spaces collapsed, `raw` keeps column gaps."""

    index: int
    raw: str
    page: int

    @cached_property
    def text(self) -> str:
        return collapse(self.raw)

    @cached_property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(" "))

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """Parts separated by wide gaps: side-by-side blocks such as two signers."""
        return tuple(collapse(part) for part in _COLUMN_GAP.split(self.raw.strip()) if part.strip())


def _rejoin_labels(raws: list[str]) -> list[str]:
    """A layer that keeps table cells apart puts `Nomor` and `: 12/AB/2026` on two lines."""
    joined: list[str] = []
    label_at: int | None = None  # the last line written, if it may be a label's cell
    for raw in raws:
        # OCR may set the two cells apart as blocks, a blank line between them.
        near = label_at is not None and len(joined) - label_at <= _CELL_GAP
        if raw.lstrip().startswith(":") and near and label_at is not None:
            joined[label_at] = f"{joined[label_at].rstrip()} {raw.strip()}"
            label_at = None
            continue
        joined.append(raw.rstrip())
        if raw.strip():
            label_at = len(joined) - 1 if len(raw.strip()) <= _LABEL_CELL else None
    return joined


def split_lines(text: str, *, ocr: bool = False) -> tuple[Line, ...]:
    lines: list[Line] = []
    for page, page_text in enumerate(normalise_text(text, ocr=ocr).split("\f")):
        for raw in _rejoin_labels(page_text.split("\n")):
            lines.append(Line(index=len(lines), raw=raw, page=page))
    return tuple(lines)


def join_lines(lines: Iterable[Line]) -> str:
    """Lines as running text: a sentence broken over lines reads as one again."""
    text = " ".join(line.text for line in lines if line.text)
    # A word hyphenated at a line end: `berkun- jungan` -> `berkunjungan`.
    return re.sub(r"(?<=[a-z])- (?=[a-z])", "", text)


# --- labels -------------------------------------------------------------------------------

# OCR may read a speck before the colon as a symbol: `Nomor =: 12/AB/2026`.
_LABEL = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z .'/,()&-]{0,40}?)\s*[=~_]?\s*[:;]\s*(?P<value>.*)$"
)
# Header labels typed without a colon, separated from their value by a wide gap.
_BARE_HEADER_LABEL = re.compile(
    r"^(?P<label>Nomor|No\.?|Ref\.?|Sifat|Lampiran|Lamp\.?|Perihal|Hal)\s{2,}(?P<value>\S.*)$",
    re.IGNORECASE,
)

# A header label whose colon OCR lost or misread, its gap collapsed to one space: taken only
# when the value is plainly the field's (a number with a slash, a subject or a known sifat).
_SLIPPED_HEADER_LABEL = re.compile(
    r"^(?:(?P<nomor>Nomor|No\.?|Ref\.?)\s*[.,]?\s+(?=[\w.-]*\d[\w.-]*\s*/)"
    r"|(?P<perihal>Perihal|Hal)\s*[.,]\s+(?=[A-Z])"
    r"|(?P<sifat>Sifat)\s*[.,]?\s+(?=(?i:biasa|segera|penting|rahasia|sangat|terbatas)\b))"
    r"(?P<value>\S.*)$"
)

HEADER_LABELS = {
    "nomor": "nomor",
    "nomer": "nomor",
    "no": "nomor",
    "nmr": "nomor",
    "nomorsurat": "nomor",
    "nosurat": "nomor",
    "ref": "nomor",
    "refno": "nomor",
    "ourref": "nomor",
    "noref": "nomor",
    "nomorref": "nomor",
    "reference": "nomor",
    "yourref": "nomor",
    # Malay: `Ruj. Kami`, `Rujukan Kami`, `Bil.` (bilangan, the letter's number)
    "ruj": "nomor",
    "rujkami": "nomor",
    "rujukan": "nomor",
    "rujukankami": "nomor",
    "bil": "nomor",
    "sifat": "sifat",
    "sifatsurat": "sifat",
    "klasifikasi": "sifat",
    "lampiran": "lampiran",
    "lamp": "lampiran",
    "lampirn": "lampiran",
    "perihal": "perihal",
    "prihal": "perihal",
    "perihalsurat": "perihal",
    "hal": "perihal",
    "subject": "perihal",
    "subjek": "perihal",
    "perkara": "perihal",  # Malay
    "tanggal": "tanggal",
    "tgl": "tanggal",
    "tanggalsurat": "tanggal",
    "date": "tanggal",
    "tanggal/date": "tanggal",
    "date/tanggal": "tanggal",
    "tarikh": "tanggal",
    "nomor/number": "nomor",
    "no/refno": "nomor",
    "perihal/subject": "perihal",
    "hal/subject": "perihal",
    "re": "perihal",
}


@dataclass(frozen=True)
class Label:
    key: str  # letters of the label, lower case: `Hari / Tanggal` -> `hari/tanggal`
    value: str  # collapsed
    raw_value: str  # with its column gaps


def label_key(label: str) -> str:
    return re.sub(r"[^a-z/]", "", label.lower())


def read_label(line: Line) -> Label | None:
    """`Nomor   : 12/AB/2026` -> Label("nomor", "12/AB/2026"). Labels have at most four words."""
    raw = line.raw.strip()
    match = _LABEL.match(raw)
    if match is None:
        return None
    words = match.group("label").split()
    spaced_out = all(len(word) == 1 for word in words)  # `N o m o r`
    if len(words) > 4 and not spaced_out:
        return None
    raw_value = match.group("value")
    return Label(label_key(match.group("label")), collapse(raw_value), raw_value.strip())


def read_header_label(line: Line) -> tuple[str, Label] | None:
    """A header label (nomor, sifat, lampiran, perihal, tanggal) and its value, colon optional."""
    label = read_label(line)
    if label is not None and label.key in HEADER_LABELS:
        return HEADER_LABELS[label.key], label
    match = _BARE_HEADER_LABEL.match(line.raw.strip())
    if match is not None:
        key = label_key(match.group("label"))
        raw_value = match.group("value")
        return HEADER_LABELS[key], Label(key, collapse(raw_value), raw_value.strip())
    slipped = _SLIPPED_HEADER_LABEL.match(line.raw.strip())
    if slipped is None:
        return None
    kind = next(name for name in ("nomor", "perihal", "sifat") if slipped.group(name))
    raw_value = slipped.group("value")
    return kind, Label(kind, collapse(raw_value), raw_value.strip())


# --- layout -------------------------------------------------------------------------------

_ADDRESSEE = re.compile(r"^(?:kepada\b|yth\b|yang\s+terhormat\b|kpd\b)", re.IGNORECASE)
_ADDRESS_PLACE = re.compile(r"^di\b|^di-", re.IGNORECASE)  # `di Tempat`, `di -`, `Di Tarakan`
_BARE_ADDRESS_PLACE = re.compile(r"^di\s*[-:]?$", re.IGNORECASE)
_ADDRESSEE_LINES = 6
_GREETING = re.compile(
    r"^(?:dengan\s+(?:segala\s+)?hormat|assalamu|assalaamu|asalamu|salam\s+sejahtera|"
    r"salam\s+hangat|salam\s+hormat,|salam\s+kebajikan|salam\s+damai|shalom|syalom|"
    r"om\s+swasti?y?astu|namo\s+buddhaya|bismillah|dear\b|tuan(?:/puan)?\s*,|"
    r"yang\s+berbahagia|to\s+whom\s+it\s+may\s+concern|"
    r"(?:bapak|ibu)(?:\s*/\s*(?:bapak|ibu))?\s+yang\s+(?:kami\s+)?(?:hormati|muliakan)\b)",
    re.IGNORECASE,
)
# A religious or plain greeting standing beside a header value (its column gap lost).
_GREETING_BESIDE = re.compile(
    r"\s+(?:assalamu|assalaamu|asalamu|salam\s+sejahtera|shalom|syalom|om\s+swasti?y?astu|"
    r"namo\s+buddhaya|dengan\s+hormat)\b.*$",
    re.IGNORECASE,
)


def without_greeting(value: str) -> str:
    """`Permohonan Kunjungan   Om Swastyastu,` -> `Permohonan Kunjungan`."""
    return _GREETING_BESIDE.sub("", value)


_SENTENCE_WORDS = re.compile(
    r"\b(?:kami|bahwa|untuk|yang|ini|akan|mohon|rangka|bersama|sehubungan|berkenaan|"
    r"berdasarkan|menindaklanjuti|memenuhi|dalam|melalui|bermaksud|pada|dengan|melakukan|"
    r"melaksanakan|mengadakan|mengajukan)\b",
    re.IGNORECASE,
)
_ATTACHMENT_HEADING = re.compile(
    r"^(?:lampiran\b(?!\s*[:;])|daftar\s+(?:nama|peserta|hadir|rombongan|anggota|delegasi|tamu)\b)",
    re.IGNORECASE,
)
_ATTACHMENT_HEADING_LENGTH = 80
_CLOSING_SENTENCE = re.compile(
    r"\b(?:demikian|atas\s+perhatian|terima\s*kasih|wassalam|sekian|besar\s+harapan)",
    re.IGNORECASE,
)
_HEADER_SEARCH_LIMIT = 40
_BODY_LINE_LENGTH = 45
_PARAGRAPH_LINE_LENGTH = 60
_SENTENCE_LOWER_WORDS = 2
_DOUBLE_SPACED = 0.35  # share of blank lines above which blank lines separate nothing


def is_sentence(line: Line) -> bool:
    """A line of running text, not a name or an address: it holds sentence words."""
    return len(_SENTENCE_WORDS.findall(line.text)) >= 2 or (
        len(line.text) > 60 and bool(_SENTENCE_WORDS.search(line.text))
    )


def blank_lines_separate(lines: Sequence[Line]) -> bool:
    """False for a double-spaced text, where every other line is blank."""
    blank = sum(1 for line in lines if not line.text)
    return blank < _DOUBLE_SPACED * max(len(lines), 1)


def is_addressee_start(line: Line) -> bool:
    return bool(_ADDRESSEE.match(line.text))


def is_greeting(line: Line) -> bool:
    return bool(_GREETING.match(line.text))


def is_attachment_heading(line: Line) -> bool:
    """`Lampiran Surat Nomor ...`, `DAFTAR PESERTA`: a short line of its own, not a sentence
    that a line break happened to start with `daftar nama terlampir.`"""
    text = line.text
    return (
        bool(_ATTACHMENT_HEADING.match(text))
        and text[0].isupper()
        and ". " not in text
        and len(text) <= _ATTACHMENT_HEADING_LENGTH
    )


@dataclass(frozen=True)
class Layout:
    """Where each part of the letter starts; each part runs to the start of the next."""

    lines: tuple[Line, ...]
    header_start: int
    body_start: int
    signature_start: int
    attachment_start: int

    @property
    def letterhead(self) -> Sequence[Line]:
        return self.lines[: self.header_start]

    @property
    def header(self) -> Sequence[Line]:
        return self.lines[self.header_start : self.body_start]

    @property
    def body(self) -> Sequence[Line]:
        return self.lines[self.body_start : self.signature_start]

    @property
    def signature(self) -> Sequence[Line]:
        return self.lines[self.signature_start : self.attachment_start]

    @property
    def attachment(self) -> Sequence[Line]:
        return self.lines[self.attachment_start :]

    @property
    def letter(self) -> Sequence[Line]:
        """Everything below the letterhead and above the attachments."""
        return self.lines[self.header_start : self.attachment_start]


def _header_start(lines: Sequence[Line]) -> int:
    """The first line below the letterhead: a header label, the date line, `Kepada`, a greeting."""
    for line in lines[:_HEADER_SEARCH_LIMIT]:
        if (
            read_header_label(line)
            or read_date_line(line.text)
            or is_addressee_start(line)
            or is_greeting(line)
            or is_sentence(line)
        ):
            return line.index
    return 0


def starts_body(line: Line) -> bool:
    """A greeting, or the first long line of running text."""
    if is_greeting(line):
        return True
    # A perihal continuation can read like a sentence too, but it is short and indented
    # under the value; a paragraph's first line may be indented, but it is long.
    return (
        is_sentence(line)
        and len(line.text) >= _BODY_LINE_LENGTH
        and (line.indent < 2 or len(line.text) >= _PARAGRAPH_LINE_LENGTH)
        and read_header_label(line) is None
        and not is_addressee_start(line)
    )


def _is_header_line(line: Line) -> bool:
    return bool(read_header_label(line) or read_date_line(line.text))


def after_addressee(lines: Sequence[Line], header_start: int) -> int | None:
    """The line after the addressee's `di Tempat` / `di -` + place, past any header labels
    that follow it; None when the addressee has no `di` line of its own."""
    header = lines[header_start : header_start + _HEADER_SEARCH_LIMIT]
    addressee = next((line.index for line in header if is_addressee_start(line)), None)
    if addressee is None:
        return None
    written = [line for line in lines[addressee + 1 :] if line.text][:_ADDRESSEE_LINES]
    at = next((i for i, line in enumerate(written) if _ADDRESS_PLACE.match(line.text)), None)
    if at is None:
        return None
    if _BARE_ADDRESS_PLACE.match(written[at].text) and at + 1 < len(written):
        at += 1  # `di -` with the place on the next line
    following = lines[written[at].index + 1 :]
    return next(
        (line.index for line in following if line.text and not _is_header_line(line)),
        len(lines),
    )


def _body_start(lines: Sequence[Line], header_start: int) -> int:
    by_text = next((line.index for line in lines[header_start:] if starts_body(line)), None)
    by_addressee = after_addressee(lines, header_start)
    found = [start for start in (by_text, by_addressee) if start is not None]
    if found:
        return min(found)
    last_header = header_start
    for line in lines[header_start : header_start + _HEADER_SEARCH_LIMIT]:
        if _is_header_line(line) or is_addressee_start(line):
            last_header = line.index + 1
    return last_header


def _signature_start(lines: Sequence[Line], body_start: int, attachment_start: int) -> int:
    """After the last closing sentence (`Demikian ...`, `... terima kasih.`, `Wassalam`)."""
    body = lines[body_start:attachment_start]
    for line in reversed(body):
        if _CLOSING_SENTENCE.search(line.text):
            return line.index + 1
    for line in reversed(body):
        if is_sentence(line) or _ends_a_sentence(line):
            return line.index + 1
    return body_start


def _ends_a_sentence(line: Line) -> bool:
    """`... pada hari Senin, 4 Januari.`: running words and a full stop, unlike a name."""
    lower_words = sum(1 for word in line.text.split() if word[0].islower())
    return line.text.endswith(".") and lower_words >= _SENTENCE_LOWER_WORDS


def find_layout(lines: tuple[Line, ...]) -> Layout:
    header_start = _header_start(lines)
    body_start = _body_start(lines, header_start)
    attachment_start = next(
        (line.index for line in lines[body_start + 1 :] if is_attachment_heading(line)),
        len(lines),
    )
    signature_start = _signature_start(lines, body_start, attachment_start)
    return Layout(lines, header_start, body_start, signature_start, attachment_start)

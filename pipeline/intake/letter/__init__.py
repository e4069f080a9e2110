"""Read a visit-request letter: its text in, its fields out (pure functions, no files).

Each field comes with a confidence on one scale (`confidence`) and the piece of text it was
read from, so that a person checks only what the reader is unsure of (below UNCERTAIN). A value
that another field contradicts (a visit before the letter's date, a Roman month that is not the
letter's month, a count that differs from the attached list) is marked CONFLICTING with the
reason, which the review note names. The pieces live beside this file: `text` (lines, labels,
layout), `dates`, `numbers`, `people` and `sender`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, time

from pipeline.case import REQUIRED_FIELDS, LetterFields
from pipeline.indonesian import ROMAN_MONTHS, format_date, format_time

from .confidence import (
    CERTAIN,
    CONFLICTING,
    DOUBTFUL,
    LIKELY,
    PLAUSIBLE,
    PROBABLE,
    SURE,
    lower,
)
from .confidence import (
    UNCERTAIN as UNCERTAIN,  # the threshold callers show doubt at (cli extract)
)
from .dates import (
    FoundDate,
    date_line_tail,
    find_dates,
    find_times,
    infer_year,
    read_date_line,
    weekday_agrees,
)
from .numbering import read_number
from .numbers import find_count
from .people import (
    find_contact,
    find_participants,
    find_signer,
    first_of_run_together,
    spelled_elsewhere,
)
from .roman import roman_in_prose
from .sender import (
    institution_from_letterhead,
    institution_from_signature,
    institution_in_text,
    office_title,
    places_in,
    shortens,
    title_case,
)
from .text import (
    Label,
    Layout,
    Line,
    after_addressee,
    blank_lines_separate,
    collapse,
    find_layout,
    is_addressee_start,
    is_greeting,
    is_sentence,
    join_lines,
    read_header_label,
    read_label,
    split_lines,
    starts_body,
    without_greeting,
)

FIELD_LABELS = {
    "nomor_surat": "Nomor surat",
    "tanggal_surat": "Tanggal surat",
    "perihal": "Perihal",
    "instansi_pengirim": "Instansi pengirim",
    "penandatangan": "Penandatangan",
    "jabatan_penandatangan": "Jabatan penandatangan",
    "tanggal_kunjungan": "Tanggal kunjungan",
    "waktu_kunjungan": "Waktu kunjungan",
    "jumlah_peserta": "Jumlah peserta",
    "kontak_nama": "Nama narahubung",
    "kontak_telepon": "Telepon narahubung",
    "sifat": "Sifat surat",
    "peserta": "Daftar peserta",
}
_FIX_HINT = "periksa surat dan lengkapi dengan `kunjungan fix`."


# Fields whose doubt sends a case to `perlu diperiksa`: those a case needs, and the visit's.
VISIT_FIELDS = ("tanggal_kunjungan", "waktu_kunjungan", "jumlah_peserta")


@dataclass(frozen=True)
class FieldReading:
    value: object  # typed as in LetterFields: str, date, time, int, tuple[str, ...]
    confidence: float  # a level of `confidence`; below UNCERTAIN a person must check it
    source: str  # the piece of letter text it came from
    conflict: str | None = None  # why another field contradicts it (Indonesian, for the note)


@dataclass(frozen=True)
class LetterReading:
    fields: LetterFields
    readings: Mapping[str, FieldReading]
    is_visit_request: bool

    def uncertain_required(self) -> tuple[str, ...]:
        """Fields that send the case to `perlu diperiksa`: a required field missing or
        uncertain, or a visit field read but uncertain (a conflict makes a field uncertain)."""
        missing = tuple(name for name in REQUIRED_FIELDS if name not in self.readings)
        doubtful = tuple(
            name
            for name in (*REQUIRED_FIELDS, *VISIT_FIELDS)
            if name in self.readings and self.readings[name].confidence < UNCERTAIN
        )
        return missing + doubtful

    def review_notes(self) -> tuple[str, ...]:
        """Short notes, in Indonesian, on what a person should check."""
        notes: list[str] = []
        if not self.is_visit_request:
            notes.append(
                "Surat ini tampaknya bukan permohonan kunjungan (mungkin undangan atau surat "
                "lain); periksa sebelum diproses."
            )
        for name in REQUIRED_FIELDS:
            if name not in self.readings:
                notes.append(f"{FIELD_LABELS[name]} tidak ditemukan; {_FIX_HINT}")
        for name, reading in self.readings.items():
            if reading.conflict is not None:
                notes.append(f"{FIELD_LABELS[name]} perlu diperiksa: {reading.conflict}.")
            elif reading.confidence < UNCERTAIN:
                notes.append(
                    f"{FIELD_LABELS[name]} kurang pasti (terbaca: {_shown(reading.value)}); "
                    "periksa surat dan perbaiki dengan `kunjungan fix` bila perlu."
                )
        if self.is_visit_request and "tanggal_kunjungan" not in self.readings:
            notes.append(
                "Tanggal kunjungan tidak disebutkan; konfirmasi jadwal dengan pengirim "
                "atau lengkapi dengan `kunjungan fix`."
            )
        if self.is_visit_request and "kontak_telepon" not in self.readings:
            notes.append("Nomor telepon narahubung tidak ditemukan; lihat surat.")
        return tuple(notes)


def _shown(value: object) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return format_time(value)
    if isinstance(value, tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def read_letter(text: str, *, ocr: bool = False) -> LetterReading:
    """The fields of a letter. `ocr`: the text came from OCR (a scan or a photo), so a bare `1`
    may be a Roman I and names may hold misread letters (`Kumiawan` for Kurniawan): their
    readings are a little less certain."""
    layout = find_layout(split_lines(text, ocr=ocr))
    readings: dict[str, FieldReading] = {}
    readings.update(_read_header(layout, ocr=ocr))
    letter_date = readings.get("tanggal_surat")
    reference = letter_date.value if letter_date and isinstance(letter_date.value, date) else None
    readings.update(_read_schedule(layout, reference, _year_hint(readings)))
    participants = find_participants(layout.lines[layout.body_start :])
    if participants:
        readings["peserta"] = FieldReading(participants, SURE, "; ".join(participants))
    count = _read_count(layout, participants)
    if count is not None:
        readings["jumlah_peserta"] = count
    readings.update(_read_contact(layout))
    signer = _read_signer(layout)
    if signer is not None:
        readings["penandatangan"] = signer
    sender = _read_sender(layout)
    if sender is not None:
        readings["instansi_pengirim"] = sender
    office = _read_office(layout, sender)
    if office is not None:
        readings["jabatan_penandatangan"] = office
    if ocr:
        readings.update(_names_read_by_ocr(readings, layout))
        readings.update(_phone_read_by_ocr(readings))
    readings.update(_conflicts(readings))
    values = {name: reading.value for name, reading in readings.items()}
    return LetterReading(
        fields=LetterFields().with_values(values),
        readings=readings,
        is_visit_request=_is_visit_request(readings, layout),
    )


# --- header: nomor, sifat, perihal, tanggal surat -------------------------------------------

_ADDRESSEE_WORDS = re.compile(
    r"^(?:kepala|bapak|ibu|yang|sdr|direktur|pimpinan|ketua|wali|walikota|camat|bupati|"
    r"gubernur|di\b|di-)",
    re.IGNORECASE,
)
_PERIHAL_CONTINUATION_LINES = 3
_INDENT_SLACK = 6  # a continuation stands under the value, give or take a few spaces
_LONG_LINE = 80


# The addressee beside a header value whose gap OCR lost: `Permohonan Kunjungan Yth. Kepala`.
_ADDRESSEE_BESIDE = re.compile(r"\s+(?:Kepada(?:\s+Yth\b.*)?|Yth\b.*|Kpd\b.*)$")
# The addressee's place beside a subject's continuation (`Studi Lapangan di -`): the lines
# below belong to the addressee (`Tarakan`), not to the subject.
_ADDRESS_PLACE_BESIDE = re.compile(r"\s+(?:di\s*[-:]?|di\s+tempat)$", re.IGNORECASE)


def _left_of_right_column(raw_value: str, places: Set[str] = frozenset()) -> str:
    """A header value without what stands beside it in the right column (addressee, date)."""
    value = re.split(r"\s{3,}", raw_value.strip())[0]
    return collapse(_ADDRESSEE_BESIDE.sub("", _without_date_beside(value, places)))


def _without_date_beside(value: str, places: Set[str]) -> str:
    """`Permohonan Kunjungan Tarakan, 3 November 2026` -> `Permohonan Kunjungan`. The gap lost,
    capitalised words may be the value's or the place's: the place is one word, or as many as
    the kop's address names (`Tanjung Selor`)."""
    before, beside = date_line_tail(value)
    if beside is None or not beside.has_place:
        return value
    if not value.startswith(before):
        return before
    words = value[len(before) :].split(",")[0].split()
    keep = len(words) - 1
    while keep > 0 and words[keep - 1].lower() in places:
        keep -= 1
    return " ".join([before.strip(), *words[:keep]])


def _letter_number(
    line: Line, label: Label, letter_date: date | None, *, ocr: bool
) -> FieldReading | None:
    """The number of a `Nomor :` line; its Roman month is checked against the letter's date."""
    value, _ = date_line_tail(label.raw_value)
    if label.raw_value.startswith(value):
        value = _unit_before_place(value, label.raw_value[len(value) :])
    value = re.split(r"\s{3,}", value.strip())[0]
    number = read_number(value, letter_date.month if letter_date else None, ocr=ocr)
    return None if number is None else FieldReading(number.text, number.confidence, line.text)


def _unit_before_place(number: str, date_beside: str) -> str:
    """`170/302 Setwan Nunukan, 3 Maret 2027`: the gaps lost, a unit read as the first word of a
    two-word place. A number does not end in its running number, so the word goes back to it."""
    place = date_beside.split(",")[0].split() if "," in date_beside else []
    last_part = re.split(r"[/\s]", number.strip())[-1]
    if len(place) > 1 and last_part.isdigit() and not re.fullmatch(r"(?:19|20)\d\d", last_part):
        return f"{number.rstrip()} {place[0]}"
    return number


_SIFAT = re.compile(
    r"^(?:(?:sangat|amat)\s+)?(?:biasa|segera|penting|rahasia|terbatas|kilat|terbuka|"
    r"konfidensial)\b(?:\s*/\s*(?:biasa|segera|penting|rahasia|terbatas|terbuka)\b)?",
    re.IGNORECASE,
)


def _sifat(label: Label) -> str | None:
    """`Biasa`, `Sangat Segera`; a known word is cut from what stands beside it (`Biasa di-`)."""
    value = _left_of_right_column(label.raw_value)
    known = _SIFAT.match(value)
    sifat = (known.group() if known else value).lower().rstrip(" .")
    return sifat if sifat and sifat != "-" else None


def _ends_perihal(line: Line) -> bool:
    return (
        not line.text
        or read_label(line) is not None
        or is_addressee_start(line)
        or read_date_line(line.text) is not None
        or bool(_ADDRESSEE_WORDS.match(line.text))
        or len(line.text) > _LONG_LINE
        or starts_body(line)
    )


def _perihal(
    lines: Sequence[Line], line: Line, label: Label, places: Set[str]
) -> FieldReading | None:
    """The subject, over one or more lines: continuation lines run to the next label, the
    addressee (`Kepada`, `Yth.`), the date line or a blank line."""
    value = without_greeting(_left_of_right_column(label.raw_value, places))
    parts = [value] if value else []
    sources = [line.text]
    indices = {line.index}
    confidence = CERTAIN
    following_lines = lines[line.index + 1 :]
    if not blank_lines_separate(lines):
        following_lines = [following for following in following_lines if following.text]
    value_column = line.raw.find(label.raw_value) if label.raw_value else len(line.raw)
    for following in following_lines[:_PERIHAL_CONTINUATION_LINES]:
        if following.page != line.page or _ends_perihal(following):
            break
        if following.indent > value_column + _INDENT_SLACK:
            break  # a line of the right column (the addressee's place), not of the subject
        part = _left_of_right_column(following.raw, places)
        place_beside = _ADDRESS_PLACE_BESIDE.search(part)
        parts.append(part[: place_beside.start()] if place_beside else part)
        sources.append(following.text)
        indices.add(following.index)
        if following.indent < 2:
            confidence = LIKELY  # not aligned under the value: less sure it belongs to it
        if place_beside:
            break
    subject = collapse(" ".join(parts)).rstrip(" .,;").strip('"')
    others = join_lines(other for other in lines if other.index not in indices)
    subject = roman_in_prose(subject, others)
    if title_case(subject) != subject:
        # `PERMOHONAN KUNJUNGAN`: written in capitals for emphasis, read as a title
        subject, confidence = title_case(subject), min(confidence, LIKELY)
    return FieldReading(subject, confidence, "\n".join(sources)) if subject else None


def _read_header(layout: Layout, *, ocr: bool) -> dict[str, FieldReading]:
    readings: dict[str, FieldReading] = {}
    number_labels: list[tuple[Line, Label]] = []
    for line in layout.lines[: layout.signature_start]:
        found = read_header_label(line)
        if found is None:
            continue
        key, label = found
        in_header = line.index < layout.body_start
        _, date_on_line = date_line_tail(label.raw_value)
        if in_header and date_on_line is not None and "tanggal_surat" not in readings:
            readings["tanggal_surat"] = FieldReading(date_on_line.value, SURE, line.text)
        if key == "nomor":
            number_labels.append((line, label))
        elif key == "sifat" and "sifat" not in readings:
            sifat = _sifat(label)
            if sifat:
                readings["sifat"] = FieldReading(sifat, CERTAIN, line.text)
        elif key == "perihal" and "perihal" not in readings:
            perihal = _perihal(layout.lines, line, label, places_in(layout.letterhead))
            if perihal is not None:
                readings["perihal"] = perihal
        elif key == "tanggal" and in_header:
            dates = find_dates(label.value)
            if dates and dates[0].value and "tanggal_surat" not in readings:
                readings["tanggal_surat"] = FieldReading(dates[0].value, SURE, line.text)
    if "perihal" not in readings:
        heading = _subject_above_greeting(layout) or _subject_heading(layout)
        if heading is not None:
            readings["perihal"] = heading
    if "tanggal_surat" not in readings:
        letter_date = _date_line(layout)
        if letter_date is not None:
            readings["tanggal_surat"] = letter_date
    dated = readings.get("tanggal_surat")
    letter_date_value = dated.value if dated and isinstance(dated.value, date) else None
    for line, label in number_labels:
        number = _letter_number(line, label, letter_date_value, ocr=ocr)
        if number is not None:
            readings["nomor_surat"] = number
            break
    if "nomor_surat" not in readings:
        mentioned = _number_in_text(layout, letter_date_value, ocr=ocr)
        if mentioned is not None:
            readings["nomor_surat"] = mentioned
    return readings


_HEADING_WORDS = (2, 16)
_SMALL_WORD = 3  # `ke`, `dan`, `for`, `the` stay in lower case in a title
_CAPITALS = 0.8


def _subject_heading(layout: Layout) -> FieldReading | None:
    """No `Perihal :` label: the subject as a heading in capitals under the salutation, as
    Malay and English letters set it (`Tuan/Puan, / LAWATAN SAMBIL BELAJAR KE ...`)."""
    greeting = next(
        (line.index for line in layout.lines[layout.header_start :] if is_greeting(line)), None
    )
    if greeting is None:
        return None
    for line in [line for line in layout.lines[greeting + 1 :] if line.text][:2]:
        if is_sentence(line) and not _written_as_title(line.text):
            return None  # the body has begun: a short line after it is the sentence's end
        letters = [char for char in line.text if char.isalpha()]
        capitals = sum(char.isupper() for char in letters)
        words = len(line.text.split())
        if not _HEADING_WORDS[0] <= words <= _HEADING_WORDS[1] or read_label(line) is not None:
            continue
        if capitals >= _CAPITALS * len(letters):
            return FieldReading(title_case(line.text.rstrip(" .")), PROBABLE, line.text)
        if _is_title_heading(line, layout.lines):
            return FieldReading(line.text, PLAUSIBLE, line.text)
    return None


_SUBJECT_LINES = 2
_ADDRESSEE_BLOCK_LINES = 6  # `Kepada Yth.`, the office, a person, a street, a town ...
_PLACE_WORDS = 2  # `Kota Tarakan`, `Tanjung Selor`: a town's name is short
_OFFICE_LINES = 2  # `Kepada Yth.` and the office it addresses
_ADDRESS_LINE = re.compile(r"^(?:jl|jln|jalan)\b|\b\d{5}\b|\bno\.\s*\d", re.IGNORECASE)


def _subject_above_greeting(layout: Layout) -> FieldReading | None:
    """No `Perihal :` label: the subject standing alone between the addressee block and the
    salutation (or the first sentence, where there is none), in capitals or with every long
    word capitalised, on one or two lines. The addressee block ends at its `di Tempat` /
    `di -` + place line, or else the subject is the last block, set apart by a blank line,
    before the salutation. Its place is the only cue, so it is never certain."""
    start = after_addressee(layout.lines, layout.header_start)
    lines = _lines_before_greeting(layout.lines[start:]) if start is not None else None
    after_address_line = False
    if lines is None:
        blocks = _blocks_after_addressee(layout)
        if not blocks:
            return None
        if len(blocks) == 1:
            # No blank line (a text layer may drop them): the block's last line, below the
            # office, when it is set apart by its case and length from an address line.
            block = blocks[0]
            taken = 2 if block[-1].text[0].islower() else 1  # `ke Tarakan ...` goes on a line
            if len(block) <= _OFFICE_LINES + taken - 1:
                return None
            if len(" ".join(line.text for line in block[-taken:]).split()) <= _PLACE_WORDS:
                return None
            blocks = [block[:-taken], block[-taken:]]
        lines = blocks[-1]
        after_address_line = bool(_ADDRESS_LINE.search(blocks[-2][-1].text))
    if not 0 < len(lines) <= _SUBJECT_LINES or not all(_stands_as_subject(line) for line in lines):
        return None
    if not lines[0].text[0].isupper():
        return None
    subject = collapse(" ".join(line.text for line in lines)).rstrip(" .")
    words = len(subject.split())
    if not _HEADING_WORDS[0] <= words <= _HEADING_WORDS[1]:
        return None
    if (after_address_line and words <= _PLACE_WORDS) or _ADDRESS_LINE.search(subject):
        return None  # `Kota Tarakan` under `Jl. Yos Sudarso No. 1`: the addressee's town
    source = "\n".join(line.text for line in lines)
    confidence = PROBABLE if len(lines) == 1 and words > _PLACE_WORDS else PLAUSIBLE
    if title_case(subject) != subject:
        return FieldReading(title_case(subject), confidence, source)
    return FieldReading(subject, confidence, source)


def _lines_before_greeting(lines: Sequence[Line]) -> list[Line] | None:
    """The written lines up to the salutation or the first sentence; None without either."""
    found: list[Line] = []
    for line in lines:
        if is_greeting(line) or (starts_body(line) and not _written_as_title(line.text)):
            return found
        if line.text:
            found.append(line)
    return None


def _blocks_after_addressee(layout: Layout) -> list[list[Line]]:
    """From the addressee (`Kepada Yth.`) to the salutation, the blocks of lines that blank
    lines set apart (OCR sets one block per line or two)."""
    header = layout.lines[layout.header_start :]
    addressee = next((line.index for line in header if is_addressee_start(line)), None)
    if addressee is None:
        return []
    # the addressee's lines, a blank between each where OCR sets them apart, and the subject
    lines = _lines_before_greeting(layout.lines[addressee : addressee + 3 * _ADDRESSEE_BLOCK_LINES])
    if lines is None:
        return []
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and line.index == blocks[-1][-1].index + 1:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _stands_as_subject(line: Line) -> bool:
    """A short line of its own that no label, date, addressee word or sentence starts, with no
    comma or colon at its end."""
    text = line.text
    return (
        read_label(line) is None
        and read_date_line(text) is None
        and not _ADDRESSEE_WORDS.match(text)
        and (_written_as_title(text) or not is_sentence(line))
        and not text.endswith((",", ":", ";"))
        and len(text) <= _LONG_LINE
    )


def _written_as_title(text: str) -> bool:
    """`Permohonan Kunjungan dalam Rangka Studi Tiru`: every long word capitalised, as a
    subject is written and a sentence is not."""
    long_words = [word for word in text.split() if len(word) > _SMALL_WORD + 2]
    return bool(long_words) and all(word[0].isupper() for word in long_words)


def _is_title_heading(line: Line, lines: Sequence[Line]) -> bool:
    """`Request for a Study Visit` standing alone: every long word capitalised, no stop at its
    end, not the addressee; a blank line after it where the text keeps blank lines (a sentence
    runs on)."""
    long_words = [word for word in line.text.split() if len(word) > _SMALL_WORD]
    following = lines[line.index + 1] if line.index + 1 < len(lines) else None
    keeps_blank_lines = any(not other.text for other in lines[: line.index])
    alone = following is None or not following.text or not keeps_blank_lines
    return (
        bool(long_words)
        and all(word[0].isupper() for word in long_words)
        and not line.text.endswith((".", ",", ":", ";"))
        and not _ADDRESSEE_WORDS.match(line.text)
        and alone
    )


def _date_line(layout: Layout) -> FieldReading | None:
    """The date line: at the top, else above the signature, else anywhere; a place makes it
    certain (`Tarakan, 3 November 2026`), a bare date less so."""
    regions = (layout.header, layout.signature, layout.body)
    for with_place in (True, False):
        for region_number, region in enumerate(regions):
            for line in region:
                found = read_date_line(line.text)
                if found is not None and found.has_place == with_place:
                    confidence = CERTAIN if with_place else PLAUSIBLE
                    if region_number == 2:
                        confidence = lower(confidence)
                    return FieldReading(found.value, confidence, line.text)
    return None


_NUMBER_MENTION = re.compile(r"\b(?:nomor|no\.)\s*:?\s*(?P<number>[\w.-]+(?:/[\w.-]+)+)", re.I)


def _number_in_text(layout: Layout, letter_date: date | None, *, ocr: bool) -> FieldReading | None:
    """No `Nomor :` line: a number mentioned elsewhere (`Lampiran Surat Nomor B-215/...`)."""
    for line in [*layout.attachment, *layout.header]:
        match = _NUMBER_MENTION.search(line.text)
        if match is not None:
            month = letter_date.month if letter_date else None
            number = read_number(match.group("number"), month, ocr=ocr)
            if number is not None:
                return FieldReading(number.text, min(DOUBTFUL, number.confidence), line.text)
    return None


def _year_hint(readings: Mapping[str, FieldReading]) -> int | None:
    """A year to place `12 November` when the letter has no date: the one in its number."""
    number = readings.get("nomor_surat")
    found = re.search(r"\b(20\d\d)\b", str(number.value)) if number else None
    return int(found.group(1)) if found else None


# --- schedule: tanggal and waktu kunjungan ------------------------------------------------

_SCHEDULE_LABEL = re.compile(r"hari|tanggal|tgl|waktu|jadwal|pelaksanaan|kunjungan|pukul|jam")
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:surat|nomor|no\.)\b.{0,60}?\b(?:tanggal|tgl\.?)|\btertanggal|\bsejak|\blahir)"
    r"[\s:]*$",
    re.IGNORECASE,
)
_VISIT_DATE_CUE = re.compile(
    r"\b(?:pada|hari|tanggal|tgl|dilaksanakan|pelaksanaan|rencana|jadwal|mulai|berkunjung|"
    r"kunjungan|waktu|yakni|yaitu|tiru|visit|on|tarikh|lawatan|adalah)\b",
    re.IGNORECASE,
)
# What a date in running text is for, told by the nearest cue before it in its sentence: the
# visit (`berkunjung pada`, `rencana jadwal`), or something else the letter mentions (a meeting
# it follows up, a deadline, an event of its own).
_VISIT_WORDS_BEFORE = re.compile(
    r"\b(?:kunjungan|berkunjung|mengunjungi|kunjungi|lawatan|visit(?:ing)?|rencana|jadwal|"
    r"direncanakan|dijadwalkan|studi\s+(?:tiru|banding)|bertandang|datang)\b",
    re.IGNORECASE,
)
_OTHER_EVENT_BEFORE = re.compile(
    r"\b(?:rapat|pertemuan|menindaklanjuti|merujuk|berdasarkan|surat|lomba|festival|pekan|"
    r"acara|peringatan|ulang\s+tahun|ujian|pendaftaran|batas|paling\s+lambat|selambat|"
    r"deadline|tenggat|sebelum|sejak|digelar|diselenggarakan|seminar|lokakarya|meeting|"
    r"competition|event|kompetisi|konfirmasi)\b",
    re.IGNORECASE,
)


def _schedule_values(lines: Sequence[Line]) -> list[tuple[str, str]]:
    """Values of `Hari/Tanggal :`, `Waktu :`, `Pukul :` ... with their line; a value that names
    only the day (`Selasa s.d. Rabu,`) continues on the next line."""
    values: list[tuple[str, str]] = []
    for position, line in enumerate(lines):
        label = read_label(line)
        if label is None or not _SCHEDULE_LABEL.search(label.key):
            continue
        value = label.value
        following = lines[position + 1] if position + 1 < len(lines) else None
        incomplete = not find_dates(value) and not find_times(value)
        if incomplete and following is not None and read_label(following) is None:
            value = f"{value} {following.text}"
        values.append((value, line.text))
    return values


def _date_reading(
    found: FoundDate, confidence: float, source: str, reference: date | None, year: int | None
) -> FieldReading | None:
    value = infer_year(found, reference, year)
    if value is None:
        return None
    if found.year is None:
        confidence = min(confidence, PROBABLE)
    if not weekday_agrees(found, value):
        confidence = min(confidence, DOUBTFUL)  # the day name contradicts the date: one is wrong
    return FieldReading(value, confidence, source)


def _visit_date(
    layout: Layout, labelled: list[tuple[str, str]], reference: date | None, year: int | None
) -> FieldReading | None:
    for value, source in labelled:
        for found in find_dates(value):
            reading = _date_reading(found, CERTAIN, source, reference, year)
            if reading is not None:
                return reading
    text = join_lines(layout.body)
    tied: list[FieldReading] = []  # dates the nearest cue ties to the visit
    cued: list[FieldReading] = []  # dates after `pada`, `tanggal` or a day name
    guess: FieldReading | None = None
    for found in find_dates(text):
        # What leads to the date within its own sentence: `pada hari`, `surat ... tanggal`.
        before = re.split(r"[.;] ", text[max(0, found.start - 90) : found.start])[-1]
        if _REFERENCE_BEFORE.search(before[-60:]):
            continue
        purpose = _nearest_purpose(before)
        if purpose == "other":
            continue
        source = _sentence_around(text, found.start)
        reading = _date_reading(found, SURE, source, reference, year)
        if reading is None:
            continue
        if purpose == "visit":
            tied.append(reading)
        elif _VISIT_DATE_CUE.search(before[-60:]) or found.weekday is not None:
            cued.append(reading)
        elif guess is None:
            guess = replace(reading, confidence=DOUBTFUL)
    if tied:
        return tied[0]
    if cued:
        # Several dates and nothing ties one to the visit: the first, but not for certain.
        others = {reading.value for reading in cued[1:]} - {cued[0].value}
        return replace(cued[0], confidence=PLAUSIBLE) if others else cued[0]
    return guess


def _nearest_purpose(before: str) -> str | None:
    """`visit`, `other` or None: which kind of cue stands nearest before a date."""
    visit = [match.end() for match in _VISIT_WORDS_BEFORE.finditer(before)]
    other = [match.end() for match in _OTHER_EVENT_BEFORE.finditer(before)]
    if not visit and not other:
        return None
    return "visit" if max(visit, default=-1) > max(other, default=-1) else "other"


def _visit_time(layout: Layout, labelled: list[tuple[str, str]]) -> FieldReading | None:
    for value, source in labelled:
        times = find_times(value)
        if times:
            return FieldReading(times[0].value, LIKELY if times[0].spoken else CERTAIN, source)
    text = join_lines(layout.body)
    for found in find_times(text):
        if found.cued:
            confidence = LIKELY if found.spoken else SURE
            return FieldReading(found.value, confidence, _sentence_around(text, found.start))
    return None


def _read_schedule(
    layout: Layout, reference: date | None, year: int | None
) -> dict[str, FieldReading]:
    labelled = _schedule_values(layout.body)
    readings: dict[str, FieldReading] = {}
    visit_date = _visit_date(layout, labelled, reference, year)
    if visit_date is not None:
        readings["tanggal_kunjungan"] = visit_date
    visit_time = _visit_time(layout, labelled)
    if visit_time is not None:
        readings["waktu_kunjungan"] = visit_time
    return readings


def _sentence_around(text: str, position: int) -> str:
    """The sentence holding `position`, as the source of a value found in running text."""
    start = max(text.rfind(". ", 0, position) + 2, position - 120, 0)
    if start > 0 and not text[start - 1].isspace():
        start = text.find(" ", start) + 1  # begin at a word
    end_stop = text.find(". ", position)
    end = min(len(text) if end_stop < 0 else end_stop + 1, position + 120)
    return text[start:end].strip()


# --- count, contact, signer, sender --------------------------------------------------------

_COUNT_LABEL = re.compile(r"jumlah|peserta|rombongan|personil|personel|participants|bilangan|pax")


def _read_count(layout: Layout, participants: tuple[str, ...]) -> FieldReading | None:
    for line in layout.body:
        label = read_label(line)
        if label is not None and _COUNT_LABEL.search(label.key):
            count = find_count(label.value, labelled=True)
            if count is not None:
                return FieldReading(count.value, count.confidence, line.text)
    text = join_lines(layout.body)
    count = find_count(text)
    if count is not None:
        source = _sentence_around(text, text.find(count.excerpt))
        return FieldReading(count.value, count.confidence, source)
    if participants:
        return FieldReading(len(participants), LIKELY, f"daftar peserta: {len(participants)} nama")
    return None


def _read_contact(layout: Layout) -> dict[str, FieldReading]:
    readings: dict[str, FieldReading] = {}
    letterhead = join_lines(layout.letterhead)
    # An attachment counts only where it names the contact: a list may give every one's phone.
    for part, named in ((layout.letter, False), (layout.attachment, True)):
        contact = find_contact(join_lines(part), letterhead, named=named)
        if contact is None:
            continue
        if contact.name is not None:
            readings["kontak_nama"] = FieldReading(
                contact.name.text, contact.name_confidence, contact.excerpt
            )
        if contact.phone is not None:
            readings["kontak_telepon"] = FieldReading(
                contact.phone.number, contact.phone_confidence, contact.excerpt
            )
        break
    return readings


def _read_signer(layout: Layout) -> FieldReading | None:
    signer = find_signer(layout.signature)
    if signer is None:
        return None
    if signer.run_together:
        # Two names side by side whose gap was lost: parted where the letter names one of them.
        elsewhere = join_lines([*layout.header, *layout.body, *layout.attachment])
        first = first_of_run_together(signer.name, elsewhere)
        if first is not None:
            return FieldReading(first, PROBABLE, signer.excerpt)
    return FieldReading(signer.name, signer.confidence, signer.excerpt)


def _read_office(layout: Layout, sender: FieldReading | None) -> FieldReading | None:
    """The signer's office as the reply addresses it: as signed, completed with the sender
    when the title names no institution (`Kepala Sekolah`, `Dekan`, `General Manager`)."""
    signer = find_signer(layout.signature)
    if signer is None or signer.title is None or signer.run_together:
        return None
    institution = str(sender.value) if sender is not None else None
    title, completed = office_title(signer.title, institution)
    confidence = SURE if not signer.title_below else LIKELY
    if completed:
        confidence = min(confidence, LIKELY if sender and sender.confidence >= SURE else PLAUSIBLE)
    return FieldReading(title, confidence, signer.excerpt)


def _read_sender(layout: Layout) -> FieldReading | None:
    from_letterhead = institution_from_letterhead(layout.letterhead)
    from_signature = institution_from_signature(layout.signature)
    if from_letterhead and from_signature and shortens(from_signature.name, from_letterhead.name):
        # The body signs with the short name of its long legal one: it names itself so.
        return FieldReading(from_signature.name, LIKELY, from_signature.source)
    if from_letterhead is not None:
        confidence = from_letterhead.confidence
        if from_signature and _same_institution(from_letterhead.name, from_signature.name):
            confidence = max(confidence, CERTAIN)  # the kop and the signer's title agree
        return FieldReading(from_letterhead.name, confidence, from_letterhead.source)
    if from_signature is not None:
        return FieldReading(from_signature.name, from_signature.confidence, from_signature.source)
    mentioned = institution_in_text(join_lines(layout.body))
    if mentioned is not None:
        return FieldReading(mentioned.name, mentioned.confidence, mentioned.source)
    return None


_NAME_FIELDS = ("kontak_nama", "penandatangan", "peserta")
# Fields of free text: OCR may misread any letter in them and nothing in their form shows it.
_FREE_TEXT_FIELDS = ("perihal", "instansi_pengirim", "jabatan_penandatangan", *_NAME_FIELDS)
# A word OCR has spoilt: a digit or a symbol among letters (`Hid4yat`, `Rahm|at`), or capitals
# inside a word that is neither all capitals nor an abbreviation (`HIdayat`, `wAhyuni`).
_SPOILT_WORD = re.compile(
    r"[A-Za-z][^\sA-Za-z.,'()/&-]|[^\sA-Za-z.,'()/&-][A-Za-z]|^[A-Z][a-z]+[A-Z][a-z]*$|^[A-Z]{2,}[a-z]|^[a-z]+[A-Z]"
)


def _looks_spoilt(value: str) -> bool:
    """Whether a name or subject read by OCR shows signs of misread characters."""
    return any(
        _SPOILT_WORD.search(word) and "." not in word  # `S.Kom.`, `M.Pd.` are titles
        for word in value.split()
    )


def _names_read_by_ocr(
    readings: Mapping[str, FieldReading], layout: Layout
) -> dict[str, FieldReading]:
    """Names as the letter spells them elsewhere (`Kumiawan` in one place, `Kurniawan` in
    another), then every free-text value at most LIKELY: OCR misreads letters no rule can
    restore, unless the letter writes the same value twice (two readings that agree); a value
    that shows a misread character (a digit or symbol in a word, capitals inside one) is at
    most PLAUSIBLE."""
    text = join_lines(layout.lines)
    changed: dict[str, FieldReading] = {}
    for field in _FREE_TEXT_FIELDS:
        reading = readings.get(field)
        if reading is None:
            continue
        value = reading.value
        if field in _NAME_FIELDS and isinstance(value, tuple):
            value = tuple(spelled_elsewhere(str(item), text) for item in value)
        elif field in _NAME_FIELDS and isinstance(value, str):
            value = spelled_elsewhere(value, text)
        items = [str(item) for item in value] if isinstance(value, tuple) else [str(value)]
        confidence = lower(reading.confidence) if field in _NAME_FIELDS else reading.confidence
        if any(_looks_spoilt(item) for item in items):
            confidence = min(confidence, PLAUSIBLE)
        elif not all(_written_twice(item, text) for item in items):
            confidence = min(confidence, LIKELY)
        changed[field] = FieldReading(value, confidence, reading.source, reading.conflict)
    return changed


def _written_twice(value: str, text: str) -> bool:
    """Whether the letter's text holds `value` twice (any case): OCR read it alike twice."""
    return len(re.findall(re.escape(value.lower()), text.lower())) >= 2


def _phone_read_by_ocr(readings: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """A phone read by OCR is never certain: no check digit catches a misread 1 for 7 or a
    last group lost at the page's edge, and nothing else in the letter repeats it."""
    reading = readings.get("kontak_telepon")
    if reading is None:
        return {}
    return {"kontak_telepon": replace(reading, confidence=min(reading.confidence, LIKELY))}


def _same_institution(first: str, second: str) -> bool:
    first, second = first.lower(), second.lower()
    return first in second or second in first


# --- fields that contradict one another ---------------------------------------------------

_MONTH_BEFORE_YEAR = re.compile(r"(?:^|/)(?P<month>[IVX]+)/(?:19|20)\d\d(?:/|$)")


def _conflicts(readings: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """Readings that another field contradicts, made CONFLICTING with the reason why."""
    found: dict[str, str] = {}
    dated = readings.get("tanggal_surat")
    letter_date = dated.value if dated and isinstance(dated.value, date) else None
    visit = readings.get("tanggal_kunjungan")
    if letter_date and visit and isinstance(visit.value, date) and visit.value < letter_date:
        found["tanggal_kunjungan"] = (
            f"tanggal kunjungan ({format_date(visit.value)}) lebih awal daripada tanggal "
            f"surat ({format_date(letter_date)})"
        )
    number = readings.get("nomor_surat")
    month = _MONTH_BEFORE_YEAR.search(str(number.value)) if number else None
    if letter_date and month and month.group("month") in ROMAN_MONTHS:
        expected = ROMAN_MONTHS[letter_date.month - 1]
        if month.group("month") != expected:
            found["nomor_surat"] = (
                f"bulan Romawi pada nomor ({month.group('month')}) tidak sesuai dengan tanggal "
                f"surat ({format_date(letter_date)}, bulan {expected})"
            )
    count, listed = readings.get("jumlah_peserta"), readings.get("peserta")
    if count and listed and isinstance(listed.value, tuple) and count.value != len(listed.value):
        found["jumlah_peserta"] = (
            f"jumlah peserta pada surat ({count.value}) berbeda dengan daftar peserta "
            f"({len(listed.value)} nama)"
        )
    return {
        name: replace(readings[name], confidence=min(readings[name].confidence, CONFLICTING),
                      conflict=reason)
        for name, reason in found.items()
    }


# --- is it a visit request? ---------------------------------------------------------------

_VISIT_WORDS = re.compile(
    r"\b(?:ber)?kunjung|\bmengunjungi|\bstudi\s+tiru|\bstudy\s+(?:visit|tour)|\bstudi\s+banding|"
    r"\bbenchmark|\bfield\s*trip|\bouting\s+class|\bkunker\b|\baudiensi|\bwisata\s+edukasi|"
    r"\bobservasi\s+lapangan|\bvisit(?:ing)?\b|"
    r"\bizin\b.{0,60}?\b(?:melihat|mempelajari|belajar|mengenal)\b",
    re.IGNORECASE,
)
_INVITATION = re.compile(
    r"\bundangan\b|\bmengundang\b|\bmenghadiri\b|\bberkenan\s+hadir\b|\buntuk\s+hadir\b",
    re.IGNORECASE,
)


def _is_visit_request(readings: Mapping[str, FieldReading], layout: Layout) -> bool:
    """The subject decides when it speaks of a visit or an invitation; otherwise the body."""
    perihal = str(readings["perihal"].value) if "perihal" in readings else ""
    if _INVITATION.search(perihal):
        return False
    if _VISIT_WORDS.search(perihal):
        return True
    body = join_lines(layout.body)
    return bool(_VISIT_WORDS.search(body)) and not _INVITATION.search(body)

"""Numbers in words and the number of visitors a letter announces.

Counts come as digits (`20 orang`), words (`delapan belas orang`), both
(`19 (sembilan belas) orang`), sums (`32 siswa dan 3 guru pendamping` = 35) or a total with
its breakdown (`35 orang (32 siswa dan 3 guru)` = 35, not 70).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .confidence import CERTAIN, DOUBTFUL, LIKELY, PLAUSIBLE, PROBABLE, SURE

_UNITS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
# `se-` words are one of something: sepuluh = 10, seratus = 100; seorang = one person.
_ONE_OF = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seorang": 1}
_SCALES = {"belas", "puluh", "ratus", "ribu", "seribu"}
_NUMBER_WORD = "|".join([*_UNITS, *_ONE_OF, *_SCALES])
_LEADING_WORD = "|".join([*(unit for unit in _UNITS if unit != "nol"), *_ONE_OF, "seribu"])
NUMBER_WORDS = rf"\b(?:{_LEADING_WORD})\b(?:\s+(?:{_NUMBER_WORD})\b)*"


def words_to_number(words: str) -> int | None:
    """`dua puluh lima` -> 25, `delapan belas` -> 18, `seratus dua puluh` -> 120; else None."""
    total = part = 0
    pending: int | None = None  # a unit waiting for its scale word
    for word in words.lower().split():
        if word in _UNITS:
            if pending is not None:
                return None
            pending = _UNITS[word]
        elif word in _ONE_OF:
            part += _ONE_OF[word]
        elif word == "seribu":
            total += 1000
        elif word in ("belas", "puluh", "ratus") and pending is not None:
            part += {"belas": pending + 10, "puluh": pending * 10, "ratus": pending * 100}[word]
            pending = None
        elif word == "ribu":
            total += (part + (pending or 0)) * 1000
            part, pending = 0, None
        else:
            return None
    return total + part + (pending or 0)


# --- counting visitors --------------------------------------------------------------------

_PERSON_NOUNS = (
    "siswa|siswi|murid|pelajar|mahasiswa|mahasiswi|santri|santriwan|santriwati|taruna|taruni|"
    "peserta|guru|dosen|pendamping|pembina|pengajar|ustadz|ustadzah|anggota|staf|staff|pegawai|"
    "karyawan|karyawati|pejabat|personel|personil|asn|pns|tamu|delegasi|perwakilan|pengurus|"
    "kader|relawan|anak|warga|jamaah|jemaah|atlet|panitia|petugas|kepala|utusan|wartawan|"
    "jurnalis|operator|instruktur|fasilitator|pimpinan|manajer|teknisi|kru|crew|sopir|driver|"
    "tenaga|penyuluh|perawat|bidan|dokter|komisioner|pengawas|auditor|mitra|pemuda|remaja|"
    "pekerja|buruh|petani|nelayan|pengusaha|lansia|orangtua|wali"
)
_QUANTITY = re.compile(
    r"(?<![\w.,/-])(?:(?P<digits>\d{1,4})(?:\s*(?:-|–|s\.?d\.?|sampai)\s*(?P<upper>\d{1,4}))?"
    r"(?:\s*\(\s*(?P<spelled>[a-z ]+?)\s*\))?"
    rf"|(?P<words>{NUMBER_WORDS}))(?!\w)",
    re.IGNORECASE,
)
_PERSON_UNIT = re.compile(
    r"\s*(?P<people>orang|org\.?|pax|jiwa|personel|personil|persons?|people|participants?)?"
    r"(?:\b|(?<=\.))\s*"
    rf"(?P<noun>(?:{_PERSON_NOUNS})\b)?",
    re.IGNORECASE,
)
# A number after these words counts a whole the visitors come from (`sekolah kami memiliki
# 620 siswa`, `dari 881 siswa`), not the visiting party.
_WHOLE_BEFORE = re.compile(
    r"\b(?:memiliki|mempunyai|dari(?:\s+(?:total|jumlah|seluruh))?|seluruh|keseluruhan|"
    r"total\s+siswa|out\s+of)\s*$",
    re.IGNORECASE,
)
# A number right after these words is a class, a floor, a year ..., not a count of people.
_NOT_A_COUNT_BEFORE = re.compile(
    r"\b(?:kelas|nomor|no\.?|lantai|tahun|angkatan|semester|ke-?|pukul|jam|tanggal|tgl\.?|rt|"
    r"rw|gelombang|salah|sesi|tahap|lampiran|periode|bulan|komisi|blok|gedung|lt\.?)\s*$",
    re.IGNORECASE,
)
_COUNT_CUE = re.compile(
    r"\b(?:jumlah|sejumlah|berjumlah|sebanyak|banyaknya|total|peserta|rombongan|maksimal|"
    r"maks\.?|maximal|paling\s+banyak|kurang\s+lebih|lebih\s+kurang|sekitar|kuota|membawa|"
    r"mengajak|mengikutsertakan|melibatkan|diikuti|seramai|bilangan|consists?\s+of|"
    r"consisting\s+of|delegation|participants)\b|±|\+/-",
    re.IGNORECASE,
)
_APPROXIMATE = re.compile(
    r"(?:\b(?:maksimal|maks\.?|maximal|paling\s+banyak|kurang\s+lebih|lebih\s+kurang|sekitar|"
    r"kira-kira|hingga)|±|\+/-)\s*$",
    re.IGNORECASE,
)
_BREAKDOWN = re.compile(
    r"\b(?:terdiri|yaitu|yakni|meliputi|rincian|termasuk|antara\s+lain)\b|:", re.IGNORECASE
)
_SUM = re.compile(
    r"\b(?:dan|beserta|serta|didampingi|ditambah|bersama|dengan|plus)\b|[+&,]", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;](?:\s|$)|\n")
_MAX_GAP_WORDS = 6


@dataclass(frozen=True)
class Quantity:
    """`25 (dua puluh lima) mahasiswa`: a number of people and where it is written."""

    start: int
    end: int
    value: int
    approximate: bool  # `maksimal 30 orang`, `30-40 orang`
    conflicting: bool  # digits and the words in brackets disagree
    cued: bool  # after `jumlah`, `sebanyak`, `peserta` ...
    named: bool  # says who: `mahasiswa`, `guru` ..., not only `orang`


@dataclass(frozen=True)
class Count:
    value: int
    confidence: float
    excerpt: str


def _quantity_value(match: re.Match[str]) -> tuple[int, bool, bool] | None:
    """Value, approximate, conflicting; a range counts its upper end (rooms are planned for it)."""
    if match.group("words"):
        value = words_to_number(match.group("words"))
        return None if value is None else (value, False, False)
    value = int(match.group("digits"))
    upper = match.group("upper")
    spelled = words_to_number(match.group("spelled")) if match.group("spelled") else None
    if upper is not None and int(upper) > value:
        return int(upper), True, False
    if spelled is not None and spelled != value:
        # OCR misreads digits more often than words; the words win, and a person checks.
        return spelled, False, True
    return value, False, False


def find_quantities(text: str) -> list[Quantity]:
    """Every number of people in `text`: a number followed by `orang` or a word for people."""
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        before = text[max(0, match.start() - 50) : match.start()]
        if _NOT_A_COUNT_BEFORE.search(before) or _WHOLE_BEFORE.search(before):
            continue
        unit = _PERSON_UNIT.match(text, match.end())
        implied_person = match.group("words") is not None and "seorang" in match.group().lower()
        if unit is None or not (unit.group("people") or unit.group("noun") or implied_person):
            continue
        parsed = _quantity_value(match)
        if parsed is None or parsed[0] == 0:
            continue
        value, ranged, conflicting = parsed
        noun = (unit.group("noun") or "").lower()
        found.append(
            Quantity(
                start=match.start(),
                end=unit.end(),
                value=value,
                approximate=ranged or bool(_APPROXIMATE.search(before)),
                conflicting=conflicting,
                cued=bool(_COUNT_CUE.search(_SENTENCE_END.split(before)[-1])) or noun == "peserta",
                named=bool(noun),
            )
        )
    return found


def _link(gap: str) -> str | None:
    """How two numbers of people relate: 'sum', 'breakdown' (the second details the first), None."""
    closed = re.sub(r"\([^()]*\)", " ", gap)
    if _SENTENCE_END.search(closed) or len(closed.split()) > _MAX_GAP_WORDS:
        return None
    if "(" in closed or _BREAKDOWN.search(closed):
        return "breakdown"
    return "sum" if _SUM.search(closed) else None


@dataclass
class _Group:
    first: Quantity
    total: int
    end: int
    parts: int = 1
    has_breakdown: bool = False


def _groups(text: str, quantities: list[Quantity]) -> list[_Group]:
    groups: list[_Group] = []
    for quantity in quantities:
        group = groups[-1] if groups else None
        link = None if group is None else _link(text[group.end : quantity.start])
        if group is None or link is None:
            groups.append(_Group(quantity, quantity.value, quantity.end))
            continue
        group.end = quantity.end
        if link == "breakdown" and group.parts == 1:
            group.has_breakdown = True
        elif not group.has_breakdown:
            group.total += quantity.value
            group.parts += 1
    return groups


def find_count(text: str, *, labelled: bool = False) -> Count | None:
    """The number of visitors `text` announces. `labelled`: text is the value of `Jumlah :`."""
    groups = _groups(text, find_quantities(text))
    if not groups:
        return _bare_number(text) if labelled else None
    chosen = groups[0] if labelled else next((g for g in groups if g.first.cued), groups[0])
    if labelled:
        confidence = CERTAIN
    elif chosen.first.cued:
        confidence = SURE
    else:
        # `25 mahasiswa beserta 2 dosen` says who comes; a lone `20 orang` may be anyone.
        confidence = PROBABLE if chosen.first.named else PLAUSIBLE
    if chosen.parts > 1:
        confidence = min(confidence, LIKELY)
    if chosen.first.approximate:
        confidence = min(confidence, PROBABLE)
    if chosen.first.conflicting:
        confidence = DOUBTFUL
    excerpt = text[chosen.first.start : chosen.end]
    return Count(chosen.total, confidence, excerpt)


def _bare_number(value: str) -> Count | None:
    """`Jumlah Peserta : 35` with no unit."""
    match = re.match(rf"^\s*(?:(\d{{1,4}})|({NUMBER_WORDS}))\b", value, re.IGNORECASE)
    if match is None:
        return None
    number = int(match.group(1)) if match.group(1) else words_to_number(match.group(2))
    return None if not number else Count(number, SURE, value.strip())

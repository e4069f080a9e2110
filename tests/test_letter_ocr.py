"""The letter reader on text as OCR gives it: Roman months half read as digits, slashes read
as spaces, full stops lost, column gaps collapsed, paragraphs set apart by blank lines.

The errors are those Tesseract made on the scanned and photographed samples; the generated
corpus is put through them (testkit/letter_corpus.py, `OCR_TRANSFORMS`) and must read the same.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from letter_corpus import (
    OCR_TRANSFORMS,
    CorpusLetter,
    corpus,
    ocr_corpus,
    ocr_variant,
    readable_slash,
)
from test_letter_styles import LETTERS as STYLE_LETTERS

from pipeline.intake.letter import UNCERTAIN, read_letter
from pipeline.intake.letter.numbering import read_number, repair_spaces
from pipeline.intake.letter.people import find_signer, first_of_run_together, spelled_elsewhere
from pipeline.intake.letter.roman import edit_distance, is_spoilt_roman, month_part, roman_in_prose
from pipeline.intake.letter.text import split_lines

CORPUS = corpus()
OCR_CORPUS = ocr_corpus()

# --- Roman months -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "month", "expected"),
    [
        ("XI1", 11, "XI"),  # an extra stroke: the November letter's month, not XII
        ("XI1", 12, "XII"),  # ... and in a December letter the stroke was an I
        ("XI1", None, "XII"),  # no date to check: every stroke an I
        ("X1", 11, "XI"),
        ("X1", 10, "X"),  # one stroke too many for an October letter
        ("Xl", 11, "XI"),
        ("X|", 11, "XI"),
        ("X 1", 11, "XI"),  # split by a space
        ("X I", 11, "XI"),
        ("V1", 6, "VI"),
        ("V11", 7, "VII"),
        ("1V", 4, "IV"),
        ("1X", 9, "IX"),
        ("X11", 12, "XII"),
        ("X11", 11, "XI"),
        ("XII1", 12, "XII"),
        ("V1II", 8, "VIII"),
        ("XI", 12, "XI"),  # clean numerals are the writer's: never changed
        ("IX", 10, "IX"),
        ("11", 11, "11"),  # digits alone are a month in digits
        ("05", 5, "05"),
    ],
)
def test_spoilt_roman_month(part: str, month: int | None, expected: str) -> None:
    assert month_part(part, month, unit_before=True, ocr=True).text == expected


@pytest.mark.parametrize(
    ("part", "month", "unit_before", "ocr", "expected"),
    [
        ("1", 1, True, True, "I"),  # OCR text, January, `.../KT-SBK/1/2027`
        ("l", 1, True, True, "I"),
        ("|", 1, True, True, "I"),
        ("1", 1, True, False, "1"),  # a text layer says what was typed
        ("1", 2, True, True, "1"),  # not January: a month in digits, or an older number
        ("1", None, True, True, "1"),
        ("1", 1, False, True, "1"),  # `.../HM.340/1/2027`: a month in digits follows codes
    ],
)
def test_bare_stroke_month(
    part: str, month: int | None, unit_before: bool, ocr: bool, expected: str
) -> None:
    assert month_part(part, month, unit_before=unit_before, ocr=ocr).text == expected


def test_repaired_months_are_less_certain_but_not_doubtful() -> None:
    confirmed = month_part("XI1", 11, unit_before=True, ocr=True).confidence
    unchecked = month_part("XI1", None, unit_before=True, ocr=True).confidence
    doubtful = month_part("1", 2, unit_before=True, ocr=True).confidence
    assert confirmed is not None and unchecked is not None and doubtful is not None
    assert UNCERTAIN < doubtful < unchecked < confirmed < 0.95
    assert month_part("XI", 11, unit_before=True, ocr=True).confidence is None


@pytest.mark.parametrize(
    ("part", "spoilt"),
    [("X1", True), ("X 1", True), ("1V", True), ("XI", False), ("11", False), ("SMKN9", False)],
)
def test_is_spoilt_roman(part: str, spoilt: bool) -> None:
    assert is_spoilt_roman(part) is spoilt


def test_edit_distance() -> None:
    assert edit_distance("XII", "XI") == 1
    assert edit_distance("IX", "X") == 1
    assert edit_distance("VIII", "X") == 4
    assert edit_distance("", "XI") == 2


# --- letter numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a slash read as a space: letters or a code on either side
        ("078 MDN-HRD/X/2026", "078/MDN-HRD/X/2026"),
        ("421.5 214/SMKN9/XI/2026", "421.5/214/SMKN9/XI/2026"),  # a dotted code, then a number
        ("421.5/214 SMKN9/XI/2026", "421.5/214/SMKN9/XI/2026"),
        ("421.5/214/SMKN9 XI/2026", "421.5/214/SMKN9/XI/2026"),
        ("421.5/214/SMKN9/XI 2026", "421.5/214/SMKN9/XI/2026"),
        ("B-215 65030/HM.340/11/2026", "B-215/65030/HM.340/11/2026"),
        ("B-215/65030 HM.340/11/2026", "B-215/65030/HM.340/11/2026"),
        ("B-215/65030/HM.340 11/2026", "B-215/65030/HM.340/11/2026"),
        ("B-215/65030/HM.340/11 2026", "B-215/65030/HM.340/11/2026"),
        ("000.1.2 123/Bappeda", "000.1.2/123/Bappeda"),
        ("170 0912/Setwan", "170/0912/Setwan"),  # two long runs: two parts
        ("07/KT-SBK I/2027", "07/KT-SBK/I/2027"),
        ("B/12/XI/2026 Resta", "B/12/XI/2026/Resta"),  # a last part after the year
        # digits split by a space inside a part: one part
        ("170/09 12/Setwan", "170/0912/Setwan"),
        ("1 187/UBU.3/KM/2026", "1187/UBU.3/KM/2026"),
        ("1187/UBU.3/KM/20 26", "1187/UBU.3/KM/2026"),
        ("B-2 15/65030/HM.340/11/2026", "B-215/65030/HM.340/11/2026"),
        ("005/4 56/Diskominfo-Blg/XI/2026", "005/456/Diskominfo-Blg/XI/2026"),
        ("B-215/65030/HM.3 40/11/2026", "B-215/65030/HM.340/11/2026"),  # inside a code
        ("S-45/KPN.17 03/2026", "S-45/KPN.1703/2026"),
        # a space the number holds
        ("421.3/123/SMAN 2/XI/2026", "421.3/123/SMAN 2/XI/2026"),
        # what stands beside the number, its gap lost
        ("400.10/27/Kel.KA/III/2027 Yth. Kepala UPTD", "400.10/27/Kel.KA/III/2027"),
        ("170/0912/Setwan Kepada Yth.", "170/0912/Setwan"),
        ("170/0912/Setwan Yth. Kepala Dinas", "170/0912/Setwan"),
        ("170/0912/Setwan Tanggal 3 Maret 2027", "170/0912/Setwan"),
        ("170/0912/Setwan di-", "170/0912/Setwan"),
        ("12/AB/2026 Kepala Dinas Kominfo", "12/AB/2026"),
        ("12/AB/2026 dan 13/AB/2026", "12/AB/2026"),
        # no slash: not a slashed number, left alone
        ("12 Tahun 2026", "12 Tahun 2026"),
    ],
)
def test_lost_slashes(value: str, expected: str) -> None:
    assert repair_spaces(value)[0] == expected


CORPUS_NUMBERS = sorted(
    {
        (str(letter.expected["nomor_surat"]), letter.expected.get("tanggal_surat"))
        for letter in CORPUS
    }
)


def _spoilings(number: str) -> list[str]:
    """Every slash of the number a reader can tell was lost, read as a space; every run of two
    to four digits split by a space at every place, but in a code of digits and dots, where
    `400.1 0` reads as a code and a number as `421.5 214` does."""
    parts = number.split("/")
    spoilt = [
        "/".join(parts[:at]) + " " + "/".join(parts[at:])
        for at in range(1, len(parts))
        if readable_slash(parts[at - 1], parts[at], "/" + "/".join(parts[at + 1 :]))
    ]
    for at, part in enumerate(parts):
        if re.fullmatch(r"\d+(?:\.\d+)+", part):
            continue
        for run in re.finditer(r"(?<!\d)\d{2,4}(?!\d)", part):
            for cut in range(run.start() + 1, run.end()):
                split = f"{part[:cut]} {part[cut:]}"
                spoilt.append("/".join([*parts[:at], split, *parts[at + 1 :]]))
    return spoilt


@pytest.mark.parametrize(("number", "dated"), CORPUS_NUMBERS, ids=lambda value: str(value))
def test_every_lost_slash_and_split_run_of_the_corpus_numbers(number: str, dated: object) -> None:
    month = int(str(dated)[5:7]) if dated else None
    spoilings = _spoilings(number)
    assert spoilings
    for spoilt in spoilings:
        read = read_number(spoilt, month, ocr=True)
        assert read is not None and read.text == number, spoilt


@pytest.mark.parametrize(
    ("value", "month", "expected"),
    [
        ("421.5/214/SMKN9/XI1/2026", 11, "421.5/214/SMKN9/XI/2026"),
        ("421.5/214/SMKN9/XI1/2026", 12, "421.5/214/SMKN9/XII/2026"),
        ("005/456/Diskominfo-Blg/X 1/2026", 11, "005/456/Diskominfo-Blg/XI/2026"),
        ("005/456/Diskominfo-BIg/X1/2026", 11, "005/456/Diskominfo-Blg/XI/2026"),
        ("078 | MDN-HRD/X/2026", 10, "078/MDN-HRD/X/2026"),
        ("078!MDN-HRD/X/2026", 10, "078/MDN-HRD/X/2026"),
        ("07/KT-SBK/X|/2026", 11, "07/KT-SBK/XI/2026"),
        ("B/12/X1/2026/Resta", 11, "B/12/XI/2026/Resta"),  # the year is not always last
        ("12/AB/XII/2026", 11, "12/AB/XII/2026"),  # written so: the writer's own
        ("B-215/65030/HM.340/11/2026", 11, "B-215/65030/HM.340/11/2026"),
        ("015/PC/A.IX/XI/2026", 11, "015/PC/A.IX/XI/2026"),
        ("23/YKM/V1/2021", None, "23/YKM/VI/2021"),
    ],
)
def test_letter_number_repairs(value: str, month: int | None, expected: str) -> None:
    number = read_number(value, month, ocr=True)
    assert number is not None
    assert number.text == expected
    assert number.confidence >= UNCERTAIN


def test_bare_one_for_january_needs_ocr() -> None:
    typed = read_number("07/KT-SBK/1/2027", 1)
    scanned = read_number("07/KT-SBK/1/2027", 1, ocr=True)
    assert typed is not None and typed.text == "07/KT-SBK/1/2027"
    assert scanned is not None and scanned.text == "07/KT-SBK/I/2027"
    later = read_number("07/KT-SBK/1/2027", 2, ocr=True)
    assert later is not None and later.text == "07/KT-SBK/1/2027"
    assert UNCERTAIN < later.confidence < 0.9
    digits = read_number("B-215/65030/HM.340/1/2027", 1, ocr=True)
    assert digits is not None and digits.text == "B-215/65030/HM.340/1/2027"


def test_repaired_number_is_less_certain_than_a_clean_one() -> None:
    clean = read_number("078/MDN-HRD/X/2026", 10, ocr=True)
    repaired = read_number("078 MDN-HRD/X/2026", 10, ocr=True)
    assert clean is not None and repaired is not None
    assert UNCERTAIN < repaired.confidence < clean.confidence


LETTER = """\
KARANG TARUNA KELURAHAN SEBENGKOK
Sekretariat: Jl. Mulawarman Gg. Damai No. 3 Tarakan
{header}
Kepada Yth. Kepala Dinas Kominfo Statistik dan Persandian Kota Tarakan
Dengan hormat, kami memohon izin berkunjung ke Tarakan Command Center pada hari Sabtu,
13 Pebruari 2027, pukul 09.30 WITA, dengan jumlah peserta 20 orang.
"""


@pytest.mark.parametrize(
    ("header", "ocr", "number"),
    [
        ("Tarakan, 25 Januari 2027\nNomor : 07/KT-SBK/1/2027", True, "07/KT-SBK/I/2027"),
        ("Tarakan, 25 Januari 2027\nNomor : 07/KT-SBK/1/2027", False, "07/KT-SBK/1/2027"),
        ("Nomor : 07/KT-SBK/1/2027\nTarakan, 25 Januari 2027", True, "07/KT-SBK/I/2027"),
        ("Tarakan, 25 November 2026\nNomor : 07/KT-SBK/XI1/2026", True, "07/KT-SBK/XI/2026"),
        ("Nomor : 07/KT-SBK/XI1/2026 Tarakan, 25 November 2026", True, "07/KT-SBK/XI/2026"),
        ("Nomor : 07/KT-SBK/XI1/2026 Tarakan, 25 Desember 2026", True, "07/KT-SBK/XII/2026"),
        ("Nomor : 07 KT-SBK/XI/2026\nTarakan, 25 November 2026", True, "07/KT-SBK/XI/2026"),
        # the colon lost, the gap collapsed
        ("Nomor 07/KT-SBK/XI/2026\nTarakan, 25 November 2026", True, "07/KT-SBK/XI/2026"),
        ("Nomor. 07/KT-SBK/XI/2026\nTarakan, 25 November 2026", True, "07/KT-SBK/XI/2026"),
        # the label and its value as two blocks, a blank line between
        ("Nomor\n\n: 07/KT-SBK/XI/2026\nTarakan, 25 November 2026", True, "07/KT-SBK/XI/2026"),
    ],
)
def test_number_in_a_letter(header: str, ocr: bool, number: str) -> None:
    reading = read_letter(LETTER.format(header=header), ocr=ocr)
    assert reading.fields.nomor_surat == number
    assert reading.readings["nomor_surat"].confidence >= UNCERTAIN


def test_two_word_place_beside_a_number_that_lost_a_slash() -> None:
    header = "Nomor : 170/302 Setwan Nunukan, 3 Maret 2027\nPerihal : Kunjungan"
    reading = read_letter(LETTER.format(header=header), ocr=True)
    assert reading.fields.nomor_surat == "170/302/Setwan"
    assert reading.fields.tanggal_surat == date(2027, 3, 3)


def test_number_mentioned_in_an_attachment_is_repaired_too() -> None:
    text = LETTER.format(header="Tarakan, 25 November 2026") + (
        "\f\nLampiran Surat Nomor 07/KT-SBK/XI1/2026\nDAFTAR PESERTA\n1. Budi Santoso\n"
    )
    assert read_letter(text, ocr=True).fields.nomor_surat == "07/KT-SBK/XI/2026"


def _roman_spoilings(month: str) -> list[str]:
    """The ways OCR spoils a Roman month that the letter's date can set right."""
    spoilt = {month.replace("I", stroke) for stroke in ("1", "l", "|")}
    spoilt |= {month[:at] + "1" + month[at + 1 :] for at, c in enumerate(month) if c == "I"}
    if re.search("[XV]", month):
        spoilt |= {month + "1", month + "l", f"{month[0]} {month[1:]}".strip()}
    else:
        spoilt = {part for part in spoilt if part in ("1", "l", "|")}  # `I1` reads as `11`
    return sorted(spoilt - {month})


_ROMAN_MONTH_OF_NUMBER = re.compile(r"(?P<before>[^/]*)/(?P<month>[IVX]+)/(?P<year>20\d\d)\b")


def _one_number_per_roman_month() -> list[tuple[str, object]]:
    """A dated corpus number for each Roman month and each kind of part before it (a unit
    such as `SMAN2`, or digits): the cases that differ for the repair."""
    chosen: dict[tuple[str, bool], tuple[str, object]] = {}
    for number, dated in CORPUS_NUMBERS:
        found = _ROMAN_MONTH_OF_NUMBER.search(number)
        if found is not None and dated:
            unit_before = bool(re.search(r"[A-Za-z]", found.group("before")))
            chosen.setdefault((found.group("month"), unit_before), (number, dated))
    return sorted(chosen.values())


@pytest.mark.parametrize(
    ("number", "dated"), _one_number_per_roman_month(), ids=lambda value: str(value)
)
def test_every_spoilt_roman_month_of_the_corpus_numbers(number: str, dated: object) -> None:
    found = _ROMAN_MONTH_OF_NUMBER.search(number)
    assert found is not None
    month = int(str(dated)[5:7])
    for spoilt_month in _roman_spoilings(found.group("month")):
        spoilt = number[: found.start("month")] + spoilt_month + number[found.end("month") :]
        read = read_number(spoilt, month, ocr=True)
        assert read is not None and read.text == number, spoilt


# --- other header fields -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "perihal"),
    [
        ("Perihal : Kunjungan Komisi 1 DPRD", "Kunjungan Komisi I DPRD"),
        ("Perihal : Kunjungan Komisi | DPRD", "Kunjungan Komisi I DPRD"),
        ("Perihal : Kunjungan Komisi l DPRD", "Kunjungan Komisi I DPRD"),
        ("Perihal : Kunjungan Komisi 11 DPRD", "Kunjungan Komisi II DPRD"),
        ("Perihal : Permohonan Kunjungan Tarakan, 30 November 2026", "Permohonan Kunjungan"),
        ("Perihal : Permohonan Kunjungan Yth. Kepala Dinas", "Permohonan Kunjungan"),
        ("Perihal : Permohonan Kunjungan Kepada", "Permohonan Kunjungan"),
        ("Perihal. Permohonan Kunjungan", "Permohonan Kunjungan"),
        ("Hal, Permohonan Kunjungan", "Permohonan Kunjungan"),
    ],
)
def test_perihal_as_ocr_reads_it(header: str, perihal: str) -> None:
    text = (
        f"SEKRETARIAT DPRD\nNomor : 170/0912/Setwan\n{header}\nKepada\nYth. Kepala DKISP\n"
        "di -\nTarakan\nMemenuhi agenda kerja Komisi I DPRD Kota Tarakan, dengan ini "
        "disampaikan bahwa Komisi | akan berkunjung pada:\nhari : Jumat\n"
        "tanggal : 4 Desember 2026\npeserta : 9 orang anggota Komisi | dan 2 orang staf\n"
    )
    assert read_letter(text, ocr=True).fields.perihal == perihal


@pytest.mark.parametrize(
    ("address", "perihal"),
    [
        ("Jl. Jelarai Raya, Tanjung Selor, Kalimantan Utara", "Studi Tiru"),
        ("Jl. Mulawarman No. 3 Tarakan", "Studi Tiru Tanjung"),  # no kop names the place
    ],
)
def test_two_word_place_beside_the_perihal(address: str, perihal: str) -> None:
    text = (
        f"DINAS KOMUNIKASI DAN INFORMATIKA\n{address}\nNomor : 005/456/Diskominfo/XI/2026\n"
        "Perihal : Studi Tiru Tanjung Selor, 02 Nopember 2026\nKepada Yth. Kepala DKISP\n"
    )
    reading = read_letter(text)
    assert reading.fields.perihal == perihal
    assert reading.fields.tanggal_surat == date(2026, 11, 2)


def test_komisi_stays_in_digits_without_roman_elsewhere() -> None:
    assert roman_in_prose("Kunjungan Komisi 1 DPRD", "Komisi 1 akan berkunjung") == (
        "Kunjungan Komisi 1 DPRD"
    )
    assert roman_in_prose("Kunjungan Siswa Kelas 1", "siswa kelas V") == "Kunjungan Siswa Kelas 1"
    assert roman_in_prose("Golongan 1V", "Pembina Golongan IV/a") == "Golongan IV"


def test_pipes_after_komisi_on_a_line_with_two() -> None:
    line = "kerja Komisi | DPRD Kota Tarakan, dengan ini disampaikan bahwa Komisi | akan"
    assert split_lines(line)[0].text == line.replace("|", "I")
    assert split_lines("Perihal : Kunjungan Komisi |")[0].text == "Perihal : Kunjungan Komisi I"
    for table in ("| 1 | Budi Santoso | Anggota Komisi |", "1 | Budi Santoso | Komisi |"):
        assert split_lines(table)[0].text == table


@pytest.mark.parametrize(
    ("line", "sifat"),
    [
        ("Sifat : Biasa di-", "biasa"),
        ("Sifat : Segera Tempat", "segera"),
        ("Sifat : Sangat Segera", "sangat segera"),
        ("Sifat Penting", "penting"),
        ("Sifat : Biasa/Terbuka", "biasa/terbuka"),
    ],
)
def test_sifat_beside_the_addressee(line: str, sifat: str) -> None:
    text = f"SMK NEGERI 1\nNomor : 1/SMK/2026\n{line}\nPerihal : Kunjungan\nDengan hormat,\n"
    assert read_letter(text).fields.sifat == sifat


@pytest.mark.parametrize("yth", ["Yth.", "Yih.", "Ylh.", "Y1h.", "Yth,"])
def test_spoilt_yth_still_opens_the_addressee(yth: str) -> None:
    text = (
        "SMK NEGERI 1 TARAKAN\nNomor : 1/SMK/2026\nPerihal : Permohonan Kunjungan\n"
        f"Kepada {yth} Kepala UPTD Tarakan Command Center\ndi Tempat\n"
        "kunjungan ke Tarakan Command Center pada 12 November 2026.\n"
    )
    reading = read_letter(text)
    assert reading.fields.perihal == "Permohonan Kunjungan"
    assert reading.fields.tanggal_kunjungan == date(2026, 11, 12)


# --- people -------------------------------------------------------------------------------


def test_ocr_makes_names_a_little_less_certain() -> None:
    for letter in CORPUS[:40]:
        plain, scanned = read_letter(letter.text), read_letter(letter.text, ocr=True)
        for field in ("penandatangan", "kontak_nama", "peserta"):
            if field not in plain.readings:
                continue
            before = plain.readings[field].confidence
            after = scanned.readings[field].confidence
            assert after <= before
            if before >= UNCERTAIN:
                assert after >= UNCERTAIN  # a certain name is not sent to review for it
                assert after < before
        assert scanned.uncertain_required() == plain.uncertain_required()


def test_ocr_false_is_the_default() -> None:
    for letter in CORPUS[:40]:
        assert read_letter(letter.text) == read_letter(letter.text, ocr=False)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Kumiawan Saputra", "Bpk. Kumiawan Saputra ... Kurniawan Saputra", "Kurniawan Saputra"),
        ("Kumiawan Saputra", "Bpk. Kumiawan Saputra", "Kumiawan Saputra"),  # no evidence
        ("Rahrnawati", "Rahrnawati, Rahmawati, Rahmawati", "Rahmawati"),
        ("Rahmawati Sulaiman", "Rahmawati Sulaiman", "Rahmawati Sulaiman"),
        ("Rahmawati Sulaiman", "", "Rahmawati Sulaiman"),  # not in the text: kept
    ],
)
def test_names_spelled_as_elsewhere(name: str, text: str, expected: str) -> None:
    assert spelled_elsewhere(name, text) == expected


def test_contact_spelled_as_in_the_participant_list() -> None:
    text = (
        "PT MITRA DATA NUSANTARA\nNomor : 078/MDN-HRD/X/2026\nPerihal : Permohonan Kunjungan\n"
        "Dengan hormat, kami bermaksud berkunjung pada 4 November 2026 sebanyak 2 orang.\n"
        "Narahubung: Bpk. Kumiawan Saputra (WA +62 811-5500-321).\nTerima kasih.\n"
        "Hormat kami,\nLilis Handayani\nManajer SDM\n\f\nDAFTAR PESERTA\n"
        "1. Kurniawan Saputra\n2. Lilis Handayani\n"
    )
    assert read_letter(text, ocr=True).fields.kontak_nama == "Kurniawan Saputra"
    assert read_letter(text).fields.kontak_nama == "Kumiawan Saputra"  # a text layer is read


@pytest.mark.parametrize(
    ("block", "signer"),
    [
        ("Ketua,\n\nIr Sutrisno Wibowo\nNIP, 19780521 200312 2 004", "Ir. Sutrisno Wibowo"),
        ("SEKRETARIS,\nRATNA DEWI PAKPAHAN, S.Sos., M.Si\nPembina (1V/a)\n"
         "NIP, 19780521 200312 2 004", "RATNA DEWI PAKPAHAN, S.Sos., M.Si"),
        ("Kepala Sekolah,\nDrs Muhammad Yusran Efendi, M.Pd.\nNIP. 19700312 199512 1 002",
         "Drs. Muhammad Yusran Efendi, M.Pd."),
    ],
)  # fmt: skip
def test_signer_as_ocr_reads_it(block: str, signer: str) -> None:
    text = f"SMK NEGERI 1\nNomor : 1/SMK/2026\nPerihal : Kunjungan\nDemikian.\n{block}"
    assert read_letter(text, ocr=True).fields.penandatangan == signer


def test_title_without_its_stop_is_kept_in_a_text_layer() -> None:
    text = "SMK NEGERI 1\nNomor : 1/SMK/2026\nDemikian, terima kasih.\nKetua,\n\nIr Sutrisno Wibowo"
    assert read_letter(text).fields.penandatangan == "Ir Sutrisno Wibowo"


def test_side_by_side_signers_run_together() -> None:
    block = "Ketua Panitia, Sekretaris,\nYuliana Aini Daniel Iqbal Fadhilah, A.Md.Kom."
    signer = find_signer(split_lines(block))
    assert signer is not None and signer.run_together and signer.confidence < UNCERTAIN
    names = "Kevin Tanoto Grace Natalia"
    assert first_of_run_together(names, "Narahubung: Kevin Tanoto (0822)") == "Kevin Tanoto"
    assert first_of_run_together(names, "Narahubung: Grace Natalia (0822)") == "Kevin Tanoto"
    assert first_of_run_together(names, "Narahubung: Budi (0822)") is None


def test_run_together_signers_parted_by_the_contact() -> None:
    text = (
        "HIMPUNAN MAHASISWA SISTEM INFORMASI\nNomor : 021/HIMASI/X/2026\n"
        "Perihal : Permohonan Kunjungan Studi\nDengan hormat, kami bermaksud berkunjung pada "
        "tanggal 4 November 2026. Narahubung: Kevin Tanoto (0822-5501-7788).\n"
        "Demikian, terima kasih.\nHormat kami,\nKetua Himpunan, Sekretaris,\n"
        "Kevin Tanoto Grace Natalia\n"
    )
    reading = read_letter(text, ocr=True)
    assert reading.fields.penandatangan == "Kevin Tanoto"
    assert reading.readings["penandatangan"].confidence >= UNCERTAIN


# --- real OCR output ------------------------------------------------------------------------

# Parts of what Tesseract read from the photographed samples (sample_03, sample_04, sample_08).
PHOTO_DINAS = """\
PEMERINTAH KABUPATEN BULUNGAN
DINAS KOMUNIKASI DAN INFORMATIKA

Jl. Jelarai Raya, Tanjung Selor, Kalimantan Utara

Tanjung Selor, 02 Nopember 2026

Nomor : 005/456/Diskominfo-Blg/X 1/2026
Sifat : Penting

Lampiran : -

Hal : Studi Tiru Pengelolaan Command Center

Kepada
Yth. Kepala Dinas Kominfo Statistik dan Persandian Kota Tarakan
di Tarakan

Dalam rangka pengembangan layanan kota cerdas di Kabupaten Bulungan, bersama ini kami
menyampaikan rencana studi tiru ke Tarakan Command Center pada hari Senin, tanggal 23 November
2026, pukul 10.00 WITA. Rombongan berjumlah 12 (dua belas) orang dipimpin oleh Sekretaris Dinas.
Informasi lebih lanjut dapat menghubungi Sdr. Yohanes Lapu, HP 0853 4567 8901.

Demikian disampaikan, atas perhatian dan kerjasamanya diucapkan terima kasih.

a.n. KEPALA DINAS
SEKRETARIS,

RATNA DEWI PAKPAHAN, S.Sos., M.Si
Pembina (1V/a)
NIP, 19780521 200312 2 004"""

PHOTO_COMPANY_HEADER = """\
PT MITRA DATA NUSANTARA
Gedung Graha Pena Lt. 3, Jl. Yos Sudarso 88, Tarakan

Ref. : 078 MDN-HRD/X/2026
Perihal : Permohonan Kunjungan Industri Karyawan Baru

Tarakan, 19 Oktober 2026

Kepada Yth.
Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian
Kota Tarakan

Dengan hormat,

Sebagai bagian dari program orientasi karyawan baru, kami bermaksud membawa peserta sejumlah
delapan belas orang untuk mengenal sistem pemantauan kota di Tarakan Command Center."""

PHOTO_DPRD_HEADER = """\
DEWAN PERWAKILAN RAKYAT DAERAH
KOTA TARAKAN
SEKRETARIAT DPRD

Jl. Jenderal Sudirman No. 1 Tarakan

Nomor : 170/09 12/Setwan

Sifat : Segera

Perihal : Kunjungan Komisi 1 DPRD

Tarakan, 30 November 2026

Kepada

Yth. Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Tarakan
di -

Tarakan

Memenuhi agenda kerja Komisi | DPRD Kota Tarakan, dengan ini disampaikan bahwa Komisi | akan
melakukan kunjungan kerja ke Tarakan Command Center pada:"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PHOTO_DINAS,
            {
                "nomor_surat": "005/456/Diskominfo-Blg/XI/2026",
                "tanggal_surat": "2026-11-02",
                "sifat": "penting",
                "perihal": "Studi Tiru Pengelolaan Command Center",
                "penandatangan": "RATNA DEWI PAKPAHAN, S.Sos., M.Si",
                "kontak_nama": "Yohanes Lapu",
                "jumlah_peserta": 12,
            },
        ),
        (
            PHOTO_COMPANY_HEADER,
            {"nomor_surat": "078/MDN-HRD/X/2026", "tanggal_surat": "2026-10-19"},
        ),
        (
            PHOTO_DPRD_HEADER,
            {
                "nomor_surat": "170/0912/Setwan",
                "perihal": "Kunjungan Komisi I DPRD",
                "sifat": "segera",
            },
        ),
    ],
    ids=["dinas", "company", "dprd"],
)
def test_real_ocr_output(text: str, expected: dict[str, object]) -> None:
    found = read_letter(text, ocr=True).fields.to_json()
    assert {name: found[name] for name in expected} == expected


# --- the hand-written styles with their gaps collapsed ---------------------------------------


def _collapsed(text: str, blocks: bool) -> str:
    """Gaps as Tesseract writes them: one space, or (`blocks`) a far column on its own line."""
    lines = text.split("\n")
    if blocks:
        lines = [
            part for line in lines for part in re.sub(r" {10,}", "\n", line.strip()).split("\n")
        ]
    return "\n".join(" ".join(line.split()) for line in lines)


@pytest.mark.parametrize("blocks", [False, True], ids=["one_line", "blocks"])
@pytest.mark.parametrize(("text", "is_visit_request", "expected"), STYLE_LETTERS)
def test_letter_in_another_style_with_its_gaps_collapsed(
    text: str, is_visit_request: bool, expected: dict[str, object], blocks: bool
) -> None:
    reading = read_letter(_collapsed(text, blocks), ocr=True)
    found = reading.fields.to_json()
    if "nomor_surat" in expected:  # OCR's spacing around slashes is not the sender's
        number = re.sub(r"\s*/\s*", "/", str(expected["nomor_surat"]))
        expected = {**expected, "nomor_surat": number}
    assert {name: found[name] for name in expected} == expected
    assert reading.is_visit_request == is_visit_request


# --- the corpus through OCR's errors -------------------------------------------------------


def _check(letter: CorpusLetter, original: CorpusLetter) -> None:
    reading = read_letter(letter.text, ocr=True)
    found = reading.fields.to_json()
    assert {name: found[name] for name in original.expected} == original.expected
    assert reading.is_visit_request == original.is_visit_request


@pytest.mark.parametrize("transform", sorted(OCR_TRANSFORMS))
def test_corpus_letters_through_one_ocr_error(transform: str) -> None:
    """Every corpus letter the transform changes still reads right; it changes many."""
    changed = 0
    for index, letter in enumerate(CORPUS):
        variant = ocr_variant(letter, (transform,), index)
        if variant.text != letter.text:
            changed += 1
            _check(variant, letter)
    assert changed >= len(CORPUS) // 3


@pytest.mark.parametrize("index", range(len(CORPUS)), ids=lambda i: CORPUS[i].name)
def test_corpus_letter_through_several_ocr_errors(index: int) -> None:
    _check(OCR_CORPUS[index], CORPUS[index])


@pytest.mark.parametrize("seed", range(1, 4))
def test_no_confident_wrong_field_under_other_draws(seed: int) -> None:
    """Other random draws of the transforms: a field may be missed, but then it is flagged."""
    for index, letter in enumerate(CORPUS):
        variant = ocr_variant(
            letter, ("lost_slash", "collapsed_gaps", "blank_paragraphs"), seed * 1000 + index
        )
        reading = read_letter(variant.text, ocr=True)
        found = reading.fields.to_json()
        for name, expected in letter.expected.items():
            if found[name] != expected:
                assert name in reading.readings, (letter.name, name)
                assert reading.readings[name].confidence < UNCERTAIN, (letter.name, name)

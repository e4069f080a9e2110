"""Less usual letters (issue 11): each kind read right from real files, and confidence that
means something when fields contradict one another.

The letters are the development set (`unusual_letters.py`); each is made into a real text PDF
and read through the pipeline's own reader. A few go through real OCR as scans and photos.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import CliRunner, Office
from letter_files import photo_pages, scan_pages, write_photos, write_scan, write_text_pdf
from unusual_letters import GROUPS, GeneratedLetter, development_set

from pipeline.intake.letter import read_letter
from pipeline.intake.letter.confidence import SURE, UNCERTAIN
from pipeline.intake.letter.numbering import read_number
from pipeline.intake.letter.people import find_participants
from pipeline.intake.letter.sender import office_title
from pipeline.intake.letter.text import split_lines
from pipeline.intake.readers import read_letter_text

LETTERS = development_set()


def _found(letter: GeneratedLetter, text: str, *, ocr: bool = False) -> dict[str, object]:
    fields = read_letter(text, ocr=ocr).fields.to_json()
    return {name: fields[name] for name in letter.expected}


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_letter_of_a_kind_is_read_right_from_its_pdf(group: str, tmp_path: Path) -> None:
    letters = [letter for letter in LETTERS if letter.group == group]
    assert len(letters) >= 6
    for letter in letters:
        pdf = write_text_pdf(letter.text, tmp_path / f"{letter.name}.pdf", ruled=letter.ruled)
        text = read_letter_text(pdf)
        assert text.method == "text-layer"
        assert _found(letter, text.text) == letter.expected, letter.name


def test_a_wrong_field_is_never_reported_as_certain_on_the_development_set() -> None:
    """The whole set read from its text: nothing wrong at SURE or above (the bench counts the
    same on scans and photos)."""
    certain_wrong = []
    for letter in LETTERS:
        reading = read_letter(letter.text.replace("\t", "     "))
        found = reading.fields.to_json()
        for name, expected in letter.expected.items():
            if found[name] != expected and reading.readings[name].confidence >= SURE:
                certain_wrong.append((letter.name, name, found[name]))
    assert certain_wrong == []


# --- fields that contradict one another ---------------------------------------------------------

LETTER = """\
SMA NEGERI 4 TARAKAN
Jl. Pulau Bunyu No. 2, Tarakan 77113
Nomor   : 421.3/77/SMAN4/{roman}/2027
Perihal : Permohonan Kunjungan
Tarakan, 12 Mei 2027
Kepada Yth. Kepala UPTD Tarakan Command Center
Dengan hormat,
Kami bermaksud berkunjung ke Tarakan Command Center pada hari {day}, {visit} pukul 09.00 WITA.
Peserta kunjungan berjumlah {count} orang sebagaimana daftar terlampir.
Narahubung: Rina Kusuma (0812-3456-7890).
Demikian permohonan kami, atas perhatiannya kami ucapkan terima kasih.
Kepala Sekolah,

Yohanes Lapu, S.Pd.
\f
DAFTAR PESERTA
1. Andi Firmansyah
2. Maria Goreti Tandi
3. Hendra Gunawan
"""


def _letter(roman: str = "V", visit: str = "24 Mei 2027", count: int = 3) -> str:
    return LETTER.format(roman=roman, day="Senin", visit=visit, count=count)


def test_a_consistent_letter_has_no_conflict_and_needs_no_review() -> None:
    reading = read_letter(_letter())
    assert reading.fields.tanggal_kunjungan == date(2027, 5, 24)
    assert all(field.conflict is None for field in reading.readings.values())
    assert reading.uncertain_required() == ()


def test_a_visit_before_the_letter_date_is_uncertain_and_named() -> None:
    reading = read_letter(_letter(visit="3 Mei 2027"))
    visit = reading.readings["tanggal_kunjungan"]
    assert visit.value == date(2027, 5, 3)
    assert visit.confidence < UNCERTAIN
    assert "tanggal_kunjungan" in reading.uncertain_required()
    note = next(note for note in reading.review_notes() if note.startswith("Tanggal kunjungan"))
    assert "lebih awal daripada tanggal surat (12 Mei 2027)" in note


def test_a_roman_month_that_is_not_the_letters_month_is_uncertain_and_named() -> None:
    reading = read_letter(_letter(roman="IV"))
    assert reading.fields.nomor_surat == "421.3/77/SMAN4/IV/2027"  # kept as typed
    assert reading.readings["nomor_surat"].confidence < UNCERTAIN
    assert "nomor_surat" in reading.uncertain_required()
    assert any("bulan Romawi pada nomor (IV)" in note for note in reading.review_notes())


def test_a_count_that_differs_from_the_attached_list_is_uncertain_and_named() -> None:
    reading = read_letter(_letter(count=5))
    assert reading.readings["jumlah_peserta"].confidence < UNCERTAIN
    assert "jumlah_peserta" in reading.uncertain_required()
    assert any("berbeda dengan daftar peserta (3 nama)" in note for note in reading.review_notes())


@pytest.mark.parametrize(
    ("spoilt", "month", "repaired"),
    [
        ("12/SMAN4/111/2027", 3, "12/SMAN4/III/2027"),  # strokes read as digits
        ("12/SMAN4/IIV/2027", 4, "12/SMAN4/IV/2027"),  # one stroke too many
        ("12/SMAN4/VIV/2027", 7, "12/SMAN4/VII/2027"),  # a stroke read as a V
    ],
)
def test_ocr_roman_month_is_repaired_against_the_letter_date(
    spoilt: str, month: int, repaired: str
) -> None:
    number = read_number(spoilt, month, ocr=True)
    assert number is not None and number.text == repaired
    typed = read_number(spoilt, month)  # the same characters in a text layer stay as typed
    assert typed is not None and typed.text == spoilt


def test_a_phone_in_a_sentence_that_names_someone_is_that_persons() -> None:
    """No `Narahubung`: the person the sentence names with an honorific is the contact."""
    text = _letter().replace(
        "Narahubung: Rina Kusuma (0812-3456-7890).",
        "Mohon kabar persetujuan kepada Ibu Rina Kusuma lewat WA 0812-3456-7890.",
    )
    fields = read_letter(text).fields
    assert (fields.kontak_nama, fields.kontak_telepon) == ("Rina Kusuma", "+6281234567890")


# --- OCR's slips seen on the development scans ---------------------------------------------------


def test_ocr_slips_in_a_list_a_number_a_phone_and_a_title() -> None:
    """Each slip as Tesseract made it on a development scan or photo: an entry number misread
    (`21`, `ZL` for 27, `a` for 1; here `8` for 3), the middle I of III read as a slash, a
    country code's plus read as a dash, `Jld.` read as `J1d.`, the witness's word from the
    other column run into the signer's title."""
    letter = _letter(roman="I/I").replace("/SMAN4/I/I/", "/J1d.4/I/I/")
    letter = letter.replace("Tarakan, 12 Mei 2027", "Tarakan, 12 Maret 2027")
    letter = letter.replace("24 Mei 2027", "24 Maret 2027").replace("Senin", "Rabu")
    letter = letter.replace("(0812-3456-7890)", "di talian -60 89-601 9361")
    letter = letter.replace("Kepala Sekolah,", "Kepala Sekolah, Mengetahui,")
    letter = letter.replace("3. Hendra Gunawan", "8 Hendra Gunawan")
    letter = letter.replace("1. Andi Firmansyah", "a Andi Firmansyah")  # the first entry too
    fields = read_letter(letter, ocr=True).fields
    assert fields.nomor_surat == "421.3/77/Jld.4/III/2027"
    assert fields.kontak_telepon == "+60896019361"
    assert fields.jabatan_penandatangan == "Kepala SMA Negeri 4 Tarakan"
    assert fields.peserta == ("Andi Firmansyah", "Maria Goreti Tandi", "Hendra Gunawan")


def test_a_roman_months_strokes_read_as_slashes_are_put_back_against_the_date() -> None:
    for spoilt, month, repaired in (
        ("230///1/2026", 3, "230/III/2026"),
        ("216/SMKN2///2027", 1, "216/SMKN2/I/2027"),
        ("365/SMPN-5//I-2026", 2, "365/SMPN-5/II-2026"),
    ):
        number = read_number(spoilt, month, ocr=True)
        assert number is not None and number.text == repaired
    lost = read_number("12/SMAN4//2027", 5, ocr=True)  # no month the strokes could make
    assert lost is not None and lost.text == "12/SMAN4//2027" and lost.confidence < SURE


def test_values_ocr_may_have_spoilt_are_not_reported_as_certain() -> None:
    """Through OCR a subject or a name the letter writes once is at most LIKELY (no rule sees a
    misread letter), one that shows a misread character lower still; a lone stroke for the
    month of a January letter's number may be a Roman I or a 1. The same text from a text
    layer stays certain."""
    january = _letter(roman="1").replace("Mei 2027", "Januari 2027")
    layer, scanned = read_letter(january), read_letter(january, ocr=True)
    for name in ("perihal", "penandatangan", "nomor_surat"):
        assert layer.readings[name].confidence >= SURE, name
        assert scanned.readings[name].confidence < SURE, name
    spoilt = read_letter(_letter().replace("Yohanes Lapu", "YohAnes Lapu"), ocr=True)
    signer = scanned.readings["penandatangan"]
    assert spoilt.readings["penandatangan"].confidence < signer.confidence
    twice = read_letter(_letter().replace("Demikian permohonan", "Demikian Permohonan Kunjungan"),
                        ocr=True)
    assert twice.readings["perihal"].confidence >= SURE  # two readings of OCR agree


def test_a_subject_without_a_label_between_the_addressee_and_the_salutation() -> None:
    letter = _letter().replace("Perihal : Permohonan Kunjungan\n", "").replace(
        "Kepada Yth. Kepala UPTD Tarakan Command Center\n",
        "Kepada Yth.\nKepala UPTD Tarakan Command Center\ndi Tempat\n\nPERMOHONAN KUNJUNGAN"
        " SISWA\n\n",
    )
    reading = read_letter(letter).readings["perihal"]
    assert reading.value == "Permohonan Kunjungan Siswa"
    assert UNCERTAIN <= reading.confidence < SURE  # only its place says it is the subject
    plain = letter.replace("PERMOHONAN KUNJUNGAN SISWA\n\n", "")
    assert "perihal" not in read_letter(plain).readings


def test_a_role_is_not_the_contacts_name() -> None:
    for sentence in (
        "Budi Santoso selaku Staf Tata Usaha dapat dihubungi di 0812-3456-7890.",
        "Kami menugaskan Budi Santoso (Staf Tata Usaha) sebagai penghubung, HP 0812-3456-7890.",
    ):
        fields = read_letter(_letter().replace("Narahubung: Rina Kusuma (0812-3456-7890).",
                                               sentence)).fields
        assert (fields.kontak_nama, fields.kontak_telepon) == ("Budi Santoso", "+6281234567890")


def test_phones_as_ocr_spoils_them() -> None:
    """Letters read for digits (O, l, S, B), and a Malaysian number whose plus was lost; a
    number with digits put back is not certain."""
    spoilt = read_letter(_letter().replace("0812-3456-7890", "O8l2-34S6-7B90"), ocr=True)
    assert spoilt.fields.kontak_telepon == "+6281234567890"
    assert spoilt.readings["kontak_telepon"].confidence < SURE
    malaysian = _letter().replace("(0812-3456-7890)", "di talian 60131393644")
    assert read_letter(malaysian, ocr=True).fields.kontak_telepon == "+60131393644"


def test_participant_lists_as_ocr_reads_them() -> None:
    """Slips Tesseract made on development scans: entry numbers lost but for their stop
    (`. Made Huda`) and read as a column of garbage; the first number read as `af`; a class
    column run into the names; a table read column by column whose names go on, after the
    next entry numbers, on the next page."""
    lost = "Daftar peserta:\n. Bayu Huda, M.Si. (Ketua Rombongan)\n. Dian Nugroho (Siswa)\nON onUW"
    misread = "DAFTAR PESERTA\nNo Nama Kelas\naf Wulan Pattiasina XAKL 2\n2 Nurul Saragih XI RPL 1"
    symbol = "DAFTAR PESERTA\nNo Nama Jabatan\n£ Made Saragih Kepala Bidang\n2 Sri Huda, M.Pd. Staf"
    column = ("DAFTAR PESERTA\nODNDUBWNEH GZ\nOo\nNama\nAndi Firmansyah\n\nRina Kusuma\n"
              "Jabatan\nStaf\nStaf\n\f\n3\nHa\nHendra Gunawan\nMaria Tandi\nStaf")
    for text, names in (
        (lost, ("Bayu Huda, M.Si.", "Dian Nugroho")),
        (misread, ("Wulan Pattiasina", "Nurul Saragih")),
        (symbol, ("Made Saragih", "Sri Huda, M.Pd.")),
        (column, ("Andi Firmansyah", "Rina Kusuma", "Hendra Gunawan", "Maria Tandi")),
    ):
        assert find_participants(split_lines(text, ocr=True)) == names


# --- the signer's office ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "institution", "office"),
    [
        ("Kepala SMK Negeri 9 Tarakan", "SMK Negeri 9 Tarakan", "Kepala SMK Negeri 9 Tarakan"),
        ("Kepala Sekolah", "SMK Negeri 9 Tarakan", "Kepala SMK Negeri 9 Tarakan"),
        ("Dekan", "Fakultas Teknik Universitas Borneo Tarakan",
         "Dekan Fakultas Teknik Universitas Borneo Tarakan"),
        ("Kepala Pelaksana BPBD", "Badan Penanggulangan Bencana Daerah Kabupaten Nunukan",
         "Kepala Pelaksana BPBD Kabupaten Nunukan"),
        ("Ketua Panitia Study Tour", "SMK Negeri 1 Tanjung Selor", "Ketua Panitia Study Tour"),
    ],
)  # fmt: skip
def test_signers_office_is_completed_only_when_it_names_no_body(
    title: str, institution: str, office: str
) -> None:
    assert office_title(title, institution)[0] == office


def test_signers_office_reaches_the_case_and_its_json(
    office: Office, kunjungan: CliRunner
) -> None:
    letter = next(letter for letter in LETTERS if letter.name == "dua_penandatangan_01")
    write_text_pdf(letter.text, office.inbox / "surat.pdf")
    assert kunjungan("ingest", str(office.inbox / "surat.pdf")).code == 0
    shown = kunjungan("show", "1", "--json").json()
    assert shown["fields"]["jabatan_penandatangan"] == "Ketua Panitia Kunjungan Industri"
    assert shown["fields"]["penandatangan"] == letter.expected["penandatangan"]
    manifest = next(office.outbox.rglob("manifest.json"))
    fields = json.loads(manifest.read_text("utf-8"))["case"]["fields"]
    assert fields["jabatan_penandatangan"] == "Ketua Panitia Kunjungan Industri"


def test_a_case_whose_visit_comes_before_its_letter_goes_to_review_with_the_reason(
    office: Office, kunjungan: CliRunner
) -> None:
    write_text_pdf(_letter(visit="3 Mei 2027"), office.inbox / "surat.pdf")
    kunjungan("ingest", str(office.inbox / "surat.pdf"))
    shown = kunjungan("show", "1", "--json").json()
    assert shown["state"] == "perlu_diperiksa"
    assert any("lebih awal daripada tanggal surat" in note for note in shown["review_notes"])


# --- scans and photos: real OCR -----------------------------------------------------------------


def test_participant_table_in_ruled_columns_across_pages_is_read_from_a_scan(
    tmp_path: Path,
) -> None:
    letter = next(letter for letter in LETTERS if letter.name == "tabel_peserta_00")
    assert letter.ruled and len(letter.expected["peserta"]) > 44  # type: ignore[arg-type]
    scan = write_scan(tmp_path / "surat.pdf", scan_pages(letter.text, seed=3, ruled=True))
    text = read_letter_text(scan)
    assert text.method == "ocr"
    found = read_letter(text.text, ocr=True).fields
    assert list(found.peserta) == letter.expected["peserta"]
    assert found.jumlah_peserta == letter.expected["jumlah_peserta"]


def test_participant_table_without_rules_is_read_from_phone_photos(tmp_path: Path) -> None:
    letter = next(letter for letter in LETTERS if letter.name == "tabel_peserta_01")
    assert not letter.ruled
    photos = write_photos(tmp_path / "surat.jpg", photo_pages(letter.text, seed=5))
    text = "\n\f\n".join(read_letter_text(photo).text for photo in photos)
    assert list(read_letter(text, ocr=True).fields.peserta) == letter.expected["peserta"]


def test_a_contact_sentence_wider_than_the_paper_is_read_from_a_scan(tmp_path: Path) -> None:
    """The scan wraps the line as a word processor would (nothing runs off the page), and the
    contact named before `selaku` and a role is read with its spaced number."""
    letter = next(letter for letter in LETTERS if letter.name == "kontak_tata_letak_07")
    long_line = next(line for line in letter.text.split("\n") if "selaku" in line)
    assert len(long_line) > 95  # wider than the paper at the scan's type size
    scan = write_scan(tmp_path / "surat.pdf", scan_pages(letter.text, seed=7))
    text = read_letter_text(scan)
    assert text.method == "ocr"
    reading = read_letter(text.text, ocr=True)
    found = (reading.fields.kontak_nama, reading.fields.kontak_telepon)
    assert found == (letter.expected["kontak_nama"], letter.expected["kontak_telepon"])
    assert reading.readings["kontak_telepon"].confidence < SURE  # a phone read by OCR

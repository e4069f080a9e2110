"""The letter reader on the shared sample letters, on the generated corpus and through PDFs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from letter_corpus import CorpusLetter, corpus, render_pdf, visit_letter

from pipeline.case import REQUIRED_FIELDS
from pipeline.intake.letter import UNCERTAIN, LetterReading, read_letter
from pipeline.intake.readers import read_letter_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples" / "letters"
CORPUS = corpus()


def found_fields(reading: LetterReading, names: Iterable[str]) -> dict[str, object]:
    """The reader's values in JSON form (ISO dates, HH:MM, lists), for the fields named."""
    found = reading.fields.to_json()
    return {name: found[name] for name in names}


def text_samples() -> list[object]:
    if not SAMPLES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no samples at {SAMPLES}"))]
    pdfs = sorted(p for p in SAMPLES.glob("*.pdf") if not p.name.endswith(".scan.pdf"))
    return [pytest.param(pdf, id=pdf.stem) for pdf in pdfs]


# --- the shared samples -------------------------------------------------------------------


@pytest.mark.parametrize("pdf", text_samples())
def test_sample_letter_yields_every_expected_field(pdf: Path) -> None:
    expected = json.loads(pdf.with_name(f"{pdf.stem}.expected.json").read_text("utf-8"))
    reading = read_letter(read_letter_text(pdf).text)
    assert found_fields(reading, expected) == expected


@pytest.mark.parametrize("pdf", text_samples())
def test_sample_letter_is_a_visit_request_with_certain_required_fields(pdf: Path) -> None:
    reading = read_letter(read_letter_text(pdf).text)
    assert reading.is_visit_request
    assert reading.uncertain_required() == ()
    assert reading.readings["nomor_surat"].confidence >= 0.9  # labelled values are certain
    assert reading.readings["perihal"].confidence >= 0.9


# --- the generated corpus -----------------------------------------------------------------


def test_corpus_is_large_and_has_negatives() -> None:
    assert len(CORPUS) >= 40
    assert any(not letter.is_visit_request for letter in CORPUS)
    assert len({letter.expected["instansi_pengirim"] for letter in CORPUS}) >= 15


@pytest.mark.parametrize("letter", CORPUS, ids=[letter.name for letter in CORPUS])
def test_corpus_letter(letter: CorpusLetter) -> None:
    reading = read_letter(letter.text)
    assert found_fields(reading, letter.expected) == letter.expected
    assert reading.is_visit_request == letter.is_visit_request


@pytest.mark.parametrize("index", [0, 7, 13, 24, 39, 60])
def test_corpus_letter_through_a_real_pdf(index: int, tmp_path: Path) -> None:
    letter = visit_letter(index)
    pdf = tmp_path / f"{letter.name}.pdf"
    render_pdf(letter.text, pdf)
    text = read_letter_text(pdf)
    assert text.method == "text-layer"
    reading = read_letter(text.text)
    assert found_fields(reading, letter.expected) == letter.expected


def test_rendered_pdf_keeps_pages(tmp_path: Path) -> None:
    pdf = tmp_path / "two_pages.pdf"
    render_pdf("Halaman satu\n\fHalaman dua", pdf)
    assert [page.strip() for page in read_letter_text(pdf).pages] == [
        "Halaman satu",
        "Halaman dua",
    ]


# --- readings, confidence and notes -------------------------------------------------------

PLAIN_REQUEST = """\
SMA NEGERI 5 BALIKPAPAN
Jl. Ruhui Rahayu No. 5, Balikpapan 76114
Nomor   : 421.3/77/SMAN5/2026
Perihal : Permohonan Kunjungan
Balikpapan, 2 November 2026
Kepada Yth. Kepala UPTD Tarakan Command Center
Dengan hormat,
Kami bermaksud mengadakan kunjungan ke Tarakan Command Center pada hari Senin,
16 November 2026 pukul 09.00 WITA dengan peserta sebanyak 30 siswa dan 2 guru pendamping.
Narahubung: Ibu Wulan Sari (0812-7777-1212).
Demikian, atas perhatiannya kami ucapkan terima kasih.
Kepala Sekolah,
Dra. Hj. Rosmini, M.Pd.
NIP. 19680101 199203 2 004
"""


def test_readings_carry_confidence_and_source() -> None:
    reading = read_letter(PLAIN_REQUEST)
    nomor = reading.readings["nomor_surat"]
    assert nomor.value == "421.3/77/SMAN5/2026"
    assert nomor.confidence >= 0.9
    assert "Nomor" in nomor.source
    count = reading.readings["jumlah_peserta"]
    assert count.value == 32
    assert UNCERTAIN <= count.confidence < 0.9  # a sum is inferred, not stated
    assert "30 siswa dan 2 guru" in count.source
    assert set(reading.readings) >= set(REQUIRED_FIELDS)


def test_fields_match_readings() -> None:
    reading = read_letter(PLAIN_REQUEST)
    for name, field_reading in reading.readings.items():
        assert getattr(reading.fields, name) == field_reading.value


def test_missing_required_fields_are_uncertain_with_notes() -> None:
    reading = read_letter("Dengan hormat, kami mohon izin berkunjung ke Tarakan Command Center.")
    assert reading.uncertain_required() == REQUIRED_FIELDS
    notes = reading.review_notes()
    assert (
        "Nomor surat tidak ditemukan; periksa surat dan lengkapi dengan `kunjungan fix`." in notes
    )
    assert any(note.startswith("Perihal tidak ditemukan") for note in notes)


def test_a_low_confidence_required_field_is_uncertain() -> None:
    text = PLAIN_REQUEST.replace("421.3/77/SMAN5/2026", "SMAN/TU")  # no digits: suspicious
    reading = read_letter(text)
    assert reading.fields.nomor_surat == "SMAN/TU"
    assert reading.uncertain_required() == ("nomor_surat",)
    assert any("Nomor surat kurang pasti" in note for note in reading.review_notes())


def test_a_certain_letter_has_no_notes() -> None:
    assert read_letter(PLAIN_REQUEST).review_notes() == ()


def test_an_invitation_is_not_a_visit_request() -> None:
    text = PLAIN_REQUEST.replace("Perihal : Permohonan Kunjungan", "Perihal : Undangan").replace(
        "Kami bermaksud mengadakan kunjungan ke Tarakan Command Center",
        "Kami mengundang Bapak/Ibu untuk hadir pada peresmian laboratorium",
    )
    reading = read_letter(text)
    assert not reading.is_visit_request
    assert any("bukan permohonan kunjungan" in note for note in reading.review_notes())


def test_an_unrelated_letter_is_not_a_visit_request() -> None:
    text = PLAIN_REQUEST.replace("Permohonan Kunjungan", "Permohonan Data").replace(
        "Kami bermaksud mengadakan kunjungan ke Tarakan Command Center",
        "Kami memohon data jumlah kamera pemantau di Kota Tarakan",
    )
    assert not read_letter(text).is_visit_request


def test_a_visit_named_only_in_the_body_is_a_visit_request() -> None:
    text = PLAIN_REQUEST.replace("Permohonan Kunjungan", "Permohonan Izin")
    assert read_letter(text).is_visit_request


def test_a_date_without_a_cue_is_a_guess() -> None:
    text = PLAIN_REQUEST.replace(
        "pada hari Senin,\n16 November 2026", ". Rombongan berangkat 16 November 2026"
    )
    reading = read_letter(text)
    assert reading.fields.tanggal_kunjungan is not None
    assert reading.readings["tanggal_kunjungan"].confidence < UNCERTAIN


def test_a_day_name_that_contradicts_the_date_is_uncertain() -> None:
    text = PLAIN_REQUEST.replace("Senin,", "Jumat,")
    assert read_letter(text).readings["tanggal_kunjungan"].confidence < UNCERTAIN


def test_count_and_participant_list_that_disagree_are_noted() -> None:
    text = PLAIN_REQUEST + "\nDAFTAR PESERTA\n1. Budi Santoso\n2. Ani Lestari\n"
    reading = read_letter(text)
    assert reading.fields.peserta == ("Budi Santoso", "Ani Lestari")
    assert reading.fields.jumlah_peserta == 32
    assert any("berbeda dengan daftar peserta" in note for note in reading.review_notes())


def test_empty_text_reads_as_nothing() -> None:
    reading = read_letter("")
    assert reading.readings == {}
    assert not reading.is_visit_request

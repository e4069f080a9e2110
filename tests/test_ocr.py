"""OCR of scans and photos with the real engine (OCRmyPDF + Tesseract) on real files.

Each OCR run takes 2-6 seconds, so the runs are shared by module fixtures where they can be.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import need_samples
from pdf_letters import write_letter_pdf
from PIL import Image
from pypdf import PdfReader
from scan_images import (
    LETTER_LINES,
    PARTICIPANT_LINES,
    degrade,
    letter_page,
    write_garbage_text_pdf,
    write_scan_pdf,
    write_signed_pdf,
    write_tiff,
)

from pipeline.errors import UnreadableLetterError
from pipeline.intake import images
from pipeline.intake.letter import LetterReading, read_letter
from pipeline.intake.ocr import (
    OcrResult,
    PageText,
    is_signed_pdf,
    needs_ocr,
    ocr_to_archive,
    page_text_state,
)
from pipeline.intake.tesseract import ocr_available

LETTER_NUMBER = "551/287/DISHUB/2026"


def read(result: OcrResult) -> LetterReading:
    return read_letter("\n\f\n".join(result.pages), ocr=True)  # as the intake reads OCR text


def expected(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        (need_samples() / f"{name}.expected.json").read_text("utf-8")
    )
    return loaded


def pdfa_identification(path: Path) -> tuple[str, str]:
    """The PDF/A part and conformance that the file's XMP metadata declares."""
    metadata = PdfReader(path).root_object["/Metadata"].get_object().get_data().decode()

    def value(key: str) -> str:
        found = re.search(rf'pdfaid:{key}(?:="|>)([^"<]+)', metadata)
        return found.group(1) if found else ""

    return value("part"), value("conformance")


@pytest.fixture(scope="module")
def scan_result(tmp_path_factory: pytest.TempPathFactory) -> OcrResult:
    source = need_samples() / "sample_02_universitas.scan.pdf"
    target = tmp_path_factory.mktemp("scan") / "arsip" / "surat.pdf"
    return ocr_to_archive(source, target, image=False)


@pytest.fixture(scope="module")
def photo_result(tmp_path_factory: pytest.TempPathFactory) -> OcrResult:
    source = need_samples() / "sample_01_smk.photo.jpg"
    return ocr_to_archive(source, tmp_path_factory.mktemp("photo") / "surat.pdf", image=True)


# --- real samples ---------------------------------------------------------------------------


def test_sample_scan_gives_number_and_subject(scan_result: OcrResult) -> None:
    fields = read(scan_result).fields.to_json()
    wanted = expected("sample_02_universitas")
    assert (fields["nomor_surat"], fields["perihal"]) == (wanted["nomor_surat"], wanted["perihal"])


def test_sample_photo_gives_number_and_subject(photo_result: OcrResult) -> None:
    fields = read(photo_result).fields.to_json()
    wanted = expected("sample_01_smk")
    assert (fields["nomor_surat"], fields["perihal"]) == (wanted["nomor_surat"], wanted["perihal"])
    assert len(photo_result.pages) == 1


@pytest.mark.parametrize("result_name", ["scan_result", "photo_result"])
def test_archive_copy_is_searchable_pdfa_2b(
    result_name: str, request: pytest.FixtureRequest
) -> None:
    result: OcrResult = request.getfixturevalue(result_name)
    assert result.archive_pdf.is_file()
    assert pdfa_identification(result.archive_pdf) == ("2", "B")
    text = "".join(page.extract_text() for page in PdfReader(result.archive_pdf).pages)
    assert "Permohonan" in text
    assert not list(result.archive_pdf.parent.glob(".*.tmp"))  # written in one step


# --- made in code ---------------------------------------------------------------------------


def test_degraded_scan_is_read_in_a_service_worker(tmp_path: Path) -> None:
    """Skewed 2.5°, blurred, noisy and unevenly lit; OCR runs in a forkserver worker process,
    as the service runs it."""
    source = write_scan_pdf(tmp_path / "pindaian.pdf", [degrade(letter_page(LETTER_LINES))])
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        result = pool.submit(ocr_to_archive, source, tmp_path / "arsip.pdf", image=False).result()
    fields = read(result).fields.to_json()
    assert fields["nomor_surat"] == LETTER_NUMBER
    assert fields["perihal"] == "Permohonan Kunjungan Kerja"
    assert fields["tanggal_surat"] == "2026-10-09"
    assert fields["kontak_telepon"] == "+6281234567788"


def test_multipage_tiff_becomes_multipage_pdfa(tmp_path: Path) -> None:
    source = write_tiff(
        tmp_path / "faks.tiff", [letter_page(LETTER_LINES), letter_page(PARTICIPANT_LINES)]
    )
    result = ocr_to_archive(source, tmp_path / "arsip.pdf", image=True)
    assert len(result.pages) == 2
    assert LETTER_NUMBER in result.pages[0]
    assert "Rina Marlina" in result.pages[1]
    assert len(PdfReader(result.archive_pdf).pages) == 2
    assert pdfa_identification(result.archive_pdf) == ("2", "B")


def test_garbage_text_layer_is_replaced_by_ocr(tmp_path: Path) -> None:
    source = write_garbage_text_pdf(tmp_path / "rusak.pdf", under=letter_page(LETTER_LINES))
    layer = tuple(page.extract_text() for page in PdfReader(source).pages)
    assert needs_ocr(source, layer)
    result = ocr_to_archive(source, tmp_path / "arsip.pdf", image=False)
    assert read(result).fields.nomor_surat == LETTER_NUMBER


def test_blank_page_is_unreadable(tmp_path: Path) -> None:
    source = tmp_path / "kosong.png"
    Image.new("L", (1240, 1754), 250).save(source)
    target = tmp_path / "arsip.pdf"
    with pytest.raises(UnreadableLetterError, match="tidak menemukan tulisan"):
        ocr_to_archive(source, target, image=True)
    assert not target.exists()


def test_broken_image_is_unreadable(tmp_path: Path) -> None:
    source = tmp_path / "foto.jpg"
    source.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(UnreadableLetterError, match="gambar ini tidak dapat dibuka"):
        ocr_to_archive(source, tmp_path / "arsip.pdf", image=True)


# --- OCR not installed ------------------------------------------------------------------------


def test_ocr_not_installed_gives_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    status = ocr_available()
    assert not status.available
    assert {"tesseract-ocr", "tesseract-ocr-ind", "ghostscript"} <= set(status.missing)
    target = tmp_path / "arsip.pdf"
    with pytest.raises(UnreadableLetterError, match="OCR belum terpasang") as raised:
        ocr_to_archive(need_samples() / "sample_01_smk.scan.pdf", target, image=False)
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-ind" in raised.value.hint
    assert "ghostscript" in raised.value.hint
    assert not target.exists()


def test_installed_ocr_reports_versions_and_languages() -> None:
    status = ocr_available()
    assert status.missing == ()
    assert {"ind", "eng"} <= set(status.languages)
    assert status.tesseract_version and status.ghostscript_version and status.ocrmypdf_version
    assert int(status.ocrmypdf_version.split(".")[0]) >= 17


# --- does a PDF need OCR? ---------------------------------------------------------------------


def layer_of(path: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def test_text_pdf_needs_no_ocr(tmp_path: Path) -> None:
    source = write_letter_pdf(tmp_path / "surat.pdf", 3)
    assert not needs_ocr(source, layer_of(source))


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    source = write_scan_pdf(tmp_path / "pindaian.pdf", [letter_page(LETTER_LINES)])
    assert needs_ocr(source, layer_of(source))


def test_garbage_text_pdf_needs_ocr(tmp_path: Path) -> None:
    source = write_garbage_text_pdf(tmp_path / "rusak.pdf")
    layer = layer_of(source)
    assert sum(len(page) for page in layer) > 500  # there is text, only not a letter's
    assert needs_ocr(source, layer)


def test_image_files_always_need_ocr() -> None:
    assert needs_ocr(Path("foto.JPG"), ())
    assert needs_ocr(Path("pindaian.tiff"), ("anything",))


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("", PageText.MISSING),
        ("  \n 12 \n", PageText.MISSING),
        ("Nomor : 12/UPTD/2026 Perihal : Permohonan Kunjungan", PageText.USABLE),
        ("Dear Sir, we request a visit to the command center on Monday.", PageText.USABLE),
        ("#$%& *+<> ?@^~ {}|= ;:[] 0123 #$%& *+<> ?@^~", PageText.GARBAGE),
        ("Gdqjdq kruplw, ndpl ehupdnvxg phqjdmxndq nxqmxqjdq nh Wdudndq Frppdqg",
         PageText.GARBAGE),  # shifted font encoding: letters, but no words
    ],
)
def test_page_text_state(text: str, state: PageText) -> None:
    assert page_text_state(text) is state


# --- signed PDFs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sig_flags", "signed", "expected_signed"),
    [(3, True, True), (0, True, True), (3, False, True), (0, False, False)],
)
def test_signature_is_detected(
    tmp_path: Path, sig_flags: int, signed: bool, expected_signed: bool
) -> None:
    source = write_signed_pdf(tmp_path / "ttd.pdf", sig_flags=sig_flags, signed=signed)
    assert is_signed_pdf(source) is expected_signed


def test_ordinary_and_broken_pdfs_are_not_signed(tmp_path: Path) -> None:
    assert not is_signed_pdf(write_letter_pdf(tmp_path / "surat.pdf", 1))
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    assert not is_signed_pdf(broken)


# --- image clean-up ---------------------------------------------------------------------------


def test_flattening_makes_a_shadowed_page_white() -> None:
    shadow = Image.linear_gradient("L").resize((800, 1100)).point(lambda v: 250 - v // 2)
    flat = images.flatten_background(shadow)
    darkest, lightest = flat.getextrema()
    assert darkest > 235, (darkest, lightest)


def test_page_dpi_trusts_a_scanner_not_a_camera() -> None:
    scanner = Image.new("L", (2480, 3508))
    scanner.info["dpi"] = (300, 300)
    camera = Image.new("L", (3000, 4000))
    camera.info["dpi"] = (72, 72)
    assert images.page_dpi(scanner) == 300
    assert images.page_dpi(camera) == round(4000 / images.A4_LONG_SIDE_INCHES)

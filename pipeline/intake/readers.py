"""Readers turn an input file into text: a PDF's own text layer with pypdf, otherwise OCR.

A PDF with a usable text layer skips OCR (checked page by page, cheaply); a scan, a PDF whose
text is garbage, and an image go through OCR, whose recognition intake keeps to make the
searchable PDF/A copy afterwards. A digitally signed PDF is never rewritten: its text is used
as it is.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from pipeline.errors import UnreadableLetterError
from pipeline.intake.formats import IMAGE_SUFFIXES, PDF_MAGIC
from pipeline.intake.ocr import is_signed_pdf, needs_ocr, recognise

log = logging.getLogger(__name__)

# A page side longer than this (2.5 m; A0's long side is 1.19 m) is on no paper: such a page
# is refused before anything tries to draw it (a 5 m blank page took a worker to 7 GB).
MAX_PAGE_SIDE_INCHES = 100
_POINTS_PER_INCH = 72
_METRES_PER_INCH = 0.0254


@dataclass(frozen=True)
class LetterText:
    """The text of a letter, page by page, and how it was obtained."""

    pages: tuple[str, ...]
    method: str  # "text-layer" | "ocr"
    recognition: Path | None = None  # OCR's recognition, kept for the PDF/A copy if asked for

    @property
    def text(self) -> str:
        return "\n\f\n".join(self.pages)


def read_pdf_text(path: Path, max_pages: int) -> LetterText:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC not in head:
        raise UnreadableLetterError(
            "berkas ini bukan PDF yang sah walaupun namanya berakhiran .pdf",
            "Pindai atau ekspor ulang surat sebagai PDF, lalu taruh lagi di folder inbox.",
        )
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadableLetterError(
                "PDF ini terkunci dengan kata sandi",
                "Minta pengirim mengirim PDF tanpa kata sandi, atau cetak lalu pindai ulang.",
            )
        if len(reader.pages) > max_pages:
            raise UnreadableLetterError(
                f"PDF ini berisi {len(reader.pages)} halaman, lebih dari batas {max_pages}",
                "Pisahkan surat permohonan dari lampiran yang tebal, lalu taruh lagi.",
            )
        _check_page_sizes(reader)
        pages = tuple(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        log.info("pdf unreadable: %s: %s", path, exc)
        raise UnreadableLetterError(
            "PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca",
            "Pindai atau unduh ulang surat, lalu taruh lagi di folder inbox.",
            maybe_incomplete=True,
        ) from exc
    return LetterText(pages=pages, method="text-layer")


def _check_page_sizes(reader: PdfReader) -> None:
    """Refuse a page far beyond any paper size (its MediaBox times its UserUnit)."""
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        unit = float(page.user_unit) / _POINTS_PER_INCH
        width, height = abs(float(box.width)) * unit, abs(float(box.height)) * unit
        if max(width, height) > MAX_PAGE_SIDE_INCHES:
            raise UnreadableLetterError(
                f"ukuran halaman {number} tidak wajar ({width * _METRES_PER_INCH:.1f} × "
                f"{height * _METRES_PER_INCH:.1f} m), jauh melebihi kertas mana pun",
                "Pindai atau ekspor ulang surat pada ukuran kertas biasa (A4 atau F4), lalu "
                "taruh lagi di folder inbox.",
            )


def check_supported(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix != ".pdf" and suffix not in IMAGE_SUFFIXES:
        raise UnreadableLetterError(
            f"jenis berkas {path.suffix or '(tanpa akhiran)'} tidak didukung",
            "Simpan surat sebagai PDF, JPG, PNG atau TIFF, lalu taruh lagi di folder inbox.",
        )


def read_letter_text(
    path: Path,
    max_pages: int = 30,
    recognition_folder: Path | None = None,
    text_layer: LetterText | None = None,
) -> LetterText:
    """The letter's text. When OCR is needed and `recognition_folder` is given, the recognition
    is kept there for the PDF/A copy (intake, `ocr.archive_from_recognition`); without it, it
    is thrown away (`kunjungan extract`). `text_layer`: the PDF's text layer when the caller
    has read it already."""
    check_supported(path)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return _read_by_ocr(path, max_pages, recognition_folder, image=True)
    text = text_layer or read_pdf_text(path, max_pages)
    if not needs_ocr(path, text.pages) or is_signed_pdf(path):
        return text
    return _read_by_ocr(path, max_pages, recognition_folder, image=False)


def _read_by_ocr(
    path: Path, max_pages: int, recognition_folder: Path | None, *, image: bool
) -> LetterText:
    with tempfile.TemporaryDirectory(prefix="kunjungan-") as scratch:
        folder = recognition_folder or Path(scratch) / "ocr"
        try:
            result = recognise(path, folder, image=image)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    if len(result.pages) > max_pages:
        shutil.rmtree(folder, ignore_errors=True)
        raise UnreadableLetterError(
            f"berkas ini berisi {len(result.pages)} halaman, lebih dari batas {max_pages}",
            "Pisahkan surat permohonan dari lampiran yang tebal, lalu taruh lagi.",
        )
    return LetterText(result.pages, "ocr", recognition_folder)

"""Readers turn an input file into text. Text-layer PDFs are read with pypdf."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from pipeline.errors import UnreadableLetterError

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class LetterText:
    """The text of a letter, page by page, and how it was obtained."""

    pages: tuple[str, ...]
    method: str  # "text-layer" (later: "ocr")

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
        pages = tuple(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        log.info("pdf unreadable: %s: %s", path, exc)
        raise UnreadableLetterError(
            "PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca",
            "Pindai atau unduh ulang surat, lalu taruh lagi di folder inbox.",
            maybe_incomplete=True,
        ) from exc
    return LetterText(pages=pages, method="text-layer")


SUPPORTED_SUFFIXES = {".pdf": read_pdf_text}


def read_letter_text(path: Path, max_pages: int = 30) -> LetterText:
    reader = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if reader is None:
        raise UnreadableLetterError(
            f"jenis berkas {path.suffix or '(tanpa akhiran)'} tidak didukung",
            "Simpan surat sebagai PDF, lalu taruh lagi di folder inbox.",
        )
    return reader(path, max_pages)

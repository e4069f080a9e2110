"""Scans that carry our QR: signed documents coming back, and batches split by separator sheets.

A page with a document stamp belongs to that document; pages without a code belong to the
document before them; a separator sheet starts a new letter. Signed copies are filed in their
case folder (`02-rekomendasi-ditandatangani.pdf`, plus a PDF/A copy) and never registered as new
letters; the letters of a separated batch go back into the inbox one by one.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from pipeline.archive.files import (
    atomic_write_bytes,
    move_to_free_name,
    sha256_of,
    write_to_free_name,
)
from pipeline.documents.qr import DocumentStamp, Verdict, VerificationLink, check
from pipeline.errors import UnreadableLetterError
from pipeline.intake.images import open_pages
from pipeline.intake.ocr import ocr_to_archive
from pipeline.intake.qr_reader import Mark, PageCodes, parse_scan, split_by_codes
from pipeline.store.db import SignedCopy
from pipeline.workflow.engine import Workflow
from pipeline.workflow.verify import document_by_code, document_by_scanned_code
from pipeline.workflow.views import document_names

log = logging.getLogger(__name__)

BATCH_FOLDER = "_pindaian"  # in the outbox: batches whose parts went elsewhere
SIGNED_SUFFIX = "-ditandatangani"



@dataclass(frozen=True)
class Part:
    """Pages of one dropped file that belong together: a signed document, or a new letter."""

    stamp: DocumentStamp | None
    pages: tuple[int, ...]


def plan(pages: list[PageCodes],
         find_stamp: Callable[[str], DocumentStamp | None]) -> list[Part] | None:
    """How a scanned file divides; None when no page carries our code (an ordinary letter).
    `find_stamp` gives the stamp of a code a verification page's address names (None: no
    document of ours has it, and the QR is someone else's)."""

    def parse(text: str) -> DocumentStamp | Mark | None:
        value = parse_scan(text)
        return find_stamp(value.code) if isinstance(value, VerificationLink) else value

    groups = split_by_codes(pages, parse)
    if all(value is None for value, _ in groups):
        return None
    parts = []
    for value, numbers in groups:
        if value is Mark.SEPARATOR:
            numbers = numbers[1:]  # the sheet itself is no letter
            value = None
        if numbers:
            parts.append(Part(value if isinstance(value, DocumentStamp) else None,
                              tuple(numbers)))
    return parts


def check_stamps(parts: list[Part], workflow: Workflow) -> None:
    """Refuse the whole file when any stamp is forged, foreign, or names no document here."""
    for part in parts:
        if part.stamp is None:
            continue
        verdict = check(workflow.secret, workflow.installation, part.stamp)
        if verdict is Verdict.OTHER_INSTALLATION:
            raise UnreadableLetterError(
                "kode QR pada pindaian ini berasal dari instalasi lain, bukan dari kantor ini",
                "Periksa apakah dokumen ini memang diterbitkan di sini; jika ya, hubungi "
                "pengelola sistem.",
            )
        if verdict is Verdict.FORGED:
            raise UnreadableLetterError(
                f"kode QR pada pindaian ini tidak sah (kode {part.stamp.code} tidak cocok)",
                "Jangan proses dokumen ini; laporkan kepada Kepala UPTD TCC.",
            )
        if workflow.store.document(part.stamp.case_id, part.stamp.kind,
                                   part.stamp.version) is None:
            raise UnreadableLetterError(
                f"dokumen dengan kode {part.stamp.code} tidak terdaftar",
                "Periksa apakah basis data yang dipakai benar; hubungi pengelola sistem.",
            )


def stamp_finder(workflow: Workflow) -> Callable[[str], DocumentStamp | None]:
    """The stamp of the document with a code (None: no document of ours has it)."""

    def find(code: str) -> DocumentStamp | None:
        record = document_by_code(workflow, code)
        return None if record is None else workflow.stamp_of(record)

    return find


def stamp_from_printed_code(workflow: Workflow, text: str) -> DocumentStamp | None:
    """The stamp of the document whose verification code OCR read in `text`, if any."""
    record = document_by_scanned_code(workflow, text)
    return None if record is None else workflow.stamp_of(record)


def pdf_of_pages(path: Path, pages: tuple[int, ...], total: int) -> bytes:
    """The given pages of a scan as PDF bytes: the file itself when it is a PDF taken whole,
    image pages wrapped without recompression (img2pdf)."""
    if path.suffix.lower() == ".pdf":
        if len(pages) == total:
            return path.read_bytes()
        reader = PdfReader(path)
        writer = PdfWriter()
        for number in pages:
            writer.add_page(reader.pages[number])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    import img2pdf  # type: ignore[import-untyped]  # comes with ocrmypdf

    # Same pages, same bytes: a batch cut again after a crash yields files already known.
    stable = {"nodate": True, "engine": img2pdf.Engine.internal}
    if len(pages) == total:
        return bytes(img2pdf.convert(path.read_bytes(), **stable))
    frames = open_pages(path)
    images = []
    for number in pages:
        buffer = io.BytesIO()
        frames[number].save(buffer, "PNG")
        images.append(buffer.getvalue())
    return bytes(img2pdf.convert(images, **stable))


def _signed_name(folder: Path, stem: str, data_sha: str) -> str:
    """`02-rekomendasi-ditandatangani.pdf`, or `…-2.pdf` when another signed copy has the name."""
    number = 1
    while True:
        name = f"{stem}{SIGNED_SUFFIX}{'' if number == 1 else f'-{number}'}.pdf"
        existing = folder / name
        if not existing.exists() or sha256_of(existing) == data_sha:
            return name
        number += 1


def file_signed(
    workflow: Workflow,
    part: Part,
    data: bytes,
    source_name: str,
    received_at: datetime,
    ocr_copy: Path | None = None,
) -> SignedCopy:
    """Write a signed copy (and its PDF/A copy) into its case folder; return the record.
    `ocr_copy`: a PDF/A copy OCR already made of these very pages (used instead of OCR again)."""
    assert part.stamp is not None
    record = workflow.store.document(part.stamp.case_id, part.stamp.kind, part.stamp.version)
    assert record is not None
    case = workflow.store.case(record.case_id)
    folder = workflow.case_folder(case)
    stem = document_names(workflow.store.documents(case.id))[record.id].removesuffix(".docx")
    sha = hashlib.sha256(data).hexdigest()
    name = _signed_name(folder, stem, sha)
    target = folder / name
    if not target.exists():
        atomic_write_bytes(target, data)
    archive_name = name.removesuffix(".pdf") + ".arsip.pdf"
    archive: Path | None = folder / archive_name
    try:
        if not (folder / archive_name).exists():
            if ocr_copy is not None and ocr_copy.exists():
                os.replace(ocr_copy, folder / archive_name)
            else:
                ocr_to_archive(target, folder / archive_name, image=False)
    except UnreadableLetterError as exc:
        # The signed copy stands without its PDF/A twin; `kunjungan doctor` says what is missing.
        log.warning("no PDF/A copy of %s: %s", name, exc.message)
        archive = None
    return SignedCopy(
        document_id=record.id,
        case_id=case.id,
        file=name,
        sha256=sha,
        archive_file=archive_name if archive else None,
        archive_sha256=sha256_of(archive) if archive else None,
        source_name=source_name,
        received_at=received_at,
    )


def write_letter_part(inbox: Path, source: Path, index: int, data: bytes) -> Path:
    """A letter cut from a separated batch, back into the inbox as a file of its own."""
    return write_to_free_name(inbox, f"{source.stem}-bagian-{index}.pdf", data)


def put_batch_away(workflow: Workflow, path: Path, received_at: datetime) -> Path:
    """Keep a batch whose parts were filed elsewhere, under outbox/_pindaian/<year>/."""
    folder = workflow.config.paths.outbox / BATCH_FOLDER / str(received_at.year)
    folder.mkdir(parents=True, exist_ok=True)
    return move_to_free_name(path, folder, f"{received_at:%Y%m%d-%H%M%S}_{path.name}")

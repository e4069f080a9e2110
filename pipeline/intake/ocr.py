"""OCR for scans and phone photos: text per page, then a searchable PDF/A-2b archive copy.

Tesseract (Indonesian + English) reads each page once, giving hOCR and text together; the
letter is read from that text, and OCRmyPDF later makes the archive copy from the same
recognition (see the OCR section below). Photos and image files are cleaned with Pillow first
(`images`), since Tesseract reads an evenly lit page best and a JPEG carries no page DPI.

The service runs several worker processes, so each Tesseract run uses one thread
(OMP_THREAD_LIMIT=1): on 2 cores Tesseract then reads a page in 1.2-1.4 s, against 7-10 s when
its own threads fight the other workers.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, PdfObject

from pipeline.archive.files import atomic_copy, atomic_write_bytes, atomic_writer, fsync_dir
from pipeline.errors import UnreadableLetterError
from pipeline.intake.tesseract import (
    LANGUAGES,
    RECOGNITION_FILE,
    OcrStatus,
    ocr_available,
    ocr_probed_again,
)

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

_RETRY_HINT = "lalu jalankan `kunjungan retry --all`."
# Fewer letters than this on every page together: OCR found no text worth reading.
MIN_LETTERS = 20


@dataclass(frozen=True)
class OcrResult:
    pages: tuple[str, ...]  # recognised text per page
    archive_pdf: Path  # the searchable PDF/A-2b written
    seconds: float


def _not_installed(status: OcrStatus) -> UnreadableLetterError:
    # Nothing missing, yet OCRmyPDF refused: a program is too old (apt-get install upgrades it).
    lacking = ", ".join(status.missing) or "versi program OCR terlalu lama"
    return UnreadableLetterError(
        "OCR belum terpasang, sehingga surat hasil pindai atau foto tidak dapat dibaca "
        f"(kurang: {lacking})",
        f"Minta admin memasang OCR dengan `{status.install_hint}`, {_RETRY_HINT}",
    )


# --- does a PDF need OCR? ------------------------------------------------------------------


class PageText(Enum):
    USABLE = "usable"
    MISSING = "missing"
    GARBAGE = "garbage"


# Short words that nearly every Indonesian or English letter uses; a text layer of many words
# with none of these is a broken font encoding, not a letter.
_COMMON_WORDS = frozenset(
    (
        *("dan", "yang", "di", "ke", "dari", "dengan", "untuk", "kami", "ini", "itu", "pada"),
        *("dalam", "atas", "akan", "atau", "oleh", "kepada", "surat", "nomor", "perihal"),
        *("lampiran", "hormat", "tanggal", "hari", "kunjungan", "permohonan", "bapak", "ibu"),
        *("kota", "dinas", "tempat", "sebagai", "the", "and", "of", "to", "in", "for", "is"),
        *("on", "with", "by", "from", "this", "that", "at", "as", "be", "are", "we", "you"),
    )
)
_MIN_CHARACTERS = 20
_MIN_LETTER_SHARE = 0.5
_WORDS_FOR_VOCABULARY_CHECK = 8


def page_text_state(text: str) -> PageText:
    """Whether a page's text layer reads as text: enough letters, and some common words."""
    characters = re.sub(r"\s+", "", text)
    if len(characters) < _MIN_CHARACTERS:
        return PageText.MISSING
    letters = sum(character.isalpha() for character in characters)
    if letters / len(characters) < _MIN_LETTER_SHARE:
        return PageText.GARBAGE
    words = re.findall(r"[^\W\d_]{2,}", text.lower())
    if len(words) >= _WORDS_FOR_VOCABULARY_CHECK and not _COMMON_WORDS.intersection(words):
        return PageText.GARBAGE
    return PageText.USABLE


def needs_ocr(path: Path, text_pages: tuple[str, ...]) -> bool:
    """True for an image file, and for a PDF whose text layer is missing or garbage on any
    page (a typed letter with a scanned attachment; also a blank page, which costs one OCR run
    but no reading: usable pages keep their own text). Reads no file: `text_pages` is the text
    layer already extracted."""
    if path.suffix.lower() != ".pdf" or not text_pages:
        return True
    return any(page_text_state(page) is not PageText.USABLE for page in text_pages)


# --- is a PDF digitally signed? ------------------------------------------------------------

_SIGNATURES_EXIST = 1  # /SigFlags bit 1 (PDF 32000-1, 12.7.2)
_MAX_FIELD_DEPTH = 20  # a field tree deeper than this is a loop in a broken file


def is_signed_pdf(path: Path) -> bool:
    """The PDF carries a digital signature; rewriting it would break the signature."""
    try:
        form = _dictionary(PdfReader(path).root_object.get("/AcroForm"))
        if form is None:
            return False
        if int(form.get("/SigFlags", 0)) & _SIGNATURES_EXIST:
            return True
        return any(_has_signed_field(field) for field in form.get("/Fields", []))
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        log.info("cannot check %s for a signature: %s", path, exc)
        return False


def _dictionary(value: object) -> DictionaryObject | None:
    resolved = value.get_object() if isinstance(value, PdfObject) else value
    return resolved if isinstance(resolved, DictionaryObject) else None


def _has_signed_field(reference: object, depth: int = 0) -> bool:
    field = _dictionary(reference)
    if field is None or depth > _MAX_FIELD_DEPTH:
        return False
    if field.get("/FT") == "/Sig" and _dictionary(field.get("/V")) is not None:
        return True
    return any(_has_signed_field(kid, depth + 1) for kid in field.get("/Kids", []))


# --- OCR ---------------------------------------------------------------------------------
#
# Reading and archiving are two steps. `recognise` reads the pages with Tesseract, one run per
# page giving hOCR (word positions) and text together, and leaves that recognition in a folder;
# the letter is registered and its Lembar Disposisi written from the text at once.
# `archive_from_recognition` then makes the PDF/A copy with OCRmyPDF, whose OCR engine is a
# plugin (`recognised`) handing back the recognition from the folder, so Tesseract never reads
# a page twice. The folder survives a crash between the two steps (the service's recovery
# makes the copy at the next start).

TESSERACT_PAGE_SEGMENTATION = 3  # automatic layout: read best of 3, 4, 6, 11 on the samples
# Automatic layout sometimes takes a page whose text is crossed by a signature or a stamp for a
# picture, and skips it. A page with fewer letters than this is read again as one block of
# text (mode 6); that reading is kept when it finds at least twice the letters.
SPARSE_PAGE_LETTERS = 300
SINGLE_BLOCK_SEGMENTATION = 6
# A page read with a mean word confidence under this may lie on its side or upside down: only
# then is Tesseract asked for its orientation (OSD), and the page read again turned upright
# when OSD leans that way at all (a degraded upside-down scan gets 10, where OCRmyPDF would
# want 14): the turned reading is kept only when its words are surer.
DOUBTFUL_WORD_CONFIDENCE = 60
TURN_CONFIDENCE = 3.0
# A page skewed by less than this is read as it lies (Tesseract copes); more, and it is
# levelled first, as OCRmyPDF's deskew would, in the reading and in the archive copy alike.
MIN_DESKEW_DEGREES = 0.5
# Pages without any image (drawn or typed) are read at this resolution; scans at their own.
DRAWN_PAGE_DPI = 300
TESSERACT_SECONDS = 180
RECOGNISED_PLUGIN = "pipeline.intake.recognised"  # OCRmyPDF engine: the recognition done
SOURCE_PDF = "source.pdf"  # the PDF the archive copy is made of
_NO_TEXT_HINT = (
    "Pindai ulang dengan resolusi 300 dpi, atau foto lagi dengan cahaya terang, lurus dan "
    "tajam, lalu taruh lagi di folder inbox."
)


@dataclass(frozen=True)
class Recognition:
    """What OCR read, and the folder holding its per-page hOCR for the archive copy."""

    pages: tuple[str, ...]  # text per page (a page with a usable text layer keeps that)
    folder: Path


@dataclass(frozen=True)
class _PageReading:
    text: str
    hocr: str
    orientation: int  # OSD's "orientation in degrees" (0 when the page was read as it lies)
    skew: float  # degrees the page was turned to level it (0.0 when it was level)


def ocr_to_archive(source: Path, archive_target: Path, *, image: bool) -> OcrResult:
    """OCR `source` (a PDF without usable text, or an image file when `image`) and write its
    searchable PDF/A-2b copy to `archive_target` atomically. Raises UnreadableLetterError."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kunjungan-ocr-") as work_name:
        recognition = recognise(source, Path(work_name) / "ocr", image=image)
        archive_from_recognition(recognition.folder, archive_target)
    seconds = time.perf_counter() - started
    log.info("ocr %s: %d page(s) in %.1f s", source.name, len(recognition.pages), seconds)
    return OcrResult(pages=recognition.pages, archive_pdf=archive_target, seconds=seconds)


def recognise(source: Path, folder: Path, *, image: bool) -> Recognition:
    """Read `source` (a PDF without usable text, or an image file when `image`) with Tesseract
    and keep the recognition in `folder` (made here) for `archive_from_recognition`."""
    status = ocr_available()
    if not status.available:
        raise _not_installed(status)
    from pipeline.intake import images  # imports ocrmypdf: only when OCR runs

    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / SOURCE_PDF
    if image:
        _image_pdf(source, pdf)
        layer: tuple[str, ...] = ()
    else:
        atomic_copy(source, pdf)
        layer = _text_layer(source)
    to_read = [number for number in range(_page_count(pdf))
               if number >= len(layer) or page_text_state(layer[number]) is not PageText.USABLE]
    # A scanned PDF's pages as the QR search may have drawn them already (an image file's
    # pages are drawn from the cleaned PDF made here).
    drawn_from = pdf if image else source
    readings = {number: _read_page(images.ocr_image(page), folder, number)
                for number, page in zip(to_read, _page_images(drawn_from, to_read), strict=True)}
    pages = tuple(readings[number].text if number in readings else layer[number]
                  for number in range(max(len(layer), max(readings, default=-1) + 1)))
    if sum(map(_letters, pages)) < MIN_LETTERS:
        raise UnreadableLetterError(
            "OCR tidak menemukan tulisan yang terbaca pada surat ini", _NO_TEXT_HINT
        )
    # Kept on disk (synced) before the letter is registered: a crash after that leaves a
    # recognition the recovery pass can make the copy from.
    for number, reading in readings.items():
        atomic_write_bytes(folder / f"{number:04d}.hocr", reading.hocr.encode(), sync_dir=False)
        atomic_write_bytes(folder / f"{number:04d}.txt", reading.text.encode(), sync_dir=False)
    plan = {
        "pages": sorted(readings),
        # A page with any text makes OCRmyPDF refuse unless forced; forcing redraws the page.
        "force": any(layer[number].strip() for number in readings if number < len(layer)),
        "orientation": {str(n): r.orientation for n, r in readings.items() if r.orientation},
        "skew": {str(n): r.skew for n, r in readings.items() if r.skew},
    }
    atomic_write_bytes(folder / RECOGNITION_FILE, json.dumps(plan).encode(), sync_dir=False)
    fsync_dir(folder)
    return Recognition(pages, folder)


def archive_from_recognition(folder: Path, archive_target: Path) -> None:
    """Make the searchable PDF/A-2b copy of a recognised file and write it to `archive_target`
    atomically; OCRmyPDF takes the recognition from `folder`. Raises UnreadableLetterError
    (also when the folder is incomplete: a crash came while it was being written)."""
    try:
        plan = json.loads((folder / RECOGNITION_FILE).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise UnreadableLetterError(
            "hasil OCR yang tersimpan tidak lengkap", "Jalankan ulang layanan."
        ) from exc
    output = folder / "archive.pdf"
    _run_ocrmypdf(folder / SOURCE_PDF, output, folder, plan)
    with atomic_writer(archive_target) as handle, output.open("rb") as produced:
        shutil.copyfileobj(produced, handle)
    output.unlink()


def _page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise _ocr_failed() from exc
    try:
        return len(document)
    finally:
        document.close()


def _page_images(pdf: Path, numbers: Sequence[int]) -> Iterator[Image.Image]:
    """The given pages drawn grey at their images' own resolution (DRAWN_PAGE_DPI when they
    have none), within the pixel budget; one at a time."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from pipeline.intake.images import MAX_PAGE_PIXELS, raster_scale, too_many_pixels
    from pipeline.intake.qr_reader import drawn_page, forget_drawn_pages
    from pipeline.intake.recognised import OCR_VECTOR_DPI

    document = pdfium.PdfDocument(pdf)
    try:
        for number in numbers:
            page = document[number]
            try:
                width, height = page.get_size()
                objects = list(page.get_objects())
                dpi = max((_image_dpi(item) for item in objects
                           if item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE), default=0.0)
                # The archive copy needs OCRmyPDF to draw the page at its own resolution (400
                # dpi for anything drawn): refused now when that would break the budget.
                has_drawing = any(item.type != pdfium_c.FPDF_PAGEOBJ_IMAGE for item in objects)
                archive_dpi = max(dpi, OCR_VECTOR_DPI if has_drawing or not dpi else 0)
                archive_pixels = width * height * (archive_dpi / 72) ** 2
                if archive_pixels > MAX_PAGE_PIXELS:
                    raise too_many_pixels(archive_pixels, number)
                scale = raster_scale(width, height, dpi or DRAWN_PAGE_DPI)
                image = drawn_page(pdf, number, scale) or page.render(
                    scale=scale, grayscale=True).to_pil().convert("L")
                image.info["dpi"] = (round(scale * 72),) * 2
                yield image
            finally:
                page.close()
    finally:
        document.close()
        forget_drawn_pages()


def _image_dpi(image: Any) -> float:
    """An image object's resolution on its page: its pixels over the area it covers."""
    pixels_wide, pixels_high = image.get_px_size()
    left, bottom, right, top = image.get_bounds()
    area = (right - left) * (top - bottom) / 72 / 72
    return math.sqrt(pixels_wide * pixels_high / area) if area > 0 else 0.0


def _read_page(page: Image.Image, folder: Path, number: int) -> _PageReading:
    """One page read, levelled first where it is skewed; turned upright first only when the
    reading is doubtful and OSD says the page lies turned."""
    reading = _read_levelled(page, folder, number, orientation=0)
    if _mean_confidence(reading.hocr) < DOUBTFUL_WORD_CONFIDENCE:
        orientation, confidence = _orientation(page, folder, number)
        if orientation and confidence >= TURN_CONFIDENCE:
            upright = page.rotate(orientation, expand=True)
            upright.info["dpi"] = page.info["dpi"]
            turned = _read_levelled(upright, folder, number, orientation)
            if _mean_confidence(turned.hocr) > _mean_confidence(reading.hocr):
                log.info("ocr page %d: read turned by %d degrees", number + 1, orientation)
                reading = turned
    return reading


def _read_levelled(page: Image.Image, folder: Path, number: int,
                   orientation: int) -> _PageReading:
    """Automatic layout, on the page levelled when it is skewed; one block of text instead
    for a sparse page that reads better so."""
    from pipeline.intake import images

    skew = images.skew_degrees(page)
    if abs(skew) < MIN_DESKEW_DEGREES:
        skew = 0.0
    else:
        page = images.deskewed(page, skew)
    text, hocr = _tesseract(page, folder, number, TESSERACT_PAGE_SEGMENTATION)
    if _letters(text) < SPARSE_PAGE_LETTERS:
        block_text, block_hocr = _tesseract(page, folder, number, SINGLE_BLOCK_SEGMENTATION)
        if _letters(block_text) >= 2 * _letters(text):
            log.info("ocr page %d: read again as one block of text", number + 1)
            text, hocr = block_text, block_hocr
    return _PageReading(text, hocr, orientation, skew)


def _tesseract(page: Image.Image, folder: Path, number: int, segmentation: int
               ) -> tuple[str, str]:
    """One Tesseract run on a page image: its text and its hOCR, together."""
    image = folder / f"{number:04d}.pgm"
    page.save(image)  # uncompressed: written and read in milliseconds
    base = folder / f"{number:04d}-read"
    _run_tesseract([str(image), str(base), "-l", "+".join(LANGUAGES), "--psm",
                    str(segmentation), "--dpi", str(page.info["dpi"][0]), "hocr", "txt"])
    text = Path(f"{base}.txt").read_text("utf-8").strip("\n\f")
    return text, Path(f"{base}.hocr").read_text("utf-8")


def _orientation(page: Image.Image, folder: Path, number: int) -> tuple[int, float]:
    """OSD's orientation of a page (degrees to turn it counter-clockwise) and its confidence."""
    output = _run_tesseract([str(folder / f"{number:04d}.pgm"), "-", "--psm", "0", "-l", "osd",
                             "--dpi", str(page.info["dpi"][0])], check=False)
    found = dict(re.findall(r"^([A-Za-z ]+):\s*([-\d.]+)\s*$", output, re.MULTILINE))
    try:
        return int(found.get("Orientation in degrees", 0)), float(
            found.get("Orientation confidence", 0))
    except ValueError:
        return 0, 0.0


def _run_tesseract(arguments: list[str], check: bool = True) -> str:
    # One thread: the service already runs one worker per core (see the module's docstring).
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", *arguments], capture_output=True, text=True,
                              env=environment, timeout=TESSERACT_SECONDS, check=False)
    except FileNotFoundError as exc:
        raise _not_installed(ocr_probed_again()) from exc
    except subprocess.TimeoutExpired as exc:
        raise _ocr_failed() from exc
    if check and done.returncode != 0:
        log.info("tesseract failed (%s): %s", done.returncode, done.stderr.strip()[-500:])
        raise _ocr_failed()
    return done.stdout


def _mean_confidence(hocr: str) -> float:
    confidences = [int(value) for value in re.findall(r"x_wconf (\d+)", hocr)]
    return sum(confidences) / len(confidences) if confidences else 0.0


def _letters(text: str) -> int:
    return sum(character.isalpha() for character in text)


def _image_pdf(source: Path, target: Path) -> None:
    """The image's pages, cleaned, as one PDF with a page size (lossless: PNG via img2pdf)."""
    import img2pdf  # type: ignore[import-untyped]  # comes with ocrmypdf

    from pipeline.intake import images  # imports ocrmypdf: only when OCR runs

    pages: list[bytes] = []
    for frame in images.open_pages(source):
        page, dpi = images.archive_page(frame)
        buffer = io.BytesIO()
        page.save(buffer, format="PNG", dpi=(dpi, dpi))
        pages.append(buffer.getvalue())
    atomic_write_bytes(target, img2pdf.convert(pages), sync_dir=False)


def _text_layer(source: Path) -> tuple[str, ...]:
    """The PDF's own text per page: usable pages keep it, as it beats OCR of the same page."""
    try:
        return tuple(page.extract_text() or "" for page in PdfReader(source).pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        log.info("no text layer read from %s: %s", source, exc)
        return ()


def _run_ocrmypdf(source: Path, output: Path, recognition: Path, plan: dict[str, Any]) -> None:
    """OCRmyPDF makes the PDF/A copy; its OCR engine hands back the recognition in
    `recognition`. Only the pages read are OCR'd: a page with a usable text layer stays as it
    is, and a page is turned or levelled only where reading found it turned or skewed."""
    # Imported here: ocrmypdf and its plugins take a while to import; text PDFs never need it.
    import ocrmypdf
    from ocrmypdf import exceptions as ocr_errors

    from pipeline.intake.images import too_many_pixels
    from pipeline.intake.recognised import RECOGNITION_OPTION, PageTooLargeError

    _quiet_ocrmypdf_logs()
    handed_over: dict[str, Any] = {RECOGNITION_OPTION: str(recognition)}
    try:
        code = ocrmypdf.ocr(
            source,
            output,
            language=list(LANGUAGES),
            mode="force" if plan["force"] else "default",
            pages=",".join(str(number + 1) for number in plan["pages"]),
            tagged_pdf_mode="ignore",  # a tagged scan still needs OCR
            rotate_pages=bool(plan["orientation"]),
            deskew=bool(plan["skew"]),
            output_type="pdfa-2",
            optimize=1,
            jobs=1,
            use_threads=True,  # one job needs no worker processes; works off the main thread
            progress_bar=False,
            plugins=[RECOGNISED_PLUGIN],
            **handed_over,
        )
    except ocr_errors.PriorOcrFoundError:
        if plan["force"]:
            raise
        # OCRmyPDF saw text that pypdf could not extract (no Unicode map): redraw and OCR it.
        _run_ocrmypdf(source, output, recognition, {**plan, "force": True})
        return
    except PageTooLargeError as exc:
        raise too_many_pixels(exc.pixels, exc.page) from exc
    except ocr_errors.MissingDependencyError as exc:
        raise _not_installed(ocr_probed_again()) from exc
    except ocr_errors.EncryptedPdfError as exc:
        raise UnreadableLetterError(
            "PDF ini terkunci dengan kata sandi",
            "Minta pengirim mengirim PDF tanpa kata sandi, atau cetak lalu pindai ulang.",
        ) from exc
    except ocr_errors.DigitalSignatureError as exc:
        raise UnreadableLetterError(
            "PDF ini bertanda tangan digital, dan OCR akan merusak tanda tangannya",
            "Minta pengirim mengirim PDF yang teksnya dapat disalin (ekspor dari aplikasi, "
            "bukan hasil pindai), lalu taruh lagi di folder inbox.",
        ) from exc
    except ocr_errors.ExitCodeException as exc:
        log.info("ocrmypdf failed on %s: %s", source, exc)
        raise _ocr_failed() from exc
    if code != ocrmypdf.ExitCode.ok:
        log.info("ocrmypdf returned %s on %s", code, source)
        raise _ocr_failed()


def _ocr_failed() -> UnreadableLetterError:
    return UnreadableLetterError(
        "OCR gagal membaca berkas ini (rusak atau tidak lengkap)",
        "Pindai atau foto ulang surat, simpan sebagai PDF atau JPG, lalu taruh lagi di folder "
        "inbox.",
    )


def _quiet_ocrmypdf_logs() -> None:
    """OCRmyPDF and the libraries it drives log every step. Its failures reach us as
    exceptions, and it logs Tesseract's harmless complaints (a page too sparse to tell its
    orientation) as errors, so only critical records pass."""
    for name in ("ocrmypdf", "pdfminer", "pikepdf", "PIL", "fontTools", "fpdf"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

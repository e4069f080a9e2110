"""OCR for scans and phone photos: text per page plus a searchable PDF/A-2b archive copy.

One in-process OCRmyPDF run (Tesseract, Indonesian + English) gives both the text (its sidecar)
and the archive copy. Photos and image files are cleaned with Pillow first (`images`), since
OCRmyPDF neither accepts a JPEG without a DPI nor evens out a photo's light.

The service runs several worker processes, so each call uses one OCRmyPDF job in threads and
one Tesseract thread (OMP_THREAD_LIMIT=1): on 2 cores Tesseract then reads a page in 1.2-1.4 s,
against 7-10 s when its own threads fight the other workers.
"""

from __future__ import annotations

import functools
import importlib.metadata
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, PdfObject

from pipeline.archive.files import atomic_writer
from pipeline.errors import UnreadableLetterError

log = logging.getLogger(__name__)

LANGUAGES = ("ind", "eng")
# What each program or language comes in, on Debian.
DEBIAN_PROGRAMS = {"tesseract": "tesseract-ocr", "gs": "ghostscript"}
DEBIAN_LANGUAGES = {"ind": "tesseract-ocr-ind", "eng": "tesseract-ocr-eng"}
PYTHON_PACKAGE = "ocrmypdf"
_PROBE_SECONDS = 10.0
_RETRY_HINT = "lalu jalankan `kunjungan retry --all`."
# Fewer letters than this on every page together: OCR found no text worth reading.
MIN_LETTERS = 20


@dataclass(frozen=True)
class OcrStatus:
    available: bool
    tesseract_version: str | None
    ocrmypdf_version: str | None
    ghostscript_version: str | None
    languages: tuple[str, ...]
    missing: tuple[str, ...]  # Debian packages (or the Python package) to install
    install_hint: str  # the command that installs what is missing


@dataclass(frozen=True)
class OcrResult:
    pages: tuple[str, ...]  # recognised text per page
    archive_pdf: Path  # the searchable PDF/A-2b written
    seconds: float


# --- is OCR installed? ---------------------------------------------------------------------


def ocr_available() -> OcrStatus:
    """What OCR needs and what of it is missing; probed once per PATH and tessdata folder."""
    return _probe(os.environ.get("PATH", ""), os.environ.get("TESSDATA_PREFIX", ""))


@functools.lru_cache(maxsize=4)
def _probe(path_env: str, tessdata: str) -> OcrStatus:
    del tessdata  # part of the cache key only: it changes which languages Tesseract has
    tesseract = shutil.which("tesseract", path=path_env)
    ghostscript = shutil.which("gs", path=path_env)
    languages = _tesseract_languages(tesseract) if tesseract else ()
    # In install order; without Tesseract its languages cannot be listed: missing as well.
    missing = [
        *([] if tesseract else [DEBIAN_PROGRAMS["tesseract"]]),
        *(DEBIAN_LANGUAGES[lang] for lang in LANGUAGES if lang not in languages),
        *([] if ghostscript else [DEBIAN_PROGRAMS["gs"]]),
    ]
    ocrmypdf_version = _package_version(PYTHON_PACKAGE)
    hint = _install_hint(missing, python_missing=ocrmypdf_version is None)
    if ocrmypdf_version is None:
        missing.append(f"{PYTHON_PACKAGE} (pip)")
    return OcrStatus(
        available=not missing,
        tesseract_version=_first_word_after(_run(tesseract, "--version"), "tesseract"),
        ocrmypdf_version=ocrmypdf_version,
        ghostscript_version=_run(ghostscript, "--version").strip() or None,
        languages=languages,
        missing=tuple(missing),
        install_hint=hint,
    )


def _install_hint(debian_missing: Sequence[str], python_missing: bool) -> str:
    packages = debian_missing or [
        DEBIAN_PROGRAMS["tesseract"], *DEBIAN_LANGUAGES.values(), DEBIAN_PROGRAMS["gs"]
    ]
    hint = f"sudo apt-get install {' '.join(packages)}"
    return f'{hint} && pip install "{PYTHON_PACKAGE}>=17"' if python_missing else hint


def _run(program: str | None, *args: str) -> str:
    if program is None:
        return ""
    try:
        done = subprocess.run(
            [program, *args], capture_output=True, text=True, timeout=_PROBE_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("cannot run %s: %s", program, exc)
        return ""
    return done.stdout + done.stderr


def _first_word_after(output: str, word: str) -> str | None:
    found = re.search(rf"^{word}\s+v?(\S+)", output, re.MULTILINE | re.IGNORECASE)
    return found.group(1) if found else None


def _tesseract_languages(tesseract: str) -> tuple[str, ...]:
    lines = _run(tesseract, "--list-langs").splitlines()
    return tuple(line.strip() for line in lines[1:] if re.fullmatch(r"\s*[\w-]+\s*", line))


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


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

TESSERACT_PAGE_SEGMENTATION = 3  # automatic layout: read best of 3, 4, 6, 11 on the samples
# Automatic layout sometimes takes a page whose text is crossed by a signature or a stamp for a
# picture, and skips it. A page with fewer letters than this is read again as one block of
# text (mode 6); that reading is kept when it finds at least twice the letters.
SPARSE_PAGE_LETTERS = 300
SINGLE_BLOCK_SEGMENTATION = 6
OCR_IMAGE_PLUGIN = "pipeline.intake.images"  # flattens each page image before Tesseract
_NO_TEXT_HINT = (
    "Pindai ulang dengan resolusi 300 dpi, atau foto lagi dengan cahaya terang, lurus dan "
    "tajam, lalu taruh lagi di folder inbox."
)


def ocr_to_archive(source: Path, archive_target: Path, *, image: bool) -> OcrResult:
    """OCR `source` (a PDF without usable text, or an image file when `image`) and write its
    searchable PDF/A-2b copy to `archive_target` atomically. Raises UnreadableLetterError."""
    status = ocr_available()
    if not status.available:
        raise _not_installed(status)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kunjungan-ocr-") as work_name:
        work = Path(work_name)
        pdf, layer = (_image_pdf(source, work), ()) if image else (source, _text_layer(source))
        # A page with any text makes OCRmyPDF refuse unless forced; forcing redraws the page.
        force = any(page.strip() for page in layer)
        output, pages = _ocr_run(pdf, work / "layout", layer, force, TESSERACT_PAGE_SEGMENTATION)
        if any(_letters(page) < SPARSE_PAGE_LETTERS for page in pages):
            block_output, block_pages = _ocr_run(pdf, work / "block", layer, force,
                                                 SINGLE_BLOCK_SEGMENTATION)
            if sum(map(_letters, block_pages)) >= 2 * sum(map(_letters, pages)):
                log.info("ocr %s: read again as one block of text", source.name)
                output, pages = block_output, block_pages
        if sum(map(_letters, pages)) < MIN_LETTERS:
            raise UnreadableLetterError(
                "OCR tidak menemukan tulisan yang terbaca pada surat ini", _NO_TEXT_HINT
            )
        with atomic_writer(archive_target) as handle, output.open("rb") as produced:
            shutil.copyfileobj(produced, handle)
    seconds = time.perf_counter() - started
    log.info("ocr %s: %d page(s) in %.1f s", source.name, len(pages), seconds)
    return OcrResult(pages=pages, archive_pdf=archive_target, seconds=seconds)


def _ocr_run(
    pdf: Path, work: Path, layer: Sequence[str], force: bool, segmentation: int
) -> tuple[Path, tuple[str, ...]]:
    """One OCRmyPDF run into `work`: the archive copy it wrote, and the text per page."""
    work.mkdir()
    output, sidecar = work / "archive.pdf", work / "text.txt"
    _run_ocrmypdf(pdf, output, sidecar, force=force, segmentation=segmentation)
    return output, _pages(sidecar.read_text("utf-8"), layer)


def _letters(text: str) -> int:
    return sum(character.isalpha() for character in text)


def _image_pdf(source: Path, work: Path) -> Path:
    """The image's pages, cleaned, as one PDF with a page size (lossless: PNG via img2pdf)."""
    import img2pdf  # type: ignore[import-untyped]  # comes with ocrmypdf

    from pipeline.intake import images  # imports ocrmypdf: only when OCR runs

    pages: list[bytes] = []
    for frame in images.open_pages(source):
        page, dpi = images.archive_page(frame)
        buffer = io.BytesIO()
        page.save(buffer, format="PNG", dpi=(dpi, dpi))
        pages.append(buffer.getvalue())
    pdf = work / "image.pdf"
    pdf.write_bytes(img2pdf.convert(pages))
    return pdf


def _text_layer(source: Path) -> tuple[str, ...]:
    """The PDF's own text per page: usable pages keep it, as it beats OCR of the same page."""
    try:
        return tuple(page.extract_text() or "" for page in PdfReader(source).pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        log.info("no text layer read from %s: %s", source, exc)
        return ()


def _pages(sidecar: str, layer: Sequence[str]) -> tuple[str, ...]:
    """The OCR text per page (the sidecar puts a form feed between pages), except that a page
    whose own text layer is usable keeps that."""
    recognised = [chunk.strip("\n") for chunk in sidecar.split("\f")]
    return tuple(
        layer[number]
        if number < len(layer) and page_text_state(layer[number]) is PageText.USABLE
        else text
        for number, text in enumerate(recognised)
    )


def _run_ocrmypdf(
    source: Path, output: Path, sidecar: Path, *, force: bool, segmentation: int
) -> None:
    # Imported here: ocrmypdf and its plugins take a while to import; text PDFs never need it.
    import ocrmypdf
    from ocrmypdf import exceptions as ocr_errors

    from pipeline.intake.images import PageTooLargeError, too_many_pixels

    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract, a child process, inherits it
    _quiet_ocrmypdf_logs()
    try:
        code = ocrmypdf.ocr(
            source,
            output,
            language=list(LANGUAGES),
            mode="force" if force else "default",
            tagged_pdf_mode="ignore",  # a tagged scan still needs OCR
            rotate_pages=True,
            deskew=True,
            output_type="pdfa-2",
            sidecar=sidecar,
            optimize=1,
            jobs=1,
            use_threads=True,  # one job needs no worker processes; works off the main thread
            progress_bar=False,
            tesseract_pagesegmode=segmentation,
            plugins=[OCR_IMAGE_PLUGIN],
        )
    except ocr_errors.PriorOcrFoundError:
        if force:
            raise
        # OCRmyPDF saw text that pypdf could not extract (no Unicode map): redraw and OCR it.
        _run_ocrmypdf(source, output, sidecar, force=True, segmentation=segmentation)
        return
    except ocr_errors.MissingDependencyError as exc:
        _probe.cache_clear()  # something was removed since the last probe
        raise _not_installed(ocr_available()) from exc
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
    except PageTooLargeError as exc:
        raise too_many_pixels(exc.pixels, exc.page) from exc
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

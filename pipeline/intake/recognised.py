"""OCRmyPDF plugin for the archive copy: an OCR engine that hands back what Tesseract read.

`ocr.recognise` reads each page once and leaves its hOCR and text in a folder; when OCRmyPDF
then makes the PDF/A copy, this engine answers from that folder instead of running Tesseract
again. OCRmyPDF draws the page itself, perhaps at another resolution than the reading (400 dpi
for a drawn page), so the word boxes are scaled to the image it hands over. A page that reading
found turned or skewed is reported with that orientation and skew, so OCRmyPDF turns and
levels it the same way before it places the words.

The plugin also holds OCRmyPDF to the pixel budget (`validate`), before it draws any page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.exceptions import InputFileError
from ocrmypdf.hocrtransform.hocr_parser import HocrParser
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence
from PIL import Image

from pipeline.intake.images import MAX_PAGE_PIXELS
from pipeline.intake.tesseract import LANGUAGES, RECOGNITION_FILE, ocr_available

RECOGNITION_OPTION = "kunjungan_recognition"  # the folder, passed as an extra ocr() option
# The resolution OCRmyPDF draws a page with vector content or visible text at.
OCR_VECTOR_DPI = 400
_SURE = 99.0  # the orientation reading found is certain: OCRmyPDF turns the page
# OCRmyPDF names a page's images `000001_...`, from 1.
_PAGE_PREFIX = re.compile(r"^(\d+)_")
_LENGTHS = ("x_size", "x_descenders", "x_ascenders")


class PageTooLargeError(InputFileError):
    """OCRmyPDF would rasterise a page beyond MAX_PAGE_PIXELS; raised from `validate`."""

    def __init__(self, page: int, pixels: float) -> None:
        super().__init__(f"page {page + 1} would be rasterised at {pixels / 1e6:.0f} Mpx")
        self.page = page
        self.pixels = pixels


@hookimpl
def validate(pdfinfo: Any, options: Any) -> None:
    """OCRmyPDF hook, before any page is drawn: refuse a page it would rasterise beyond the
    budget. The resolution is OCRmyPDF's own rule: the finest image on the page, and at least
    OCR_VECTOR_DPI for vector content, text, or a page without any image."""
    del options  # required by the hook's signature
    for page in pdfinfo:
        dpi = max(float(page.dpi.x) or OCR_VECTOR_DPI, float(page.dpi.y) or OCR_VECTOR_DPI,
                  OCR_VECTOR_DPI if page.has_vector or page.has_text else 0)
        pixels = float(page.width_inches) * float(page.height_inches) * dpi * dpi
        if pixels > MAX_PAGE_PIXELS:
            raise PageTooLargeError(page.pageno, pixels)


@hookimpl(tryfirst=True)
def get_ocr_engine(options: Any) -> OcrEngine | None:
    """This engine when the run carries a recognition folder; Tesseract's otherwise."""
    if options is None or RECOGNITION_OPTION not in options.extra_attrs:
        return None
    return RecognisedEngine()


class RecognisedEngine(OcrEngine):
    @staticmethod
    def version() -> str:
        return ocr_available().tesseract_version or "unknown"

    @staticmethod
    def creator_tag(options: Any) -> str:
        return f"Tesseract {RecognisedEngine.version()}"

    def __str__(self) -> str:
        return "Tesseract (recognition handed over)"

    @staticmethod
    def languages(options: Any) -> Set[str]:
        return set(LANGUAGES)

    @staticmethod
    def get_orientation(input_file: Path, options: Any) -> OrientationConfidence:
        page = _page_number(input_file)
        turned = _plan(options)["orientation"].get(str(page)) if page is not None else None
        return OrientationConfidence(angle=turned or 0, confidence=_SURE if turned else 0.0)

    @staticmethod
    def get_deskew(input_file: Path, options: Any) -> float:
        page = _page_number(input_file)
        skew = _plan(options)["skew"].get(str(page)) if page is not None else None
        return float(skew or 0.0)

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    @staticmethod
    def generate_ocr(input_file: Path, options: Any, page_number: int = 0) -> tuple[Any, str]:
        hocr, text = _recognition(options, page_number)
        fitted = input_file.with_name(f"{input_file.stem}.recognised.hocr")
        fitted.write_text(fit_hocr(hocr, input_file), "utf-8")
        return HocrParser(fitted).parse(), text

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path,
                      options: Any) -> None:
        page = _page_number(input_file)
        hocr, text = _recognition(options, page if page is not None else 0)
        output_hocr.write_text(fit_hocr(hocr, input_file), "utf-8")
        output_text.write_text(text, "utf-8")

    @staticmethod
    def generate_pdf(input_file: Path, output_pdf: Path, output_text: Path,
                     options: Any) -> None:
        raise NotImplementedError("the recognition is handed over as hOCR")


def _folder(options: Any) -> Path:
    return Path(options.extra_attrs[RECOGNITION_OPTION])


def _plan(options: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((_folder(options) / RECOGNITION_FILE).read_text("utf-8"))
    return loaded


def _recognition(options: Any, page: int) -> tuple[str, str]:
    folder = _folder(options)
    return ((folder / f"{page:04d}.hocr").read_text("utf-8"),
            (folder / f"{page:04d}.txt").read_text("utf-8"))


def _page_number(image: Path) -> int | None:
    found = _PAGE_PREFIX.match(image.name)
    return int(found.group(1)) - 1 if found else None


def fit_hocr(hocr: str, image: Path) -> str:
    """The hOCR with its boxes and lengths scaled to `image` (its size and DPI)."""
    with Image.open(image) as opened:
        width, height = opened.size
        dpi = opened.info.get("dpi")
    page = re.search(r"bbox 0 0 (\d+) (\d+)", hocr)
    if page is None:
        return hocr
    across, down = width / int(page.group(1)), height / int(page.group(2))

    def box(found: re.Match[str]) -> str:
        left, top, right, bottom = (int(value) for value in found.groups())
        return (f"bbox {round(left * across)} {round(top * down)} {round(right * across)} "
                f"{round(bottom * down)}")

    fitted = re.sub(r"bbox (\d+) (\d+) (\d+) (\d+)", box, hocr)
    fitted = re.sub(rf"({'|'.join(_LENGTHS)}) ([\d.]+)",
                    lambda found: f"{found.group(1)} {float(found.group(2)) * down:.2f}", fitted)
    fitted = re.sub(r"baseline ([-\d.]+) ([-\d]+)",
                    lambda found: f"baseline {found.group(1)} {round(int(found.group(2)) * down)}",
                    fitted)
    if dpi:
        fitted = re.sub(r"scan_res \d+ \d+", f"scan_res {round(dpi[0])} {round(dpi[1])}", fitted)
    return fitted

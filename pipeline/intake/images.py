"""Clean up photos and scanned page images for OCR (Pillow), and the OCRmyPDF plugin doing it.

Tesseract reads dark text on an evenly lit page best. A phone photo is unevenly lit, grey rather
than white and carries no page DPI; a scan made with a phone app has the same shadows. So:

- an image file (photo, PNG or TIFF scan) becomes archive pages that are upright (EXIF), grey,
  flattened (divided by their own blurred background) and stretched to full contrast, with a
  DPI that gives them the size of a real page;
- every page image Tesseract sees is flattened as well: this module is an OCRmyPDF plugin
  (`filter_ocr_image`). Only OCR sees that image: a scanned PDF's archive copy keeps its
  pages as they were.

Every page raster is held to MAX_PAGE_PIXELS: an image file larger is refused, the QR search
draws a larger page smaller, and the plugin's `validate` hook refuses a PDF whose page OCRmyPDF
would rasterise beyond it (a vector page is drawn at 400 dpi: a 30-inch page is 144 megapixels).

Measured on the sample letters, neither upscaling to 300 dpi nor sharpening helped Tesseract
(both added stray characters), so pages keep their own size.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.exceptions import InputFileError
from PIL import Image, ImageFilter, ImageMath, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.errors import UnreadableLetterError

MAX_IMAGE_PAGES = 30
# The most pixels any one page may be drawn or decoded with: A3 at 550 dpi, a 48-megapixel
# photo. In colour that is under 200 MB, so a worker's memory ceiling holds a page with room.
MAX_PAGE_PIXELS = 64_000_000
# The resolution OCRmyPDF draws a page with vector content or visible text at.
OCR_VECTOR_DPI = 400
A4_LONG_SIDE_INCHES = 11.69
# A file's own DPI is believed when it makes the page's long side this long (A5 to F4/folio,
# with margin); a photo's DPI (often 72) describes the camera, not the page.
CREDIBLE_LONG_SIDE_INCHES = (7.5, 15.0)
# A long side above this (a 12-megapixel photo) is scaled down to it: A4 at 300 dpi is
# all Tesseract needs, and more pixels only cost time.
MAX_LONG_SIDE_PIXELS = 3508
# Background estimate: shrink, erase the dark thin text with a max filter, blur, grow back.
_BACKGROUND_SHRINK = 8
_BACKGROUND_MAX_FILTER = 5
_BACKGROUND_BLUR = 2.0
# Clip this share (in %) of the darkest pixels when stretching the contrast: stray specks.
_DARK_CUTOFF = 0.5


def open_pages(path: Path) -> list[Image.Image]:
    """Every frame of an image file (a TIFF may hold many), upright, loaded in memory."""
    try:
        with Image.open(path) as image:
            return [_upright(frame) for frame in _frames(image)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableLetterError(
            "gambar ini tidak dapat dibuka (rusak atau bukan JPG, PNG atau TIFF)",
            "Foto atau pindai ulang surat, simpan sebagai JPG, PNG atau PDF, lalu taruh lagi.",
        ) from exc


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    for number, frame in enumerate(ImageSequence.Iterator(image)):
        if number >= MAX_IMAGE_PAGES:
            raise UnreadableLetterError(
                f"gambar ini berisi lebih dari {MAX_IMAGE_PAGES} halaman",
                "Pisahkan surat permohonan dari lampiran yang tebal, lalu taruh lagi.",
            )
        # The size comes from the header: checked before the pixels are decoded.
        if frame.width * frame.height > MAX_PAGE_PIXELS:
            raise too_many_pixels(frame.width * frame.height, number)
        yield frame


def too_many_pixels(pixels: float, page: int) -> UnreadableLetterError:
    """The note for a page that would take more than MAX_PAGE_PIXELS to draw or decode."""
    return UnreadableLetterError(
        f"halaman {page + 1} terlalu besar untuk dibaca ({pixels / 1e6:.0f} megapiksel, "
        f"batas {MAX_PAGE_PIXELS / 1e6:.0f} megapiksel)",
        "Pindai ulang surat pada ukuran kertas biasa (A4 atau F4) dengan resolusi 200-300 dpi, "
        "lalu taruh lagi di folder inbox.",
    )


def raster_scale(width_points: float, height_points: float, dpi: float) -> float:
    """Pixels per point to draw a page at `dpi`, lowered so it stays within MAX_PAGE_PIXELS."""
    wanted = dpi / 72
    budget = math.sqrt(MAX_PAGE_PIXELS / max(width_points * height_points, 1.0))
    return min(wanted, budget)


def _upright(frame: Image.Image) -> Image.Image:
    upright = ImageOps.exif_transpose(frame)  # a copy, loaded: the file may now close
    upright.info["dpi"] = frame.info.get("dpi")
    return upright


def archive_page(image: Image.Image) -> tuple[Image.Image, int]:
    """A photographed or scanned page made grey, evenly lit and full contrast, and its DPI."""
    dpi = page_dpi(image)
    page = image.convert("L")
    if max(page.size) > MAX_LONG_SIDE_PIXELS:
        scale = MAX_LONG_SIDE_PIXELS / max(page.size)
        dpi = round(dpi * scale)
        page = page.resize((round(page.width * scale), round(page.height * scale)),
                           Image.Resampling.LANCZOS)
    return ImageOps.autocontrast(flatten_background(page), cutoff=(_DARK_CUTOFF, 0.0)), dpi


def page_dpi(image: Image.Image) -> int:
    """The file's DPI when it gives a page of a real size, else the DPI of an A4 page."""
    long_side = max(image.size)
    claimed = image.info.get("dpi")
    if claimed and claimed[0]:
        inches = long_side / float(claimed[0])
        if CREDIBLE_LONG_SIDE_INCHES[0] <= inches <= CREDIBLE_LONG_SIDE_INCHES[1]:
            return round(float(claimed[0]))
    return max(72, round(long_side / A4_LONG_SIDE_INCHES))


def ocr_image(image: Image.Image) -> Image.Image:
    """The image Tesseract reads: grey and evenly lit, at its own size and DPI."""
    page = flatten_background(image.convert("L"))
    page.info["dpi"] = image.info["dpi"]  # OCRmyPDF places the words by it
    return page


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


@hookimpl
def filter_ocr_image(page: Any, image: Image.Image) -> Image.Image:
    """OCRmyPDF hook: condition every page image before Tesseract reads it."""
    del page  # required by the hook's signature
    return ocr_image(image)


def flatten_background(grey: Image.Image) -> Image.Image:
    """Divide by the page's own background so shadows and light gradients become white."""
    small = grey.reduce(_BACKGROUND_SHRINK) if min(grey.size) > 64 * _BACKGROUND_SHRINK else grey
    background = small.filter(ImageFilter.MaxFilter(_BACKGROUND_MAX_FILTER))
    background = background.filter(ImageFilter.GaussianBlur(_BACKGROUND_BLUR))
    background = background.resize(grey.size, Image.Resampling.BILINEAR)
    flat = ImageMath.lambda_eval(
        lambda a: a["min"](a["float"](a["page"]) * 255.0 / (a["background"] + 1.0), 255.0),
        page=grey,
        background=background,
    )
    assert isinstance(flat, Image.Image)  # lambda_eval is typed to return Any
    return flat.convert("L")

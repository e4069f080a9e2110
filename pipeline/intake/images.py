"""Clean up phone photos and scanned pages for OCR (Pillow), and the OCRmyPDF plugin doing it.

Tesseract reads dark text on an even white page at about 300 dpi best. A phone photo is
unevenly lit, grey rather than white and carries no DPI; a scan is often 200 dpi and a little
grey. So:

- a photo becomes an archive page that is upright (EXIF), grey, flattened (divided by its own
  blurred background) and stretched to full contrast, with the DPI of an A4 page;
- every page image Tesseract sees (this module is an OCRmyPDF plugin: `filter_ocr_image`) is
  flattened and stretched as well, scaled to 300 dpi and lightly sharpened. Only OCR sees
  this image: the archive copy keeps the page as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from PIL import Image, ImageFilter, ImageMath, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.errors import UnreadableLetterError

OCR_DPI = 300
A4_LONG_SIDE_INCHES = 11.69
# Beyond these factors scaling adds time, not legibility.
MAX_UPSCALE = 2.5
MIN_SCALE = 0.5
# Background estimate: shrink, erase the dark thin text with a max filter, blur, grow back.
_BACKGROUND_SHRINK = 8
_BACKGROUND_MAX_FILTER = 5
_BACKGROUND_BLUR = 2.0
# Clip this share of the darkest pixels when stretching the contrast (ink noise).
_DARK_CUTOFF = 0.5
MAX_IMAGE_PAGES = 30


def open_pages(path: Path) -> list[Image.Image]:
    """Every frame of an image file (a TIFF may hold many), upright, loaded in memory."""
    try:
        with Image.open(path) as image:
            return [ImageOps.exif_transpose(frame.copy()) for frame in _frames(image)]
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
        yield frame


def photo_page(image: Image.Image) -> tuple[Image.Image, int]:
    """A photographed page made grey, evenly lit and full contrast, and the DPI that gives it
    the size of an A4 page (a photo's own DPI, if any, describes the camera, not the page)."""
    page = _even_grey(image)
    dpi = max(72, round(max(page.size) / A4_LONG_SIDE_INCHES))
    return page, dpi


def ocr_image(image: Image.Image) -> Image.Image:
    """The image Tesseract reads: even grey, full contrast, at OCR_DPI, lightly sharpened."""
    dpi = _dpi_of(image)
    page = _even_grey(image)
    scale = min(MAX_UPSCALE, max(MIN_SCALE, OCR_DPI / dpi))
    if abs(scale - 1.0) > 0.05:
        size = (round(page.width * scale), round(page.height * scale))
        page = page.resize(size, Image.Resampling.LANCZOS)
    page = page.filter(ImageFilter.UnsharpMask(radius=2, percent=60, threshold=2))
    page.info["dpi"] = (dpi * scale, dpi * scale)  # keeps the text layer where the words are
    return page


@hookimpl
def filter_ocr_image(page: Any, image: Image.Image) -> Image.Image:
    """OCRmyPDF hook: condition every page image before Tesseract reads it."""
    del page  # required by the hook's signature
    return ocr_image(image)


def _dpi_of(image: Image.Image) -> float:
    dpi = image.info.get("dpi", (OCR_DPI, OCR_DPI))
    return float(dpi[0]) if dpi and dpi[0] else float(OCR_DPI)


def _even_grey(image: Image.Image) -> Image.Image:
    grey = image.convert("L")
    return ImageOps.autocontrast(flatten_background(grey), cutoff=(_DARK_CUTOFF, 0.0))


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
    assert isinstance(flat, Image.Image)  # lambda_eval's result type is Any
    return flat.convert("L")

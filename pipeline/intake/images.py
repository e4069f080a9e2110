"""Clean up photos and scanned page images for OCR (Pillow), and the OCRmyPDF plugin doing it.

Tesseract reads dark text on an evenly lit page best. A phone photo is unevenly lit, grey rather
than white and carries no page DPI; a scan made with a phone app has the same shadows. So:

- an image file (photo, PNG or TIFF scan) becomes archive pages that are upright (EXIF), grey,
  flattened (divided by their own blurred background) and stretched to full contrast, with a
  DPI that gives them the size of a real page;
- every page image Tesseract sees is flattened as well (`ocr_image`). Only OCR sees that
  image: a scanned PDF's archive copy keeps its pages as they were.

Every page raster is held to MAX_PAGE_PIXELS: an image file larger is refused, the QR search
and OCR draw a larger page smaller (`raster_scale`), and a page OCRmyPDF would draw beyond it
for the archive copy is refused (`ocr`, and the `recognised` plugin's `validate` hook).

Measured on the sample letters, neither upscaling to 300 dpi nor sharpening helped Tesseract
(both added stray characters), so pages keep their own size.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from PIL import (
    Image,
    ImageFilter,
    ImageMath,
    ImageOps,
    ImageSequence,
    ImageStat,
    UnidentifiedImageError,
)

from pipeline.errors import UnreadableLetterError

MAX_IMAGE_PAGES = 30
# The most pixels any one page may be drawn or decoded with: A3 at 550 dpi, a 48-megapixel
# photo. In colour that is under 200 MB, so a worker's memory ceiling holds a page with room.
MAX_PAGE_PIXELS = 64_000_000
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
    page.info["dpi"] = image.info["dpi"]  # Tesseract sizes its words by it
    return page


# Skew: a feeder or a hand holding a phone turns a page a few degrees; more than this is a page
# lying turned (OSD's business), not skewed.
MAX_SKEW_DEGREES = 6.0
_SKEW_COARSE_STEP = 1.0
_SKEW_FINE_STEP = 0.2
# Coarse steps on the page drawn at 30 dpi, fine ones at 50: lines of 10-point text stay
# several pixels tall, and their gaps show.
_SKEW_COARSE_DPI = 30
_SKEW_FINE_DPI = 50
_INK_THRESHOLD = 128


def skew_degrees(grey: Image.Image) -> float:
    """The angle (counter-clockwise, as `Image.rotate` takes it) that levels the page's lines:
    the rotation under which the ink's row profile is sharpest (text rows and the gaps between
    them). Coarse steps, then fine ones around the best. `grey` carries its DPI."""
    dpi = float(grey.info["dpi"][0])
    coarse_ink, fine_ink = _ink(grey, dpi / _SKEW_COARSE_DPI), _ink(grey, dpi / _SKEW_FINE_DPI)
    steps = round(MAX_SKEW_DEGREES / _SKEW_COARSE_STEP)
    coarse = max((step * _SKEW_COARSE_STEP for step in range(-steps, steps + 1)),
                 key=lambda angle: _row_sharpness(coarse_ink, angle))
    fine = round(_SKEW_COARSE_STEP / _SKEW_FINE_STEP)
    return max((coarse + step * _SKEW_FINE_STEP for step in range(-fine, fine + 1)),
               key=lambda angle: _row_sharpness(fine_ink, angle))


def _ink(grey: Image.Image, shrink: float) -> Image.Image:
    """The page made smaller, ink as white on black (so corners a rotation fills add none)."""
    factor = max(1, int(shrink))
    small = grey.reduce(factor) if factor > 1 else grey
    return small.point(lambda value: 255 if value < _INK_THRESHOLD else 0)


def _row_sharpness(ink: Image.Image, angle: float) -> float:
    rows = ink.rotate(angle, resample=Image.Resampling.BILINEAR).resize(
        (1, ink.height), Image.Resampling.BOX)
    return float(ImageStat.Stat(rows).var[0])


def deskewed(page: Image.Image, degrees: float) -> Image.Image:
    """The page turned by `degrees` about its centre, corners filled white: what OCRmyPDF does
    to a page it deskews, so that word boxes found on either image agree. Bicubic, as OCRmyPDF:
    bilinear is twice as fast but lost words on a poor 150 dpi scan (test_paper_loop)."""
    turned = page.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    turned.info["dpi"] = page.info["dpi"]
    return turned


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

"""Find the QR codes on scanned pages, and split a batch scan into its documents.

Every page the office prints carries its stamp as a QR in the bottom-left corner (see
pipeline.documents.qr); a signed sheet scanned back into the inbox is recognised by it. Per
page, cheapest first, stopping at the first pass that finds one of our codes:

1. the four corners of the image as they are: bottom-left first, where our QR lives; then the
   others, where it ends up when a sheet is fed upside down or sideways (landscape pages
   usually are). A corner is a tenth of the page, so this is several times faster than
   reading the whole page;
2. the corners sharpened (a blurred scan), then smoothed and sharpened again (a noisy one):
   on a degraded scan these find codes the plain image hides;
3. the whole page (a photo framed loosely).

A page without any QR (most new letters) goes through every pass; bench/qr.py measures it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageFilter

from pipeline.documents.qr import (
    SEPARATOR_PAYLOAD,
    DocumentStamp,
    VerificationLink,
    looks_like_ours,
    parse_payload,
    parse_verification_link,
)
from pipeline.errors import UnreadableLetterError
from pipeline.intake.formats import PDF_MAGIC
from pipeline.intake.images import MAX_PAGE_PIXELS, open_pages, raster_scale

T = TypeVar("T")

# A corner searched, as a share of the image's width and height: our QR lies within 3 cm of
# two edges of the sheet, and 30 % of either side of A4 is over 6 cm, room enough for a
# crooked or shifted sheet in any orientation.
CORNER_SHARE = 0.3
# (right, bottom) of each corner, in the order tried: where the QR is on a sheet scanned
# upright, upside down, then turned one way or the other.
_CORNERS = ((False, True), (True, False), (True, True), (False, False))
MAX_PAGES = 30
_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(frozen=True)
class PageCodes:
    page: int  # 0-based
    texts: tuple[str, ...]


class Mark(enum.Enum):
    """What a code on a scanned page may be besides a document stamp."""

    SEPARATOR = "separator"


def parse_scan(text: str) -> DocumentStamp | VerificationLink | Mark | None:
    """A page's QR text as the intake sees it: our document (its verification page's address,
    or the whole stamp on documents printed before that page), the separator sheet, or
    nothing."""
    if text.strip() == SEPARATOR_PAYLOAD:
        return Mark.SEPARATOR
    return parse_payload(text) or parse_verification_link(text)


def find_codes(path: Path, *, dpi: int = 200, max_pages: int = MAX_PAGES) -> list[PageCodes]:
    """The QR texts on every page of a PDF or an image file (JPG, PNG, multi-page TIFF)."""
    pages = _pages(path, dpi, max_pages)
    return [PageCodes(number, read_page(page)) for number, page in enumerate(pages)]


def read_page(page: Image.Image) -> tuple[str, ...]:
    """The QR texts on one page image, ours first found by the cheapest pass that can."""
    grey = page.convert("L")
    found: dict[str, None] = {}  # ordered set
    for image in _passes(grey):
        found.update(dict.fromkeys(_decode(image)))
        if any(map(looks_like_ours, found)):
            break
    return tuple(found)


def _passes(grey: Image.Image) -> Iterator[Image.Image]:
    corners = [_corner(grey, right, bottom) for right, bottom in _CORNERS]
    for treat in (_as_scanned, _sharpened, _denoised):
        for corner in corners:
            yield treat(corner)
    yield grey


def _corner(grey: Image.Image, right: bool, bottom: bool) -> Image.Image:
    width, height = grey.size
    corner_width, corner_height = round(width * CORNER_SHARE), round(height * CORNER_SHARE)
    left = width - corner_width if right else 0
    top = height - corner_height if bottom else 0
    return grey.crop((left, top, left + corner_width, top + corner_height))


def _as_scanned(image: Image.Image) -> Image.Image:
    return image


def _sharpened(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.UnsharpMask(radius=3, percent=250, threshold=0))


def _denoised(image: Image.Image) -> Image.Image:
    """Sensor noise smoothed away, then the module edges sharpened back."""
    smooth = image.filter(ImageFilter.GaussianBlur(1))
    return smooth.filter(ImageFilter.UnsharpMask(radius=2, percent=200, threshold=0))


def _decode(image: Image.Image) -> list[str]:
    # QR finder patterns work in any direction, so try_rotate (90° steps, for 1-D codes) would
    # only cost time; our codes are printed dark on light.
    results = zxingcpp.read_barcodes(
        image, formats=_QR_ONLY, try_rotate=False, try_invert=False, try_downscale=True
    )
    return [result.text for result in results if result.valid]


def _pages(path: Path, dpi: int, max_pages: int) -> Iterator[Image.Image]:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC in head:
        return pdf_page_images(path, dpi, max_pages)
    pages = open_pages(path)
    if len(pages) > max_pages:
        raise _too_many(len(pages), max_pages)
    return iter(pages)


# The page images of the PDF searched last, kept (up to one page's pixel budget) for OCR to
# read without drawing the pages again: drawing a 200 dpi scan costs a fifth of reading it.
_drawn: dict[tuple[object, ...], Image.Image] = {}


def _drawn_key(path: Path, number: int, scale: float) -> tuple[object, ...]:
    status = path.stat()
    return (str(path.resolve()), status.st_mtime_ns, status.st_size, number, round(scale, 3))


def drawn_page(path: Path, number: int, scale: float) -> Image.Image | None:
    """The page as the QR search drew it at `scale` (pixels per point), if it was kept."""
    return _drawn.pop(_drawn_key(path, number, scale), None)


def forget_drawn_pages() -> None:
    _drawn.clear()


def pdf_page_images(path: Path, dpi: int, max_pages: int) -> Iterator[Image.Image]:
    """Every page rendered grey at `dpi` (less for a page that would exceed the pixel budget),
    with its form fields (signature fields included); one at a time, so a long batch never
    holds all its page images."""
    forget_drawn_pages()
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise UnreadableLetterError(
            "PDF ini rusak, tidak lengkap atau terkunci sehingga tidak dapat dibaca",
            "Pindai ulang lembar itu, lalu taruh lagi di folder inbox.",
            maybe_incomplete=True,
        ) from exc
    try:
        if len(pdf) > max_pages:
            raise _too_many(len(pdf), max_pages)
        pdf.init_forms()  # before any page is loaded, or form fields are not drawn
        kept = 0
        for number in range(len(pdf)):
            image, scale = _render(pdf[number], dpi)
            kept += image.width * image.height
            if kept <= MAX_PAGE_PIXELS:
                _drawn[_drawn_key(path, number, scale)] = image
            yield image
    finally:
        pdf.close()


def _render(page: pdfium.PdfPage, dpi: int) -> tuple[Image.Image, float]:
    try:
        width, height = page.get_size()
        scale = raster_scale(width, height, dpi)
        bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=True)
        image: Image.Image = bitmap.to_pil().convert("L")
        return image, scale
    finally:
        page.close()


def _too_many(count: int, limit: int) -> UnreadableLetterError:
    return UnreadableLetterError(
        f"berkas ini berisi {count} halaman, lebih dari batas {limit}",
        "Pindai dalam beberapa berkas yang lebih kecil, lalu taruh lagi.",
    )


def split_by_codes(
    pages: list[PageCodes], parse: Callable[[str], T | None]
) -> list[tuple[T | None, list[int]]]:
    """Consecutive pages grouped by the code that starts them.

    A page whose first recognised code (by `parse`) differs from the current group's starts a
    new group; a page with the same code continues it (our QR is on every page of a document);
    a page without one belongs to the group before it (a QR torn off or covered). Pages before
    the first recognised code form a group of their own, with None."""
    groups: list[tuple[T | None, list[int]]] = []
    for page in pages:
        value = next((v for v in map(parse, page.texts) if v is not None), None)
        if not groups or (value is not None and value != groups[-1][0]):
            groups.append((value, []))
        groups[-1][1].append(page.page)
    return groups

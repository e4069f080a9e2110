"""Pictures of a letter for the desk's pages: a page of a PDF, or an image file, as PNG of a
width a screen shows (a phone shows no embedded PDF, and the desk's frame denial forbids one)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from pipeline.intake.formats import IMAGE_SUFFIXES

MAX_PAGES_SHOWN = 10


def page_count(path: Path) -> int:
    """Pages to show (at most MAX_PAGES_SHOWN); 0 when the file is missing or unreadable."""
    if not path.is_file():
        return 0
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return 1
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    try:
        return min(len(document), MAX_PAGES_SHOWN)
    finally:
        document.close()


def page_png(path: Path, index: int, width: int = 1000) -> bytes:
    """Page `index` (from 0) as PNG, `width` pixels wide. Raises IndexError for no such page."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        if index != 0:
            raise IndexError(index)
        with Image.open(path) as image:
            picture = image.convert("RGB")
    else:
        document = pdfium.PdfDocument(path)
        try:
            if not 0 <= index < min(len(document), MAX_PAGES_SHOWN):
                raise IndexError(index)
            page = document[index]
            picture = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
        finally:
            document.close()
    picture.thumbnail((width, width * 2))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False)
    return out.getvalue()

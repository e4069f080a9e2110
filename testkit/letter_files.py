"""Letters written as text, made into the files an inbox receives: a text PDF, a scan, a photo.

A letter is plain text; `\\f` starts a page and a TAB parts the cells of a table row, which are
set in columns (with rules around them when `ruled`), as a word processor lays out a table.
Scans are drawn at 200 dpi and degraded as a flatbed scan; photos are tilted, lit unevenly,
blurred and saved as JPEG, as a phone camera takes them. Everything is seeded.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from scan_images import DPI, FONT, MARGIN, PAGE_PIXELS, add_noise, degrade, uneven_light

CELL = "\t"
_PDF_LEADING = 13
_PDF_MARGIN = 56
_COLUMN_POINTS = (0, 34, 250)  # where a table's cells start, in points from the margin
_LINES_PER_IMAGE_PAGE = 44


def plain_text(letter: str) -> str:
    """The letter as a text layer could give it: cells apart by wide gaps."""
    return "\n".join(
        "     ".join(line.split(CELL)) if CELL in line else line for line in letter.split("\n")
    )


def _pages(letter: str, lines_per_page: int) -> list[list[str]]:
    """Pages as the letter breaks them, long ones continued on a new page."""
    pages: list[list[str]] = []
    for page in letter.split("\f"):
        lines = page.strip("\n").split("\n")
        pages += [lines[at : at + lines_per_page] for at in range(0, len(lines), lines_per_page)]
    return pages


def write_text_pdf(letter: str, path: Path, *, ruled: bool = False) -> Path:
    """A text-layer A4 PDF, one string per line or per table cell."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    lines_per_page = int((A4[1] - 2 * _PDF_MARGIN) // _PDF_LEADING)
    for number, page in enumerate(_pages(letter, lines_per_page)):
        if number:
            pdf.showPage()
        pdf.setFont("Helvetica", 10)
        y = A4[1] - _PDF_MARGIN
        for line in page:
            if CELL in line:
                for x, cell in zip(_COLUMN_POINTS, line.split(CELL), strict=False):
                    pdf.drawString(_PDF_MARGIN + x + 3, y, cell)
                if ruled:
                    _pdf_rules(pdf, y, len(line.split(CELL)))
            else:
                pdf.drawString(_PDF_MARGIN, y, line)
            y -= _PDF_LEADING
    pdf.save()
    return path


def _pdf_rules(pdf: canvas.Canvas, y: float, cells: int) -> None:
    right = _PDF_MARGIN + 470
    top, bottom = y + _PDF_LEADING - 3, y - 3
    pdf.line(_PDF_MARGIN, top, right, top)
    pdf.line(_PDF_MARGIN, bottom, right, bottom)
    for x in [*_COLUMN_POINTS[:cells], 470]:
        pdf.line(_PDF_MARGIN + x, top, _PDF_MARGIN + x, bottom)


# How page images are laid out; the bench's OCR cache is keyed by it. 2: lines wider than the
# paper are wrapped, as a word processor wraps them, instead of running off its edge.
IMAGE_LAYOUT = 2
_RIGHT_EDGE = 30  # pixels kept clear at the paper's right edge


def _wrapped(letter: str, font: ImageFont.FreeTypeFont) -> str:
    """The letter with every line that would run off the paper broken at its last space that
    fits, the rest continuing under it with the same indent (table rows stay as they are)."""
    room = PAGE_PIXELS[0] - MARGIN - _RIGHT_EDGE
    lines: list[str] = []
    for line in letter.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        while CELL not in line and font.getlength(line) > room:
            fitting = [
                at
                for at, char in enumerate(line)
                if char == " " and at > len(indent) and font.getlength(line[:at]) <= room
            ]
            if not fitting:
                break  # one word wider than the paper: it runs off, as it would
            lines.append(line[: fitting[-1]].rstrip())
            line = indent + line[fitting[-1] :].lstrip()
        lines.append(line)
    return "\n".join(lines)


def page_images(letter: str, *, ruled: bool = False) -> list[Image.Image]:
    """Clean 200 dpi pages of the letter, tables in columns, long lines wrapped."""
    size = round(11 / 72 * DPI)
    font = ImageFont.truetype(str(FONT), size)
    step = size * 1.5
    scale = DPI / 72
    images: list[Image.Image] = []
    for page in _pages(_wrapped(letter, font), _LINES_PER_IMAGE_PAGE):
        image = Image.new("L", PAGE_PIXELS, 255)
        draw = ImageDraw.Draw(image)
        for number, line in enumerate(page):
            y = MARGIN + number * step
            if CELL not in line:
                draw.text((MARGIN, y), line, fill=0, font=font)
                continue
            cells = line.split(CELL)
            for x, cell in zip(_COLUMN_POINTS, cells, strict=False):
                draw.text((MARGIN + x * scale * 1.1 + 8, y), cell, fill=0, font=font)
            if ruled:
                right = MARGIN + 470 * scale * 1.1
                top, bottom = y - 6, y + step - 6
                draw.line((MARGIN, top, right, top), fill=0, width=2)
                draw.line((MARGIN, bottom, right, bottom), fill=0, width=2)
                for x in [*_COLUMN_POINTS[: len(cells)], 470]:
                    left = MARGIN + x * scale * 1.1
                    draw.line((left, top, left, bottom), fill=0, width=2)
        image.info["dpi"] = (DPI, DPI)
        images.append(image)
    return images


def scan_pages(letter: str, seed: int, *, ruled: bool = False) -> list[Image.Image]:
    rng = random.Random(seed)
    return [
        degrade(page, seed=seed + number, skew_degrees=rng.uniform(-1.5, 1.5))
        for number, page in enumerate(page_images(letter, ruled=ruled))
    ]


def photo_pages(letter: str, seed: int, *, ruled: bool = False) -> list[Image.Image]:
    """Pages as a phone photographs them: tilted, out of focus, dim in one corner, and taken
    from a little farther (fewer pixels per letter) than a scanner reads."""
    rng = random.Random(seed)
    photos: list[Image.Image] = []
    for number, page in enumerate(page_images(letter, ruled=ruled)):
        tilted = page.rotate(rng.uniform(-3, 3), resample=Image.Resampling.BICUBIC, fillcolor=235)
        smaller = tilted.resize((1240, 1754), Image.Resampling.LANCZOS)
        soft = smaller.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.0)))
        light = uneven_light(soft.size)
        lit = Image.composite(soft, Image.new("L", soft.size, 0), light.point(lambda v: v))
        photo = add_noise(lit, amplitude=30, seed=seed + number)
        photo.info["dpi"] = (150, 150)
        photos.append(photo)
    return photos


def write_scan(path: Path, pages: Sequence[Image.Image]) -> Path:
    first, *rest = pages
    first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest, quality=85)
    return path


def write_photos(path: Path, pages: Sequence[Image.Image]) -> list[Path]:
    """One JPEG per page (`x.jpg`, `x-2.jpg`, ...), as a phone takes them."""
    paths = [path] + [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(2, 30)]
    for target, page in zip(paths, pages, strict=False):
        page.convert("RGB").save(target, "JPEG", quality=80, dpi=(150, 150))
    return paths[: len(pages)]

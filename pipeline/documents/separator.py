"""The separator sheet: printed once, put between letters that are scanned in one go.

Its QR holds SEPARATOR_PAYLOAD; the intake starts a new letter after every page carrying it
(pipeline.intake.qr_reader). Drawn with Pillow and saved as a one-page PDF: no template, no
LibreOffice, nothing for staff to edit by mistake.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.archive.files import atomic_write_bytes
from pipeline.documents.qr import SEPARATOR_PAYLOAD, qr_png

__all__ = ["SEPARATOR_PAYLOAD", "separator_pdf"]

DPI = 200
_A4_MM = (210, 297)
_MARGIN_MM = 20
_QR_MM = 60
_FONTS = ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")
_BODY_FONTS = ("LiberationSans-Regular.ttf", "DejaVuSans.ttf")

TITLE = "LEMBAR PEMISAH"
INSTRUCTIONS = (
    "Taruh lembar ini di antara surat-surat yang dipindai bersama dalam satu kali pindai.",
    "Setiap surat sesudah lembar ini menjadi kasus tersendiri.",
    "Lembar bertanda tangan yang memuat kode QR di pojok kiri bawah dikenali sendiri: "
    "lembar itu tidak perlu dipisah.",
    "Lembar ini boleh dipakai berulang kali. Jangan mencoret atau melipat kode QR-nya.",
)


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(names: tuple[str, ...], size_mm: float) -> Font:
    size = _px(size_mm)
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow's own font, when the system has none


def _wrap(text: str, font: Font, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def separator_page() -> Image.Image:
    """The sheet as a white A4 image at DPI."""
    width, height = _px(_A4_MM[0]), _px(_A4_MM[1])
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    middle = width // 2
    draw.text((middle, _px(35)), TITLE, font=_font(_FONTS, 14), fill=0, anchor="mt")
    draw.line((_px(_MARGIN_MM), _px(58), width - _px(_MARGIN_MM), _px(58)), fill=0,
              width=_px(1.2))
    body = _font(_BODY_FONTS, 5.2)
    top = _px(70)
    for instruction in INSTRUCTIONS:
        for line in _wrap(instruction, body, width - 2 * _px(_MARGIN_MM)):
            draw.text((_px(_MARGIN_MM), top), line, font=body, fill=0)
            top += _px(8)
        top += _px(4)
    qr = Image.open(io.BytesIO(qr_png(SEPARATOR_PAYLOAD, _QR_MM))).convert("L")
    qr = qr.resize((_px(_QR_MM), _px(_QR_MM)), Image.Resampling.NEAREST)
    page.paste(qr, (middle - qr.width // 2, height - _px(_MARGIN_MM + 35) - qr.height))
    return page


def separator_pdf(target: Path) -> None:
    """Write the separator sheet to `target` as a one-page A4 PDF, atomically."""
    buffer = io.BytesIO()
    separator_page().save(buffer, "PDF", resolution=DPI, title=TITLE)
    atomic_write_bytes(target, buffer.getvalue())

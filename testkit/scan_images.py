"""Scans, photos and odd PDFs made in code for the OCR tests.

A letter's lines are drawn with a TrueType font (DejaVu Sans, from fonts-dejavu-core) onto an
A4 page at 200 dpi; `degrade` then makes it look scanned badly: skewed, blurred, noisy and
unevenly lit. Everything is seeded, so a test sees the same pixels every run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200
PAGE_PIXELS = (1654, 2339)  # A4 at 200 dpi
MARGIN = 150

LETTER_LINES = (
    "PEMERINTAH KOTA BONTANG",
    "DINAS PERHUBUNGAN",
    "Jl. Awang Long No. 5, Bontang 75311",
    "",
    "Nomor : 551/287/DISHUB/2026",
    "Lampiran : -",
    "Perihal : Permohonan Kunjungan Kerja",
    "",
    "Bontang, 9 Oktober 2026",
    "",
    "Kepada Yth.",
    "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
    "Kota Tarakan",
    "di Tempat",
    "",
    "Dengan hormat,",
    "Dalam rangka studi banding pengelolaan lalu lintas kota, kami bermaksud",
    "berkunjung ke Tarakan Command Center pada:",
    "Hari/Tanggal : Kamis, 22 Oktober 2026",
    "Waktu : 10.00 WITA s.d. selesai",
    "Jumlah Peserta : 8 orang",
    "Narahubung: Bapak Hendra Gunawan (0812-3456-7788).",
    "Demikian permohonan ini kami sampaikan. Atas perhatiannya kami ucapkan terima kasih.",
    "",
    "Kepala Dinas,",
    "",
    "Ir. Sutrisno Wibowo, M.T.",
)
PARTICIPANT_LINES = (
    "Lampiran Surat Nomor 551/287/DISHUB/2026",
    "Daftar Peserta Kunjungan",
    "",
    "1. Ir. Sutrisno Wibowo, M.T.",
    "2. Hendra Gunawan, S.T.",
    "3. Rina Marlina, S.Kom.",
    "4. Yusuf Hamdani",
)


def letter_page(lines: Sequence[str], font_points: float = 11.0) -> Image.Image:
    """A clean white A4 page at 200 dpi with `lines` drawn in black, 1.5 lines apart."""
    page = Image.new("L", PAGE_PIXELS, 255)
    draw = ImageDraw.Draw(page)
    size = round(font_points / 72 * DPI)
    font = ImageFont.truetype(str(FONT), size)
    for number, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + number * size * 1.5), line, fill=0, font=font)
    page.info["dpi"] = (DPI, DPI)
    return page


def degrade(page: Image.Image, seed: int = 7, skew_degrees: float = 2.5) -> Image.Image:
    """The page as a poor scan: skewed, slightly blurred, noisy, darker towards one corner."""
    skewed = page.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    blurred = skewed.filter(ImageFilter.GaussianBlur(1.0))
    lit = ImageChops.multiply(blurred, uneven_light(page.size))
    noisy = add_noise(lit, amplitude=40, seed=seed)
    noisy.info["dpi"] = (DPI, DPI)
    return noisy


def uneven_light(size: tuple[int, int]) -> Image.Image:
    """Light falling off from 255 at the top left to about 150 at the bottom right."""
    down = Image.linear_gradient("L").resize(size)
    across = Image.linear_gradient("L").transpose(Image.Transpose.TRANSPOSE).resize(size)
    return ImageChops.add(down, across, scale=2.0).point(lambda value: 255 - value * 105 // 255)


def add_noise(image: Image.Image, amplitude: int, seed: int) -> Image.Image:
    """Add seeded uniform noise of +-amplitude/2 to every pixel."""
    rng = random.Random(seed)
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    noise = noise.point(lambda value: value * amplitude // 255)
    return ImageChops.add(image, noise, scale=1.0, offset=-(amplitude // 2))


def write_scan_pdf(path: Path, pages: Sequence[Image.Image]) -> Path:
    """An image-only PDF (JPEG pages at 200 dpi), as a scanner makes."""
    first, *rest = pages
    first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest, quality=85)
    return path


def write_tiff(path: Path, pages: Sequence[Image.Image]) -> Path:
    """A multi-page TIFF at 200 dpi, as a fax or document scanner makes."""
    first, *rest = pages
    first.save(path, "TIFF", save_all=True, append_images=rest, dpi=(DPI, DPI),
               compression="tiff_deflate")
    return path


def write_garbage_text_pdf(path: Path, seed: int = 3, under: Image.Image | None = None) -> Path:
    """A PDF whose text layer is random symbols, as a broken font encoding gives. With `under`
    the symbols are invisible over that page image (a bad OCR layer): OCR has a letter to read."""
    rng = random.Random(seed)
    symbols = "!#$%&*+<>?@^~{}|=;:[]\\/0123456789"
    canvas = Canvas(str(path), pagesize=A4)
    if under is not None:
        image = path.with_suffix(".png")
        under.save(image, dpi=(DPI, DPI))
        canvas.drawImage(str(image), 0, 0, width=A4[0], height=A4[1])
    layer = canvas.beginText(56, A4[1] - 60)
    layer.setFont("Helvetica", 10)
    layer.setTextRenderMode(3 if under is not None else 0)  # 3: invisible
    for _ in range(40):
        layer.textLine("".join(rng.choice(symbols + " ") for _ in range(rng.randint(20, 70))))
    canvas.drawText(layer)
    canvas.save()
    return path


def write_signed_pdf(path: Path, *, sig_flags: int = 3, signed: bool = True) -> Path:
    """A one-page PDF with a signature field; `signed` gives the field a signature value
    (/V), as a real signing tool does (the signature bytes themselves are dummies)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=A4[0], height=A4[1])
    field = DictionaryObject({
        NameObject("/FT"): NameObject("/Sig"),
        NameObject("/T"): TextStringObject("Tanda tangan"),
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
    })
    if signed:
        field[NameObject("/V")] = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
            NameObject("/ByteRange"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/Contents"): ByteStringObject(b"\x00" * 64),
        }))
    field_reference = writer._add_object(field)
    page[NameObject("/Annots")] = ArrayObject([field_reference])
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({
        NameObject("/Fields"): ArrayObject([field_reference]),
        NameObject("/SigFlags"): NumberObject(sig_flags),
    }))
    with path.open("wb") as handle:
        writer.write(handle)
    return path

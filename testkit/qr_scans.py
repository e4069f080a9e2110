"""Make clean page images look like pages that were printed, signed and scanned.

A scanner at an office: the sheet lies 1–3° askew, the optics blur a little, the sensor adds
noise, paper is not quite white and ink not quite black, the file is a JPEG. An official signs
over the signature block with a thick pen. Everything is seeded, so a failing variant can be
looked at again.
"""

from __future__ import annotations

import io
import math
import random
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from doc_fixtures import ISSUED_AT, TEMPLATES
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from pipeline.case import Case
from pipeline.config import Config
from pipeline.documents.context import build_context
from pipeline.documents.kinds import DOCUMENT_KINDS
from pipeline.documents.qr import (
    DocumentStamp,
    document_qr_png,
    payload,
    qr_png,
    verification_qr_text,
)
from pipeline.documents.render import render_document

# Fractions of the page (left, top, right, bottom).
Box = tuple[float, float, float, float]
# Where the portrait letters put their signature block, and where every page has its QR.
SIGNATURE_AREA: Box = (0.5, 0.62, 0.95, 0.85)
QR_AREA: Box = (0.0, 0.86, 0.4, 1.0)


# The QR's own corner of a portrait page (3 mm from the left, 5 mm from the bottom, 21.5 mm
# wide), as fractions of its width and height, and no more.
QR_CORNER: Box = (0.0, 0.90, 0.13, 1.0)


def printed_qr_text(stamp: DocumentStamp, config: Config, *, old: bool = False) -> str:
    """The QR text the engine prints for `stamp`: the verification page's address, or (`old`)
    the whole stamp, as documents printed before that page carry it."""
    return payload(stamp) if old else verification_qr_text(config.web.public_url, stamp.code)


def render_stamped(stamp: DocumentStamp, case: Case, config: Config, folder: Path, *,
                   old: bool = False) -> Path:
    """The document `stamp` names, rendered as the engine does: code in the footer, QR in the
    page corner (`old`: the QR of a document printed before the verification page)."""
    kind = DOCUMENT_KINDS[stamp.kind]
    context = build_context(stamp.kind, case, config, ISSUED_AT, kode_verifikasi=stamp.code)
    target = folder / f"{kind.file_stem}.docx"
    picture = (qr_png(payload(stamp)) if old
               else document_qr_png(config.web.public_url, stamp.code))
    render_document(TEMPLATES / kind.template, context, target, qr_png=picture)
    return target


def docx_to_pdf(sources: Sequence[Path], folder: Path) -> list[Path]:
    """The documents as LibreOffice prints them (one soffice run for all: it starts slowly)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice (LibreOffice) is not installed")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources)],
        check=True, capture_output=True, timeout=300,
    )
    return [folder / f"{source.stem}.pdf" for source in sources]


def rasterise_pdf(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of `pdf` as a grey image at `dpi`, as a scanner would sample the paper."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            image.info["dpi"] = (dpi, dpi)
            pages.append(image)
        return pages
    finally:
        document.close()


def _pixel_box(image: Image.Image, box: Box) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    return (round(left * image.width), round(top * image.height),
            round(right * image.width), round(bottom * image.height))


def _bezier(points: Sequence[tuple[float, float]], steps: int = 24) -> list[tuple[float, float]]:
    """A cubic Bézier through four control points, as a polyline."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    curve = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        curve.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return curve


def scribble(image: Image.Image, box: Box, rng: random.Random, dpi: int) -> Image.Image:
    """A handwritten-looking signature: a few thick random curves inside `box`."""
    signed = image.copy()
    draw = ImageDraw.Draw(signed)
    left, top, right, bottom = _pixel_box(image, box)
    pen = max(2, round(dpi / 60))  # a 0.4 mm felt pen
    for _ in range(rng.randint(3, 6)):
        points = [(rng.uniform(left, right), rng.uniform(top, bottom)) for _ in range(4)]
        draw.line(_bezier(points), fill=rng.randint(10, 60), width=pen, joint="curve")
    return signed


def cover(image: Image.Image, box: Box) -> Image.Image:
    """The area painted white: a QR torn off, folded under or taped over."""
    covered = image.copy()
    ImageDraw.Draw(covered).rectangle(_pixel_box(image, box), fill=255)
    return covered


@dataclass(frozen=True)
class Scanner:
    """How bad a scan gets; each scan draws its values from these ranges."""

    blur: tuple[float, float] = (0.5, 1.0)  # Gaussian radius in pixels at 150 dpi
    noise: tuple[float, float] = (8.0, 14.0)  # sigma, of 255
    quality: int = 70  # JPEG
    ink: int = 35  # darkest grey the scan shows
    paper: int = 228  # brightest


OFFICE_SCANNER = Scanner()
# Blurry, noisy, low contrast, heavily compressed: a worn scanner or a fax-like setting.
POOR_SCANNER = Scanner(blur=(1.0, 1.5), noise=(12.0, 16.0), quality=40, ink=70, paper=215)


def degrade(image: Image.Image, dpi: int, seed: int, *, signature: Box | None = SIGNATURE_AREA,
            scanner: Scanner = OFFICE_SCANNER) -> Image.Image:
    """`image` (a clean page at `dpi`) as a scan: signed, askew, blurred, grey, noisy, JPEG."""
    rng = random.Random(seed)
    page = image.convert("L")
    if signature is not None:
        page = scribble(page, signature, rng, dpi)
    ink, paper = scanner.ink, scanner.paper
    page = page.point(lambda value: ink + value * (paper - ink) // 255)
    angle = rng.choice((-1, 1)) * rng.uniform(1.0, 3.0)
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=paper)
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(*scanner.blur) * dpi / 150))
    page = ImageChops.add(page, _noise(page.size, rng.uniform(*scanner.noise), rng),
                          scale=1.0, offset=-128)
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=scanner.quality, dpi=(dpi, dpi))
    scanned = Image.open(io.BytesIO(buffer.getvalue()))
    scanned.load()
    return scanned


def _noise(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Sensor noise around 128 with this standard deviation, the same for the same `rng`
    (Pillow's effect_noise draws from the C library's generator, which no seed reaches)."""
    uniform = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    half_width = sigma * 3**0.5  # a uniform spread of ±w has the deviation w / sqrt(3)
    return uniform.point(lambda value: round(128 + (value - 127.5) * half_width / 127.5))


def save_jpg(image: Image.Image, target: Path, dpi: int) -> Path:
    image.save(target, "JPEG", quality=85, dpi=(dpi, dpi))
    return target


def save_pdf(images: Sequence[Image.Image], target: Path, dpi: int) -> Path:
    """The pages as a PDF of images, as a scanner's "scan to PDF" writes it."""
    first, *rest = [page.convert("L") for page in images]
    first.save(target, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=85)
    return target


def rotate_quarter(image: Image.Image, turns: int) -> Image.Image:
    """The page fed sideways or upside down (`turns` × 90° counter-clockwise)."""
    return image.rotate(90 * turns, expand=True) if turns % 4 else image


def shade(image: Image.Image, strength: float = 0.35) -> Image.Image:
    """A phone photo's uneven light: darker towards one corner."""
    width, height = image.size
    gradient = Image.linear_gradient("L").resize((width, height))
    factor = gradient.point(lambda v: 255 - math.floor(v * strength))
    return ImageChops.multiply(image.convert("L"), factor)

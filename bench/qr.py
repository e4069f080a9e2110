"""QR detection on degraded scans: the share recognised and the time per page (no assertions).

The six documents are rendered with their QR and printed through LibreOffice, then scanned in
software at 150 and 200 dpi (testkit/qr_scans.py): askew, blurred, noisy, grey, JPEG, signed
over; a third with a poor scanner, some fed upside down or sideways, some unevenly lit. Every
variant is read three ways: the page image alone (`read_page`: decoding only), the JPG file
and a PDF of it (`find_codes`: opening and rasterising included). A page without a QR, which
goes through every pass, is timed too: that is what each page of a new letter costs.

Usage: python bench/qr.py [--variants 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))
sys.path.insert(0, str(REPO))

from doc_fixtures import (  # noqa: E402
    ISSUED_AT,
    TEMPLATES,
    assigned,
    finished,
    make_config,
    refused,
    registered,
)
from PIL import Image  # noqa: E402
from qr_scans import (  # noqa: E402
    OFFICE_SCANNER,
    POOR_SCANNER,
    degrade,
    docx_to_pdf,
    rasterise_pdf,
    render_stamped,
    rotate_quarter,
    save_jpg,
    save_pdf,
    shade,
)

from pipeline.case import Case  # noqa: E402
from pipeline.documents.context import build_context  # noqa: E402
from pipeline.documents.kinds import DOCUMENT_KINDS  # noqa: E402
from pipeline.documents.qr import DocumentStamp, stamp, verification_qr_text  # noqa: E402
from pipeline.documents.render import render_document  # noqa: E402
from pipeline.intake.qr_reader import find_codes, read_page  # noqa: E402

DPIS = (150, 200)
STAGES: dict[str, Callable[[], Case]] = {
    "lembar_disposisi": registered,
    "rekomendasi": assigned,
    "surat_penolakan": refused,
    "surat_tugas": assigned,
    "daftar_hadir": assigned,
    "register_buku_tamu": finished,
}
LANDSCAPE = {"daftar_hadir", "register_buku_tamu"}


@dataclass
class Printed:
    stamp: DocumentStamp | None  # None: the page has no QR
    pdf: Path


@dataclass
class Row:
    label: str
    recognised: int
    total: int
    timings: dict[str, list[float]]


# The largest QR an office prints: its verification page under a long domain.
PUBLIC_URL = "https://kunjungan.tarakankota.go.id"


def print_documents(folder: Path) -> list[Printed]:
    """The six documents stamped, then the Rekomendasi once more without its QR."""
    config = make_config(folder)
    config = replace(config, web=replace(config.web, public_url=PUBLIC_URL))
    stamps = [stamp(b"bench" * 6 + b"!!", "BENCH7", 40 + i, kind, 1)
              for i, kind in enumerate(DOCUMENT_KINDS)]
    sources = [render_stamped(s, STAGES[s.kind](), config, folder) for s in stamps]
    plain = folder / "00-tanpa-qr.docx"
    render_document(TEMPLATES / "rekomendasi.docx",
                    build_context("rekomendasi", assigned(), config, ISSUED_AT), plain)
    pdfs = docx_to_pdf([*sources, plain], folder)
    return [Printed(s, pdf) for s, pdf in zip([*stamps, None], pdfs, strict=True)]


def variant(page: Image.Image, kind: str, dpi: int, index: int) -> Image.Image:
    """The index-th way a scan of `page` goes wrong."""
    scanner = POOR_SCANNER if index % 3 == 2 else OFFICE_SCANNER
    scan = degrade(page, dpi, index, scanner=scanner)
    if index % 7 == 3:
        scan = shade(scan)
    if index % 5 == 4:
        return rotate_quarter(scan, 2)
    return rotate_quarter(scan, 1) if kind in LANDSCAPE and index % 2 else scan


def timed(function: Callable[[], tuple[str, ...]]) -> tuple[float, tuple[str, ...]]:
    start = time.perf_counter()
    texts = function()
    return (time.perf_counter() - start) * 1000, texts


def _readers(scan: Image.Image, jpg: Path, pdf: Path,
             dpi: int) -> dict[str, Callable[[], tuple[str, ...]]]:
    return {
        "read_page": lambda: read_page(scan),
        "jpg": lambda: find_codes(jpg, dpi=dpi)[0].texts,
        "pdf": lambda: find_codes(pdf, dpi=dpi)[0].texts,
    }


def measure(label: str, scans: list[tuple[Image.Image, str | None]], dpi: int,
            folder: Path) -> Row:
    timings: dict[str, list[float]] = {}
    recognised = 0
    for number, (scan, expected) in enumerate(scans):
        jpg = save_jpg(scan, folder / f"{label}-{dpi}-{number}.jpg", dpi)
        pdf = save_pdf([scan], folder / f"{label}-{dpi}-{number}.pdf", dpi)
        results = []
        for name, read in _readers(scan, jpg, pdf, dpi).items():
            elapsed, texts = timed(read)
            timings.setdefault(name, []).append(elapsed)
            results.append(texts == ((expected,) if expected else ()))
        recognised += all(results)
    return Row(f"{label} {dpi} dpi", recognised, len(scans), timings)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def print_table(rows: list[Row]) -> None:
    """`correct`: the exact payload found (with QR), nothing found (without)."""
    columns = ("read_page", "jpg", "pdf")
    print(f"{'':<20}{'correct':>9}" + "".join(f"{name + ' ms med / p95':>25}" for name in columns))
    for row in rows:
        cells = "".join(
            f"{statistics.median(row.timings[name]):>18.0f} / {p95(row.timings[name]):>4.0f}"
            for name in columns
        )
        print(f"{row.label:<20}{f'{row.recognised}/{row.total}':>9}{cells}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=20)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        printed = print_documents(folder)
        stamped, plain = printed[:-1], printed[-1]
        for dpi in DPIS:
            pages = [(rasterise_pdf(p.pdf, dpi)[0], p.stamp) for p in stamped]
            scans: list[tuple[Image.Image, str | None]] = []
            for index in range(args.variants):
                page, document = pages[index % len(pages)]
                assert document is not None
                expected = verification_qr_text(PUBLIC_URL, document.code)
                scans.append((variant(page, document.kind, dpi, index), expected))
            rows.append(measure("with QR", scans, dpi, folder))
            (plain_page,) = rasterise_pdf(plain.pdf, dpi)
            blanks: list[tuple[Image.Image, str | None]] = [
                (degrade(plain_page, dpi, index), None) for index in range(5)]
            rows.append(measure("without QR", blanks, dpi, folder))
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

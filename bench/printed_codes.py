"""The printed code as the fallback for a QR that does not read (no assertions).

Portrait documents, each under its own secret so that every page carries a different code, are
printed through LibreOffice, scanned in software (testkit/qr_scans.py) with the QR corner painted
white, and read by the intake's OCR. For each page it counts whether OCR read the code exactly,
whether `closest_code` still finds the right document among decoys, and whether a page matches
any decoy when its own code is not on record (a stranger's document: must stay 0). `no text`:
pages OCR found no text on at all.

Usage: python bench/printed_codes.py [--pages 12] [--decoys 10000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))
sys.path.insert(0, str(REPO))

from doc_fixtures import assigned, make_config, refused, registered  # noqa: E402
from qr_scans import (  # noqa: E402
    OFFICE_SCANNER,
    POOR_SCANNER,
    QR_CORNER,
    cover,
    degrade,
    docx_to_pdf,
    rasterise_pdf,
    render_stamped,
    save_pdf,
)

from pipeline.case import Case  # noqa: E402
from pipeline.documents.qr import DocumentStamp, stamp  # noqa: E402
from pipeline.errors import UnreadableLetterError  # noqa: E402
from pipeline.intake.readers import read_letter_text  # noqa: E402
from pipeline.workflow.verify import closest_code, has_our_footer, printed_codes  # noqa: E402

DPIS = (150, 200)
PORTRAIT: dict[str, Case] = {
    "lembar_disposisi": registered(),
    "rekomendasi": assigned(),
    "surat_penolakan": refused(),
    "surat_tugas": assigned(),
}


def print_pages(folder: Path, pages: int) -> list[tuple[DocumentStamp, Path]]:
    config = make_config(folder)
    kinds = list(PORTRAIT)
    stamps = [stamp(f"printed-{i:04d}".encode() * 3, "BENCH7", 100 + i, kinds[i % len(kinds)], 1)
              for i in range(pages)]
    sources = []
    for index, document in enumerate(stamps):
        own = folder / f"{index:03d}"
        own.mkdir()
        rendered = render_stamped(document, PORTRAIT[document.kind], config, own)
        sources.append(rendered.rename(folder / f"{index:03d}-{rendered.name}"))
    return list(zip(stamps, docx_to_pdf(sources, folder), strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--decoys", type=int, default=10_000)
    args = parser.parse_args()
    decoys = [stamp(b"someone-else" * 3, "STRNGR", 1 + i, "rekomendasi", 1).code
              for i in range(args.decoys)]
    print(f"{'':<10}{'pages':>6}{'no text':>9}{'read exactly':>14}{'matched':>9}{'wrong doc':>11}"
          f"{'stranger matched':>18}{'OCR ms median':>15}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        printed = print_pages(folder, args.pages)
        for dpi in DPIS:
            exact = matched = wrong = stranger = unread = 0
            timings = []
            for index, (document, pdf) in enumerate(printed):
                scanner = POOR_SCANNER if index % 3 == 2 else OFFICE_SCANNER
                page = degrade(cover(rasterise_pdf(pdf, dpi)[0], QR_CORNER), dpi, index,
                               scanner=scanner)
                scan = save_pdf([page], folder / f"scan-{dpi}-{index}.pdf", dpi)
                start = time.perf_counter()
                try:
                    text = read_letter_text(scan).text
                except UnreadableLetterError:
                    text = ""
                    unread += 1
                timings.append((time.perf_counter() - start) * 1000)
                readings = printed_codes(text)
                exact += document.code in readings
                found = closest_code(readings, [document.code, *decoys], has_our_footer(text))
                matched += found == document.code
                wrong += found is not None and found != document.code
                stranger += closest_code(readings, decoys, has_our_footer(text)) is not None
            print(f"{f'{dpi} dpi':<10}{len(printed):>6}{unread:>9}{exact:>14}{matched:>9}"
                  f"{wrong:>11}{stranger:>18}{statistics.median(timings):>15.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

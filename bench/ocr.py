"""OCR benchmarks on the sample letters (figures for the project notes; no assertions).

    python bench/ocr.py --accuracy scan|photo [--samples DIR] [--keep DIR]
    python bench/ocr.py --speed [--samples DIR]

--accuracy: OCRs every `.scan.pdf` or `.photo.jpg` sample with `ocr_to_archive`, reads the text
with `read_letter` and prints accuracy per field and overall, as bench/accuracy.py does for text
PDFs (only the fields each expected.json names). --keep saves the OCR text and archive copies.

--speed: seconds per page of `ocr_to_archive` against the `ocrmypdf` command line alone on the
same files with the same options (one Tesseract thread, one job), and their ratio. The command
line runs without our photo-flattening plugin, so ours does a little more work per page.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from accuracy import DEFAULT_SAMPLES, KIND_SUFFIXES, Letter, measure, report  # noqa: E402

from pipeline.intake.ocr import ocr_to_archive  # noqa: E402
from pipeline.intake.tesseract import LANGUAGES, ocr_available  # noqa: E402

OCR_KINDS = ("scan", "photo")
# A photo has no DPI; the command line is told what the samples are: A4 at 1240 px wide.
PHOTO_DPI = 150


@dataclass(frozen=True)
class Timing:
    pages: int
    ours: float
    command_line: float


def sample_files(samples: Path, kind: str) -> list[tuple[str, Path, Path]]:
    """(name, letter file, expected.json) for each sample that exists in this kind."""
    found = []
    for expected in sorted(samples.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        letter = samples / f"{name}{KIND_SUFFIXES[kind]}"
        if letter.exists():
            found.append((name, letter, expected))
    return found


def ocr_letters(samples: Path, kind: str, keep: Path | None) -> tuple[list[Letter], float, int]:
    """OCR each sample; the letters, the OCR seconds and the pages in all."""
    letters: list[Letter] = []
    seconds, pages = 0.0, 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for name, letter_file, expected in sample_files(samples, kind):
            result = ocr_to_archive(letter_file, folder / f"{name}.{kind}.pdfa.pdf",
                                    image=kind == "photo")
            text = "\n\f\n".join(result.pages)  # as LetterText.text joins pages
            if keep is not None:
                (keep / f"{name}.{kind}.txt").write_text(text, "utf-8")
            seconds += result.seconds
            pages += len(result.pages)
            letters.append(Letter(name, text, json.loads(expected.read_text("utf-8")), ocr=True))
    return letters, seconds, pages


def accuracy(samples: Path, kind: str, keep: Path | None) -> str:
    letters, seconds, pages = ocr_letters(samples, kind, keep)
    ocr_line = f"OCR: {pages} pages, {seconds / max(pages, 1):.2f} s per page"
    return f"{kind} samples\n{report(measure(letters), len(letters))}\n{ocr_line}"


def command_line_seconds(source: Path, folder: Path, image: bool) -> float:
    """One `ocrmypdf` run with the options ocr_to_archive uses."""
    command = [
        str(Path(sys.executable).with_name("ocrmypdf")),
        "--language", "+".join(LANGUAGES),
        "--rotate-pages", "--deskew", "--output-type", "pdfa-2", "--optimize", "1",
        "--jobs", "1", "--tesseract-pagesegmode", "3", "--tagged-pdf-mode", "ignore", "--quiet",
        "--sidecar", str(folder / "cli.txt"),
    ]
    if image:
        command += ["--image-dpi", str(PHOTO_DPI)]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    subprocess.run([*command, str(source), str(folder / "cli.pdf")], env=environment, check=True,
                   capture_output=True)  # its Tesseract warnings are not ours to show
    return time.perf_counter() - started


def speed(samples: Path) -> str:
    rows = [f"{'kind':<6} {'pages':>5} {'ours s/page':>12} {'CLI s/page':>11} {'ratio':>6}"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for kind in OCR_KINDS:
            timing = Timing(0, 0.0, 0.0)
            for _, letter_file, _ in sample_files(samples, kind):
                image = kind == "photo"
                target = folder / "ours.pdf"
                started = time.perf_counter()
                ocr_to_archive(letter_file, target, image=image)
                ours = time.perf_counter() - started
                cli = command_line_seconds(letter_file, folder, image)
                pages = len(PdfReader(target).pages)
                timing = Timing(timing.pages + pages, timing.ours + ours, timing.command_line + cli)
            per_ours, per_cli = timing.ours / timing.pages, timing.command_line / timing.pages
            rows.append(f"{kind:<6} {timing.pages:>5} {per_ours:>12.2f} {per_cli:>11.2f} "
                        f"{per_ours / per_cli:>6.2f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--accuracy", choices=OCR_KINDS, help="field accuracy on these samples")
    mode.add_argument("--speed", action="store_true", help="seconds per page, ours vs CLI")
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--keep", type=Path, help="save OCR text and archive copies here")
    args = parser.parse_args(argv)
    status = ocr_available()
    if not status.available:
        print(f"OCR is not installed ({', '.join(status.missing)}): {status.install_hint}")
        return 2
    if not args.samples.is_dir():
        print(f"no sample directory at {args.samples}", file=sys.stderr)
        return 2
    if args.accuracy:
        print(accuracy(args.samples, args.accuracy, args.keep))
    else:
        print(speed(args.samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())

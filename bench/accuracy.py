"""Field accuracy of the letter reader on the sample letters or on the generated corpus.

    python bench/accuracy.py [--kind text|scan|photo] [--samples DIR] [--corpus]

For each letter, the fields its expected.json names are compared with what the reader found
(dates as ISO strings, times as HH:MM, participants as lists). Prints accuracy per field and
overall, then every wrong value.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.intake.letter import read_letter  # noqa: E402
from pipeline.intake.readers import read_letter_text  # noqa: E402

DEFAULT_SAMPLES = REPO.parent / "shared" / "samples" / "letters"
CORPUS_DIRECTORY = REPO / "tests"  # letter_corpus.py
VISIT_REQUEST = "is_visit_request"
# The letter file each kind of sample is kept in, by its name's ending.
KIND_SUFFIXES = {"text": ".pdf", "scan": ".scan.pdf", "photo": ".photo.jpg"}


@dataclass(frozen=True)
class Letter:
    name: str
    text: str
    expected: dict[str, object]
    ocr: bool = False  # the text came from OCR (the reader then allows for OCR's slips)


@dataclass(frozen=True)
class Wrong:
    letter: str
    field: str
    expected: object
    found: object


@dataclass
class Tally:
    right: Counter[str]
    total: Counter[str]
    wrong: list[Wrong]
    seconds: float = 0.0


def sample_letters(directory: Path, kind: str) -> list[Letter]:
    letters: list[Letter] = []
    for expected_file in sorted(directory.glob("*.expected.json")):
        stem = expected_file.name.removesuffix(".expected.json")
        letter_file = directory / f"{stem}{KIND_SUFFIXES[kind]}"
        if letter_file.exists():
            # The pipeline's own reader: the text layer, or OCR for scans and photos.
            text = read_letter_text(letter_file)
            letters.append(Letter(stem, text.text, json.loads(expected_file.read_text("utf-8")),
                                  ocr=text.method == "ocr"))
    return letters


def corpus_letters() -> list[Letter]:
    """The generated letters of tests/letter_corpus.py; whether each is a visit request too."""
    sys.path.insert(0, str(CORPUS_DIRECTORY))
    module = importlib.import_module("letter_corpus")
    return [
        Letter(item.name, item.text, {**item.expected, VISIT_REQUEST: item.is_visit_request})
        for item in module.corpus()
    ]


def measure(letters: list[Letter]) -> Tally:
    tally = Tally(Counter(), Counter(), [])
    for letter in letters:
        started = time.perf_counter()
        reading = read_letter(letter.text, ocr=letter.ocr)
        tally.seconds += time.perf_counter() - started
        found = {**reading.fields.to_json(), VISIT_REQUEST: reading.is_visit_request}
        for field, expected in letter.expected.items():
            tally.total[field] += 1
            if found.get(field) == expected:
                tally.right[field] += 1
            else:
                tally.wrong.append(Wrong(letter.name, field, expected, found.get(field)))
    return tally


def report(tally: Tally, letters: int) -> str:
    rows = [f"{'field':<20} {'right':>7} {'total':>7} {'accuracy':>9}"]
    for field in tally.total:
        right, total = tally.right[field], tally.total[field]
        rows.append(f"{field:<20} {right:>7} {total:>7} {right / total:>9.1%}")
    right, total = sum(tally.right.values()), sum(tally.total.values())
    rows.append(f"{'overall':<20} {right:>7} {total:>7} {right / total if total else 0:>9.1%}")
    milliseconds = 1000 * tally.seconds / letters if letters else 0.0
    rows.append(f"\n{letters} letters, {milliseconds:.1f} ms per letter to parse")
    if tally.wrong:
        rows.append("\nwrong values:")
        rows += [
            f"  {wrong.letter}  {wrong.field}: expected {wrong.expected!r}, found {wrong.found!r}"
            for wrong in tally.wrong
        ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--kind",
        choices=sorted(KIND_SUFFIXES),
        default="text",
        help="which file of each sample to read: text (X.pdf), scan or photo",
    )
    parser.add_argument(
        "--samples", type=Path, default=DEFAULT_SAMPLES, help="folder of samples and expected.json"
    )
    parser.add_argument("--corpus", action="store_true", help="measure on the generated corpus")
    args = parser.parse_args(argv)
    if args.corpus:
        letters = corpus_letters()
    elif not args.samples.is_dir():
        print(f"no sample directory at {args.samples}", file=sys.stderr)
        return 2
    else:
        letters = sample_letters(args.samples, args.kind)
    print(report(measure(letters), len(letters)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

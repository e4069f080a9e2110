"""Field accuracy of the letter reader on the sample letters or on generated letters.

    python bench/accuracy.py [--kind text|scan|photo] [--samples DIR]
    python bench/accuracy.py --corpus
    python bench/accuracy.py --set dev|heldout [--kind text|scan|photo] [--limit N] [--totals]
    python bench/accuracy.py --set dev --group kontak_tata_letak [--group ...] [--kind ...]

For each letter, the fields its expected.json names are compared with what the reader found
(dates as ISO strings, times as HH:MM, participants as lists). Prints accuracy per field and
overall, how many wrong fields were reported as certain (confidence 0.9 or more) and how many
were not found at all, then every wrong value (`--totals`: the figures only, as the held-out set
is read).
`--set dev` is the development set of less usual letters the reader is tuned on
(testkit/unusual_letters.py), `--set heldout` the set written apart and only measured
(bench/heldout_letters.py); each letter is made into a real file of its kind (text PDF, scan
or phone photos) and read by the pipeline's own reader, OCR included. OCR text is kept in
bench/results/ocr-cache/ (keyed by the letter, its kind and seed and the image layout), so a
second run reads only the parser.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "testkit"))
sys.path.insert(0, str(REPO / "bench"))

from heldout_letters import heldout_set  # noqa: E402
from letter_files import (  # noqa: E402
    IMAGE_LAYOUT,
    photo_pages,
    scan_pages,
    write_photos,
    write_scan,
    write_text_pdf,
)
from unusual_letters import GeneratedLetter as Made  # noqa: E402
from unusual_letters import development_set  # noqa: E402

from pipeline.intake.letter import read_letter  # noqa: E402
from pipeline.intake.letter.confidence import SURE  # noqa: E402
from pipeline.intake.readers import read_letter_text  # noqa: E402

DEFAULT_SAMPLES = REPO.parent / "shared" / "samples" / "letters"
CORPUS_DIRECTORY = REPO / "testkit"  # letter_corpus.py
OCR_CACHE = REPO / "bench" / "results" / "ocr-cache"
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
    certain_wrong: Counter[str] = field(default_factory=Counter)  # wrong, reported >= SURE


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
    """The generated letters of testkit/letter_corpus.py; whether each is a visit request too."""
    sys.path.insert(0, str(CORPUS_DIRECTORY))
    module = importlib.import_module("letter_corpus")
    return [
        Letter(item.name, item.text, {**item.expected, VISIT_REQUEST: item.is_visit_request})
        for item in module.corpus()
    ]


def generated_letters(
    which: str, kind: str, limit: int | None, groups: list[str] | None = None
) -> list[Letter]:
    """The development or held-out letters (of `groups` only, when named), each made into a
    file of `kind` and read back."""
    made = development_set() if which == "dev" else heldout_set()
    if groups:
        made = [item for item in made if item.group in groups]
    if limit is not None:
        made = _spread(made, limit)
    letters: list[Letter] = []
    for number, item in enumerate(made, 1):
        text, ocr = _text_of_file(item.text, kind, item.ruled, seed=number)
        letters.append(Letter(item.name, text, item.expected, ocr=ocr))
        print(f"\r{number}/{len(made)} letters read", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return letters


def _spread(items: list[Made], limit: int) -> list[Made]:
    """`limit` items taken evenly over the list, so that every group is measured."""
    if limit >= len(items):
        return items
    return [items[round(i * len(items) / limit)] for i in range(limit)]


def _text_of_file(letter: str, kind: str, ruled: bool, seed: int) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory(prefix="accuracy-") as scratch:
        folder = Path(scratch)
        if kind == "text":
            path = write_text_pdf(letter, folder / "surat.pdf", ruled=ruled)
            read = read_letter_text(path)
            return read.text, read.method == "ocr"
        key = hashlib.sha256(f"{kind}|{ruled}|{seed}|{IMAGE_LAYOUT}|{letter}".encode()).hexdigest()
        cached = OCR_CACHE / f"{key}.txt"
        if cached.exists():
            return cached.read_text("utf-8"), True
        if kind == "scan":
            paths = [write_scan(folder / "surat.pdf", scan_pages(letter, seed, ruled=ruled))]
        else:
            paths = write_photos(folder / "surat.jpg", photo_pages(letter, seed, ruled=ruled))
        text = "\n\f\n".join(read_letter_text(path).text for path in paths)
    OCR_CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, "utf-8")
    return text, True


def measure(letters: list[Letter]) -> Tally:
    tally = Tally(Counter(), Counter(), [])
    for letter in letters:
        started = time.perf_counter()
        reading = read_letter(letter.text, ocr=letter.ocr)
        tally.seconds += time.perf_counter() - started
        found = {**reading.fields.to_json(), VISIT_REQUEST: reading.is_visit_request}
        for name, expected in letter.expected.items():
            tally.total[name] += 1
            if found.get(name) == expected:
                tally.right[name] += 1
                continue
            tally.wrong.append(Wrong(letter.name, name, expected, found.get(name)))
            field_reading = reading.readings.get(name)
            if field_reading is not None and field_reading.confidence >= SURE:
                tally.certain_wrong[name] += 1
    return tally


def report(tally: Tally, letters: int, *, values: bool = True) -> str:
    certain = f"wrong>={SURE}"
    rows = [f"{'field':<20} {'right':>7} {'total':>7} {'accuracy':>9} {certain:>9} {'missing':>8}"]
    missing = Counter(wrong.field for wrong in tally.wrong if wrong.found in (None, [], ""))
    for name in tally.total:
        right, total = tally.right[name], tally.total[name]
        certain_wrong = tally.certain_wrong[name]
        rows.append(
            f"{name:<20} {right:>7} {total:>7} {right / total:>9.1%} {certain_wrong:>9}"
            f" {missing[name]:>8}"
        )
    right, total = sum(tally.right.values()), sum(tally.total.values())
    rows.append(f"{'overall':<20} {right:>7} {total:>7} {right / total if total else 0:>9.1%}")
    certain_wrong = sum(tally.certain_wrong.values())
    share = certain_wrong / total if total else 0.0
    rows.append(
        f"wrong with confidence >= {SURE}: {certain_wrong} of {total} fields ({share:.1%})"
    )
    milliseconds = 1000 * tally.seconds / letters if letters else 0.0
    rows.append(f"\n{letters} letters, {milliseconds:.1f} ms per letter to parse")
    if tally.wrong and values:
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
    parser.add_argument(
        "--set",
        choices=("dev", "heldout"),
        help="the development set (tuned on) or the held-out set (only measured)",
    )
    parser.add_argument("--limit", type=int, help="with --set: measure N letters spread evenly")
    parser.add_argument(
        "--group", action="append", help="with --set dev: measure this group only (repeatable)"
    )
    parser.add_argument(
        "--totals",
        action="store_true",
        help="print the figures only, not the wrong values (for the held-out set)",
    )
    args = parser.parse_args(argv)
    if args.set:
        letters = generated_letters(args.set, args.kind, args.limit, args.group)
    elif args.corpus:
        letters = corpus_letters()
    elif not args.samples.is_dir():
        print(f"no sample directory at {args.samples}", file=sys.stderr)
        return 2
    else:
        letters = sample_letters(args.samples, args.kind)
    print(report(measure(letters), len(letters), values=not args.totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scan benchmarks (figures for the project notes; no assertions).

  latency : a one-page scan landing in the inbox → its Lembar Disposisi on disk, median over N
            scans dropped one at a time (default settings);
  batch   : N scans dropped at once, with 1 and with 2 worker processes;
  ratio   : the pipeline's time per page (1 worker, batch) against running `ocrmypdf` alone,
            one file after another, on the same files with the same OCR options (without our
            photo-flattening plugin, which the pipeline also runs).

Usage: python bench/scans.py [--scans 20] [--only latency|batch|ratio]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from intake import (  # noqa: E402
    latencies_of,
    make_office,
    start_service,
    stop_service,
    wait_until_done,
)
from ocr import command_line_seconds  # noqa: E402
from pdf_letters import letter_lines  # noqa: E402
from scan_images import degrade, letter_page, write_scan_pdf  # noqa: E402


def make_scans(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_scan_pdf(folder / f"pindaian-{n:03d}.pdf",
                       [degrade(letter_page(letter_lines(n)), seed=n, skew_degrees=1.5)])
        for n in range(count)
    ]


def bench_latency(scans: list[Path]) -> dict[str, float]:
    found = latencies_of(scans, deadline_seconds=120, poll_seconds=0.01)
    return {"scans": len(scans), "median_s": statistics.median(found), "max_s": found[-1]}


def bench_batch(scans: list[Path], workers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        service = start_service(make_office(root), workers)
        start = time.perf_counter()
        for scan in scans:
            shutil.copyfile(scan, root / "inbox" / scan.name)
        wait_until_done(root / "outbox" / "kunjungan.sqlite3", root / "inbox", len(scans),
                        lambda: None)
        elapsed = time.perf_counter() - start
        stop_service(service)
    return {"workers": workers, "scans": len(scans), "seconds": elapsed,
            "seconds_per_page": elapsed / len(scans)}


def bench_ocrmypdf_alone(scans: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        total = sum(command_line_seconds(scan, Path(tmp), image=False) for scan in scans)
    return {"scans": len(scans), "seconds": total, "seconds_per_page": total / len(scans)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=20)
    parser.add_argument("--only", choices=["latency", "batch", "ratio"])
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scans = make_scans(Path(tmp), args.scans)
        if args.only in (None, "latency"):
            results["latency"] = bench_latency(scans)
            print(json.dumps(results["latency"]), flush=True)
        if args.only in (None, "batch", "ratio"):
            results["batch_1_worker"] = one = bench_batch(scans, 1)
            print(json.dumps(one), flush=True)
        if args.only in (None, "batch"):
            results["batch_2_workers"] = two = bench_batch(scans, 2)
            print(json.dumps(two), flush=True)
            results["speedup_2_over_1"] = one["seconds"] / two["seconds"]
        if args.only in (None, "ratio"):
            results["ocrmypdf_alone"] = alone = bench_ocrmypdf_alone(scans)
            print(json.dumps(alone), flush=True)
            results["ratio_pipeline_over_ocrmypdf"] = one["seconds"] / alone["seconds"]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

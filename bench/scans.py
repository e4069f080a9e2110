"""Scan benchmarks (figures for the project notes; no assertions).

  latency : a one-page scan landing in the inbox → its Lembar Disposisi on disk, median over N
            scans dropped one at a time, each once the one before has its PDF/A copy (default
            settings);
  batch   : N scans dropped at once, with 1 and with 2 worker processes;
  ratio   : the pipeline's time per page (1 worker, batch) against running `ocrmypdf` alone,
            one file after another, on the same files with the same OCR options (without our
            photo-flattening plugin, which the pipeline also runs);
  tesseract: bare Tesseract (one thread, ind+eng, automatic layout) on each scan's page image
            at its own resolution, the floor any pipeline reading the page stands on.

The batch figures include the CPU seconds the whole service (workers, Tesseract, Ghostscript)
spent per page, read from /proc, so a faster drop-to-sheet bought with more CPU shows.

Usage: python bench/scans.py [--scans 20] [--only latency|batch|ratio|tesseract]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))
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
from pypdf import PdfReader  # noqa: E402
from scan_images import DPI, degrade, letter_page, write_scan_pdf  # noqa: E402

from pipeline.intake.tesseract import LANGUAGES  # noqa: E402

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def make_scans(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_scan_pdf(folder / f"pindaian-{n:03d}.pdf",
                       [degrade(letter_page(letter_lines(n)), seed=n, skew_degrees=1.5)])
        for n in range(count)
    ]


def bench_latency(scans: list[Path]) -> dict[str, float]:
    # Each scan lands once the one before is fully done (its PDF/A copy made): one scan's
    # drop-to-sheet time, not a queue's.
    found = latencies_of(scans, deadline_seconds=120, poll_seconds=0.01,
                         settle=wait_for_archive_copies)
    return {"scans": len(scans), "median_s": statistics.median(found), "max_s": found[-1]}


def tree_cpu_seconds(root_pid: int) -> float:
    """CPU time (user + system) of a process and its descendants, the children they have
    reaped (Tesseract, Ghostscript) included."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after the command name, from field 3
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        cpu[int(entry.name)] = sum(int(value) for value in fields[11:15]) / _CLOCK_TICKS
    total, stack = 0.0, [root_pid]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack += children.get(pid, [])
    return total


def bench_batch(scans: list[Path], workers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        service = start_service(make_office(root), workers)
        cpu_before = tree_cpu_seconds(service.pid)
        start = time.perf_counter()
        for scan in scans:
            shutil.copyfile(scan, root / "inbox" / scan.name)
        wait_until_done(root / "outbox" / "kunjungan.sqlite3", root / "inbox", len(scans),
                        lambda: None)
        elapsed = time.perf_counter() - start
        # Work that follows the sheet (the archive copy) counts too: wait until it is filed.
        wait_for_archive_copies(root / "outbox", len(scans))
        cpu = tree_cpu_seconds(service.pid) - cpu_before
        stop_service(service)
    return {"workers": workers, "scans": len(scans), "seconds": elapsed,
            "seconds_per_page": elapsed / len(scans), "cpu_seconds_per_page": cpu / len(scans)}


def wait_for_archive_copies(outbox: Path, count: int, deadline_seconds: float = 300) -> None:
    deadline = time.monotonic() + deadline_seconds
    while len(list(outbox.glob("*/*/00-surat-permohonan.arsip.pdf"))) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("the PDF/A copies were not all made")
        time.sleep(0.1)


def bench_tesseract_alone(scans: list[Path]) -> dict[str, float]:
    """Bare Tesseract on each scan's page image as the scanner stored it (its own DPI)."""
    seconds = []
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        for scan in scans:
            (image,) = PdfReader(scan).pages[0].images
            page = Path(tmp) / image.name
            page.write_bytes(image.data)
            started = time.perf_counter()
            subprocess.run(["tesseract", str(page), "-", "-l", "+".join(LANGUAGES), "--psm", "3",
                            "--dpi", str(DPI)], env=environment, check=True, capture_output=True)
            seconds.append(time.perf_counter() - started)
    return {"scans": len(scans), "median_s": statistics.median(seconds)}


def bench_ocrmypdf_alone(scans: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        total = sum(command_line_seconds(scan, Path(tmp), image=False) for scan in scans)
    return {"scans": len(scans), "seconds": total, "seconds_per_page": total / len(scans)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=20)
    parser.add_argument("--only", choices=["latency", "batch", "ratio", "tesseract"])
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scans = make_scans(Path(tmp), args.scans)
        if args.only in (None, "latency", "tesseract"):
            results["tesseract_alone"] = bare = bench_tesseract_alone(scans)
            print(json.dumps(bare), flush=True)
        if args.only in (None, "latency"):
            results["latency"] = latency = bench_latency(scans)
            print(json.dumps(latency), flush=True)
            results["ratio_latency_over_tesseract"] = latency["median_s"] / bare["median_s"]
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

"""Intake benchmarks (figures for the project notes; no assertions).

  (a) latency: a text-PDF letter landing in a local inbox → its Lembar Disposisi on disk,
      median and p95 over N letters dropped one at a time, default settings;
  (b) throughput: M letters dropped at once, with 1 and with 2 worker processes;
  (c) the same M letters through a plain script that only calls pypdf and docxtpl, and the
      ratio pipeline/plain;
  (d) peak RSS of the whole service (every process) during (b).

Usage: python bench/intake.py [--latency-letters 100] [--batch-letters 1000] [--only a|b|c]
(bench/store.py runs (a) and (b) on SQLite and on PostgreSQL, with one node and with two.)
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
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))

from pdf_letters import write_letter_pdf  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError, ProgrammingError  # noqa: E402

from pipeline.store.db import database_url  # noqa: E402

CONFIG = """
[paths]
inbox = "inbox"
outbox = "outbox"
templates = "{templates}"
"""
SHEET = "01-lembar-disposisi.docx"


def make_office(root: Path, database: str | None = None) -> Path:
    """An office on default settings; `database`: a `[database] url` (default: SQLite)."""
    (root / "inbox").mkdir(parents=True)
    config = root / "kunjungan.toml"
    text = CONFIG.format(templates=REPO / "templates")
    if database:
        text += f'[database]\nurl = "{database}"\n'
    config.write_text(text)
    return config


def make_letters(folder: Path, count: int, offset: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_letter_pdf(folder / f"surat-{offset + i:05d}.pdf", offset + i)
            for i in range(count)]


def start_service(config: Path, workers: int | None) -> subprocess.Popen[bytes]:
    # The desk is left out: these figures are the watcher's (bench/web.py measures both).
    args = [sys.executable, "-m", "pipeline", "--config", str(config), "run", "--no-web"]
    if workers:
        args += ["--workers", str(workers)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)  # start-up: imports and the worker pool
    return process


def stop_service(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(2)
    process.wait(timeout=120)


def tree_rss_kib(root_pid: int) -> int:
    """RSS of a process and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields["PPid"].strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def latencies_of(
    files: list[Path], deadline_seconds: float = 30, poll_seconds: float = 0.002,
    settle: Callable[[Path, int], None] = lambda _outbox, _count: None,
    database: str | None = None,
) -> list[float]:
    """Drop each file into a fresh office's inbox, one at a time, on default settings; a file's
    latency is its Lembar Disposisi's mtime (set by its writer just before the atomic rename)
    minus the wall-clock time its write into the inbox began. The bench only polls to learn
    that the sheet exists, so its polling adds nothing to the figure. `settle(outbox, n)`
    waits, after the n-th sheet, for work that follows it (a scan's PDF/A copy)."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        service = start_service(make_office(root, database), workers=None)
        try:
            for number, source in enumerate(files, start=1):
                data = source.read_bytes()
                start = time.time()
                (root / "inbox" / source.name).write_bytes(data)
                deadline = time.monotonic() + deadline_seconds
                while not (sheets := list((root / "outbox").glob(f"*/{number:04d}_*/{SHEET}"))):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"no Lembar Disposisi for {source.name}")
                    time.sleep(poll_seconds)
                found.append(sheets[0].stat().st_mtime - start)
                settle(root / "outbox", number)
                time.sleep(0.05)  # files arrive one by one, not as a batch
        finally:
            stop_service(service)
    return sorted(found)


def bench_latency(count: int, database: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        found = latencies_of(make_letters(Path(tmp), count), database=database)
    return {
        "letters": count,
        "median_ms": statistics.median(found) * 1000,
        "p95_ms": found[int(0.95 * (len(found) - 1))] * 1000,
        "max_ms": found[-1] * 1000,
    }


def wait_until_done(database: Path | str, inbox: Path, count: int, sample: Callable[[], None],
                    limit_seconds: float = 1800) -> None:
    """Until `count` letters are registered (`database`: the SQLite file or the URL); fails
    loudly when one went to `_gagal/` or time runs out, rather than waiting for ever."""
    engine = create_engine(database_url(database))
    deadline = time.monotonic() + limit_seconds
    try:
        while (done := registered(engine)) < count:
            failed = list((inbox / "_gagal").glob("*.txt"))
            if failed:
                raise RuntimeError(f"{len(failed)} file(s) failed, e.g. {failed[0].read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {done} of {count} registered in time")
            sample()
            time.sleep(0.25)  # the sampling itself costs CPU the workers want
    finally:
        engine.dispose()


def registered(engine: Engine) -> int:
    """Letters done: registered, out of the inbox, and with no document still pending."""
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT COUNT(*) FROM cases c WHERE inbox_cleared = 1 AND NOT EXISTS"
                " (SELECT 1 FROM documents d WHERE d.case_id = c.id AND d.status = 'pending')"
            )).scalar_one())
    except (OperationalError, ProgrammingError):  # the service has not made its tables yet
        return 0


def bench_batch(letters: list[Path], workers: int, nodes: int = 1,
                database: str | None = None) -> dict[str, float]:
    """`letters` dropped at once; `nodes` services on the one inbox (a shared `database`)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config = make_office(root, database)
        services = [start_service(config, workers) for _ in range(nodes)]
        peak_rss = [0]

        def sample() -> None:
            peak_rss.append(sum(tree_rss_kib(service.pid) for service in services))

        start = time.perf_counter()
        for letter in letters:
            shutil.copyfile(letter, root / "inbox" / letter.name)
        wait_until_done(database or root / "outbox" / "kunjungan.sqlite3", root / "inbox",
                        len(letters), sample)
        elapsed = time.perf_counter() - start
        sample()
        for service in services:
            stop_service(service)
    return {"nodes": nodes, "workers": workers, "letters": len(letters), "seconds": elapsed,
            "letters_per_second": len(letters) / elapsed, "peak_rss_mib": max(peak_rss) / 1024}


def bench_plain(letters: list[Path]) -> dict[str, float]:
    """The floor: read each letter's text with pypdf and render one document with docxtpl."""
    from docxtpl import DocxTemplate
    from pypdf import PdfReader

    template = REPO / "templates" / "lembar_disposisi.docx"
    variables = DocxTemplate(template).get_undeclared_template_variables()  # once, not timed
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        for letter in letters:
            text = "\n".join(page.extract_text() for page in PdfReader(letter).pages)
            document = DocxTemplate(template)
            context = {name: text[:40] for name in variables}
            context["logo"] = context["qr"] = ""
            document.render(context, autoescape=True)
            document.save(out / f"{letter.stem}.docx")
        elapsed = time.perf_counter() - start
    return {"letters": len(letters), "seconds": elapsed,
            "letters_per_second": len(letters) / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-letters", type=int, default=100)
    parser.add_argument("--batch-letters", type=int, default=1000)
    parser.add_argument("--only", choices=["a", "b", "c"])
    args = parser.parse_args()
    results: dict[str, object] = {"cpus": os.cpu_count()}
    if args.only in (None, "a"):
        results["latency"] = bench_latency(args.latency_letters)
        print(json.dumps(results["latency"]), flush=True)
    if args.only in (None, "b", "c"):
        with tempfile.TemporaryDirectory() as tmp:
            letters = make_letters(Path(tmp), args.batch_letters)
            if args.only in (None, "b"):
                for workers in (1, 2):
                    results[f"batch_{workers}_workers"] = bench_batch(letters, workers)
                    print(json.dumps(results[f"batch_{workers}_workers"]), flush=True)
            if args.only in (None, "c"):
                results["plain"] = bench_plain(letters)
                print(json.dumps(results["plain"]), flush=True)
    one, two = results.get("batch_1_workers"), results.get("batch_2_workers")
    plain = results.get("plain")
    if isinstance(one, dict) and isinstance(two, dict):
        results["speedup_2_over_1"] = one["seconds"] / two["seconds"]
    if isinstance(one, dict) and isinstance(plain, dict):
        results["ratio_pipeline_1_worker_over_plain"] = one["seconds"] / plain["seconds"]
    if isinstance(two, dict) and isinstance(plain, dict):
        results["ratio_pipeline_2_workers_over_plain"] = two["seconds"] / plain["seconds"]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""PDF rendition benchmarks (figures for the project notes; no assertions).

  (a) one document converted to PDF/A-2b by a cold `soffice --headless` run, median of N;
  (b) the same through the warm converter (unoserver kept running), median of N, and the
      converter's start-up time;
  (c) drop → Lembar Disposisi latency of the service with renditions on and off
      (`KUNJUNGAN_PDF=0`), median and p95 over M letters, and the ratio on/off.

Usage: python bench/renditions.py [--documents 20] [--latency-letters 40] [--only a|b|c]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))
sys.path.insert(0, str(REPO / "bench"))

from doc_fixtures import ISSUED_AT, TEMPLATES, assigned, make_config  # noqa: E402
from intake import latencies_of, make_letters  # noqa: E402

from pipeline.documents.context import build_context  # noqa: E402
from pipeline.documents.kinds import DOCUMENT_KINDS  # noqa: E402
from pipeline.documents.pdf import PdfConverter, PdfTools, find_tools  # noqa: E402
from pipeline.documents.render import render_document  # noqa: E402
from pipeline.workflow.renditions import SWITCH_ENV  # noqa: E402


def sample_documents(folder: Path) -> list[Path]:
    """The six kinds rendered for one assigned case (a mix of one- and multi-page files)."""
    config = make_config(folder)
    made = []
    for kind, spec in DOCUMENT_KINDS.items():
        target = folder / f"{kind}.docx"
        render_document(TEMPLATES / spec.template,
                        build_context(kind, assigned(), config, ISSUED_AT), target)
        made.append(target)
    return made


def bench_conversion(count: int, tools: PdfTools) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        documents = sample_documents(folder)
        started = time.perf_counter()
        with PdfConverter(tools) as converter:
            ready = time.perf_counter() - started
            converter.convert(documents[0], folder / "first.pdf")  # LibreOffice's first load
            times = []
            for number in range(count):
                docx = documents[number % len(documents)]
                start = time.perf_counter()
                converter.convert(docx, folder / f"{number}.pdf")
                times.append(time.perf_counter() - start)
            warm = converter.warm
    return {"documents": count, "warm_converter": warm, "start_s": ready,
            "median_s": statistics.median(times), "max_s": max(times)}


def bench_latency(count: int) -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        letters = make_letters(Path(tmp), count)
        for label, switch in (("off", "0"), ("on", "1")):
            os.environ[SWITCH_ENV] = switch
            found = latencies_of(letters)
            results[label] = {"letters": count, "median_ms": statistics.median(found) * 1000,
                              "p95_ms": found[int(0.95 * (len(found) - 1))] * 1000}
    os.environ.pop(SWITCH_ENV, None)
    on, off = results["on"], results["off"]
    assert isinstance(on, dict) and isinstance(off, dict)
    results["ratio_on_over_off_median"] = on["median_ms"] / off["median_ms"]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--latency-letters", type=int, default=40)
    parser.add_argument("--only", choices=["a", "b", "c"])
    args = parser.parse_args()
    tools = find_tools()
    results: dict[str, object] = {"cpus": os.cpu_count(), "unoserver": tools.unoserver}
    if args.only in (None, "a"):
        results["cold"] = bench_conversion(max(3, args.documents // 4),
                                           PdfTools(tools.soffice, None))
        print(json.dumps(results["cold"]), flush=True)
    if args.only in (None, "b"):
        results["warm"] = bench_conversion(args.documents, tools)
        print(json.dumps(results["warm"]), flush=True)
    if args.only in (None, "c"):
        results["latency"] = bench_latency(args.latency_letters)
        print(json.dumps(results["latency"]), flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""The public verification page and the kiosk's list with many cases (figures, no assertions).

Registers N letters straight into a SQLite store (each case with its pending Lembar Disposisi:
no rendering), then times through the desk's Flask app (test client, one process): the
verification page of random codes of ours, of codes no document has (the page recomputes
every document's code: the worst case), and the kiosk's list of today's visits.

Usage: python bench/verification.py [--cases 10000] [--requests 50]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.case import LetterFields  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.store.db import Store  # noqa: E402
from pipeline.web.app import create_app  # noqa: E402
from pipeline.workflow.engine import IncomingLetter, Workflow  # noqa: E402

CONFIG = """
[paths]
inbox = "inbox"
outbox = "outbox"
templates = "{templates}"
"""


def timed(call: Callable[[], int], count: int) -> dict[str, object]:
    """Median and p95 in ms of `count` calls, and the HTTP statuses they answered."""
    spent, statuses = [], set()
    for _ in range(count):
        start = time.perf_counter()
        statuses.add(call())
        spent.append((time.perf_counter() - start) * 1000)
    spent.sort()
    return {"median_ms": round(statistics.median(spent), 1),
            "p95_ms": round(spent[min(len(spent) - 1, round(0.95 * (len(spent) - 1)))], 1),
            "status": sorted(statuses)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        (root / "kunjungan.toml").write_text(CONFIG.format(templates=REPO / "templates"))
        config = load_config(root / "kunjungan.toml")
        workflow = Workflow(config, Store(config.database.url))
        start = time.perf_counter()
        for number in range(args.cases):
            digest = hashlib.sha256(f"surat {number}".encode()).hexdigest()
            workflow.register(IncomingLetter(
                fields=LetterFields(nomor_surat=f"005/{number}/2026", perihal="Permohonan",
                                    instansi_pengirim=f"Sekolah {number}"),
                readings={}, review_notes=(), needs_review=False, sha256=digest,
                archive_sha256=None, original_name="surat.pdf",
                source_path=config.paths.inbox / f"{number}.pdf", received_at=workflow.now(),
                read_method="text"), "bench")
        print(f"{args.cases} cases registered in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
        codes = [workflow.stamp_of(d).code for d in workflow.store.all_documents()]
        client = create_app(config).test_client()
        rng = random.Random(1)
        results: dict[str, object] = {
            "cases": args.cases,
            "documents": len(codes),
            # The first question of a server thread computes every document's code once.
            "verification page, first request": timed(
                lambda: client.get(f"/verifikasi/{codes[0]}").status_code, 1),
            "verification page, a code of ours": timed(
                lambda: client.get(f"/verifikasi/{rng.choice(codes)}").status_code,
                args.requests),
            "verification page, a code not ours (404)": timed(
                lambda: client.get("/verifikasi/ABCD-EFGH").status_code, args.requests),
            "kiosk, today's visits": timed(lambda: client.get("/kiosk").status_code,
                                           args.requests),
        }
        for name, value in results.items():
            print(f"{name:<45} {value}")
        workflow.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Web desk benchmark (figures, no assertions): with N cases in the store (10,000 by default,
written through the store's write methods: testkit/desk_cases.py), the service running
(`kunjungan run`, the desk beside the watcher), load from a second process on loopback.

  (a) p95 and median response time of the Kotak Masuk, a case page and a search, each
      requested `--requests` times by `--clients` concurrent clients (signed in);
  (b) drop -> Lembar Disposisi latency, median over `--letters` letters dropped one at a time,
      idle and while the load of (a) runs.

Usage: python bench/web.py [--cases 10000] [--requests 300] [--clients 4] [--letters 20]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))

from browser import free_port, start_service, stop_service, web_section  # noqa: E402
from desk_cases import fill_store  # noqa: E402
from intake import SHEET, make_letters, make_office  # noqa: E402

from pipeline.config import load_config  # noqa: E402
from pipeline.store.db import Store  # noqa: E402
from pipeline.web.accounts import add_account, checked_account  # noqa: E402

PASSWORD = "kata-sandi-bench-1"
PAGES = {"kotak_masuk": "/", "kasus": "/kasus/{case}", "cari": "/cari?instansi=smk+negeri+1"}


def session(base: str) -> urllib.request.OpenerDirector:
    """A client signed in as the Kepala UPTD (the role with the most on the Kotak Masuk)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/masuk").read().decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    if token is None:
        token = re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert token, "no CSRF token on the login page"
    form = urllib.parse.urlencode({"csrf_token": token.group(1), "username": "kauptd",
                                   "password": PASSWORD}).encode()
    opener.open(f"{base}/masuk", data=form).read()
    return opener


def client(base: str, paths: list[tuple[str, str]], results: Any) -> None:
    opener = session(base)
    timings: dict[str, list[float]] = {}
    for name, path in paths:
        start = time.perf_counter()
        with opener.open(f"{base}{path}") as response:
            response.read()
            assert response.status == 200, (path, response.status)
        timings.setdefault(name, []).append(time.perf_counter() - start)
    results.put(timings)


def load(base: str, case: int, requests: int, clients: int) -> dict[str, dict[str, float]]:
    """`requests` of each page, spread over `clients` processes; times per page."""
    paths = [(name, path.format(case=case)) for _ in range(requests // clients)
             for name, path in PAGES.items()]
    results: Any = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=client, args=(base, paths, results))
               for _ in range(clients)]
    for worker in workers:
        worker.start()
    timings: dict[str, list[float]] = {}
    for _ in workers:
        for name, values in results.get(timeout=1800).items():
            timings.setdefault(name, []).extend(values)
    for worker in workers:
        worker.join()
    return {name: {"requests": len(v), "median_ms": statistics.median(v) * 1000,
                   "p95_ms": sorted(v)[int(0.95 * (len(v) - 1))] * 1000}
            for name, v in timings.items()}


def drop_latencies(root: Path, letters: list[Path]) -> list[float]:
    """Drop each letter, one at a time; its Lembar Disposisi's mtime minus the drop (the
    cases made in bulk have no folders: every sheet found is a dropped letter's)."""
    found = []
    for source in letters:
        seen = set((root / "outbox").glob(f"*/*/{SHEET}"))
        data = source.read_bytes()
        start = time.time()
        (root / "inbox" / source.name).write_bytes(data)
        deadline = time.monotonic() + 60
        while not (new := set((root / "outbox").glob(f"*/*/{SHEET}")) - seen):
            if time.monotonic() > deadline:
                raise RuntimeError(f"no Lembar Disposisi for {source.name}")
            time.sleep(0.002)
        found.append(new.pop().stat().st_mtime - start)
        time.sleep(0.05)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--letters", type=int, default=20)
    args = parser.parse_args()
    os.environ["KUNJUNGAN_PDF"] = "0"  # LibreOffice beside the workers is noise here
    results: dict[str, Any] = {"cpus": os.cpu_count(), "cases": args.cases}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "office"
        config_path = make_office(root)
        port = free_port()
        with config_path.open("a", encoding="utf-8") as config_file:
            config_file.write(web_section(port))
        config = load_config(config_path)
        store = Store(config.database.url)
        started = time.perf_counter()
        fill_store(store, config, args.cases)
        results["fill_seconds"] = round(time.perf_counter() - started, 1)
        add_account(store, checked_account(config, "kauptd", "kepala_uptd"), PASSWORD)
        case = store.case_summaries("ditugaskan", 1)[0].id
        store.close()
        letters = make_letters(Path(tmp) / "letters", 2 * args.letters)
        base = f"http://127.0.0.1:{port}"
        service = start_service(config_path, port)
        try:
            load(base, case, 4 * args.clients, args.clients)  # warm up
            idle = drop_latencies(root, letters[:args.letters])
            results["intake_idle_median_ms"] = statistics.median(idle) * 1000
            pool = multiprocessing.Pool(1)
            pending = pool.apply_async(load, (base, case, args.requests, args.clients))
            time.sleep(1)
            busy = drop_latencies(root, letters[args.letters:])
            results["pages_under_load"] = pending.get(timeout=3600)
            pool.close()
            results["intake_under_load_median_ms"] = statistics.median(busy) * 1000
            results["intake_load_over_idle"] = (results["intake_under_load_median_ms"]
                                                / results["intake_idle_median_ms"])
        finally:
            stop_service(service)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

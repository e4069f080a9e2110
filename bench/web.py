"""Web desk benchmark (figures, no assertions): with N cases in the store (10,000 by default,
written through the store's write methods: testkit/desk_cases.py), the service running
(`kunjungan run`, the desk beside the watcher), load from a second process on loopback.

  (a) p95 and median response time of the Kotak Masuk, a case page and a search, each
      requested `--requests` times by `--clients` signed-in clients (threads of one second
      process), `--rate` requests a second in all (0: back to back), at most `--seconds`;
  (b) drop -> Lembar Disposisi latency, median over `--letters` letters dropped one at a time,
      idle and while the load of (a) runs.

Usage: python bench/web.py [--cases 10000] [--requests 300] [--clients 4] [--rate 20]
                          [--seconds 300] [--letters 20]
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
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))

from browser import start_service, stop_service, web_section  # noqa: E402
from desk_cases import fill_store  # noqa: E402
from intake import SHEET, make_letters, make_office  # noqa: E402
from postgres_server import free_port  # noqa: E402

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


def client(base: str, paths: list[tuple[str, str]], interval: float, deadline: float,
           timings: dict[str, list[float]]) -> None:
    """One signed-in client: a request every `interval` seconds (none: back to back), on a
    fixed schedule (a slow answer makes the next request go at once, never two at a time)."""
    opener = session(base)
    due = time.monotonic()
    for name, path in paths:
        if time.monotonic() > deadline:
            return
        time.sleep(max(0.0, due - time.monotonic()))
        start = time.perf_counter()
        with opener.open(f"{base}{path}") as response:
            response.read()
            assert response.status == 200, (path, response.status)
        timings.setdefault(name, []).append(time.perf_counter() - start)
        due += interval


def load(base: str, case: int, requests: int, clients: int, rate: float,
         seconds: float) -> dict[str, Any]:
    """`requests` of each page from `clients` threads of this process, `rate` requests a
    second in all (0: as fast as they answer), for at most `seconds`; times per page."""
    paths = [(name, path.format(case=case)) for _ in range(requests // clients)
             for name, path in PAGES.items()]
    interval = clients / rate if rate else 0.0
    deadline = time.monotonic() + seconds
    timings: list[dict[str, list[float]]] = [{} for _ in range(clients)]
    threads = [threading.Thread(target=client, args=(base, paths, interval, deadline, t))
               for t in timings]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    merged: dict[str, list[float]] = {}
    for timing in timings:
        for name, values in timing.items():
            merged.setdefault(name, []).extend(values)
    pages = {name: {"requests": len(v), "median_ms": statistics.median(v) * 1000,
                    "p95_ms": sorted(v)[int(0.95 * (len(v) - 1))] * 1000}
             for name, v in merged.items()}
    done = sum(len(v) for v in merged.values())
    return {"pages": pages, "requests_per_second": round(done / elapsed, 1)}


def load_into(figures: Any, *args: Any) -> None:
    figures.put(load(*args))


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
    parser.add_argument("--rate", type=float, default=20.0,
                        help="requests a second from all clients together (0: back to back)")
    parser.add_argument("--seconds", type=float, default=300.0, help="longest load time")
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
            load(base, case, 4 * args.clients, args.clients, 0, 60)  # warm up
            idle = drop_latencies(root, letters[:args.letters])
            results["intake_idle_median_ms"] = statistics.median(idle) * 1000
            figures: Any = multiprocessing.Queue()
            loader = multiprocessing.Process(target=load_into, args=(
                figures, base, case, args.requests, args.clients, args.rate, args.seconds))
            loader.start()
            time.sleep(2)  # the clients are signed in and requesting
            busy = drop_latencies(root, letters[args.letters:])
            results["load"] = figures.get(timeout=3600)
            loader.join()
            results["intake_under_load_median_ms"] = statistics.median(busy) * 1000
            results["intake_load_over_idle"] = (results["intake_under_load_median_ms"]
                                                / results["intake_idle_median_ms"])
        finally:
            stop_service(service)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

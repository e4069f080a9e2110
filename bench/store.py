"""Store benchmarks (figures for the project notes; no assertions): the intake of text letters
on SQLite and on PostgreSQL (a throw-away server started here as in the tests, but with fsync
on, as a production server runs).

  (a) latency: drop → Lembar Disposisi, median and p95 over N letters dropped one at a time,
      one service on default settings, on each database;
  (b) throughput: M letters dropped at once, each service with 1 worker: SQLite with 1 node,
      PostgreSQL with 1 node and with 2 nodes (two `kunjungan run` on the one inbox).

Usage: python bench/store.py [--latency-letters 100] [--batch-letters 1000] [--only a|b]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "testkit"))

from intake import bench_batch, bench_latency, make_letters  # noqa: E402
from postgres_server import PostgresServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-letters", type=int, default=100)
    parser.add_argument("--batch-letters", type=int, default=1000)
    parser.add_argument("--only", choices=["a", "b"])
    parser.add_argument("--renditions", action="store_true",
                        help="keep the PDF renditions on (off by default: this measures the store)")
    args = parser.parse_args()
    if not args.renditions:
        os.environ["KUNJUNGAN_PDF"] = "0"  # LibreOffice converting beside the workers is noise here
    results: dict[str, object] = {"cpus": os.cpu_count()}
    server = PostgresServer(durable=True).start()  # fsync on, as SQLite's synchronous=FULL
    try:
        if args.only in (None, "a"):
            results["latency_sqlite"] = bench_latency(args.latency_letters)
            print(json.dumps(results["latency_sqlite"]), flush=True)
            latency_url = server.url(server.create_database())
            results["latency_postgresql"] = bench_latency(args.latency_letters, latency_url)
            print(json.dumps(results["latency_postgresql"]), flush=True)
        if args.only in (None, "b"):
            with tempfile.TemporaryDirectory() as tmp:
                letters = make_letters(Path(tmp), args.batch_letters)
                runs = {"sqlite_1_node": (1, None), "postgresql_1_node": (1, "postgresql"),
                        "postgresql_2_nodes": (2, "postgresql")}
                for name, (nodes, database) in runs.items():
                    url = server.url(server.create_database()) if database else None
                    results[name] = bench_batch(letters, workers=1, nodes=nodes, database=url)
                    print(json.dumps({name: results[name]}), flush=True)
    finally:
        server.stop()
    figures = {k: v for k, v in results.items() if isinstance(v, dict)}
    if {"latency_sqlite", "latency_postgresql"} <= set(figures):
        results["latency_postgresql_over_sqlite"] = (
            figures["latency_postgresql"]["median_ms"] / figures["latency_sqlite"]["median_ms"])
    if {"sqlite_1_node", "postgresql_1_node", "postgresql_2_nodes"} <= set(figures):
        sqlite, one, two = (figures[k]["seconds"] for k in
                            ("sqlite_1_node", "postgresql_1_node", "postgresql_2_nodes"))
        results["time_postgresql_over_sqlite_1_node"] = one / sqlite
        results["speedup_postgresql_2_nodes_over_1"] = one / two
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

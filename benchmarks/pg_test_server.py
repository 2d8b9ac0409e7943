#!/usr/bin/env python
"""How long the tests' PostgreSQL server (tests/pg_server.py) takes to start, and a test's fresh
database to be made, with its data in RAM (/dev/shm, what the fixture picks when there is room)
against the temp dir on disk (the baseline), in one process.

usage: python benchmarks/pg_test_server.py [--starts N] [--databases N]

Prints the medians and the RAM/disk ratios. Needs PostgreSQL 15 and psycopg (see the fixture).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pg_server  # noqa: E402


def _measure(folder: str, starts: int, databases: int) -> tuple[float, float]:
    """Median seconds to start a server, and to create (from the test template) a database."""
    import psycopg

    tempfile.tempdir = folder
    started, created = [], []
    for _ in range(starts):
        server = pg_server.start_server()
        started.append(server.started_in)
        try:
            with psycopg.connect(server.url(), autocommit=True) as conn:
                conn.execute("CREATE DATABASE bench_template TEMPLATE template0")
                for n in range(databases):
                    began = time.perf_counter()
                    conn.execute(f"CREATE DATABASE bench_{n} TEMPLATE bench_template")
                    created.append(time.perf_counter() - began)
                    conn.execute(f"DROP DATABASE bench_{n}")
        finally:
            pg_server.stop_server(server)
    return statistics.median(started), statistics.median(created)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--databases", type=int, default=5)
    args = parser.parse_args()
    reason = pg_server.missing_reason()
    if reason:
        print(f"pg_test_server: {reason}", file=sys.stderr)
        return 2
    pg_server.os.environ.pop("WORKBENCH_PG_TMP", None)
    disk = _measure(tempfile.gettempdir(), args.starts, args.databases)
    ram = _measure(str(pg_server.RAM_FOLDER), args.starts, args.databases)
    print(f"{'':10} {'start s':>8} {'database ms':>12}")
    print(f"{'disk':10} {disk[0]:8.2f} {disk[1] * 1000:12.0f}")
    print(f"{'RAM':10} {ram[0]:8.2f} {ram[1] * 1000:12.0f}")
    print(f"{'RAM/disk':10} {ram[0] / disk[0]:8.2f} {ram[1] / disk[1]:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Live updates on PostgreSQL: how long after one review store's verdict commits does another
store's listener hear of it (LISTEN/NOTIFY, ``ReviewStore.listen``)? Baseline in the same run:
the commit itself (``Session.set_status``, one durable transaction).

usage: python benchmarks/live_updates.py [--verdicts 300]

The server is started here (tests/pg_server.py) with its durable defaults. Each verdict is
committed through store B and waited for on store A's listener before the next one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pg_server  # noqa: E402
from review_helpers import make_article, make_quotes, make_speakers  # noqa: E402
from reviewers import _postgres_url  # noqa: E402

STATUSES = (("confirmed", None), ("disputed", "altered"), ("unverifiable", None))


def run(url: str, verdicts: int) -> dict:
    from workbench.review import SessionStore

    article, quotes = make_article(), make_quotes()
    a_store = SessionStore(url, reviewer="ana")
    b_store = SessionStore(url, reviewer="ben")
    a_store.open(article, quotes, make_speakers())
    ben = b_store.open(article, quotes, make_speakers())
    heard = threading.Event()
    at: list[float] = []
    stop = a_store.listen(lambda sha: (at.append(time.perf_counter()), heard.set()))
    commits, delays, missed = [], [], 0
    try:
        for i in range(verdicts):
            heard.clear()
            status, reason = STATUSES[i % len(STATUSES)]
            t0 = time.perf_counter()
            ben.set_status(quotes[i % len(quotes)].id, status, reason)
            t1 = time.perf_counter()
            commits.append(t1 - t0)
            if heard.wait(5.0):
                delays.append(max(at[-1] - t1, 0.0))
            else:
                missed += 1
    finally:
        stop()
        a_store.close()
        b_store.close()
    return {"commit": commits, "delay": delays, "missed": missed}


def _q(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=300)
    args = parser.parse_args()
    reason = pg_server.missing_reason()
    if reason:
        print(f"live_updates: {reason}", file=sys.stderr)
        return 2
    os.environ["WORKBENCH_PG_TMP"] = tempfile.gettempdir()
    os.environ["WORKBENCH_CONFIG"] = os.path.join(tempfile.gettempdir(), "no-such-config.toml")
    server = pg_server.start_server(durable=True)
    try:
        f = run(_postgres_url(server), args.verdicts)
    finally:
        pg_server.stop_server(server)
    print(f"{args.verdicts} verdicts; load average {os.getloadavg()[0]:.2f}; "
          f"missed (no notification within 5 s): {f['missed']}")
    for name in ("commit", "delay"):
        v = f[name]
        print(f"{name:7} p50 {statistics.median(v) * 1000:7.2f} ms  p95 {_q(v, 95) * 1000:7.2f} ms"
              f"  max {max(v) * 1000:7.2f} ms")
    print(f"delay / commit: p50 x{statistics.median(f['delay']) / statistics.median(f['commit']):.2f}")
    return 1 if f["missed"] or max(f["delay"]) > 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())

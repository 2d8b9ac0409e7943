#!/usr/bin/env python
"""Concurrent reviewers: N processes each record M verdicts through the review rules
(``Session.set_status`` with evidence, one durable transaction each), against PostgreSQL and,
in the same run as the baseline, against an SQLite session file. Counts the verdicts lost (each
acknowledged one must be in the undo log afterwards) and the p50/p95/p99 of one verdict's commit.

usage: python benchmarks/reviewers.py [--reviewers 8] [--verdicts 500] [--articles 1] [--ram]

All reviewers work on one article by default (the worst case: they take turns on its lock);
``--articles K`` spreads them over K articles. The PostgreSQL server is started here
(tests/pg_server.py) with its durable defaults (fsync, synchronous_commit on), its data in the
temp dir on disk like the SQLite file (``--ram``: both in /dev/shm). Needs PostgreSQL 15.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pg_server  # noqa: E402
from review_helpers import TEXT, make_article, make_quotes, make_speakers  # noqa: E402

STATUSES = (("confirmed", None), ("disputed", "altered"), ("unverifiable", None))


def _article(n: int):
    text = TEXT + f"\nArticle {n}.\n"
    return make_article(text, path=f"article-{n}.txt"), make_quotes(text)


def _reviewer(target: str, number: int, verdicts: int, articles: int, start, out) -> None:
    """One reviewer process: open its article, wait for the others, record *verdicts*."""
    from workbench.review import SessionStore

    article, quotes = _article(number % articles)
    times = []
    with SessionStore(target, reviewer=f"reviewer {number}") as store:
        session = store.open(article, quotes, make_speakers())
        start.wait()
        for i in range(verdicts):
            status, reason = STATUSES[i % len(STATUSES)]
            quote = quotes[(number + i) % len(quotes)]
            began = time.perf_counter()
            session.set_status(quote.id, status, reason,
                               evidence={"reviewer": number, "verdict": i})
            times.append(time.perf_counter() - began)
    out.put((number, times))


def _recorded(target: str) -> set[tuple[int, int]]:
    """(reviewer, verdict) of every verdict in the undo log, read beside the store."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as conn:
            rows = conn.execute("SELECT after FROM actions").fetchall()
    else:
        import sqlite3

        conn = sqlite3.connect(target)
        rows = conn.execute("SELECT after FROM actions").fetchall()
        conn.close()
    found = set()
    for (after,) in rows:
        evidence = json.loads(after).get("evidence") or {}
        found.add((evidence.get("reviewer"), evidence.get("verdict")))
    return found


def run(target: str, reviewers: int, verdicts: int, articles: int) -> dict:
    ctx = mp.get_context("fork")
    start, out = ctx.Barrier(reviewers + 1), ctx.Queue()
    procs = [ctx.Process(target=_reviewer, args=(target, n, verdicts, articles, start, out))
             for n in range(reviewers)]
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    results = [out.get(timeout=1800) for _ in procs]
    wall = time.perf_counter() - began
    for p in procs:
        p.join()
    acknowledged = {(n, i) for n, times in results for i in range(len(times))}
    times = sorted(t for _, ts in results for t in ts)
    q = statistics.quantiles(times, n=100)
    return {"verdicts": len(acknowledged), "lost": len(acknowledged - _recorded(target)),
            "wall": wall, "rate": len(times) / wall, "p50": statistics.median(times),
            "p95": q[94], "p99": q[98], "failed": sum(p.exitcode != 0 for p in procs)}


def _postgres_url(server) -> str:
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    pg_server._admin(server, "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'", "bench")
    conn = connect(server.url("bench"))
    try:
        init_database(conn)
    finally:
        conn.close()
    return server.url("bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=8)
    parser.add_argument("--verdicts", type=int, default=500)
    parser.add_argument("--articles", type=int, default=1)
    parser.add_argument("--ram", action="store_true", help="both stores in /dev/shm")
    args = parser.parse_args()
    reason = pg_server.missing_reason()
    if reason:
        print(f"reviewers: {reason}", file=sys.stderr)
        return 2
    folder = str(pg_server.RAM_FOLDER) if args.ram else tempfile.gettempdir()
    os.environ["WORKBENCH_PG_TMP"] = folder
    os.environ["WORKBENCH_CONFIG"] = os.path.join(folder, "no-such-config.toml")
    print(f"{args.reviewers} reviewers x {args.verdicts} verdicts on {args.articles} "
          f"article(s); stores in {folder}; load average {os.getloadavg()[0]:.2f}")
    figures = {}
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        figures["sqlite"] = run(os.path.join(tmp, "sessions.db"), args.reviewers, args.verdicts,
                                args.articles)
    server = pg_server.start_server(durable=True)
    try:
        figures["postgresql"] = run(_postgres_url(server), args.reviewers, args.verdicts,
                                    args.articles)
    finally:
        pg_server.stop_server(server)
    print(f"{'':11} {'verdicts':>8} {'lost':>5} {'wall s':>7} {'per s':>7} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7}")
    for name, f in figures.items():
        print(f"{name:11} {f['verdicts']:8d} {f['lost']:5d} {f['wall']:7.1f} {f['rate']:7.0f} "
              f"{f['p50'] * 1000:7.1f} {f['p95'] * 1000:7.1f} {f['p99'] * 1000:7.1f}")
    pg, lite = figures["postgresql"], figures["sqlite"]
    print(f"postgresql / sqlite: p50 x{pg['p50'] / lite['p50']:.2f}, "
          f"p95 x{pg['p95'] / lite['p95']:.2f}, throughput x{pg['rate'] / lite['rate']:.2f}")
    failed = sum(f["failed"] for f in figures.values())
    return 1 if failed or any(f["lost"] for f in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

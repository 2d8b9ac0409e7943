"""CPU time per query of the search, for comparing two versions of the code on a loaded machine.

Runs the queries a ``benchmarks/search.py`` run wrote (``queries-SIZE.jsonl`` in its workdir)
against its corpus with one warm ``Searcher``, judged as search.py judges them, and prints CPU
percentiles (all queries, absent ones) and recall by class; ``--out`` keeps each query's
outcome, and ``--against`` compares with another run's (answers lost, won, changed). Wall time
on a shared machine measures the load: run the two versions side by side at the same moment,
each from its own checkout (the checkout run from is the code measured):

    (cd OLD && python benchmarks/search_cpu.py DB QUERIES --out /tmp/old.json) &
    (cd NEW && python benchmarks/search_cpu.py DB QUERIES --out /tmp/new.json); wait
    python benchmarks/search_cpu.py DB QUERIES --report /tmp/new.json --against /tmp/old.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, ".")  # the checkout run from, not the installed copy


def run(db: str, queries_path: str) -> list[dict]:
    spec = importlib.util.spec_from_file_location("bench_search", "benchmarks/search.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from workbench.corpus.search import Searcher
    from workbench.corpus.store import open_store

    store = open_store(db)
    searcher = Searcher(store)
    out = []
    for line in open(queries_path, encoding="utf-8"):
        q = json.loads(line)
        t, cpu = time.perf_counter(), time.process_time()
        matches, lead = searcher.search_with_lead(q["text"], speaker=q.get("speaker"), limit=5)
        ms = (time.perf_counter() - t) * 1000
        matches = matches or ([lead] if lead else [])
        r = bench._judge(q, matches, ms) | {"cpu_ms": (time.process_time() - cpu) * 1000}
        r["where"] = [[p.doc.id, p.start, p.end] for p in matches[0].parts] if matches else None
        out.append(r)
    store.close()
    return out


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


def report(rows: list[dict], against: list[dict] | None) -> None:
    cpu = [r["cpu_ms"] for r in rows]
    absent = [r["cpu_ms"] for r in rows if r["type"] == "absent"]
    print(f"{len(rows)} queries, CPU ms: mean {sum(cpu) / len(cpu):.2f} p50 {_pct(cpu, .5):.2f} "
          f"p95 {_pct(cpu, .95):.1f}; absent p50 {_pct(absent, .5):.1f} p95 {_pct(absent, .95):.1f}")
    by = defaultdict(list)
    for r in rows:
        by[r["type"]].append(r)
    print("recall@1: " + ", ".join(f"{t} {sum(r['correct'] for r in v) / len(v):.3f}"
                                   for t, v in by.items() if t not in ("absent", "heldout")))
    if against:
        pairs = list(zip(against, rows))
        lost = [(i, a["type"]) for i, (a, b) in enumerate(pairs) if a["correct"] and not b["correct"]]
        won = [(i, a["type"]) for i, (a, b) in enumerate(pairs) if b["correct"] and not a["correct"]]
        changed = sum((a["kind"], a["where"]) != (b["kind"], b["where"]) for a, b in pairs)
        print(f"against the other run: lost {lost}, won {won}, {changed} answers changed")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("queries")
    ap.add_argument("--out", type=Path, help="write each query's outcome here (JSON)")
    ap.add_argument("--report", type=Path, help="report a saved run instead of running")
    ap.add_argument("--against", type=Path, help="a saved run to compare with")
    args = ap.parse_args(argv)
    rows = json.loads(args.report.read_text()) if args.report else run(args.db, args.queries)
    if args.out:
        args.out.write_text(json.dumps(rows))
    report(rows, json.loads(args.against.read_text()) if args.against else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""What recording evidence costs: the corpus identity a verdict records, on a real corpus.

usage: python benchmarks/evidence.py CORPUS.db [--repeat 7]

Times, best and median of ``--repeat`` runs each, in the same process:

* baseline: ``CorpusStore.stats()`` (what the export recorded about the corpus before evidence
  records: it reads every document's length);
* identity: :func:`workbench.review.evidence.corpus_identity` (path, counts, content
  fingerprint), as a session computes it once when it opens the corpus;
* text hash: :func:`workbench.review.evidence.text_sha256` of every document, uncached (the
  worst case for a verdict: its document's stored text hashed the first time).

It prints milliseconds and the ratio of each to the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from workbench.corpus.match import DocRef  # noqa: E402
from workbench.corpus.store import CorpusStore  # noqa: E402
from workbench.review import evidence  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with CorpusStore(args.db, create=False) as store:
        refs = [(d.id, d.path) for d in store.documents()]
        identity = evidence.corpus_identity(store)
        print(f"{args.db}: {identity['documents']:,} documents, "
              f"{identity['passages']:,} passages")

        def hash_all() -> None:
            evidence._text_hashes.pop(store, None)  # uncached: every text read and hashed
            for doc_id, path in refs:
                evidence.text_sha256(store, DocRef(doc_id, None, None, None, None, path))

        runs = {"baseline stats()": timed(store.stats, args.repeat),
                "corpus_identity()": timed(lambda: evidence.corpus_identity(store), args.repeat),
                "text_sha256, all documents": timed(hash_all, max(1, args.repeat // 3))}
    base = statistics.median(runs["baseline stats()"])
    for name, times in runs.items():
        med = statistics.median(times)
        print(f"{name:28} best {min(times) * 1000:8.1f} ms  median {med * 1000:8.1f} ms  "
              f"x{med / base:6.2f} of baseline")
    per_doc = statistics.median(runs["text_sha256, all documents"]) / max(len(refs), 1)
    print(f"text_sha256 per document (uncached): {per_doc * 1000:.2f} ms")


if __name__ == "__main__":
    main()

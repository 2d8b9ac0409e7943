"""Copying a corpus from one store to another (``workbench corpus copy SRC DST``), whichever
their backends: every document with its passages, under the same ids where the destination
has them free. A document the destination holds already (same path and sha256, or on
PostgreSQL the same source identity) is left as it is, so copying again changes nothing.
How a page added by URL was fetched (its ETag and Last-Modified) goes with it, so the next
``corpus add`` of that URL on the destination revalidates instead of fetching it in full."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CopySummary", "copy_corpus"]

BATCH_DOCUMENTS = 200
"""Documents per transaction: large enough for bulk writes, small enough to hold in memory."""


@dataclass
class CopySummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    passages: int = 0  # passages written
    fetches: int = 0  # fetch records written (pages added by URL)


def copy_corpus(source, target, advance: Callable[[int], None] = lambda n: None) -> CopySummary:
    """Copy every document of *source* into *target* (both open corpus stores); *advance*
    is called with 1 for each document."""
    summary = CopySummary()
    fetches = source.fetch_records()  # (few: the pages added by URL; one query, not one a document)
    refs = list(source.documents())
    for i in range(0, len(refs), BATCH_DOCUMENTS):
        with target.batch():
            for ref in refs[i:i + BATCH_DOCUMENTS]:
                doc = source.get_document(ref.id)
                if doc is not None:
                    passages = source.passages_of(ref.id)
                    outcome = target.copy_document(doc, passages)
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    if outcome != "unchanged":
                        summary.passages += len(passages)
                    fetch = fetches.get(doc.path)
                    if fetch is not None:
                        summary.fetches += _copy_fetch(target, doc.path, fetch, outcome)
                advance(1)
    return summary


def _copy_fetch(target, path: str, fetch, outcome: str) -> int:
    """Record *fetch* for the document keyed *path* on *target*: 1 if written, 0 if not (an
    unchanged document keeps the destination's own record if it has one: fetched there,
    maybe later)."""
    if outcome == "unchanged" and target.fetch_of(path) is not None:
        return 0
    target.set_fetch(path, fetch)
    return 1

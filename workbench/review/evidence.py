"""What a verdict records as its evidence: enough for a third party to re-check it without us.

:func:`evidence_record` turns the corpus match shown when the verdict was made (or "no match")
into a plain dict: the source document (id, path, URL, title, date, speaker and the sha256 of its
stored text), the span's offsets and exact text, kind, score and word diff, one entry per part of
a splice, the query and speaker filter that were searched, the corpus's identity
(:func:`corpus_identity`: path, counts and a content fingerprint), the time and the tool version.
``workbench verify`` (:mod:`workbench.export.verify`) re-checks exactly these fields.
"""

from __future__ import annotations

import hashlib
import weakref
from datetime import datetime, timezone

from workbench import __version__
from workbench.corpus.match import DocRef, Match, Span

__all__ = ["corpus_identity", "evidence_record", "text_sha256", "hash_text", "fingerprint"]

_text_hashes: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()
"""Per store: (document id, source sha256) -> sha256 of the stored text, so that verdicts on
many quotes from one long transcript hash it once. The source sha256 is part of the key: a
re-added (changed) document gets hashed again."""


def fingerprint(hashes: list[tuple[str, str]]) -> str:
    """A content fingerprint of a corpus: sha256 over its documents' (path, sha256) pairs
    sorted by path, one ``path\\tsha256\\n`` line each. Any document added, removed or changed
    (a changed source file has another sha256) changes it."""
    lines = "".join(f"{path}\t{sha256}\n" for path, sha256 in sorted(hashes))
    return "sha256:" + hashlib.sha256(lines.encode("utf-8", "surrogatepass")).hexdigest()


def corpus_identity(store) -> dict:
    """The corpus a search ran in: its path, document and passage counts and fingerprint."""
    from workbench.corpus.store import location

    hashes, passages = store.content_hashes()
    return {"path": location(store), "documents": len(hashes), "passages": passages,
            "fingerprint": fingerprint(hashes)}


def text_sha256(store, doc: DocRef) -> str | None:
    """The sha256 (hex) of *doc*'s stored text, or None if the store no longer has it."""
    source = store.sha256_of(doc.path) if doc.path is not None else None
    if source is None:
        return None
    try:
        cache = _text_hashes.setdefault(store, {})
    except TypeError:  # a store that cannot be weakly referenced: no cache
        cache = {}
    key = (doc.id, source)
    if key not in cache:
        stored = store.get_document(doc.id)
        if stored is None or stored.path != doc.path:
            return None
        cache[key] = hash_text(stored.text)
    return cache[key]


def hash_text(text: str) -> str:
    """The sha256 (hex) of a stored text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def evidence_record(match: Match | None, *, query: str, speaker: str | None, store,
                    corpus: dict | None, now: datetime | None = None,
                    note: str | None = None) -> dict:
    """What a verdict records about the evidence at the moment it is made: *match* (None: the
    search for *query*, with the *speaker* filter, found nothing in the corpus *corpus*, which is
    :func:`corpus_identity` of *store*; *corpus* None: no corpus was searched, which *note* may
    say why)."""
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    record = {"found": match is not None, "kind": None, "score": None, "query": query,
              "speaker_filter": speaker, "document": None, "span": None, "speaker": None,
              "diff": [], "parts": [], "corpus": dict(corpus) if corpus is not None else None,
              "note": note,
              "recorded_at": when.isoformat(timespec="seconds").replace("+00:00", "Z"),
              "tool": {"name": "workbench", "version": __version__}}
    if match is None:
        return record
    first = _part(store, match.first)
    record.update(kind=match.kind, score=round(match.score, 1), document=first["document"],
                  span=first["span"], speaker=first["speaker"],
                  diff=[d.to_dict() for d in match.diff],
                  parts=[_part(store, p) for p in match.parts])
    return record


def _part(store, span: Span) -> dict:
    doc = span.doc
    return {"document": {"id": doc.id, "path": doc.path, "url": doc.url, "title": doc.title,
                         "date": doc.date, "speaker": doc.speaker,
                         "text_sha256": text_sha256(store, doc) if store is not None else None},
            "span": {"start": span.start, "end": span.end, "text": span.text},
            "speaker": span.speaker, "kind": span.kind, "score": round(span.score, 1),
            "diff": [d.to_dict() for d in span.diff]}

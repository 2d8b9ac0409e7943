"""The corpus store, as the rest of workbench imports it: the records (:mod:`workbench.storage.records`)
and the SQLite backend (:mod:`workbench.storage.sqlite.corpus`), the embedded default. What the
search and ingest need of any backend is :class:`workbench.storage.protocols.CorpusStore`."""

from __future__ import annotations

from workbench.storage.records import (KINDS, Document, EncodedDocument, NewDocument, Passage,
                                       encode_document)
from pathlib import Path

from workbench.errors import CorpusError, show_path
from workbench.storage.sqlite.corpus import (DAMAGED, MEMORY, SCHEMA_VERSION,
                                             SQLiteCorpusStore as CorpusStore, db_errors,
                                             default_db_path, sqlite_reason)

__all__ = ["SCHEMA_VERSION", "KINDS", "DAMAGED", "MEMORY", "Document", "Passage", "NewDocument",
           "EncodedDocument", "encode_document", "CorpusStore", "default_db_path", "sqlite_reason",
           "open_corpus", "db_errors"]


def open_corpus(db: str | None) -> CorpusStore:
    """The corpus store, read as it is: a missing, foreign or empty corpus is one clear error
    (for search, check, the review UI and the evidence of ``workbench verdict``)."""
    path = Path(db) if db else default_db_path()
    store = CorpusStore(path, create=False)
    try:
        with db_errors(store):
            empty = not store.has_passages()
    except Exception:
        store.close()
        raise
    if empty:
        store.close()
        raise CorpusError(f"{show_path(str(path))}: the corpus is empty "
                          "(add documents first with `workbench corpus add`)")
    return store

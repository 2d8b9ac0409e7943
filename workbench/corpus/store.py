"""The corpus store, as the rest of workbench imports it: the records (:mod:`workbench.storage.records`)
and the SQLite backend (:mod:`workbench.storage.sqlite.corpus`), the embedded default. What the
search and ingest need of any backend is :class:`workbench.storage.protocols.CorpusStore`."""

from __future__ import annotations

from workbench.storage.records import (KINDS, Document, EncodedDocument, NewDocument, Passage,
                                       encode_document)
from workbench.storage.sqlite.corpus import (DAMAGED, MEMORY, SCHEMA_VERSION,
                                             SQLiteCorpusStore as CorpusStore, default_db_path,
                                             sqlite_reason)

__all__ = ["SCHEMA_VERSION", "KINDS", "DAMAGED", "MEMORY", "Document", "Passage", "NewDocument",
           "EncodedDocument", "encode_document", "CorpusStore", "default_db_path", "sqlite_reason"]

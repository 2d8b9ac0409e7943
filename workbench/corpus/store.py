"""The corpus store, as the rest of workbench imports it: the records (:mod:`workbench.storage.records`)
and the SQLite backend (:mod:`workbench.storage.sqlite.corpus`), the embedded default;
:func:`open_store` opens a path or a ``postgresql://`` URL on its backend. What the
search and ingest need of any backend is :class:`workbench.storage.protocols.CorpusStore`."""

from __future__ import annotations

import os
from pathlib import Path

from workbench.errors import CorpusError, show_path
from workbench.storage.records import (KINDS, Document, EncodedDocument, NewDocument, Passage,
                                       encode_document)
from workbench.storage.sqlite.corpus import (DAMAGED, ENV_VAR, MEMORY, SCHEMA_VERSION,
                                             SQLiteCorpusStore as CorpusStore, db_errors,
                                             default_db_path, sqlite_reason)
from workbench.storage.url import backend_for, is_url

__all__ = ["SCHEMA_VERSION", "KINDS", "DAMAGED", "MEMORY", "Document", "Passage", "NewDocument",
           "EncodedDocument", "encode_document", "CorpusStore", "default_db_path", "sqlite_reason",
           "open_corpus", "open_store", "open_at", "corpus_target", "location", "db_errors"]


def corpus_target(db: str | os.PathLike | None) -> str | Path:
    """The corpus named by *db* (a path or a ``postgresql://`` URL), else by
    ``$WORKBENCH_CORPUS``, else by ``[storage] corpus`` in the config, else ``corpus.db`` in the
    user data dir."""
    given = str(db) if db else os.environ.get(ENV_VAR) or _configured()
    if given and is_url(given):
        return given
    return Path(given).expanduser() if given else default_db_path()


def _configured() -> str | None:
    """``[storage] corpus`` of the config file; a broken config names nothing here (the
    commands that need it say what is wrong with it)."""
    from workbench.config import load_config
    from workbench.errors import WorkbenchError

    try:
        return load_config().corpus
    except WorkbenchError:
        return None


def open_store(db: str | os.PathLike | None, *, create: bool = False,
               verify: bool = False) -> CorpusStore:
    """The store for *db* (see :func:`corpus_target`) on its backend (SQLite or PostgreSQL)."""
    target = corpus_target(db)
    return backend_for(target).open_corpus(target, create=create, verify=verify)


def open_at(target: str | os.PathLike) -> CorpusStore:
    """The existing corpus at *target* exactly (a path or URL; no default), on its backend."""
    return backend_for(target).open_corpus(target, create=False)


def open_corpus(db: str | None) -> CorpusStore:
    """The corpus store, read as it is: a missing, foreign or empty corpus is one clear error
    (for search, check, the review UI and the evidence of ``workbench verdict``)."""
    store = open_store(db)
    try:
        with db_errors(store):
            empty = not store.has_passages()
    except Exception:
        store.close()
        raise
    if empty:
        store.close()
        raise CorpusError(f"{show_path(str(store.path))}: the corpus is empty "
                          "(add documents first with `workbench corpus add`)")
    return store


def location(store) -> str:
    """Where a store is, as evidence and exports record it: a file's absolute path, a
    server's URL (without its password)."""
    return str(store.path.resolve())

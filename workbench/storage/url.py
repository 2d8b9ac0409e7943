"""Which backend stores a corpus or the reviews: a path is an SQLite file (the embedded
default); a ``postgresql://`` URL is a PostgreSQL server (a database set up by ``workbench db
init``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from workbench.errors import WorkbenchError

__all__ = ["Backend", "backend_for", "is_url"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class Backend:
    """How to open the stores of one backend. ``open_corpus(target, create=…, verify=…)``
    returns a :class:`~workbench.storage.protocols.CorpusStore`; ``open_reviews(target,
    make_folder=…)`` a :class:`~workbench.storage.protocols.ReviewStore`."""

    name: str
    open_corpus: Callable
    open_reviews: Callable


def is_url(target: str | os.PathLike) -> bool:
    """Whether *target* names a server (``scheme://``) rather than a file."""
    return "://" in str(target)


def backend_for(target: str | os.PathLike) -> Backend:
    """The backend for *target*: SQLite for a path, PostgreSQL for a ``postgresql://`` URL; a
    clear error for another URL."""
    text = str(target)
    if text.lower().startswith(POSTGRES_SCHEMES):
        return _postgres()
    if is_url(text):
        raise WorkbenchError(f"{_redacted(text)}: not a storage workbench knows (a file path, "
                             "or postgresql://user@host/db)")
    return _sqlite()


def _sqlite() -> Backend:
    from workbench.storage.sqlite.corpus import SQLiteCorpusStore
    from workbench.storage.sqlite.reviews import SQLiteReviewStore

    return Backend("sqlite",
                   lambda target, **kw: SQLiteCorpusStore(target, **kw),
                   lambda target, **kw: SQLiteReviewStore(Path(target), **kw))


def _postgres() -> Backend:
    def open_corpus(target, **kw):
        from workbench.storage.postgres.corpus import PostgresCorpusStore

        return PostgresCorpusStore(str(target), **kw)

    def open_reviews(target, **kw):
        from workbench.storage.postgres.reviews import PostgresReviewStore

        return PostgresReviewStore(str(target), **kw)

    return Backend("postgresql", open_corpus, open_reviews)


def _redacted(url: str) -> str:
    """The URL without a password (``user:secret@host`` shows as ``user:***@host``)."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    shown = f"{scheme}://{credentials}{at}{host}"
    return shown if shown.isprintable() else repr(shown)

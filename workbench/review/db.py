"""The session file, as the rest of workbench imports it: the SQLite review store
(:mod:`workbench.storage.sqlite.reviews`), the embedded default. What the review rules need of
any backend is :class:`workbench.storage.protocols.ReviewStore`."""

from __future__ import annotations

from workbench.storage.sqlite.reviews import (APPLICATION, ENV_VAR, SCHEMA_VERSION, SessionDB,
                                              default_sessions_path, sqlite_reason)

__all__ = ["APPLICATION", "SCHEMA_VERSION", "ENV_VAR", "SessionDB", "default_sessions_path",
           "sqlite_reason"]

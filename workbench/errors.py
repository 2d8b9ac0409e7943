"""Errors the CLI turns into one clear line and a non-zero exit, and how a path and an OS
error read inside that line."""

from __future__ import annotations

import os


def show_path(path: str | os.PathLike) -> str:
    """The path as shown in a one-line message (``repr`` if it holds unprintable characters)."""
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)


def os_reason(exc: BaseException) -> str:
    """An OS error's reason in a few words ("Permission denied"), on one line."""
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).strip().splitlines()[0]


class WorkbenchError(Exception):
    """A problem with the user's input or environment, worth one line, not a traceback."""

    exit_code = 2


class ArticleError(WorkbenchError):
    """The article file cannot be loaded (missing, empty, binary, too large, undecodable)."""


class ModelError(WorkbenchError):
    """The spaCy model cannot be loaded."""


class CorpusError(WorkbenchError):
    """The corpus database cannot be used (missing, corrupt, foreign, locked, too new)."""


class SessionError(WorkbenchError):
    """The review session store cannot be used (not SQLite, foreign, damaged, locked, too new)."""


class ReviewError(WorkbenchError, ValueError):
    """A review action that cannot be applied: an unknown quote id, status, reason or cursor."""


class ConfigError(WorkbenchError):
    """The configuration file cannot be read or holds a value of the wrong kind."""

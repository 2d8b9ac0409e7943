"""Errors the CLI turns into one clear line and a non-zero exit."""


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

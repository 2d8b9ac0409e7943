"""Errors the CLI turns into one clear line and a non-zero exit."""


class WorkbenchError(Exception):
    """A problem with the user's input or environment, worth one line, not a traceback."""

    exit_code = 2


class ArticleError(WorkbenchError):
    """The article file cannot be loaded (missing, empty, binary, too large, undecodable)."""


class ModelError(WorkbenchError):
    """The spaCy model cannot be loaded."""

"""Errors the CLI turns into one clear line and a non-zero exit, and how a path, an OS error
and a JSON syntax error read inside that line."""

from __future__ import annotations

import json
import os


def show_path(path: str | os.PathLike) -> str:
    """The path as shown in a one-line message (``repr`` if it holds unprintable characters)."""
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)


def os_reason(exc: BaseException) -> str:
    """An OS error's reason in a few words ("Permission denied"), on one line."""
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).strip().splitlines()[0]


_JSON_WORDS = {
    "Expecting value": "expected a value",
    "Expecting ',' delimiter": "expected a ','",
    "Expecting ':' delimiter": "expected a ':'",
    "Expecting property name enclosed in double quotes": "expected a key in double quotes",
    "Invalid \\escape": "a bad backslash escape",
    "Invalid \\uXXXX escape": "a bad \\uXXXX escape",
    "Extra data": "more after the end of the JSON value",
}


def json_reason(exc: BaseException) -> str:
    """Why a line is "not valid JSON (...)", in words and with a column, for ``FILE:LINE: ...``
    messages: *exc* is what ``json.loads(line)`` raised (a JSONDecodeError, a RecursionError, or
    the ValueError of a number with too many digits)."""
    if isinstance(exc, RecursionError):
        return "not valid JSON (nested too deeply)"
    if not isinstance(exc, json.JSONDecodeError):
        words = "a number with too many digits" if "digits" in str(exc) else os_reason(exc)
        return f"not valid JSON ({words})"
    end = len(exc.doc.rstrip("\r\n"))  # json counts the line break as a line of its own
    column = f"at column {min(exc.pos, end) + 1}"
    if exc.msg == "Invalid control character at":
        char = exc.doc[exc.pos]
        if char in "\r\n":
            return f"not valid JSON (the line ends inside a string, {column}: cut off?)"
        return f"not valid JSON (a raw control character U+{ord(char):04X} in a string, {column})"
    if exc.msg == "Unterminated string starting at":
        return f"not valid JSON (the string that starts {column} never ends: cut off?)"
    if exc.pos >= len(exc.doc.rstrip()):  # only blanks after the error: the line was cut
        return f"not valid JSON (the line ends {column} before the value does: cut off?)"
    words = _JSON_WORDS.get(exc.msg) or exc.msg[:1].lower() + exc.msg[1:]
    return f"not valid JSON ({words} {column})"


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


class SessionUnavailable(SessionError):
    """The review store's server is not answering (gone, restarting): nothing was saved, and
    the same action may be tried again later."""


class ReviewError(WorkbenchError, ValueError):
    """A review action that cannot be applied: an unknown quote id, status, reason or cursor."""


class ConfigError(WorkbenchError):
    """The configuration file cannot be read or holds a value of the wrong kind."""

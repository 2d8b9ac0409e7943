"""What is at the path of an SQLite store before SQLite opens it, shared by the corpus and the
review store: SQLite would take a folder, a device or any other file for a database it may
write over, so each store looks first and refuses in one line what is not its own."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

__all__ = ["SQLITE_HEADER", "FileState", "file_state"]

SQLITE_HEADER = b"SQLite format 3\x00"

FileState = Literal["missing", "empty", "sqlite"]


def file_state(path: Path, shown: str, store: str, error: type[Exception]) -> FileState:
    """``missing`` (nothing at *path*), ``empty`` (a file of no bytes) or ``sqlite`` (a file
    that starts as an SQLite database); anything else raises *error* with one line naming
    *shown*, the path as printed, and *store*, what the file should be ("corpus")."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise error(f"{shown}: cannot open the {store} ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{shown}: is a directory, not a {store} file")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{shown}: not a regular file")
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise error(f"{shown}: cannot read the {store} ({exc.strerror or exc})") from None
    if not header:
        return "empty"
    if header != SQLITE_HEADER:
        raise error(f"{shown}: not a workbench {store} (not an SQLite database file)")
    return "sqlite"

"""Writing output files atomically: a temp file in the target's folder, then a rename.

The command line (``extract -o``, ``export -o``) and the review UI's export both write through
:func:`atomic_text_file`, so a crash or a full disk never leaves half a file, and an existing
file is replaced only when the caller says so.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from workbench.errors import WorkbenchError, os_reason, show_path

__all__ = ["atomic_text_file", "write_atomic", "check_target"]


def check_target(path: str | os.PathLike, overwrite: bool) -> None:
    """Refuse a bad output path before any work: a folder, a missing folder (WorkbenchError),
    or an existing file when not *overwrite* (FileExistsError: the caller asks or refuses)."""
    shown = show_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WorkbenchError(f"{shown}: cannot write the output ({os_reason(exc)})") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise WorkbenchError(f"{shown}: is a directory, not an output file")
        if not overwrite:
            raise FileExistsError(os.fspath(path))
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise WorkbenchError(f"{shown}: no such directory {show_path(parent)}")


@contextmanager
def atomic_text_file(path: str | os.PathLike, overwrite: bool = False) -> Iterator[IO[str]]:
    """A UTF-8 text stream that becomes *path* when the block ends without an exception (and
    is removed otherwise). Raises FileExistsError if *path* exists (or appears meanwhile) and
    not *overwrite*; other failures are the OSError of the step that failed."""
    path = os.fspath(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp",
                               dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _commit(tmp, path, overwrite)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def write_atomic(path: str | os.PathLike, text: str, overwrite: bool = False) -> None:
    """Write *text* to *path* as :func:`atomic_text_file` does."""
    with atomic_text_file(path, overwrite) as fh:
        fh.write(text)


def _commit(tmp: str, path: str, overwrite: bool) -> None:
    """Move *tmp* to *path*: ``os.replace`` when overwriting, else a hard link, which is atomic
    and fails if *path* exists (on file systems without links: check, then replace)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)  # keep the mode of a file we overwrite
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(tmp, path)

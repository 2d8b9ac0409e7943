"""Writing output files: atomically into a regular file, or streamed into a FIFO.

The command line (``extract -o``, ``export -o``) and the review UI's export both write through
:func:`atomic_text_file`, so a crash or a full disk never leaves half a file, and an existing
file is replaced only when the caller says so.

Only a regular file (or a symlink, which is replaced as a link) is ever replaced. A FIFO and the
null device (``/dev/null``) are written into instead, as a shell redirection would: nothing is
replaced, so no overwrite permission is needed. Anything else (a folder, any other device, a
socket) is refused, and so is an output that is the same file as one of the command's inputs.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from workbench.errors import WorkbenchError, os_reason, show_path

__all__ = ["atomic_text_file", "write_atomic", "check_target"]

_NEW, _REPLACE, _STREAM = "new", "replace", "stream"


def check_target(path: str | os.PathLike, overwrite: bool,
                 inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Refuse a bad output path before any work (WorkbenchError): a folder, a device other than
    the null device, a socket, a missing folder, or the same file as one of *inputs* (after
    resolving links); an existing file when not *overwrite* is a FileExistsError (the caller
    asks or refuses). A FIFO or the null device passes: it is written into, not replaced."""
    kind = _target_kind(path)
    if kind == _STREAM:
        return
    if kind == _REPLACE:
        for source in inputs:
            if _same_file(path, source):
                raise WorkbenchError(f"{show_path(path)}: the output would replace the input "
                                     f"{show_path(source)}; write it to another file")
        if not overwrite:
            raise FileExistsError(os.fspath(path))
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise WorkbenchError(f"{show_path(path)}: no such directory {show_path(parent)}")


@contextmanager
def atomic_text_file(path: str | os.PathLike, overwrite: bool = False) -> Iterator[IO[str]]:
    """A UTF-8 text stream that becomes *path* when the block ends without an exception (and
    is removed otherwise); into a FIFO or the null device, the stream writes straight into it.
    Raises FileExistsError if *path* exists (or appears meanwhile) and not *overwrite*,
    WorkbenchError if *path* is (or becomes) something that is never replaced; other failures
    are the OSError of the step that failed."""
    path = os.fspath(path)
    if _target_kind(path) == _STREAM:
        with _stream_into(path) as fh:
            yield fh
        return
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


def _target_kind(path: str | os.PathLike) -> str:
    """What writing to *path* means: ``new`` (nothing there), ``replace`` (a regular file, a
    symlink to one, or a dangling symlink) or ``stream`` (a FIFO or the null device, or a link
    to one); WorkbenchError for anything else."""
    shown = show_path(path)
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(path)
    except FileNotFoundError:
        return _REPLACE if os.path.lexists(path) else _NEW  # a dangling link is replaced as a link
    except OSError as exc:
        raise WorkbenchError(f"{shown}: cannot write the output ({os_reason(exc)})") from None
    if stat.S_ISREG(st.st_mode):
        return _REPLACE
    if _is_stream(st):
        return _STREAM
    if stat.S_ISDIR(st.st_mode):
        raise WorkbenchError(f"{shown}: is a directory, not an output file")
    raise WorkbenchError(f"{shown}: is a {_file_type(st.st_mode)}, not a regular file; "
                         "only a regular file is replaced (a FIFO or /dev/null is written into)")


def _is_stream(st: os.stat_result) -> bool:
    """A FIFO, or the null device (by its device number: a ``mknod`` copy of it counts)."""
    if stat.S_ISFIFO(st.st_mode):
        return True
    if not stat.S_ISCHR(st.st_mode):
        return False
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(null.st_mode) and st.st_rdev == null.st_rdev


def _file_type(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _same_file(path: str | os.PathLike, other: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


@contextmanager
def _stream_into(path: str) -> Iterator[IO[str]]:
    """Write into the FIFO (or null device) *path*: opened without O_CREAT or O_TRUNC, so it
    never creates or empties a file, and checked once open (it may have changed since). Opening
    a FIFO waits for a reader, as a shell redirection does."""
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if not _is_stream(os.fstat(fd)):
            raise WorkbenchError(f"{show_path(path)}: changed while it was opened; not written")
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh


def _commit(tmp: str, path: str, overwrite: bool) -> None:
    """Move *tmp* to *path*: ``os.replace`` when overwriting, else a hard link, which is atomic
    and fails if *path* exists (on file systems without links: check, then replace). *path* is
    looked at again first: it may have become something that is never replaced."""
    if _target_kind(path) == _STREAM:
        raise WorkbenchError(f"{show_path(path)}: is no longer a regular file; not replaced")
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

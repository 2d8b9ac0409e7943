"""Tests for workbench.files: the one output writer of the CLI's -o and the review UI's export.

Only a regular file (or a symlink, replaced as a link) is ever replaced; a FIFO and the null
device are written into; every other kind of file is refused; an output is never an input.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.files import atomic_text_file, check_target, write_atomic

NULL_DEVICE = os.makedev(1, 3)  # Linux's /dev/null: a mknod copy is the null device too
ZERO_DEVICE = os.makedev(1, 5)  # /dev/zero: writes vanish too, but it is not the null device


@contextmanager
def fifo_reader(path: Path) -> Iterator[list[bytes]]:
    """A FIFO at *path* with a reader thread; yields the list that receives what was read. If
    nothing opened the FIFO for writing, the reader is released on the way out (no hang)."""
    os.mkfifo(path)
    received: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield received
    finally:
        if reader.is_alive() and not received:
            try:  # nobody wrote: open and close a writer so that the reader sees the end
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        reader.join(10)
        assert not reader.is_alive()


def device(path: Path, number: int) -> Path:
    """A character device node at *path* (the tests run as root, as the report's attacker did)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, number)
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    """Writing to a FIFO, even with overwrite, streams into it; it stays a FIFO."""
    fifo = tmp_path / "myfifo"
    with fifo_reader(fifo) as received:
        check_target(fifo, overwrite=True)
        write_atomic(fifo, "streamed\n", overwrite=True)
    assert received == [b"streamed\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["myfifo"]  # no temp file


def test_a_fifo_needs_no_overwrite_permission(tmp_path):
    """Nothing is replaced, so a FIFO is written into without overwrite."""
    fifo = tmp_path / "myfifo"
    with fifo_reader(fifo) as received:
        check_target(fifo, overwrite=False)
        with atomic_text_file(fifo) as fh:
            fh.write("a\n")
            fh.write("b\n")
    assert received == [b"a\nb\n"]


def test_the_null_device_is_written_into_not_replaced(tmp_path):
    """A device node of the null device (like /dev/null) takes the output and stays a device."""
    null = device(tmp_path / "mynull", NULL_DEVICE)
    check_target(null, overwrite=True)
    write_atomic(null, "gone\n", overwrite=True)
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == NULL_DEVICE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mynull"]


def test_other_devices_are_refused_even_with_overwrite(tmp_path):
    """Any other device is refused with one line, by the check and by the writer itself."""
    zero = device(tmp_path / "myzero", ZERO_DEVICE)
    with pytest.raises(WorkbenchError, match="is a character device, not a regular file") as exc:
        check_target(zero, overwrite=True)
    assert "\n" not in str(exc.value)
    with pytest.raises(WorkbenchError, match="character device"):
        write_atomic(zero, "x", overwrite=True)
    st = os.lstat(zero)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == ZERO_DEVICE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["myzero"]


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(WorkbenchError, match="is a socket"):
            write_atomic(path, "x", overwrite=True)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_device_that_appears_before_the_commit_is_not_replaced(tmp_path):
    """The writer looks again before it renames: a device put there meanwhile is kept."""
    target = tmp_path / "out.txt"
    with pytest.raises(WorkbenchError, match="character device"):
        with atomic_text_file(target, overwrite=True) as fh:
            fh.write("late")
            device(target, ZERO_DEVICE)
    assert stat.S_ISCHR(os.lstat(target).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_symlink_to_a_device_is_refused_and_a_link_to_a_fifo_streams(tmp_path):
    zero = device(tmp_path / "myzero", ZERO_DEVICE)
    link = tmp_path / "link"
    link.symlink_to(zero)
    with pytest.raises(WorkbenchError, match="character device"):
        check_target(link, overwrite=True)
    fifo_link = tmp_path / "fifo-link"
    with fifo_reader(tmp_path / "fifo") as received:
        fifo_link.symlink_to(tmp_path / "fifo")
        write_atomic(fifo_link, "via a link\n", overwrite=True)
    assert received == [b"via a link\n"] and fifo_link.is_symlink()


def test_a_symlink_to_a_file_is_replaced_as_a_link(tmp_path):
    """As before: with overwrite the link itself becomes the new file, its target is kept."""
    target = tmp_path / "target.txt"
    target.write_text("kept")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with pytest.raises(FileExistsError):
        check_target(link, overwrite=False)
    write_atomic(link, "new", overwrite=True)
    assert not link.is_symlink() and link.read_text() == "new" and target.read_text() == "kept"


def test_the_output_is_never_an_input(tmp_path):
    """The same file as an input is refused, with or without overwrite, through a symlink or a
    hard link too; another file passes."""
    article = tmp_path / "article.txt"
    article.write_text("the article")
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    hard = tmp_path / "hard.txt"
    os.link(article, hard)
    for output in (article, link, hard):
        for overwrite in (False, True):
            with pytest.raises(WorkbenchError, match="would replace the input"):
                check_target(output, overwrite, inputs=[str(article)])
    with pytest.raises(WorkbenchError, match="would replace the input"):
        check_target(article, True, inputs=[str(link)])  # the input named through a link
    check_target(tmp_path / "other.txt", True, inputs=[str(article)])
    assert article.read_text() == "the article"


def test_a_folder_and_a_missing_folder_are_refused(tmp_path):
    with pytest.raises(WorkbenchError, match="is a directory"):
        check_target(tmp_path, overwrite=True)
    with pytest.raises(WorkbenchError, match="no such directory"):
        check_target(tmp_path / "no" / "out.txt", overwrite=True)

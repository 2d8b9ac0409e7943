"""What the command modules share: streams, exit codes, output files (``-o``), JSONL input,
the model load, the corpus ``--db`` option and a progress bar.

Every module of :mod:`workbench.commands` imports from here, and this module imports no
command module (so the command line has no import circle).
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from rich.console import Console

from workbench import nlp as nlp_mod
from workbench.errors import WorkbenchError, json_reason, os_reason as _reason, show_path as _show
from workbench.files import atomic_text_file, check_target
from workbench.render import safe_text

PROG = "workbench"
EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141
EXIT_INTERNAL = 3

STDIN_PATH = "/dev/stdin"
"""Where stdin is found as a file, to tell an output that would replace it (``< FILE``)."""

JSON_ESCAPE_FACTOR = 6
"""A JSONL line may spell each character as ``\\uXXXX``: lines longer than this many bytes per
allowed character are refused without parsing them."""


# --------------------------------------------------------------------------- consoles


@dataclass
class Streams:
    """Where a command writes: ``out`` for results, ``err`` (a rich Console) for progress and messages."""

    out: IO[str]
    err: Console

    def warn(self, message: str) -> None:
        """One plain line on stderr: no markup, no highlighting, no wrapping, control sequences removed."""
        self.err.print(safe_text(message).replace("\n", " "), markup=False, highlight=False,
                       emoji=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(file=sys.stderr, stderr=True, highlight=False, emoji=False)


# --------------------------------------------------------------------------- output files


def check_output(path: str | None, force: bool, inputs: tuple[str | None, ...] = ()) -> None:
    """Refuse a bad ``-o`` target up front (before the model is loaded), and one that is the
    same file as one of *inputs* (``-`` is stdin)."""
    if path is None or path == "-":
        return
    sources = [STDIN_PATH if name == "-" else name for name in inputs if name is not None]
    try:
        check_target(path, overwrite=force, inputs=sources)
    except FileExistsError:
        raise WorkbenchError(f"{_show(path)}: already exists (use --force to overwrite it)") from None


@contextmanager
def output(path: str | None, force: bool, stdout: IO[str]) -> Iterator[IO[str]]:
    """A text stream for the results: stdout, or a temp file in *path*'s directory that replaces
    *path* atomically when the block ends without an exception (and is removed otherwise)."""
    if path is None or path == "-":
        yield stdout
        stdout.flush()
        return
    shown = _show(path)
    try:
        with atomic_text_file(path, overwrite=force) as fh:
            yield fh
    except FileExistsError:
        raise WorkbenchError(f"{shown}: already exists (use --force to overwrite it)") from None
    except BrokenPipeError:  # stdout/stderr closed while we wrote the file: not the file's fault
        raise
    except OSError as exc:
        raise WorkbenchError(f"{shown}: cannot write the output ({_reason(exc)})") from None


# --------------------------------------------------------------------------- model


def load_model(name: str | None):
    """The pipeline (slow: call it only once the input has been checked)."""
    return nlp_mod.load_nlp(name)



class _BadLine(Exception):
    """A JSONL line that is skipped, with the reason."""


@dataclass
class JsonlReader:
    """The records of a JSONL stream, read lazily; bad lines are reported and counted."""

    fh: IO[bytes]
    name: str
    streams: Streams
    max_chars: int
    good: int = 0
    bad: int = 0
    offset: int = 0  # bytes read so far
    ends: deque | None = None  # byte offset after each good record, for the progress bar

    def __post_init__(self) -> None:
        self.ends = deque()

    def records(self) -> Iterator[tuple[str | int, str]]:
        line_limit = JSON_ESCAPE_FACTOR * self.max_chars + 1024
        number = 0
        while True:
            raw = self.fh.readline(line_limit + 1)
            if not raw:
                return
            number += 1
            self.offset += len(raw)
            try:
                if len(raw) > line_limit and not raw.endswith(b"\n"):
                    self._skip_rest_of_line()
                    raise _BadLine(f"line too long (the limit is {self.max_chars:,} characters of text)")
                if not raw.strip():
                    continue
                record = self._parse(raw, first=number == 1)
            except _BadLine as exc:
                self.bad += 1
                self.streams.warn(f"{self.name}:{number}: {exc}")
                continue
            self.good += 1
            self.ends.append(self.offset)
            yield record

    def finish(self) -> int:
        """Say how many lines were skipped (if any): the exit code of a batch command."""
        if not self.bad:
            return EXIT_OK
        total = self.good + self.bad
        self.streams.warn(f"{PROG}: skipped {self.bad} bad line{'s' if self.bad != 1 else ''} "
                          f"of {total} in {self.name}")
        return EXIT_SKIPPED

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self.fh.readline(1 << 20)
            self.offset += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                return

    def _parse(self, raw: bytes, first: bool) -> tuple[str | int, str]:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _BadLine("not valid UTF-8") from None
        if first and line.startswith("\ufeff"):
            line = line[1:]
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, or a 5,000-digit number
            raise _BadLine(json_reason(exc)) from None
        if not isinstance(record, dict):
            raise _BadLine(f"expected a JSON object, got {_json_type(record)}")
        for key in ("id", "text"):
            if key not in record:
                raise _BadLine(f'missing "{key}"')
            value = record[key]
            if key == "id" and isinstance(value, int) and not isinstance(value, bool):
                continue  # a whole number is an id too (as in the corpus), echoed back as given
            if not isinstance(value, str):
                kinds = "a string or a whole number" if key == "id" else "a string"
                raise _BadLine(f'"{key}" must be {kinds}, not {_json_type(value)}')
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _BadLine(f'"{key}" holds an unpaired surrogate (\\ud800-\\udfff)') from None
        if len(record["text"]) > self.max_chars:
            raise _BadLine(f'"text" too long ({len(record["text"]):,} characters; '
                           f"the limit is {self.max_chars:,})")
        return record["id"], record["text"]


def _json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a decimal number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


@contextmanager
def open_jsonl(path: str) -> Iterator[tuple[IO[bytes], str, int | None]]:
    """(binary stream, name for messages, size in bytes if known)."""
    if path == "-":
        yield sys.stdin.buffer, "<stdin>", None
        return
    shown = _show(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise WorkbenchError(f"{shown}: is a directory, not a JSONL file")
        fh = open(path, "rb")
    except FileNotFoundError:
        raise WorkbenchError(f"{shown}: no such file") from None
    except PermissionError:
        raise WorkbenchError(f"{shown}: permission denied") from None
    except (OSError, ValueError) as exc:
        raise WorkbenchError(f"{shown}: cannot read the file ({_reason(exc)})") from None
    with fh:
        yield fh, shown, st.st_size if stat.S_ISREG(st.st_mode) else None


# --------------------------------------------------------------------------- arguments


def _whole(text: str, minimum: int, why: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(why.format(value=value))
    return value


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return _whole(text, 1, "must be at least 1")


def non_negative(text: str) -> int:
    """An argparse type: a whole number of at least 0 (an offset)."""
    return _whole(text, 0, "must be 0 or more, not {value}")


def add_corpus_db(parser: argparse.ArgumentParser) -> None:
    """``--db FILE`` of the commands that read the corpus (search, check)."""
    parser.add_argument("--db", metavar="FILE|URL",
                        help="the corpus database: a file or postgresql://USER@HOST/DB "
                             "(default: $WORKBENCH_CORPUS, else corpus.db in the user data folder)")


def add_sessions(parser: argparse.ArgumentParser) -> None:
    """``--sessions STORE`` of the commands that read or write reviews."""
    parser.add_argument("--sessions", metavar="STORE",
                        help="the review sessions: a file or postgresql://USER@HOST/DB (default: "
                             "$WORKBENCH_SESSIONS, else [storage] sessions in the config, else "
                             "sessions.db in the user data folder)")


def reviewer_name(given: str | None, config) -> str:
    """Who acts: ``--reviewer`` else the config's name; none is one line of error."""
    reviewer = (given or "").strip() or config.reviewer
    if not reviewer:
        raise WorkbenchError("no reviewer name: give --reviewer NAME or set [reviewer] name "
                             "in the config")
    return reviewer


# --------------------------------------------------------------------------- progress


@contextmanager
def progress(streams: Streams, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; yields ``advance(done)``."""
    if not streams.err.is_terminal:
        yield lambda done: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn(label), BarColumn(),
                  TextColumn("{task.completed}" if total is None else "{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=streams.err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda done: progress.update(task, completed=done)

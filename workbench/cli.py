"""The ``workbench`` command line.

One small function per subcommand, registered in :data:`COMMANDS`; :func:`main`
parses the arguments, runs the command and turns every
:class:`~workbench.errors.WorkbenchError` into one ``workbench: error: ...``
line on stderr (exit 2), Ctrl-C into exit 130 and a closed output pipe into a
quiet exit.

Slow imports (spaCy, via ``workbench.extract``) and the model load happen only
after the input has been checked, so bad input fails fast.
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

from workbench import __version__
from workbench import article as article_mod
from workbench import nlp as nlp_mod
from workbench.corpus import cli as corpus_cli
from workbench.corpus import search_cli
from workbench.errors import WorkbenchError, json_reason, os_reason as _reason, show_path as _show
from workbench.export import cli as export_cli
from workbench.export import verify_cli
from workbench.files import atomic_text_file, check_target
from workbench.review import cli as review_cli
from workbench.review import verdict_cli
from workbench.storage.postgres import cli as db_cli
from workbench.render import extraction_header, output_console, quote_table, safe_text
from workbench.tui import cli as review_ui_cli

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


def _stderr_console() -> Console:
    return Console(file=sys.stderr, stderr=True, highlight=False, emoji=False)


# --------------------------------------------------------------------------- output files


def _check_output(path: str | None, force: bool, inputs: tuple[str | None, ...] = ()) -> None:
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
def _output(path: str | None, force: bool, stdout: IO[str]) -> Iterator[IO[str]]:
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


def _load_model(name: str | None):
    """The pipeline (slow: call it only once the input has been checked)."""
    return nlp_mod.load_nlp(name)


# --------------------------------------------------------------------------- extract


def _configure_extract(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("article", nargs="?", metavar="ARTICLE",
                        help="the article file (.txt, .md or .html)")
    source.add_argument("--jsonl", metavar="IN.jsonl",
                        help='many documents, one {"id": ..., "text": ...} object a line ("-": stdin)')
    parser.add_argument("--json", action="store_true",
                        help="print the extraction as JSON instead of a table (ARTICLE only)")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the result to FILE (atomically) instead of stdout")
    parser.add_argument("--force", action="store_true", help="allow -o to overwrite an existing file")


def cmd_extract(args: argparse.Namespace, streams: Streams) -> int:
    """``workbench extract``: one article as a table or JSON, or a JSONL stream of documents."""
    if args.jsonl is not None:
        return _extract_jsonl(args, streams)

    # Input and output checks first; the model load is the slow part.
    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    _check_output(args.output, args.force, inputs=(args.article,))
    nlp = _load_model(args.model)
    from workbench.extract import extract

    extraction = extract(nlp, article)
    with _output(args.output, args.force, streams.out) as out:
        if args.json:
            out.write(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            console = output_console(out)
            console.print(extraction_header(extraction), soft_wrap=True)
            if extraction.quotes:
                console.print(quote_table(extraction, narrow=console.is_terminal))
            else:
                console.print("No quotes found.")
    return EXIT_OK


class _BadLine(Exception):
    """A JSONL line that is skipped, with the reason."""


@dataclass
class _JsonlReader:
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
def _open_jsonl(path: str) -> Iterator[tuple[IO[bytes], str, int | None]]:
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


def _extract_jsonl(args: argparse.Namespace, streams: Streams) -> int:
    with _open_jsonl(args.jsonl) as (fh, name, size):
        _check_output(args.output, args.force, inputs=(args.jsonl,))
        nlp = _load_model(args.model)
        from workbench.extract import extract_records

        reader = _JsonlReader(fh, name, streams, article_mod.MAX_CHARS)
        with (_output(args.output, args.force, streams.out) as out,
              _progress(streams, size) as advance):
            for rid, quotes, _speakers in extract_records(nlp, reader.records()):
                out.write(json.dumps({"id": rid, "quotes": [q.to_dict() for q in quotes]},
                                     ensure_ascii=False) + "\n")
                out.flush()
                advance(reader.ends.popleft() if reader.ends else reader.offset)
    return reader.finish()


@contextmanager
def _progress(streams: Streams, size: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; yields ``advance(bytes_done)``."""
    if not streams.err.is_terminal:
        yield lambda done: None
        return
    from rich.progress import (BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn)

    columns = [SpinnerColumn(), TextColumn("extracting"), BarColumn()]
    if size is not None:
        columns.append(DownloadColumn())
    columns += [TextColumn("{task.fields[docs]} documents"), TimeElapsedColumn()]
    with Progress(*columns, console=streams.err, transient=False) as progress:
        task = progress.add_task("extract", total=size, docs=0)
        docs = 0

        def advance(done: int) -> None:
            nonlocal docs
            docs += 1
            progress.update(task, completed=done if size is not None else 0, docs=docs)

        yield advance
        if size is not None:
            progress.update(task, completed=size)


# --------------------------------------------------------------------------- the command table


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Streams], int]


COMMANDS: list[Command] = [
    Command("extract", "find the quotes of an article and who said them",
            _configure_extract, cmd_extract),
    Command("corpus", "the corpus quotes are checked against: add, import, list, stats, remove",
            corpus_cli.configure, corpus_cli.run),
    Command("search", "find where a quote comes from in the corpus",
            search_cli.configure_search, search_cli.cmd_search),
    Command("check", "check every quote of an article against the corpus",
            search_cli.configure_check, search_cli.cmd_check),
    Command("sessions", "list the review sessions: article, progress, last change",
            review_cli.configure, review_cli.cmd_sessions),
    Command("verdict", "record a verdict on one quote (as the review UI does), for scripts",
            verdict_cli.configure, verdict_cli.cmd_verdict),
    Command("export", "write an article's review as JSON or ClaimReview JSON-LD",
            export_cli.configure, export_cli.cmd_export),
    Command("verify", "re-check an exported review against its article and the corpus",
            verify_cli.configure, verify_cli.cmd_verify),
    Command("review", "review an article's quotes in the terminal UI (also: workbench ARTICLE)",
            review_ui_cli.configure, review_ui_cli.cmd_review),
    Command("db", "set up a shared PostgreSQL database: db init URL (schema and roles)",
            db_cli.configure, db_cli.run),
]

DEFAULT_COMMAND = "review"
"""What ``workbench ARTICLE`` runs: a first argument that is not a command is an article."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Quote attribution and fact-check workbench for newsrooms.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sp = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sp)
        sp.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``workbench`` command line; return the exit code."""
    err = _stderr_console()
    streams = Streams(out=sys.stdout, err=err)
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in {c.name for c in COMMANDS}:
        argv.insert(0, DEFAULT_COMMAND)
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help, --version, usage errors
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
        return args.run(args, streams)
    except WorkbenchError as exc:
        streams.warn(f"{PROG}: error: {exc}")
        return getattr(exc, "exit_code", EXIT_USAGE)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except MemoryError:
        streams.warn(f"{PROG}: error: out of memory (try a smaller article or batch)")
        return EXIT_INTERNAL
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        streams.warn(f"{PROG}: internal error: {type(exc).__name__}: {exc} "
                     "(set WORKBENCH_DEBUG=1 for the traceback, and please report it)")
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass

"""The ``workbench`` command line: the parser, the command table and :func:`main`.

Each subcommand is a module of :mod:`workbench.commands` (its ``configure`` adds the arguments,
its ``cmd_*``/``run`` runs it), registered in :data:`COMMANDS`; their shared helpers (streams,
exit codes, ``-o`` files, JSONL input) are in :mod:`workbench.commands.io`. :func:`main` parses
the arguments, runs the command and turns every :class:`~workbench.errors.WorkbenchError` into
one ``workbench: error: ...`` line on stderr (exit 2), Ctrl-C into exit 130 and a closed output
pipe into a quiet exit. Nothing under :mod:`workbench.commands` imports this module.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from workbench import __version__
from workbench.commands import (check, correct, corpus, db, export, extract, review, search,
                                sessions, verdict, verify)
from workbench.commands.io import (EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE,
                                   PROG, Streams, stderr_console as _stderr_console)
from workbench.errors import WorkbenchError


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Streams], int]


COMMANDS: list[Command] = [
    Command("extract", "find the quotes of an article and who said them",
            extract.configure, extract.cmd_extract),
    Command("corpus", "the corpus quotes are checked against: add, import, list, stats, remove",
            corpus.configure, corpus.run),
    Command("search", "find where a quote comes from in the corpus",
            search.configure, search.cmd_search),
    Command("check", "check every quote of an article against the corpus",
            check.configure, check.cmd_check),
    Command("sessions", "list the review sessions: article, progress, last change",
            sessions.configure, sessions.cmd_sessions),
    Command("verdict", "record a verdict on one quote (as the review UI does), for scripts",
            verdict.configure, verdict.cmd_verdict),
    Command("correct", "correct the engine's quotes (add, merge, trim, extend, not a quote), "
            "for scripts", correct.configure, correct.cmd_correct),
    Command("export", "write an article's review as JSON or ClaimReview JSON-LD",
            export.configure, export.cmd_export),
    Command("verify", "re-check an exported review against its article and the corpus",
            verify.configure, verify.cmd_verify),
    Command("review", "review an article's quotes in the terminal UI (also: workbench ARTICLE)",
            review.configure, review.cmd_review),
    Command("db", "set up a shared PostgreSQL database: db init URL (schema and roles)",
            db.configure, db.run),
]

DEFAULT_COMMAND = "review"
"""What ``workbench ARTICLE`` runs: a first argument that is not a command is an article."""


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors said by the (sub)command they are about.

    Plain argparse leaves the arguments a subcommand does not know to the top parser, which
    says "unrecognized arguments" under the top usage; and it checks that a subcommand was
    given before it looks at unknown options, so ``workbench --bogus`` asked for a COMMAND.
    Here each parser refuses what it does not know with its own usage, then asks for a
    missing subcommand. Nested subcommands (``corpus add``) get this class too."""

    def add_subparsers(self, **kwargs):
        needed = kwargs.pop("required", False)
        action = super().add_subparsers(required=False, **kwargs)
        action.needed = needed  # checked after the unknown arguments, in parse_known_args
        return action

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        for action in self._actions:
            if getattr(action, "needed", False) and getattr(namespace, action.dest, None) is None:
                self.error(f"the following arguments are required: "
                           f"{action.metavar or action.dest}")
        return namespace, extras


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
        guess = mistyped_command(argv[0])
        if guess is not None:
            streams.warn(f"{PROG}: error: no command {argv[0]!r} (did you mean {guess!r}?); "
                         f"{PROG} ARTICLE opens an article")
            return EXIT_USAGE
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


def mistyped_command(word: str) -> str | None:
    """The command *word* is a typo of ("revew" -> "review"), or None: a word of letters only,
    not an existing file (``workbench ARTICLE`` opens a file), close to one command name."""
    if not word.isascii() or not word.isalpha() or os.path.exists(word):
        return None
    close = difflib.get_close_matches(word.lower(), [c.name for c in COMMANDS], n=1, cutoff=0.6)
    return close[0] if close else None


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass

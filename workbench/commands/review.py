"""``workbench review ARTICLE`` (and ``workbench ARTICLE``): the review UI from the command line.

Registered in :data:`workbench.cli.COMMANDS`. This module does not import textual: the CLI
imports it for every command, and the core never loads textual (a test checks); the UI
(:mod:`workbench.tui.app`) is imported by :func:`cmd_review` only when it starts. Bad input fails
here, before the UI starts, with one line: an article that cannot be loaded, a corpus given with
``--db`` that cannot be opened, a model that is not installed. Without a terminal it prints
the check (or the extraction) instead of starting the UI. A missing default
corpus, an empty one, or a model that fails to load is reported inside the UI instead.
Quitting is immediate even while a worker thread is busy (:func:`run_ui`).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from workbench.commands import check, extract
from workbench.commands.io import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, PROG, Streams, \
    add_sessions
from workbench.errors import CorpusError, ModelError

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["configure", "cmd_review", "run_ui"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article file (.txt, .md or .html)")
    parser.add_argument("--db", metavar="CORPUS",
                        help="the corpus to check quotes against (default: $WORKBENCH_CORPUS, "
                             "else corpus.db in the user data folder)")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    add_sessions(parser)


def check_model(name: str | None) -> None:
    """Fail fast on a model that is not installed (without importing spaCy)."""
    if name is None:
        from workbench.nlp import default_model

        default_model()  # raises ModelError when no English model is installed
        return
    if os.path.exists(name):
        return
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ModelError(f"cannot load spaCy model {name!r}: no such package or folder "
                         "(pip install it, or pass --model with an installed model)")


def cmd_review(args: argparse.Namespace, streams: Streams) -> int:
    from workbench import article as article_mod

    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    if args.db is not None:
        from workbench.corpus.store import open_at

        open_at(args.db).close()  # a missing or foreign corpus: one line now
    check_model(args.model)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return headless_review(args, streams)
    from workbench.tui.app import WorkbenchApp

    return run_ui(WorkbenchApp(article, model=args.model, db=args.db,
                               session_path=args.sessions))


class _Jobs(ThreadPoolExecutor):
    """asyncio's default executor, where Textual runs thread workers, knowing which still run."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="workbench-worker")
        self._futures: set[Future] = set()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = super().submit(fn, *args, **kwargs)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return future

    def running(self) -> bool:
        return any(not f.done() for f in list(self._futures))


def run_ui(app: App) -> int:
    """Run *app* until the user quits, and return its exit code; never wait for a busy worker.

    A thread cannot be stopped in Python, and both asyncio (closing its loop) and the
    interpreter (at exit) wait for the executor's threads: quitting during a 60 s extraction
    would take 60 s. If a worker still runs once the UI has closed, the process ends at once:
    the terminal is restored by then, and nothing is lost, since each review action is
    committed on the UI thread as it happens (a worker only reads: the extraction, corpus
    searches) and the session store is closed when the app unmounts.
    """
    jobs = _Jobs()
    runner = asyncio.Runner()
    runner.get_loop().set_default_executor(jobs)
    code = None
    try:
        runner.run(app.run_async())
        # Textual has shown the traceback of an error in the app and set its return code.
        code = EXIT_INTERNAL if app.return_code else EXIT_OK
    except KeyboardInterrupt:  # SIGINT from outside (ctrl+c in the UI is a key)
        code = EXIT_INTERRUPTED
        raise
    finally:
        if code is not None and jobs.running():
            _exit_now(code)
        runner.close()
    return code


def _exit_now(code: int) -> None:
    """End the process without waiting for worker threads (``os._exit`` skips the interpreter's
    shutdown, so flush what is buffered first)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)


def headless_review(args: argparse.Namespace, streams: Streams) -> int:
    """Without a terminal (a pipe, a script, CI) print what the UI would show first: the check.

    The UI cannot run there, and an error would break ``workbench ARTICLE | less`` and scripted
    first runs; the check of every quote against the corpus is the same evidence, as text. With
    no usable corpus it falls back to the extraction alone.
    """
    streams.warn("workbench: not a terminal, so no review UI; printing `workbench check` instead")
    options = ["--db", args.db] if args.db else []
    options += ["--model", args.model] if args.model else []
    try:
        return _run_as("check", check.configure, check.cmd_check,
                       [*options, "--", args.article], streams)
    except CorpusError as exc:
        if args.db is not None:
            raise
        streams.warn(f"workbench: {exc}; printing `workbench extract` instead")
    return _run_as("extract", extract.configure, extract.cmd_extract,
                   [*options, "--", args.article], streams)


def _run_as(name: str, configure, run, argv: list[str], streams: Streams) -> int:
    """Run another command as ``workbench NAME ARGV`` would (its arguments and defaults)."""
    parser = argparse.ArgumentParser(prog=f"{PROG} {name}")
    configure(parser)
    return run(parser.parse_args(argv), streams)

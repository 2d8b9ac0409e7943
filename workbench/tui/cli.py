"""``workbench review ARTICLE`` (and ``workbench ARTICLE``): the review UI from the command line.

Registered in :data:`workbench.cli.COMMANDS`. This module does not import textual: the CLI
imports it for every command, and the core never loads textual (a test checks). Bad input fails
here, before the UI starts, with one line: an article that cannot be loaded, a corpus given with
``--db`` that cannot be opened, a model that is not installed, no terminal. A missing default
corpus, an empty one, or a model that fails to load is reported inside the UI instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from typing import TYPE_CHECKING

from workbench.errors import ModelError, WorkbenchError

if TYPE_CHECKING:
    from workbench.cli import Streams

__all__ = ["configure", "cmd_review"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article file (.txt, .md or .html)")
    parser.add_argument("--db", metavar="CORPUS",
                        help="the corpus to check quotes against (default: $WORKBENCH_CORPUS, "
                             "else corpus.db in the user data folder)")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")


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
        from workbench.corpus.store import CorpusStore

        CorpusStore(args.db, create=False).close()  # a missing or foreign file: one line now
    check_model(args.model)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise WorkbenchError("review is interactive: run it in a terminal "
                             "(`workbench check` and `workbench export` work without one)")
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(article, model=args.model, db=args.db).run()
    return 0

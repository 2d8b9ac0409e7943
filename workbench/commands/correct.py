"""``workbench correct ARTICLE``: correct the engine's quote list without the UI, for scripts.

Registered in :data:`workbench.cli.COMMANDS`. The same store and rules as the review UI's
correction keys (:mod:`workbench.review.corrections`): one undoable action per run, shared by
everyone reviewing that version of the article. One of ``--add TEXT`` (``--speaker NAME`` sets
its speaker, as ``s`` does), ``--merge Q``, ``--not-quote Q``, ``--trim Q`` or ``--extend Q``
(with ``--at start|end``, default end). Prints one line ("q3: trimmed at the end").
"""

from __future__ import annotations

import argparse

from workbench.commands.io import (EXIT_OK, Streams, add_sessions, load_model, non_negative,
                                   reviewer_name)
from workbench.errors import WorkbenchError

__all__ = ["configure", "cmd_correct"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article (.txt, .md or .html)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--add", metavar="TEXT",
                      help="add a quote the engine missed: (part of) its words, as in the article")
    what.add_argument("--merge", metavar="QUOTE", help="merge the quote with the next one")
    what.add_argument("--not-quote", metavar="QUOTE", dest="not_quote",
                      help="mark the quote not a quote (it stays in the record)")
    what.add_argument("--trim", metavar="QUOTE", help="trim the quote by a word (see --at)")
    what.add_argument("--extend", metavar="QUOTE", help="extend the quote by a word (see --at)")
    parser.add_argument("--at", choices=("start", "end"), default="end",
                        help="the edge --trim and --extend move (default: end)")
    parser.add_argument("--near", metavar="OFFSET", type=non_negative, default=0,
                        help="--add: take the occurrence nearest this offset (default: 0)")
    parser.add_argument("--speaker", metavar="NAME", help="--add: the new quote's speaker")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="who corrects (default: [reviewer] name in the config)")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    add_sessions(parser)


def cmd_correct(args: argparse.Namespace, streams: Streams) -> int:
    from workbench import article as article_mod
    from workbench.config import load_config
    from workbench.review.session import SessionStore

    if args.speaker is not None and args.add is None:
        raise WorkbenchError("--speaker goes with --add (the `verdict` command and the UI's s "
                             "change an existing quote's speaker)")
    config = load_config()
    reviewer = reviewer_name(args.reviewer, config)
    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    if args.add is not None:
        from workbench.review.corrections import find_words

        find_words(article.text, args.add, args.near)  # absent: one line before the model loads
    nlp = load_model(args.model)
    from workbench.extract import extract

    extraction = extract(nlp, article)
    with SessionStore(args.sessions, reviewer=reviewer, config=config) as store:
        session = store.open(article, extraction.quotes, extraction.speakers,
                             model=extraction.model_name)
        if session.carried is not None:
            streams.warn(f"workbench correct: {session.carried.describe()}")
        line = _apply(session, args)
    streams.out.write(line + "\n")
    return EXIT_OK


def _apply(session, args: argparse.Namespace) -> str:
    if args.add is not None:
        quote = session.add_quote(args.add, args.near)
        if args.speaker:
            session.set_speaker(quote.id, args.speaker)
        return f"{quote.id}: added ({quote.start}-{quote.end})" + (
            f", speaker {args.speaker.strip()}" if args.speaker else "")
    if args.merge is not None:
        return session.merge(_quote_id(args.merge))
    if args.not_quote is not None:
        return session.reject(_quote_id(args.not_quote))
    target, grow = (args.extend, True) if args.extend is not None else (args.trim, False)
    return session.resize(_quote_id(target), args.at, grow)


def _quote_id(given: str) -> str:
    """``q3`` also as ``3`` or ``Q3``; ``r1`` as ``R1``."""
    given = given.strip()
    return f"q{given}" if given.isdigit() else given.lower() if given[:1] in "qQrR" else given

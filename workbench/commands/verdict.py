"""``workbench verdict ARTICLE QUOTE STATUS``: record one verdict without the UI.

Registered in :data:`workbench.cli.COMMANDS`. The same session store and the same rules as the
review UI: one action per change (undoable from the UI), the evidence recorded with the status
(``--final``: the editor's final verdict, with its evidence and note, under the same rules)
(the best corpus match of the quote, or "no match" with the query and the corpus), durable
before the command returns. Bad input (status, reason, reviewer) is refused before the model
loads.
"""

from __future__ import annotations

import argparse

from workbench.commands.io import EXIT_OK, Streams, add_sessions, load_model, reviewer_name
from workbench.errors import WorkbenchError, show_path
from workbench.review.verdicts import DECISIONS, REASONS, check_status

__all__ = ["configure", "cmd_verdict"]

STATUSES = ("confirmed", "disputed", "unverifiable", "skipped", "unreviewed")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article (.txt, .md or .html)")
    parser.add_argument("quote", metavar="QUOTE", help="the quote's id, as `extract` prints it (q3)")
    parser.add_argument("status", metavar="STATUS", choices=STATUSES,
                        help=f"one of: {', '.join(STATUSES)}")
    parser.add_argument("--reason", choices=REASONS, help="why it is disputed")
    parser.add_argument("--note", metavar="TEXT", help="the checker's note")
    parser.add_argument("--evidence", choices=("best", "none"), default="best",
                        help="best: record the quote's best corpus match (or 'no match' with "
                             "the query and the corpus); none: search nothing, keep whatever "
                             "evidence the quote has (default: best)")
    parser.add_argument("--final", action="store_true",
                        help="record the editor's final verdict on the quote (a decision, or "
                             "unreviewed to withdraw it), which the export publishes")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="who decides (default: [reviewer] name in the config)")
    parser.add_argument("--db", metavar="CORPUS", help="the corpus to search for the evidence")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    add_sessions(parser)


def cmd_verdict(args: argparse.Namespace, streams: Streams) -> int:
    from workbench import article as article_mod
    from workbench.config import load_config
    from workbench.review.session import SessionStore

    check_status(args.status, args.reason)
    if args.final and args.status == "skipped":
        raise WorkbenchError("a final verdict is a decision: confirmed, disputed or unverifiable "
                             "(unreviewed withdraws it)")
    if args.status == "disputed" and args.reason is None:
        raise WorkbenchError(f"a disputed quote needs --reason (one of: {', '.join(REASONS)})")
    quote_id = _quote_id(args.quote)
    config = load_config()
    reviewer = reviewer_name(args.reviewer, config)
    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    wants_evidence = args.status in DECISIONS and args.evidence == "best"
    corpus = _open_corpus(args.db) if wants_evidence else None
    try:
        nlp = load_model(args.model)
        from workbench.extract import extract

        extraction = extract(nlp, article)
        quote = next((q for q in extraction.quotes if q.id == quote_id), None)
        if quote is None and not quote_id[:1] == "r":  # r1…: added in review (see below)
            _no_quote(args, extraction.quotes)
        with SessionStore(args.sessions, reviewer=reviewer, config=config) as store:
            session = store.open(article, extraction.quotes, extraction.speakers,
                                 model=extraction.model_name)
            # The list as reviewed: corrections applied (a quote added, trimmed, merged).
            quote = next((q for q in session.quotes if q.id == quote_id), None)
            if quote is None:
                _no_quote(args, session.quotes, session.gone(quote_id))
            if session.carried is not None:
                streams.warn(f"workbench verdict: {session.carried.describe()}")
            extra = {}
            if wants_evidence:
                extra["evidence"] = _best_evidence(corpus, extraction, quote)
            if args.final:
                replaced = session.set_final(quote.id, args.status, args.reason, note=args.note,
                                             **extra)
            else:
                replaced = session.set_status(quote.id, args.status, args.reason, **extra)
                if args.note is not None:
                    session.set_note(quote.id, args.note)
    finally:
        if corpus is not None:
            corpus.close()
    streams.out.write(_summary(quote.id, args.status, args.reason, extra.get("evidence"),
                               replaced, args.final) + "\n")
    return EXIT_OK


def _quote_id(given: str) -> str:
    """The quote id as sessions know it: ``q3`` (``3`` and ``Q3``, as tables print it, too;
    ``r1`` for a quote added in review)."""
    given = given.strip()
    return f"q{given}" if given.isdigit() else given.lower() if given[:1] in "qQrR" else given


def _no_quote(args: argparse.Namespace, quotes, gone: str | None = None) -> None:
    if gone:  # a correction took it out of the list
        raise WorkbenchError(f"no quote {args.quote!r} in {show_path(args.article)}: {gone}")
    ids = ", ".join(q.id for q in quotes[:12]) or "none"
    raise WorkbenchError(f"no quote {args.quote!r} in {show_path(args.article)}"
                         f" (its quotes: {ids}{'…' if len(quotes) > 12 else ''})")


def _open_corpus(db: str | None):
    from workbench.corpus.store import open_corpus

    try:
        return open_corpus(db)
    except WorkbenchError as exc:
        raise WorkbenchError(f"{exc} (--evidence none records the verdict without a "
                             "search)") from None


def _best_evidence(store, extraction, quote) -> dict:
    """The record of the quote's best match, exactly as the UI records the match it shows."""
    from workbench.check import check_quote
    from workbench.corpus.search import Searcher
    from workbench.review.evidence import corpus_identity, evidence_record

    speakers = {s.id: s for s in extraction.speakers}
    found = check_quote(Searcher(store), extraction.article, quote,
                        speakers.get(quote.speaker_id or ""))
    best = found.matches[0] if found.matches else None
    return evidence_record(best, query=quote.text, speaker=None, store=store,
                           corpus=corpus_identity(store))  # check_quote searches unfiltered


def _summary(qid: str, status: str, reason: str | None, evidence: dict | None,
             replaced: str | None, final: bool = False) -> str:
    from workbench.render import one_line

    from workbench.review.session import describe

    line = replaced or describe("final" if final else "status", qid,
                                {"status": status, "reason": reason})
    if evidence is None:
        return line
    if evidence.get("found"):
        doc = evidence.get("document") or {}
        title = one_line(str(doc.get("title") or doc.get("path") or "?"))
        return f"{line} · evidence: {evidence.get('kind')} in “{title}”" + (
            f" ({doc['date']})" if doc.get("date") else "")
    return f"{line} · evidence: no match in the corpus"

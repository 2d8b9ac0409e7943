"""``workbench export ARTICLE``: a review session written as JSON, ClaimReview or a gold JSONL
line, headless.

Registered in :data:`workbench.cli.COMMANDS`. The order keeps bad input fast and cheap: the
article is loaded and the ``-o`` target checked, then the review is looked up (these bytes, or an
earlier version of the same article: same resolved path or URL) and only if there is one is the
model loaded to re-extract the quotes (the session stores verdicts, not the quotes' speakers and
mentions). A changed article gets its verdicts carried over, said on stderr in one line.

An article with no session is an error (exit 2), not an all-unreviewed export: an export is
the record of a review, and an empty one would read as "nothing to report" in a pipeline.
"""

from __future__ import annotations

import argparse
import json

from workbench.commands.io import EXIT_OK, Streams, add_sessions, check_output, load_model, \
    output
from workbench.errors import WorkbenchError

__all__ = ["configure", "cmd_export"]

FORMATS = ("json", "claimreview", "gold")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE",
                        help="the reviewed article (.txt, .md or .html)")
    parser.add_argument("--format", choices=FORMATS, default="json",
                        help="json: the workbench format (schema.json); claimreview: schema.org "
                             "ClaimReview JSON-LD of the reviewed quotes; gold: one line of "
                             "score.py's gold JSONL, corrections and speakers applied "
                             "(gold.schema.json) (default: json)")
    parser.add_argument("--id", metavar="ID", dest="doc_id",
                        help="gold: the line's id (default: the article's file name without "
                             "its extension)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (atomically) instead of stdout")
    parser.add_argument("--force", action="store_true",
                        help="allow -o to overwrite an existing file")
    parser.add_argument("--db", metavar="CORPUS",
                        help="the corpus the evidence came from: its path and document count are "
                             "recorded in the json export")
    parser.add_argument("--url", metavar="URL",
                        help="the article's public URL, recorded in both formats (default: the "
                             "canonical URL the file states, if any)")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    add_sessions(parser)


def cmd_export(args: argparse.Namespace, streams: Streams) -> int:
    from workbench import article as article_mod
    from workbench.config import load_config
    from workbench.review.session import SessionStore, sessions_target, store_exists

    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    check_output(args.output, args.force, inputs=(args.article,))
    url = _check_url(args.url)
    config = load_config()
    target = sessions_target(args.sessions, config)
    if not store_exists(target):
        raise _no_session(args.article)
    with SessionStore(target, reviewer=config.reviewer, create=False) as store:
        if store.find(article) is None:  # these bytes, or an earlier version of the article
            raise _no_session(args.article)
        corpus = _corpus_info(args.db) if args.db else None
        nlp = load_model(args.model)
        from workbench.extract import extract

        extraction = extract(nlp, article)
        session = store.open(article, extraction.quotes, extraction.speakers,
                             model=extraction.model_name)
        if session.carried is not None:
            streams.warn(f"workbench export: {session.carried.describe()}")
        document = _build(args.format, session, extraction.model_version, corpus, config, url,
                          args.doc_id)
    with output(args.output, args.force, streams.out) as out:
        indent = None if args.format == "gold" else 2  # gold: one JSONL line
        out.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
    return EXIT_OK


def _build(fmt: str, session, model_version: str, corpus, config, url: str | None,
           doc_id: str | None = None) -> dict:
    if fmt == "gold":
        from workbench.export.gold import export_gold

        return export_gold(session, doc_id)
    if fmt == "claimreview":
        from workbench.export.claimreview import export_claimreview

        return export_claimreview(session, config, article_url=url)
    from workbench.export.json_export import export_json

    return export_json(session, model_version=model_version, corpus=corpus, article_url=url)


def _no_session(article: str) -> WorkbenchError:
    return WorkbenchError(f"{_show(article)}: no review session for this article "
                          "(review it first; `workbench sessions` lists the sessions)")


def _check_url(url: str | None) -> str | None:
    from workbench.provenance import web_url

    if url is not None and web_url(url) is None:
        raise WorkbenchError(f"--url must start with https:// or http:// and name a host "
                             f"(got {url!r})")
    return url.strip() if url is not None else None


def _corpus_info(db: str):
    """The corpus's path and document count (one line of error if it cannot be read)."""
    from workbench.corpus.store import location, open_store
    from workbench.export.json_export import CorpusInfo

    with open_store(db) as store:
        return CorpusInfo(location(store), store.stats()["documents"])


def _show(path: str) -> str:
    return path if path.isprintable() else repr(path)

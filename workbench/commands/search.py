"""``workbench search``: where a quote (or each of a JSONL stream of quotes) comes from in the
corpus.

Registered in :data:`workbench.cli.COMMANDS`; its match display is shared with
:mod:`workbench.commands.check`. Everything shown comes from the corpus or an article, so it is
untrusted: it reaches the terminal only as :class:`rich.text.Text` built from
:func:`~workbench.render.safe_text` (no markup is ever parsed from it).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from workbench.commands.io import (EXIT_OK, JsonlReader, Streams, add_corpus_db, open_jsonl,
                                   positive, progress)
from workbench.corpus.ingest.captions import spoken_at
from workbench.errors import WorkbenchError
from workbench.provenance import web_url
from workbench.render import append_change, clip, indented, one_line, output_console

if TYPE_CHECKING:
    from workbench.corpus.match import Match

__all__ = ["configure", "cmd_search", "match_view", "diff_text", "doc_line"]

MAX_QUOTE_CHARS = 20_000
"""A search quote longer than this is refused: quotes are sentences, not documents."""
CONTEXT_SHOWN = 80
_KIND_STYLE = {"verbatim": "bold green", "partial": "green", "close": "yellow",
               "altered": "bold red", "spliced": "bold magenta"}


# --------------------------------------------------------------------------- arguments


def configure(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("quote", nargs="?", metavar="QUOTE", help="the words to look for")
    source.add_argument("--jsonl", metavar="IN.jsonl",
                        help='many quotes, one {"id": ..., "text": ...} object a line ("-": stdin)')
    add_corpus_db(parser)
    parser.add_argument("--speaker", metavar="NAME",
                        help="only passages of this speaker (a name, or a role such as "
                             '"the press secretary" that the source document names)')
    parser.add_argument("--limit", type=positive, default=5, metavar="N",
                        help="at most N matches per quote (default: 5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


# --------------------------------------------------------------------------- search


def cmd_search(args: argparse.Namespace, streams: Streams) -> int:
    """``workbench search``: one quote as a table or JSON, or a JSONL stream of quotes."""
    if args.jsonl is not None:
        return _search_jsonl(args, streams)
    quote = args.quote
    if not _has_words(quote):
        raise WorkbenchError("the quote has no words to search for")
    if len(quote) > MAX_QUOTE_CHARS:
        raise WorkbenchError(f"the quote is too long ({len(quote):,} characters; "
                             f"the limit is {MAX_QUOTE_CHARS:,})")
    from workbench.corpus.search import Searcher
    from workbench.corpus.store import db_errors, open_corpus  # not at import: keeps startup light

    store = open_corpus(args.db)
    try:
        with db_errors(store):
            matches, lead = Searcher(store).search_with_lead(quote, speaker=args.speaker,
                                                             limit=args.limit)
    finally:
        store.close()
    if args.json:
        streams.out.write(json.dumps({"query": quote, "speaker": args.speaker,
                                      "matches": [m.to_dict() for m in matches],
                                      "lead": lead.to_dict() if lead else None},
                                     ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    console = output_console(streams.out)
    if not matches:
        console.print(Text("No match: nothing in the corpus is close enough to this quote."))
        if lead is not None:  # shown apart, never as a match: too far to be evidence
            console.print(Text(LEAD_NOTE, style="dim"))
            console.print(match_view(1, lead))
        return EXIT_OK
    for rank, match in enumerate(matches, 1):
        console.print(match_view(rank, match))
    return EXIT_OK


LEAD_NOTE = ("A weak lead (not a finding: too many words differ to say it is the source, but "
             "closer than chance):")


def _search_jsonl(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.corpus.search import Searcher
    from workbench.corpus.store import db_errors, open_corpus

    with open_jsonl(args.jsonl) as (fh, name, size):
        store = open_corpus(args.db)
        try:
            searcher = Searcher(store)
            reader = JsonlReader(fh, name, streams, MAX_QUOTE_CHARS)
            with progress(streams, size, "searching") as advance, db_errors(store):
                for rid, text in reader.records():
                    matches = searcher.search(text, speaker=args.speaker, limit=args.limit)
                    streams.out.write(json.dumps({"id": rid, "matches": [m.to_dict() for m in matches]},
                                                 ensure_ascii=False) + "\n")
                    streams.out.flush()
                    advance(reader.offset)
        finally:
            store.close()
    return reader.finish()


def _has_words(text: str) -> bool:
    from workbench.corpus.tokens import normalize

    return bool(normalize(text))


# --------------------------------------------------------------------------- display


def match_view(rank: int, match: Match) -> Group:
    """One match: kind and score, where it is, the span in its context, and what changed."""
    head = Text(f"{rank}. ")
    head.append(match.kind, style=_KIND_STYLE.get(match.kind, ""))
    head.append(f"  {match.score:.1f}  ")
    lines = [head]
    for k, part in enumerate(match.parts):
        where = Text("   " if len(match.parts) == 1 else f"   part {k + 1}: ", style="dim")
        where.append(doc_line(part.doc.title, part.doc.date, part.speaker, part.doc.path,
                              spoken_at(part.before, part.text), part.doc.url))
        where.append(f"  [{part.start}:{part.end}]", style="dim")
        lines.append(where)
        body = Text("   ")
        body.append(_tail(_squash(part.before), CONTEXT_SHOWN), style="dim")
        body.append(one_line(part.text), style="bold")
        body.append(_head(_squash(part.after), CONTEXT_SHOWN), style="dim")
        lines.append(body)
    changes = diff_text(match)
    if changes is not None:
        lines.append(changes)
    return Group(*map(indented, lines), Text(""))


def _tail(s: str, n: int) -> str:
    """The last *n* characters of *s* or fewer, from a word start, "…" first when cut."""
    if len(s) <= n:
        return s
    cut = s[-n:]
    return "…" + (cut[cut.index(" ") + 1:] if " " in cut[1:] else cut)


def _head(s: str, n: int) -> str:
    """The first *n* characters of *s* or fewer, to a word end, "…" last when cut."""
    if len(s) <= n:
        return s
    cut = s[:n]
    return (cut[: cut.rindex(" ")] if " " in cut[:-1] else cut) + "…"


def _squash(s: str) -> str:
    """:func:`one_line`, but a space at either end stays (it separates context from span)."""
    if not s:
        return ""
    inner = one_line(s)
    lead = " " if s[:1].isspace() and inner else ""
    trail = " " if s[-1:].isspace() and inner else ""
    return lead + inner + trail


def doc_line(title: str | None, date: str | None, speaker: str | None, path: str | None,
             at: str | None = None, url: str | None = None) -> str:
    """Title · time mark · date · speaker · for a page added by its URL (*path*), the address
    to cite: the document's *url* (the page's canonical URL, else the URL after redirects),
    else the URL as added."""
    bits = [one_line(title or path or "untitled")]
    if at:  # a caption's time mark (see workbench.corpus.ingest.captions)
        bits.append(f"at {at}")
    if date:
        bits.append(one_line(date))
    if speaker:
        bits.append(one_line(speaker))
    if title and path and web_url(path):  # a page added by its URL: the address to cite
        bits.append(one_line(url if url and web_url(url) else path))
    elif url and url != path and web_url(url):  # where a document is published: a post's link
        bits.append(one_line(url))
    return " · ".join(bits)


def diff_text(match: Match) -> Text | None:
    """The word changes, article against source: ``[-source-]{+article+}``, equal runs left out."""
    ops = [d for d in match.diff if d.op != "equal"]
    if not ops:
        return None
    text = Text("   changes: ", style="dim")
    for k, d in enumerate(ops):
        if k:
            text.append("; ", style="dim")
        append_change(text, d.source, d.article, limit=60)
    return text

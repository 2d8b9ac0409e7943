"""``workbench search`` and ``workbench check``: the command-line side of corpus search.

Registered in :data:`workbench.cli.COMMANDS`. Everything shown comes from the corpus or an
article, so it is untrusted: it reaches the terminal only as :class:`rich.text.Text` built from
:func:`~workbench.render.safe_text` (no markup is ever parsed from it).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from workbench.errors import CorpusError, WorkbenchError, show_path as _show
from workbench.render import clip, one_line, output_console

if TYPE_CHECKING:
    from workbench.check import CheckReport
    from workbench.cli import Streams
    from workbench.corpus.match import Match

EXIT_OK = 0
MAX_QUOTE_CHARS = 20_000
"""A search quote longer than this is refused: quotes are sentences, not documents."""
CONTEXT_SHOWN = 80
_KIND_STYLE = {"verbatim": "bold green", "partial": "green", "close": "yellow",
               "altered": "bold red", "spliced": "bold magenta"}
_ASSESSMENT_STYLE = {"verbatim": "bold green", "changed": "bold yellow", "spliced": "bold magenta",
                     "not_found": "bold red"}
_VERDICT_STYLE = {"same": "green", "other": "bold red", "unknown": "dim"}


# --------------------------------------------------------------------------- arguments


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="FILE",
                        help="the corpus database (default: $WORKBENCH_CORPUS, else corpus.db "
                             "in the user data folder)")


def configure_search(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("quote", nargs="?", metavar="QUOTE", help="the words to look for")
    source.add_argument("--jsonl", metavar="IN.jsonl",
                        help='many quotes, one {"id": ..., "text": ...} object a line ("-": stdin)')
    _add_db(parser)
    parser.add_argument("--speaker", metavar="NAME",
                        help="only passages of this speaker (a name, or a role such as "
                             '"the press secretary" that the source document names)')
    parser.add_argument("--limit", type=_positive, default=5, metavar="N",
                        help="at most N matches per quote (default: 5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article file (.txt, .md or .html)")
    _add_db(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    parser.add_argument("--limit", type=_positive, default=3, metavar="N",
                        help="matches kept per quote (default: 3)")


# --------------------------------------------------------------------------- the store


def open_corpus(db: str | None):
    """The corpus store, read as it is: a missing, foreign or empty corpus is one clear error."""
    from workbench.corpus.store import CorpusStore, default_db_path

    path = Path(db) if db else default_db_path()
    store = CorpusStore(path, create=False)
    try:
        with db_errors(store):
            empty = store.conn.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is None
    except Exception:
        store.close()
        raise
    if empty:
        store.close()
        raise CorpusError(f"{_show(str(path))}: the corpus is empty "
                          "(add documents first with `workbench corpus add`)")
    return store


@contextmanager
def db_errors(store) -> Iterator[None]:
    """SQLite errors while reading an open corpus (locked, damaged) as one-line CorpusErrors,
    worded as the store words them."""
    import sqlite3

    from workbench.corpus.store import sqlite_reason

    try:
        yield
    except sqlite3.Error as exc:
        raise CorpusError(f"{_show(str(getattr(store, 'path', 'corpus')))}: "
                          f"{sqlite_reason(exc)}") from None


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
    from workbench.corpus.search import search

    store = open_corpus(args.db)
    try:
        with db_errors(store):
            matches = search(store, quote, speaker=args.speaker, limit=args.limit)
    finally:
        store.close()
    if args.json:
        streams.out.write(json.dumps({"query": quote, "speaker": args.speaker,
                                      "matches": [m.to_dict() for m in matches]},
                                     ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    console = output_console(streams.out)
    if not matches:
        console.print(Text("No match: nothing in the corpus is close enough to this quote."))
        return EXIT_OK
    for rank, match in enumerate(matches, 1):
        console.print(match_view(rank, match))
    return EXIT_OK


def _search_jsonl(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.cli import _JsonlReader, _open_jsonl  # at run time: cli imports this module
    from workbench.corpus.search import Searcher

    with _open_jsonl(args.jsonl) as (fh, name, size):
        store = open_corpus(args.db)
        try:
            searcher = Searcher(store)
            reader = _JsonlReader(fh, name, streams, MAX_QUOTE_CHARS)
            with _progress(streams, size, "searching") as advance, db_errors(store):
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


# --------------------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace, streams: Streams) -> int:
    """``workbench check``: every quote of an article, searched in the corpus and judged."""
    from workbench import article as article_mod
    from workbench import nlp as nlp_mod
    from workbench.check import check_article

    # Input first, the model last: bad input fails fast.
    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    store = open_corpus(args.db)
    try:
        nlp = nlp_mod.load_nlp(args.model)
        with _progress(streams, None, "checking quotes") as advance, db_errors(store):
            report = check_article(nlp, article, store, limit=args.limit, progress=advance)
    finally:
        store.close()
    if args.json:
        streams.out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    console = output_console(streams.out)
    console.print(check_header(report))
    if not report.checks:
        console.print(Text("No quotes found."))
        return EXIT_OK
    for number, c in enumerate(report.checks, 1):
        console.print(check_view(number, c))
    return EXIT_OK


# --------------------------------------------------------------------------- display


def match_view(rank: int, match: Match) -> Group:
    """One match: kind and score, where it is, the span in its context, and what changed."""
    head = Text(f"{rank}. ")
    head.append(match.kind, style=_KIND_STYLE.get(match.kind, ""))
    head.append(f"  {match.score:.1f}  ")
    lines = [head]
    for k, part in enumerate(match.parts):
        where = Text("   " if len(match.parts) == 1 else f"   part {k + 1}: ", style="dim")
        where.append(_doc_line(part.doc.title, part.doc.date, part.speaker, part.doc.path))
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
    return Group(*lines, Text(""))


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


def _doc_line(title: str | None, date: str | None, speaker: str | None, path: str | None) -> str:
    bits = [one_line(title or path or "untitled")]
    if date:
        bits.append(one_line(date))
    if speaker:
        bits.append(one_line(speaker))
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
        if d.source:
            text.append("[-" + clip(one_line(d.source), 60) + "-]", style="red")
        if d.article:
            text.append("{+" + clip(one_line(d.article), 60) + "+}", style="green")
    return text


def check_header(report: CheckReport) -> Text:
    a = report.extraction.article
    counts: dict[str, int] = {}
    for c in report.checks:
        counts[c.assessment] = counts.get(c.assessment, 0) + 1
    from workbench.check import ASSESSMENTS, TOO_SHORT_NOTE

    text = Text(one_line(a.title), style="bold")
    text.append(f"\n{one_line(a.path)} · {len(report.checks)} quote"
                f"{'s' if len(report.checks) != 1 else ''}: ", style="dim")
    text.append(", ".join(f"{n} {ASSESSMENTS[k]}" for k, n in counts.items()) or "none",
                style="dim")
    short = sum(c.too_short for c in report.checks)
    if short:  # a line of its own: the counts' line is long enough with a long path
        text.append(f"\n{short} of the quotes {'is' if short == 1 else 'are'} {TOO_SHORT_NOTE}",
                    style="dim")
    return Text.assemble(text, "\n")


def check_view(number: int, c) -> Group:
    """One checked quote: speaker and verdicts, the quote, its best source and what changed."""
    from workbench.check import ASSESSMENTS, SPEAKER_VERDICTS

    head = Text(f"{number}. ")
    head.append(one_line(c.quote.speaker_name or "no speaker"), style="bold")
    head.append(" — ")
    head.append(ASSESSMENTS[c.assessment], style=_ASSESSMENT_STYLE[c.assessment])
    if c.matches:
        head.append(f" ({c.matches[0].kind} {c.matches[0].score:.0f})", style="dim")
    if c.too_short:  # found or not, so few words confirm nothing
        head.append(f", but {c.note}", style="bold yellow")
    head.append(" · speaker: ")
    head.append(SPEAKER_VERDICTS[c.speaker.verdict], style=_VERDICT_STYLE[c.speaker.verdict])
    lines = [head, Text("   “" + clip(one_line(c.quote.text), 240) + "”")]
    if c.matches:
        best = c.matches[0]
        for k, part in enumerate(best.parts):
            label = "   source: " if len(best.parts) == 1 else f"   part {k + 1}: "
            where = Text(label, style="dim")
            where.append(_doc_line(part.doc.title, part.doc.date, part.speaker, part.doc.path))
            lines.append(where)
        changes = diff_text(best)
        if changes is not None:
            lines.append(changes)
    if c.speaker.note:
        lines.append(Text("   " + one_line(c.speaker.note), style="dim"))
    return Group(*lines, Text(""))


@contextmanager
def _progress(streams: Streams, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
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

"""``workbench check ARTICLE``: every quote of an article, searched in the corpus and judged
(found verbatim, changed, spliced or not found; the speaker the same or another).

Registered in :data:`workbench.cli.COMMANDS`; the matches are shown as ``workbench search``
shows them (:mod:`workbench.commands.search`). Everything shown is untrusted text, reaching the
terminal only as :class:`rich.text.Text`.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from workbench.commands.io import EXIT_OK, Streams, add_corpus_db, positive, progress
from workbench.commands.search import diff_text, doc_line
from workbench.corpus.ingest.captions import spoken_at
from workbench.render import clip, one_line, output_console

if TYPE_CHECKING:
    from workbench.check import CheckReport

__all__ = ["configure", "cmd_check", "check_header", "check_view"]

_ASSESSMENT_STYLE = {"verbatim": "bold green", "changed": "bold yellow", "spliced": "bold magenta",
                     "not_found": "bold red"}
_VERDICT_STYLE = {"same": "green", "other": "bold red", "unknown": "dim"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article file (.txt, .md or .html)")
    add_corpus_db(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--model", metavar="NAME",
                        help="the spaCy model to use (default: en_core_web_sm if installed)")
    parser.add_argument("--limit", type=positive, default=3, metavar="N",
                        help="matches kept per quote (default: 3)")


def cmd_check(args: argparse.Namespace, streams: Streams) -> int:
    """``workbench check``: every quote of an article, searched in the corpus and judged."""
    from workbench import article as article_mod
    from workbench import nlp as nlp_mod
    from workbench.check import check_article
    from workbench.corpus.store import db_errors, open_corpus  # not at import: keeps startup light

    # Input first, the model last: bad input fails fast.
    article = article_mod.load_article(args.article, max_chars=article_mod.MAX_CHARS)
    store = open_corpus(args.db)
    try:
        nlp = nlp_mod.load_nlp(args.model)
        with progress(streams, None, "checking quotes") as advance, db_errors(store):
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
    if c.note:  # found or not, so few words confirm nothing (or place nothing, unattributed)
        head.append(f", but {c.note}", style="bold yellow")
    head.append(" · speaker: ")
    head.append(SPEAKER_VERDICTS[c.speaker.verdict], style=_VERDICT_STYLE[c.speaker.verdict])
    lines = [head, Text("   “" + clip(one_line(c.quote.text), 240) + "”")]
    if c.matches:
        best = c.matches[0]
        for k, part in enumerate(best.parts):
            label = "   source: " if len(best.parts) == 1 else f"   part {k + 1}: "
            where = Text(label, style="dim")
            where.append(doc_line(part.doc.title, part.doc.date, part.speaker, part.doc.path,
                                  spoken_at(part.before, part.text), part.doc.url))
            lines.append(where)
        if c.date_gap is not None:  # an old quote sold as new, or one it cannot have quoted
            style = "bold red" if c.date_gap.after_article else "dim"
            lines.append(Text("   " + c.date_gap.words(), style=style))
        changes = diff_text(best)
        if changes is not None:
            lines.append(changes)
    elif c.lead is not None:  # apart from the findings: too far to be evidence
        part = c.lead.first
        where = Text("   weak lead (not a finding): ", style="dim")
        where.append(doc_line(part.doc.title, part.doc.date, part.speaker, part.doc.path,
                              spoken_at(part.before, part.text), part.doc.url))
        lines.append(where)
    if c.speaker.note:
        lines.append(Text("   " + one_line(c.speaker.note), style="dim"))
    return Group(*lines, Text(""))

"""``workbench extract``: the quotes of one article (a table or JSON), or of a JSONL stream of
documents (one JSON line each).

Slow imports (spaCy, via ``workbench.extract``) and the model load happen only after the input
and the ``-o`` target have been checked, so bad input fails fast.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from workbench import article as article_mod
from workbench.commands.io import (EXIT_OK, JsonlReader, Streams, check_output, load_model,
                                   open_jsonl, output)
from workbench.render import extraction_header, output_console, quote_table

__all__ = ["configure", "cmd_extract"]


def configure(parser: argparse.ArgumentParser) -> None:
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
    check_output(args.output, args.force, inputs=(args.article,))
    nlp = load_model(args.model)
    from workbench.extract import extract

    extraction = extract(nlp, article)
    with output(args.output, args.force, streams.out) as out:
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


def _extract_jsonl(args: argparse.Namespace, streams: Streams) -> int:
    with open_jsonl(args.jsonl) as (fh, name, size):
        check_output(args.output, args.force, inputs=(args.jsonl,))
        nlp = load_model(args.model)
        from workbench.extract import extract_records

        reader = JsonlReader(fh, name, streams, article_mod.MAX_CHARS)
        with (output(args.output, args.force, streams.out) as out,
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

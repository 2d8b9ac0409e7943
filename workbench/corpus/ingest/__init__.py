"""Ingest files into the corpus store: find them, read each with its format's reader, cut the
text into passages and store it.

* :func:`collect` walks the paths given (folders recursively, hidden entries skipped) and keeps
  the files with a known extension (:data:`READERS`).
* :func:`ingest_files` stores them. An unchanged file (same key and sha256) is recognised
  before it is parsed; a changed one replaces its old version in one transaction; a file that
  cannot be read is reported as ``PATH: reason`` and skipped.  Writes are grouped into
  transactions of several files (:data:`BATCH_BYTES`) for speed; each document stays atomic.
* :func:`prune_vanished` reports (or removes) the documents of files deleted from a folder
  since it was added.

Speed (``corpus add`` of 20 MB of Markdown on two CPUs: about 10 MB/s): worker processes
(:func:`worker_pool`) read, parse and cut the files, and encode the texts as UTF-8, while this
process only writes; all files are handed out at once so parsing goes on during each batch's
indexing and commit, and the last batch is small (:data:`LAST_BATCH_BYTES`), since its work
comes after the last file is parsed. The store copies its WAL into the database file in a
background thread (:data:`~workbench.corpus.store.BACKGROUND_CHECKPOINT_BYTES`).

The readers: :mod:`.text`, :mod:`.markdown`, :mod:`.html`, :mod:`.jsonl`, :mod:`.captions`,
:mod:`.posts`, :mod:`.pdf`, :mod:`.docx`, :mod:`.hansard`, :mod:`.sotu`; a Congressional Record
package's pages (an ``html`` folder beside a ``mods.xml``) are read by :mod:`.crec` instead of
:mod:`.html`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing
import multiprocessing.pool
import os
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workbench.article import BYTES_PER_CHAR_LIMIT, MAX_CHARS
from workbench.corpus.ingest import (captions, crec, docx, hansard, html, jsonl, markdown, pdf,
                                     posts, text)
from workbench.corpus.ingest.common import Skip, Source, build
from workbench.corpus.store import CorpusStore, EncodedDocument, encode_document
from workbench.errors import ArticleError, show_path as _show

__all__ = ["READERS", "FileItem", "Summary", "collect", "ingest_files", "ingest_sources",
           "prune_vanished", "worker_pool"]

READERS = {
    ".txt": text, ".text": text,
    ".md": markdown, ".markdown": markdown,
    ".html": html, ".htm": html, ".xhtml": html,
    ".jsonl": jsonl, ".ndjson": jsonl,
    ".srt": captions, ".vtt": captions,
    ".pdf": pdf, ".docx": docx,
    ".xml": hansard,  # TheyWorkForYou's ParlParse XML (debates2020-01-07a.xml)
    ".js": posts, ".json": posts,  # an X archive's tweets.js; a JSON list of posts
}
_RECORD = "crec"  # the reader key of a Congressional Record package's page (see _job)
_BY_KEY = {**READERS, _RECORD: crec}
# What each reader's documents are read from (stored with them: stats and coverage count by it).
SOURCE_KINDS = {text: "text", markdown: "markdown", html: "html", jsonl: "jsonl",
                captions: "captions", posts: "post", pdf: "pdf", docx: "docx",
                crec: "congressional-record", hansard: "hansard"}
BATCH_BYTES = 8 << 20  # commit about every 8 MB of source
BATCH_DOCUMENTS = 2000
# The last batch is kept about this small: its indexing and commit are what is left to do once
# the last file is parsed (the earlier batches' overlap with the parsing of the next ones).
LAST_BATCH_BYTES = 1 << 20
MAX_FILE_BYTES = BYTES_PER_CHAR_LIMIT * MAX_CHARS  # larger files are refused by the readers
MAX_WORKERS = 4
PARALLEL_CHUNK = 4  # files per hand-out to a worker
MIN_PARALLEL_FILES = 16  # below this, starting worker processes costs more than it saves
MIN_PARALLEL_BYTES = 1 << 20

Warn = Callable[[str], None]
Advance = Callable[[int], None]


@dataclass
class FileItem:
    """A file to ingest: ``path`` as named to the user, ``key`` (resolved absolute path) as stored."""

    path: str
    key: str
    size: int


@dataclass
class Summary:
    """What an ingest did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0  # JSONL lines that a file no longer has; files gone from a folder (prune)
    passages: int = 0  # passages written
    bytes: int = 0  # of every file (or source) gone through
    stored_bytes: int = 0  # of those whose documents were written (added or replaced)
    seconds: float = 0.0

    def count(self, outcome: str, passages: int) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome != "unchanged":
            self.passages += passages

    @property
    def written(self) -> int:
        """Documents added or replaced so far."""
        return self.added + self.replaced

    @property
    def mb_per_s(self) -> float | None:
        """The ingest rate: of what was stored (unchanged files are only hashed), None when
        nothing was."""
        if not self.stored_bytes or self.seconds <= 0:
            return None
        return self.stored_bytes / 1e6 / self.seconds

    def plus(self, other: Summary) -> Summary:
        """Both ingests' counts (files and then web pages, in one summary line)."""
        return Summary(**{name: getattr(self, name) + getattr(other, name)
                          for name in self.__dataclass_fields__})

    def to_dict(self) -> dict:
        rate = self.mb_per_s
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "skipped": self.skipped, "removed": self.removed, "passages": self.passages,
                "bytes": self.bytes, "stored_bytes": self.stored_bytes,
                "seconds": round(self.seconds, 3),
                "mb_per_s": None if rate is None else round(rate, 2)}


def _key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(path)


# --------------------------------------------------------------------------- finding files


def collect(paths: Iterable[str], warn: Warn) -> tuple[list[FileItem], int]:
    """The files to ingest under *paths*, and how many of the paths gave nothing (reported)."""
    items: list[FileItem] = []
    problems = 0
    for path in paths:
        shown = _show(path)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            warn(f"{shown}: no such file or directory")
            problems += 1
            continue
        except (OSError, ValueError) as exc:
            warn(f"{shown}: cannot read ({getattr(exc, 'strerror', None) or exc})")
            problems += 1
            continue
        if stat.S_ISDIR(st.st_mode):
            found = list(_walk(path, warn))
            if not found:
                warn(f"{shown}: no {', '.join(sorted(set(READERS)))} files in this folder")
                problems += 1
            items.extend(found)
        elif Path(path).suffix.lower() in READERS:
            items.append(FileItem(path, _key(path), st.st_size))
        else:
            warn(f"{shown}: not a supported file type (use {', '.join(sorted(set(READERS)))})")
            problems += 1
    unique: dict[str, FileItem] = {}
    for item in items:
        unique.setdefault(item.key, item)  # a file named twice (or via a link) goes in once
    return list(unique.values()), problems


def _posts_in_folder(name: str) -> bool:
    """In a folder, only an archive's ``tweets*.js`` is taken of ``.js``/``.json`` files, and
    only Hansard day files (``debates2020-01-07a.xml``) of ``.xml`` ones: a folder of sources
    may hold any other (a page's scripts, a package.json, a package's mods.xml). Named on the
    command line, every such file is read as posts or Hansard."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xml":
        return hansard.is_hansard_name(name)
    return suffix not in (".js", ".json") or name.lower().startswith("tweet")


def _walk(folder: str, warn: Warn) -> Iterator[FileItem]:
    def on_error(exc: OSError) -> None:
        warn(f"{_show(exc.filename or folder)}: cannot read the folder ({exc.strerror or exc})")

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in READERS \
                    or not _posts_in_folder(name):
                continue
            path = os.path.join(root, name)
            try:
                size = os.stat(path).st_size
            except OSError:
                size = 0  # a dangling link: reading it reports the problem
            yield FileItem(path, _key(path), size)


def prune_vanished(store: CorpusStore, paths: Iterable[str], *, prune: bool, warn: Warn) -> int:
    """For each folder of *paths*: the stored documents under it whose file is gone from the
    disk are reported (one line), or removed with *prune*. Returns how many were removed."""
    removed = 0
    folders = sorted((_key(p).rstrip(os.sep) + os.sep, p) for p in paths if os.path.isdir(p))
    seen: list[str] = []
    for prefix, folder in folders:
        if any(prefix.startswith(done) for done in seen):
            continue  # named twice, or inside a folder named too
        seen.append(prefix)
        stored = store.paths_under(prefix)
        gone = {path for path in stored if not _source_exists(path)}
        if not gone:
            continue
        if prune:
            removed += store.remove_paths_except(prefix, set(stored) - gone)
        else:
            n = len(gone)
            warn(f"{n:,} document{'s' if n != 1 else ''} under {_show(folder)} no longer "
                 f"exist{'s' if n == 1 else ''} on disk: corpus add --prune removes "
                 f"{'them' if n != 1 else 'it'}")
    return removed


def _source_exists(key: str) -> bool:
    """Whether the file of a stored key is there: the key itself, or the FILE of a JSONL
    line's ``FILE#id`` (either may hold a ``#`` of its own)."""
    if os.path.lexists(key):
        return True
    at = key.rfind("#")
    while at > 0:
        if os.path.lexists(key[:at]):
            return True
        at = key.rfind("#", 0, at)
    return False


# --------------------------------------------------------------------------- storing


def ingest_files(store: CorpusStore, items: list[FileItem], *, warn: Warn,
                 advance: Advance | None = None, force: bool = False, pool=None) -> Summary:
    """Store every file of *items*; report and skip the ones that cannot be read.

    With *pool* (see :func:`worker_pool`) files are read and cut into passages in worker
    processes while this one writes to the database.
    """
    summary = Summary()
    started = time.perf_counter()
    advance = advance or (lambda n: None)
    # Every job is handed out at once, so the workers go on parsing while this process indexes
    # and commits a batch (per-batch hand-outs left them idle at each commit).
    jobs = [_job(store, item, force) for item in items]
    if pool is not None:
        results = pool.imap(_parse, jobs, chunksize=PARALLEL_CHUNK)
    else:
        results = map(_parse, jobs)
    for group in _batches(items):
        with store.batch():
            for item, result in zip(group, results):
                written = summary.written
                if result == _JSONL:
                    _ingest_jsonl_file(store, item, summary, warn, advance, force)
                else:
                    _record(store, result, summary, warn, force)
                    advance(item.size)
                summary.bytes += item.size
                if summary.written > written:
                    summary.stored_bytes += item.size
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def worker_pool(items: list[FileItem], workers: int | None = None) -> Iterator[object | None]:
    """Worker processes for :func:`ingest_files` when there is enough work and more than one
    CPU (else None). Enter it before any thread starts (a progress bar): workers are forked.

    By default one worker a CPU but one (this process writes), and at least two: the writer
    leaves much of its CPU idle (it waits for parsed files and for the disk), so on two CPUs a
    second worker finishes sooner."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if workers is None:
        workers = max(2, min(cpus - 1, MAX_WORKERS)) if cpus > 1 else 0
    size = sum(i.size for i in items)
    if (workers < 1 or len(items) < MIN_PARALLEL_FILES or size < MIN_PARALLEL_BYTES
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield None
        return
    if any(READERS.get(Path(i.path).suffix.lower()) is markdown for i in items):
        markdown.warm_up()
    pool = _Pool(workers, initializer=_quiet_worker, context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


class _Pool(multiprocessing.pool.Pool):
    """A pool whose workers end quietly once the main process is gone."""

    @staticmethod
    def Process(ctx, *args, **kwds):  # noqa: N802 - the name multiprocessing.pool.Pool calls
        kwds["target"] = functools.partial(_until_orphaned, kwds["target"])
        return ctx.Process(*args, **kwds)


def _until_orphaned(worker: Callable, *args) -> None:
    """Run a pool worker's loop; when the main process is killed, the worker's next result
    goes to a pipe nobody reads: end there without a traceback (a worker printed one each).
    (Not SIGPIPE's default action: the worker would die holding the lock the others need to
    send their results, and they would wait for it forever.)"""
    try:
        worker(*args)
    except BrokenPipeError:
        pass


def _quiet_worker() -> None:
    # Ctrl-C is the main process's to handle; a worker just stops when it is told to.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The objects inherited from the main process live as long as the worker: the collector
    # need not walk them again and again (3 % of a worker's instructions), nor write to their
    # pages (which the fork shares until then).
    gc.freeze()


_JSONL = "jsonl"


@dataclass
class _Job:
    path: str
    key: str
    known_sha256: str | None
    force: bool
    suffix: str  # picks the reader (found here once: Path() costs the worker 2 % of a parse)
    # (or _RECORD: a page of a Congressional Record package)


def _job(store: CorpusStore, item: FileItem, force: bool) -> _Job | str:
    suffix = Path(item.path).suffix.lower()
    if READERS[suffix] in (jsonl, posts, hansard):
        # JSONL files (lists of posts, Hansard days) are read here, one document at a time
        return _JSONL
    if READERS[suffix] is html and crec.package_of(item.path):
        suffix = _RECORD
    return _Job(item.path, item.key, None if force else store.sha256_of(item.key), force, suffix)


@dataclass
class _Warned:
    """What :func:`_parse` gives for a file, with warnings about what was left out of it (an
    impossible date): the document still goes in."""

    result: object
    warnings: list[str]


def _parse(job: _Job | str):
    """In a worker: ``"unchanged"``, an EncodedDocument (``(document, passages)`` if it cannot
    be encoded: then storing it reports the problem), or a Skip; in a :class:`_Warned` when
    the reader left something out."""
    if job == _JSONL:
        return _JSONL
    raw = _read_bytes(job.path)
    if raw is None:
        sha = None
    elif job.suffix == _RECORD:  # (its mods.xml is part of what it says)
        sha = crec.page_sha256(job.path, raw)
    else:
        sha = hashlib.sha256(raw).hexdigest()
    if sha is not None and sha == job.known_sha256:
        return "unchanged"
    reader = _BY_KEY[job.suffix]
    try:
        source = reader.read(job.path, job.key, raw, sha)
        source.source_kind = source.source_kind or SOURCE_KINDS[reader]
        doc, passages = build(source)
    except ArticleError as exc:
        return Skip(str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug on one odd file must not stop the rest
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        return Skip(f"{_show(job.path)}: could not be read ({type(exc).__name__}: {exc})")
    try:
        result = encode_document(doc, passages)
    except (ValueError, UnicodeError):
        result = doc, passages
    return _Warned(result, source.warnings) if source.warnings else result


def _record(store: CorpusStore, result, summary: Summary, warn: Warn, force: bool) -> None:
    if isinstance(result, _Warned):
        for message in result.warnings:
            warn(message)
        result = result.result
    if result == "unchanged":
        summary.count("unchanged", 0)
    elif isinstance(result, Skip):
        warn(result.message)
        summary.skipped += 1
    elif isinstance(result, EncodedDocument):
        summary.count(store.add_encoded(result, force=force), len(result.passages))
    else:
        doc, passages = result
        summary.count(store.add_document(doc, passages, force=force), len(passages))


def _batches(items: list[FileItem]) -> Iterator[list[FileItem]]:
    group: list[FileItem] = []
    size = 0
    left = sum(item.size for item in items)
    for item in items:
        group.append(item)
        size += item.size
        left -= item.size
        if (size >= BATCH_BYTES or len(group) >= BATCH_DOCUMENTS
                or (0 < left <= LAST_BATCH_BYTES < size)):
            yield group
            group, size = [], 0
    if group:
        yield group


def _ingest_jsonl_file(store: CorpusStore, item: FileItem, summary: Summary, warn: Warn,
                       advance: Advance, force: bool) -> None:
    progressed = [0]  # bytes already reported to the progress bar

    def step(n: int) -> None:
        progressed[0] += n
        advance(n)

    try:
        _ingest_jsonl(store, item, summary, warn, step, force)
    except ArticleError as exc:
        warn(str(exc))
        summary.skipped += 1
    advance(max(item.size - progressed[0], 0))


def _read_bytes(path: str) -> bytes | None:
    """The file's bytes, or None if it cannot be read or is too large (the reader says why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # opening a FIFO would block; load_article reports "not a regular file"
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError):
        return None
    return raw if len(raw) <= MAX_FILE_BYTES else None


def _store(store: CorpusStore, source: Source, summary: Summary, warn: Warn, force: bool) -> None:
    for message in source.warnings:
        warn(message)
    doc, passages = build(source)
    summary.count(store.add_document(doc, passages, force=force), len(passages))


def _ingest_jsonl(store: CorpusStore, item: FileItem, summary: Summary, warn: Warn,
                  advance: Advance, force: bool) -> None:
    position = jsonl.Line()
    keys: set[str] = set()
    bad = 0
    done = 0
    reader = READERS[Path(item.path).suffix.lower()]
    for record in reader.read(item.path, item.key, position):
        if isinstance(record, Skip):
            warn(record.message)
            summary.skipped += 1
            bad += 1
        else:
            keys.add(record.path)
            record.source_kind = record.source_kind or SOURCE_KINDS[reader]
            if force or store.sha256_of(record.path) != record.sha256:
                _store(store, record, summary, warn, force)
            else:
                summary.count("unchanged", 0)
        advance(position.offset - done)
        done = position.offset
    if not bad:
        # Lines the file no longer has go too (not when some lines were unreadable: those may
        # be the same documents, broken for now).
        summary.removed += store.remove_paths_except(item.key + "#", keys)


def ingest_sources(store: CorpusStore, sources: Iterable[Source | Skip], *, warn: Warn,
                   advance: Advance | None = None, force: bool = False) -> Summary:
    """Store documents that come from elsewhere than files (the sotu package)."""
    summary = Summary()
    started = time.perf_counter()
    with store.batch():
        for source in sources:
            if isinstance(source, Skip):
                warn(source.message)
                summary.skipped += 1
            else:
                size = len(source.text.encode("utf-8"))
                summary.bytes += size
                if force or store.sha256_of(source.path) != source.sha256:
                    _store(store, source, summary, warn, force)
                    summary.stored_bytes += size
                else:
                    summary.count("unchanged", 0)
            if advance:
                advance(1)
    summary.seconds = time.perf_counter() - started
    return summary

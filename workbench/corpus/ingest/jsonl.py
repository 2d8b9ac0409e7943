"""JSON Lines files (``.jsonl``): one document a line.

Each line is an object with ``text`` (required) and optionally ``title``, ``speaker``, ``date``,
``url``, ``kind`` and ``id``.  A line's key is ``FILE#id`` when it has an id, else
``FILE#LINE``; its sha256 is that of the line's bytes, so a change to the text or to the
metadata replaces it.  A bad line is reported as ``FILE:LINE: reason`` and skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator

from workbench.article import MAX_CHARS
from workbench.corpus.ingest.clean import clean_plain, meta_text, normalize_date
from workbench.corpus.ingest.common import Skip, Source
from workbench.errors import ArticleError, json_reason

__all__ = ["read", "Line"]

MAX_LINE_BYTES = 6 * MAX_CHARS + 4096  # JSON may spell each character as \uXXXX


class Line:
    """Where a reader is in the file: the bytes read so far (for the progress bar)."""

    def __init__(self) -> None:
        self.offset = 0


def read(path: str, key: str, position: Line | None = None) -> Iterator[Source | Skip]:
    """The documents of the JSONL file *path* (keys ``KEY#...``), and a :class:`Skip` for each
    bad line. Raises ArticleError when the file itself cannot be read."""
    shown = path if path.isprintable() else repr(path)
    position = position or Line()
    fh = _open(path, shown)
    seen: dict[str, int] = {}
    with fh:
        number = 0
        while True:
            try:
                raw = fh.readline(MAX_LINE_BYTES + 1)
            except OSError as exc:
                raise ArticleError(f"{shown}: cannot read the file ({exc.strerror or exc})") from None
            if not raw:
                return
            number += 1
            position.offset += len(raw)
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                position.offset += _skip_rest(fh)
                yield Skip(f"{shown}:{number}: line too long")
                continue
            if not raw.strip():
                continue
            item = _record(raw, number, shown, key, first=number == 1)
            if isinstance(item, Source):
                if item.path in seen:
                    item = Skip(f"{shown}:{number}: duplicate id (first on line {seen[item.path]})")
                else:
                    seen[item.path] = number
            yield item


def _open(path: str, shown: str):
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ArticleError(f"{shown}: is a directory, not a JSONL file")
        if not stat.S_ISREG(st.st_mode):
            raise ArticleError(f"{shown}: not a regular file")
        return open(path, "rb")
    except FileNotFoundError:
        raise ArticleError(f"{shown}: no such file") from None
    except PermissionError:
        raise ArticleError(f"{shown}: permission denied") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ArticleError(f"{shown}: cannot read the file ({reason})") from None


def _skip_rest(fh) -> int:
    skipped = 0
    while True:
        chunk = fh.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _record(raw: bytes, number: int, shown: str, key: str, first: bool) -> Source | Skip:
    where = f"{shown}:{number}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Skip(f"{where}: not valid UTF-8")
    if first and line.startswith("\ufeff"):
        line = line[1:]
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, or a 5,000-digit number
        return Skip(f"{where}: {json_reason(exc)}")
    if not isinstance(record, dict):
        return Skip(f"{where}: expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        return Skip(f"{where}: " + ('missing "text"' if text is None else '"text" must be a string'))
    if len(text) > MAX_CHARS:
        return Skip(f"{where}: \"text\" too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return Skip(f"{where}: \"text\" holds an unpaired surrogate")
    cleaned = clean_plain(text)
    if not cleaned:
        return Skip(f"{where}: empty \"text\"")
    ident = record.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int, type(None))):
        return Skip(f"{where}: \"id\" must be a string or a whole number")
    suffix = str(ident) if ident is not None and str(ident).strip() else str(number)
    return Source(path=f"{key}#{suffix}", sha256=hashlib.sha256(raw.strip()).hexdigest(),
                  text=cleaned, title=meta_text(record.get("title")),
                  speaker=meta_text(record.get("speaker") or record.get("author"), 200),
                  date=normalize_date(record.get("date")), url=meta_text(record.get("url")),
                  kind=meta_text(record.get("kind"), 100), default_kind="other")

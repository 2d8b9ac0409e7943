"""What the corpus stores, whichever backend stores it: documents and their passages (plain
dataclasses), and the checks every backend runs on a document before adding it."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from workbench.errors import CorpusError

__all__ = ["KINDS", "SOURCE_KINDS", "PATH_SOURCE_KINDS", "source_kind_of", "Document", "Passage",
           "NewDocument", "EncodedDocument", "WebFetch", "encode_document", "check_document",
           "passage_rows"]

KINDS = ("transcript", "speech", "article", "briefing", "other")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SOURCE_KINDS = ("text", "markdown", "html", "jsonl", "captions", "post", "pdf", "docx",
                "congressional-record", "hansard", "web", "sotu")
"""What a document was read from (its format or collection): ``corpus stats`` and
``coverage`` count by it. Stored with each document; other short names are accepted too."""
_SOURCE_KIND = re.compile(r"[a-z][a-z0-9-]{0,39}")
# A stored document's source kind from its key, for documents stored before the kind was
# (schema 1): SQL LIKE patterns on the lower-cased key, first match wins.
PATH_SOURCE_KINDS = (
    ("sotu:%", "sotu"), ("http://%", "web"), ("https://%", "web"),
    ("%.jsonl#%", "jsonl"), ("%.ndjson#%", "jsonl"), ("%.js#%", "post"), ("%.json#%", "post"),
    ("%.xml#%", "hansard"),
    ("%.pdf", "pdf"), ("%.docx", "docx"), ("%.srt", "captions"), ("%.vtt", "captions"),
    ("%.md", "markdown"), ("%.markdown", "markdown"), ("%.txt", "text"), ("%.text", "text"),
    ("%.html", "html"), ("%.htm", "html"), ("%.xhtml", "html"),
)


def source_kind_of(path: str) -> str | None:
    """:data:`PATH_SOURCE_KINDS` in Python: the source kind a key implies, or None."""
    lowered = path.lower()
    for pattern, kind in PATH_SOURCE_KINDS:
        core = pattern.strip("%")
        if (pattern.startswith("%") and pattern.endswith("%") and core in lowered
                or pattern.startswith("%") and not pattern.endswith("%") and lowered.endswith(core)
                or not pattern.startswith("%") and lowered.startswith(core)):
            return kind
    return None


@dataclass
class Document:
    """A stored document. ``text`` is the cleaned text that passage offsets point into."""

    id: int
    path: str
    title: str | None
    speaker: str | None
    date: str | None
    url: str | None
    kind: str
    sha256: str
    text: str
    source_kind: str | None = None  # one of SOURCE_KINDS (None: not known)


@dataclass(frozen=True)
class Passage:
    """A span ``[start, end)`` of its document's text, with who speaks it (if known)."""

    id: int
    doc_id: int
    start: int
    end: int
    speaker: str | None
    text: str


@dataclass
class NewDocument:
    """A document to add: ``path`` is its key (absolute file path, ``FILE#LINE``, ``sotu:ID``)."""

    path: str
    title: str | None
    speaker: str | None
    date: str | None  # yyyy-mm-dd
    url: str | None
    kind: str  # one of KINDS
    sha256: str  # of the source, so an unchanged source is recognised
    text: str
    source_kind: str | None = None  # what it was read from (SOURCE_KINDS)


@dataclass(frozen=True)
class WebFetch:
    """How a document read from the web (keyed by its URL) was fetched: where from after
    redirects (``url``), when (``fetched_at``, ISO-8601 UTC) and the validators the server sent
    with it (``etag``, ``last_modified``, as sent) that let the next add ask "changed since?"."""

    url: str
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class EncodedDocument:
    """A document to add whose text is already UTF-8 (see :func:`encode_document`), for
    :meth:`CorpusStore.add_encoded`. SQLite stores text as UTF-8: encoded where the document
    was parsed (a worker process), it spares the process that writes that work. ``doc.text`` is
    left empty; ``passages`` are ``(start, end, speaker, byte_start, byte_end)``: each passage's
    text is its byte span of ``text``, so the passages' texts need not be sent a second time
    (half the bytes a worker sends the writer)."""

    doc: NewDocument
    text: bytes
    passages: list[tuple[int, int, str | None, int, int]]


def encode_document(doc: NewDocument, passages: list[tuple[int, int, str | None]]
                    ) -> EncodedDocument:
    """*doc* and its passages ``(start, end, speaker)`` encoded for
    :meth:`CorpusStore.add_encoded`. Raises ValueError for a passage outside the text, and
    UnicodeEncodeError for a text UTF-8 cannot hold (a lone surrogate)."""
    text = doc.text
    encoded = text.encode("utf-8")
    _check_spans(len(text), passages)
    spans = [(start, end) for start, end, _ in passages]
    offsets = spans if len(encoded) == len(text) else _utf8_offsets(text, spans)
    rows = [(start, end, speaker, b_start, b_end)
            for (start, end, speaker), (b_start, b_end) in zip(passages, offsets)]
    return EncodedDocument(replace(doc, text=""), encoded, rows)


def _utf8_offsets(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The UTF-8 byte offsets of character spans of *text*. Each is counted on from the last
    known offset at or before it (passages come in text order: each character is encoded
    about once)."""
    out = []
    at, b_at = 0, 0  # a character offset and its byte offset
    for start, end in spans:
        if start < at:
            at, b_at = 0, 0  # out of order: count from the start again
        b_start = b_at + len(text[at:start].encode("utf-8"))
        b_end = b_start + len(text[start:end].encode("utf-8"))
        out.append((b_start, b_end))
        at, b_at = end, b_end
    return out


def check_document(doc: NewDocument) -> None:
    if doc.kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {doc.kind!r}")
    if doc.date is not None and not _DATE.fullmatch(doc.date):
        raise ValueError(f"date must be yyyy-mm-dd or None, not {doc.date!r}")
    if doc.source_kind is not None and not _SOURCE_KIND.fullmatch(doc.source_kind):
        raise ValueError(f"source kind must be a short lower-case name, not {doc.source_kind!r}")
    if not doc.path or not doc.sha256:
        raise ValueError("a document needs a path and a sha256")


def _check_spans(n: int, passages: list[tuple[int, int, str | None]]) -> None:
    for start, end, _ in passages:
        if not 0 <= start <= end <= n:
            raise ValueError(f"passage [{start}, {end}) is outside the text (0..{n})")


def passage_rows(doc: NewDocument, passages: list[tuple[int, int, str | None]]
                  ) -> list[tuple[int, int, str | None, str]]:
    text = doc.text
    _check_spans(len(text), passages)
    return [(start, end, speaker, text[start:end]) for start, end, speaker in passages]


def one_line_errors(errors: Callable[[], type[BaseException] | tuple], reason: Callable,
                    wrap: type[Exception] = CorpusError) -> Callable:
    """A decorator for a store's methods: *errors()* (the driver's exception types, looked up
    only when one is raised, so the driver loads lazily) become one *wrap* line naming the
    store (``self.shown``), worded by *reason*."""
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except errors() as exc:
                raise wrap(f"{self.shown}: {reason(exc)}") from None

        return wrapper

    return decorate

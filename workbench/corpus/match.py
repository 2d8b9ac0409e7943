"""What a corpus search finds: plain dataclasses with their JSON form.

Offsets (``start``/``end``) are character offsets into the source document's text, so a
match can be re-highlighted in the document; ``text`` is that stretch of the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("verbatim", "close", "altered", "spliced", "partial")
"""``verbatim``: identical but for case, spacing, punctuation and quote style; ``close``: a few
small edits; ``altered``: words changed, added or dropped; ``spliced``: the parts of the quote
come from different places; ``partial``: verbatim, but a cut of a longer sentence (no verdict)."""

DIFF_OPS = ("equal", "insert", "delete", "replace")
"""The edit the article made to the source: ``insert`` = words only the article has,
``delete`` = source words the article left out, ``replace`` = words it changed."""


@dataclass(frozen=True)
class DocRef:
    """The document a match comes from (its metadata, not its text)."""

    id: int
    title: str | None
    speaker: str | None
    date: str | None
    url: str | None
    path: str | None
    kind: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "speaker": self.speaker, "date": self.date,
                "url": self.url, "path": self.path}


@dataclass(frozen=True)
class DiffOp:
    """One step of the word diff between the article's quote and the source span."""

    op: str
    article: str
    source: str

    def to_dict(self) -> dict:
        return {"op": self.op, "article": self.article, "source": self.source}


@dataclass(frozen=True)
class Span:
    """One aligned stretch of a source document: the whole match, or one part of a splice."""

    doc: DocRef
    passage_id: int
    speaker: str | None  # of the passage: the turn's speaker ("Q" for a reporter's question)
    start: int
    end: int
    text: str
    score: float
    kind: str
    diff: tuple[DiffOp, ...]
    before: str = ""
    after: str = ""

    def to_dict(self) -> dict:
        return {"doc": self.doc.to_dict(), "speaker": self.speaker, "start": self.start,
                "end": self.end, "text": self.text, "score": round(self.score, 1),
                "kind": self.kind, "diff": [d.to_dict() for d in self.diff],
                "context": {"before": self.before, "after": self.after}}


@dataclass(frozen=True)
class Match:
    """A place in the corpus the quote comes from, best matches first in a result list.

    A single-span match describes itself; a ``spliced`` match has one :class:`Span` per part of
    the quote in ``parts`` and its top-level fields are those of the first part, with the diff
    of every part in order.
    """

    kind: str
    score: float
    parts: tuple[Span, ...]
    diff: tuple[DiffOp, ...] = field(default=())

    @property
    def first(self) -> Span:
        return self.parts[0]

    @property
    def doc(self) -> DocRef:
        return self.first.doc

    @property
    def speaker(self) -> str | None:
        return self.first.speaker

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.first.end

    @property
    def text(self) -> str:
        return self.first.text

    def to_dict(self) -> dict:
        first = self.first.to_dict()
        first.update(score=round(self.score, 1), kind=self.kind,
                     diff=[d.to_dict() for d in self.diff])
        first["parts"] = [p.to_dict() for p in self.parts]
        return first

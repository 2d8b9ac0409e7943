"""What the layers above need of storage, and no more: the seam every backend implements.

* :class:`CorpusStore`: documents and passages (adding, removing, listing, reading) and the
  candidate queries of the search (:class:`CandidateSource`). The search algorithm
  (:mod:`workbench.corpus.index`, :mod:`workbench.corpus.search`) is written against these.
* :class:`ReviewStore`: review sessions (articles, versions, quotes), verdicts and the action
  log, read and written in transactions (:class:`ReviewTransaction`). The review rules
  (:mod:`workbench.review.session`: carrying verdicts over, whose actions are undone, conflicts,
  progress) are written against these.

The SQLite backends are in :mod:`workbench.storage.sqlite`; :func:`workbench.storage.url.backend_for`
picks one for a path or URL. No module outside the backends runs SQL (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from workbench.storage.records import Document, EncodedDocument, NewDocument, Passage

__all__ = ["CandidateSource", "CorpusStore", "ReviewStore", "ReviewTransaction", "STATE_FIELDS",
           "VersionRow", "ActionRow"]


# --------------------------------------------------------------------------- the corpus


@runtime_checkable
class CandidateSource(Protocol):
    """The full-text queries the candidate index asks (one method per query shape). Words are
    lower-case tokens of a quote; they must be matched as words, never read as query syntax.
    Ids are passage ids; "unranked" answers come in the index's own order (by id on SQLite)."""

    def match_all(self, terms: list[str], limit: int) -> list[int]:
        """Up to *limit* passages holding every one of *terms* (unranked)."""

    def match_any_of(self, groups: list[tuple[str, ...]], limit: int) -> list[int]:
        """Up to *limit* passages holding all words of at least one group (unranked)."""

    def match_all_ranked(self, terms: list[str], limit: int) -> list[int]:
        """:meth:`match_all`, best first by the index's relevance ranking."""

    def count_matching(self, term: str, cap: int) -> tuple[int, int | None]:
        """(passages holding *term*, counted up to *cap*; the largest id among them)."""

    def vocabulary_count(self, term: str) -> int | None:
        """The exact number of passages holding *term* from the index's vocabulary, or None
        when the vocabulary cannot say (a word the index stores otherwise)."""

    def max_passage_id(self) -> int:
        """The largest passage id, 0 for none (an estimate of the number of passages)."""

    def rank_by_weight(self, weights: list[tuple[str, float]], limit: int) -> list[int]:
        """Up to *limit* passages holding any of the words, by the summed weights of the words
        each holds (highest first), then by id."""


@runtime_checkable
class CorpusStore(CandidateSource, Protocol):
    """A corpus: documents, each a text cut into passages (``[start, end)`` spans of it).
    Errors with the store itself are raised as :class:`~workbench.errors.CorpusError`."""

    def add_document(self, doc: NewDocument, passages: list[tuple[int, int, str | None]], *,
                     force: bool = False) -> str:
        """Store *doc* and its passages; "added", "replaced" or "unchanged"."""

    def add_encoded(self, encoded: EncodedDocument, *, force: bool = False) -> str:
        """:meth:`add_document` for a document encoded by a worker process."""

    def batch(self) -> AbstractContextManager[None]:
        """Group many additions into one transaction."""

    def remove(self, path_or_id: str) -> int:
        """Remove documents by id, stored path, file, JSONL file or folder; how many went."""

    def paths_under(self, prefix: str) -> list[str]: ...

    def remove_paths_except(self, prefix: str, keep: set[str]) -> int: ...

    def sha256_of(self, path: str) -> str | None: ...

    def documents(self, with_text: bool = False) -> Iterator[Document]:
        """Every document by id (``text`` empty unless *with_text*)."""

    def get_document(self, doc_id: int) -> Document | None: ...

    def document_ref(self, doc_id: int) -> Document | None:
        """The document without its text (``text`` is "")."""

    def document_slices(self, doc_id: int, spans: list[tuple[int, int]]) -> list[str] | None:
        """``text[start:end]`` of a document for each span; None for no such document."""

    def get_passages(self, ids: list[int]) -> list[Passage]:
        """The passages with these ids, in the order asked for; unknown ids left out."""

    def passages_of(self, doc_id: int) -> list[Passage]: ...

    def passage_counts(self) -> dict[int, int]: ...

    def has_passages(self) -> bool: ...

    def content_hashes(self) -> tuple[list[tuple[str, str]], int]:
        """(every document's (path, sha256); the passage count): the corpus's identity."""

    def stats(self) -> dict: ...

    def verify(self) -> None: ...

    def close(self) -> None: ...

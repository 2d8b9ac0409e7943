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

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import NamedTuple, Protocol, runtime_checkable

from workbench.storage.records import Document, EncodedDocument, NewDocument, Passage, WebFetch

__all__ = ["CandidateSource", "CorpusStore", "ReviewStore", "ReviewTransaction", "STATE_FIELDS",
           "VersionRow", "ActionRow", "state_from_columns", "FINAL_OWNER", "owner_of"]


# --------------------------------------------------------------------------- the corpus


@runtime_checkable
class CandidateSource(Protocol):
    """The full-text queries the candidate index asks (one method per query shape). Words are
    lower-case tokens of a quote; they must be matched as words, never read as query syntax.
    Ids are passage ids; "unranked" answers come in the index's own order (by id on SQLite)."""

    in_process: bool
    """True when the store runs in this process (SQLite): asking it costs no round trip, so
    the index may narrow an AND from passages it reads itself (CandidateIndex.words_of)."""

    def match_all(self, terms: list[str], limit: int) -> list[int]:
        """Up to *limit* passages holding every one of *terms* (unranked)."""

    def match_all_many(self, groups: list[list[str]], limit: int) -> list[list[int]]:
        """:meth:`match_all` of each group, asked at once (a server answers in one round
        trip)."""

    def match_any_of(self, groups: list[tuple[str, ...]], limit: int) -> list[int]:
        """Up to *limit* passages holding all words of at least one group (unranked)."""

    def match_at_least(self, terms: list[str], held: int, limit: int) -> list[int]:
        """Up to *limit* passages holding at least *held* of *terms*, in id order: the same
        ids as :meth:`match_any_of` over every choice of *held* of them."""

    def match_all_ranked(self, terms: list[str], limit: int) -> list[int]:
        """:meth:`match_all`, best first by the index's relevance ranking."""

    def count_matching(self, term: str, cap: int) -> tuple[int, int | None]:
        """(passages holding *term*, counted up to *cap*; the largest id among them)."""

    def count_matching_many(self, terms: list[str], cap: int) -> list[tuple[int, int | None]]:
        """:meth:`count_matching` of each term, asked at once (one round trip on a server)."""

    def vocabulary_count(self, term: str) -> int | None:
        """The exact number of passages holding *term* from the index's vocabulary, or None
        when the vocabulary cannot say (a word the index stores otherwise)."""

    def vocabulary_count_many(self, terms: list[str]) -> list[int | None]:
        """:meth:`vocabulary_count` of each term, asked at once (one round trip on a server)."""

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

    def fetch_of(self, path: str) -> WebFetch | None:
        """How the document keyed *path* was fetched from the web (None: it was not, or it is
        not stored). Removing the document removes this too."""

    def fetch_records(self) -> dict[str, WebFetch]:
        """How every document fetched from the web was fetched, by its key (``corpus copy``)."""

    def set_fetch(self, path: str, fetch: WebFetch) -> None:
        """Record how the stored document keyed *path* was fetched (nothing if none is)."""

    def documents(self, with_text: bool = False) -> Iterator[Document]:
        """Every document by id (``text`` empty unless *with_text*)."""

    def get_document(self, doc_id: int) -> Document | None: ...

    def document_ref(self, doc_id: int) -> Document | None:
        """The document without its text (``text`` is "")."""

    def document_slices(self, doc_id: int, spans: list[tuple[int, int]]) -> list[str] | None:
        """``text[start:end]`` of a document for each span; None for no such document."""

    def document_slices_many(self, asks: list[tuple[int, list[tuple[int, int]]]]
                             ) -> list[list[str] | None]:
        """:meth:`document_slices` of each (document, spans), asked at once (a server answers
        in one round trip)."""

    def get_passages(self, ids: list[int]) -> list[Passage]:
        """The passages with these ids, in the order asked for; unknown ids left out."""

    def passages_of(self, doc_id: int) -> list[Passage]: ...

    def passage_counts(self) -> dict[int, int]: ...

    def speaker_documents(self) -> list[tuple[int, str | None, str | None, str | None, str, int]]:
        """(document id, title, document speaker, date, speaker, passages): one row for each
        document and each named speaker of its passages (the passage's speaker, else the
        document's), by document id, then speaker."""

    def has_passages(self) -> bool: ...

    def content_hashes(self) -> tuple[list[tuple[str, str]], int]:
        """(every document's (path, sha256); the passage count): the corpus's identity."""

    def stats(self) -> dict: ...

    def verify(self) -> None: ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- reviews

STATE_FIELDS = ("status", "reason", "note", "speaker", "evidence", "reviewer", "updated_at",
                "recheck")
"""A verdict's state, as the review store reads and writes it: a dict with these keys
(evidence: a dict of plain JSON data or None; recheck: a bool)."""


FINAL_OWNER = "#final"
"""The owner of an editor's final verdicts (no reviewer's name maps to it: see owner_of)."""
_OWNER_CHARS = 200  # longer names are keyed by a prefix and a digest (an index entry is small)


def owner_of(reviewer: str | None) -> str:
    """The owner key of a reviewer's verdicts and cursor: their name ("" for no name; a name
    starting with "#" gets one more, so no name is FINAL_OWNER; a very long name: its start and
    its sha256)."""
    name = reviewer or ""
    if name.startswith("#"):
        name = "#" + name
    if len(name) <= _OWNER_CHARS:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{name[:64]}#{digest}"


def state_from_columns(row: Sequence) -> dict:
    """A state from a backend's columns: the values of STATE_FIELDS in order, evidence as JSON
    text (or None), recheck as anything true or false."""
    state = dict(zip(STATE_FIELDS, row))
    if state["evidence"] is not None:
        state["evidence"] = json.loads(state["evidence"])
    state["recheck"] = bool(state.get("recheck"))
    return state


OVERTAKEN = 2
"""``actions.undone`` of an action another review overtook (it changed the quote since): no
undo, no redo. 0 is applied, 1 undone."""

class VersionRow(NamedTuple):
    """One version (sha256) of an article under review, with its progress."""

    sha256: str
    path: str
    title: str
    reviewed: int  # quotes decided (and not marked for a second look)
    total: int
    updated_at: str
    skipped: int
    article: int  # the article it is a version of (negative: one of no known article)


class ActionRow(NamedTuple):
    """One entry of the undo log: the verdict's state before and after the action."""

    id: int
    key: str
    quote_id: str
    kind: str
    before: dict
    after: dict


class ReviewTransaction(Protocol):
    """The queries of the review rules, inside one transaction of :class:`ReviewStore`.

    An article is known by identity keys (``path:…``, ``url:…``); each version of it (its bytes'
    sha256) holds its quote set (key, quote id) in order, every reviewer's verdicts under quote
    keys (with the quote as JSON text) and cursor, both keyed by an *owner* (the reviewer's
    name; "" for a review with no name), and an undo log of actions by clients (open reviews).
    Times are ISO-8601 strings the caller gives."""

    def version(self, sha256: str, owner: str) -> tuple[int, int | None] | None:
        """(*owner*'s saved cursor, article id) of a version reviewed before."""

    def versions(self, decided: Sequence[str], owner: str | None, *, sha256: str | None = None,
                 article_id: int | None = None) -> list[VersionRow]:
        """Versions with *owner*'s progress (None: quotes anyone decided), the most recently
        changed first."""

    def latest_version(self, article_id: int, owner: str) -> tuple[str, str, int] | None:
        """(sha256, updated_at, *owner*'s cursor) of the article's most recently changed
        version."""

    def add_version(self, sha256: str, path: str, title: str, model: str, at: str,
                    article_id: int) -> None: ...

    def update_version(self, sha256: str, path: str, title: str, model: str) -> None: ...

    def set_cursor(self, sha256: str, owner: str, cursor: int) -> None: ...

    def touch(self, sha256: str, at: str, owner: str = "", cursor: int | None = None) -> None:
        """The version changed at *at* (and *owner*'s cursor moved to *cursor*)."""

    def set_carry(self, sha256: str, carry: dict, at: str) -> None: ...

    def carry(self, sha256: str) -> dict | None:
        """What was carried over to this version when it was first opened (None: nothing)."""

    def add_article(self, at: str) -> int: ...

    def attach_article(self, sha256: str, article_id: int) -> None: ...

    def article_of_version(self, sha256: str) -> int | None: ...

    def article_of_key(self, key: str) -> int | None: ...

    def remember_keys(self, keys: Sequence[str], article_id: int) -> None:
        """Record identity keys; a key already known keeps its article."""

    def quote_keys(self, sha256: str) -> list[tuple[str, str]]: ...

    def replace_quotes(self, sha256: str, quotes: Sequence[tuple[str, str]]) -> None: ...

    def relabel_verdicts(self, sha256: str, quotes: Sequence[tuple[str, str, str]]) -> None: ...

    def verdict(self, sha256: str, key: str, owner: str) -> dict | None: ...

    def verdict_states(self, sha256: str, owner: str) -> dict[str, dict]: ...

    def reviews(self, sha256: str, key: str | None = None) -> list[tuple[str, str, dict]]:
        """(key, owner, state) of every reviewer's verdict (on the quote under *key*), by key
        then owner."""

    def owners(self, sha256: str) -> list[str]:
        """Every owner with a verdict on this version."""

    def verdict_rows(self, sha256: str, owner: str) -> list[tuple[str, str, str, dict]]:
        """(key, quote id, quote JSON, state) of every verdict of *owner*, oldest first."""

    def carried_from(self, sha256: str, owner: str) -> dict[str, str]:
        """Key -> the version a carried verdict came from (verdicts carried over only)."""

    def put_verdict(self, sha256: str, key: str, owner: str, quote_id: str, quote: str,
                    state: dict) -> None: ...

    def carry_verdict(self, sha256: str, key: str, owner: str, quote_id: str, quote: str,
                      state: dict, carried_from: str) -> None: ...

    def restore_verdict(self, sha256: str, key: str, owner: str, state: dict) -> None: ...

    def move_verdicts(self, sha256: str, keys: Sequence[str], from_owner: str,
                      to_owner: str) -> None:
        """Give *to_owner* the verdicts of *from_owner* under *keys* (where they have none)."""

    def add_action(self, sha256: str, key: str, quote_id: str, kind: str, before: dict,
                   after: dict, at: str, reviewer: str | None, client: str,
                   action_id: str) -> None: ...

    def has_action(self, client: str, action_id: str) -> bool:
        """Whether *client* recorded the action *action_id* (a retry is then a no-op)."""

    def drop_redo(self, sha256: str, clients: Sequence[str]) -> None:
        """Forget the undone actions of *clients* ("": actions recorded with no client)."""

    def action_clients(self, sha256: str, reviewer: str | None, other_than: str
                       ) -> list[tuple[str | None, str | None, int | None, int | None]]:
        """(client, host, pid, closed) of the other clients *reviewer* acted through."""

    def next_step(self, sha256: str, clients: Sequence[str], undo: bool) -> ActionRow | None:
        """The action of *clients* to undo (newest applied) or redo (last undone)."""

    def corrections(self, sha256: str) -> list[tuple[dict, str | None, str, bool]]:
        """(correction, reviewer, at, undone) of every action of kind ``correct`` on this
        version, oldest first (the correction: the action's *after*; see
        :mod:`workbench.review.corrections`)."""

    def mark_action(self, action_id: int, undone: bool) -> None: ...

    def overtake_action(self, action_id: int) -> None:
        """Take an action out of undo and redo: another review changed its quote since."""

    def add_client(self, client: str, reviewer: str | None, host: str, pid: int,
                   at: str) -> None: ...

    def close_clients(self, clients: Sequence[str]) -> None: ...


@runtime_checkable
class ReviewStore(Protocol):
    """Where review sessions live. Errors with the store are
    :class:`~workbench.errors.SessionError`s with one line."""

    @property
    def closed(self) -> bool: ...

    def write(self, durable: bool = True) -> AbstractContextManager[ReviewTransaction]:
        """One transaction: all of the block is saved, or none of it. Not *durable*: may be
        lost to a power cut (cursor moves)."""

    def read(self) -> AbstractContextManager[ReviewTransaction]:
        """Queries outside a transaction."""

    reconnect_on_use: bool
    """True: a lost connection to a server is opened again by the next read or write (which
    may then wait for the connect timeout); False: only by :meth:`reconnect`."""

    def reconnect(self) -> bool:
        """Open a lost connection again (may wait for the connect timeout: a UI calls it off
        its own thread); True when the store can be used."""

    def listen(self, callback: Callable[[str], None]) -> Callable[[], None] | None:
        """Call ``callback(sha256)`` (from another thread) when another client commits a change
        to that version; returns a function that stops it, or None when the backend has no
        live updates (then changes show on the next read)."""

    def close(self) -> None: ...

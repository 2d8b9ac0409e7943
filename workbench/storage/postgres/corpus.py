"""The corpus store on PostgreSQL: the :class:`~workbench.storage.protocols.CorpusStore` of a
desk's shared server (the tables of :mod:`workbench.storage.postgres.schema`).

The same documents give the same search answers as on SQLite: each passage's ``tsv`` holds the
words FTS5 would index (:mod:`workbench.storage.postgres.words`), the candidate queries ask
the same shapes (an AND of words, an OR of ANDs, capped counts, summed weights) of its GIN
index, unranked answers come by id as FTS5 gives them, ``vocabulary`` counts the passages
holding each word and ``postings`` lists them by word and id (FTS5's doclists: the capped counts
and summed weights are read from its index alone, where the GIN index would visit every
passage's row), both kept up to date in SQL in the transaction that adds or removes passages.
Only :meth:`match_all_ranked` ranks otherwise (``ts_rank`` for FTS5's bm25).

Documents are keyed by their source's identity (:func:`source_identity`: a file's name and
hash, not the folder it sits in on one machine), so adding the same files from another machine
changes nothing; ``path`` is where a document was last read from (what ``remove`` and the
listing use, as on SQLite). Passages are written with ``COPY``, a batch's at once. Text goes
through :func:`~workbench.storage.postgres.text.storable` (NUL cannot be stored); every query
takes its values as parameters.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from workbench.errors import CorpusError
from workbench.storage.postgres.connect import PostgresError, connect, error_reason, shown_url
from workbench.storage.postgres.text import storable
from workbench.storage.postgres.words import (at_least_tsquery, indexed, passage_words,
                                             query_words, tsquery, tsvector)
from workbench.storage.records import (Document, EncodedDocument, NewDocument, Passage,
                                       WebFetch, check_document, one_line_errors, passage_rows)

__all__ = ["PostgresCorpusStore", "source_identity"]

_COLUMNS = "id, path, title, speaker, date, url, kind, sha256"
_PASSAGE = "id, doc_id, start_char, end_char, speaker, text"
_DOC_REF = "d.path, d.title, d.speaker, d.date, d.url, d.kind, d.sha256"
PROBE_FACTOR = 4
"""match_all reads postings in id order when the words are expected together in this many
times the passages asked for (measured at 1M: 1.8 ms a query against GIN's 3.1, the best of
both per query 1.5)."""
RARE_SHARE = 0.05
FILTERED_ROWS = 400
"""An AND through GIN asks the index only for its words in at most RARE_SHARE of the passages
when they leave at most FILTERED_ROWS passages for each other word to be checked in."""
LOOKUP_POSTINGS = 150
"""A look-up in a word's postings costs about as much as GIN's reading of this many postings.
(These settings: the best on the 3,417 distinct ANDs of the benchmark's 524 queries at 1M, each
timed with every plan: 3.4 s in all, against 4.7 s with GIN and the postings as before, 3.0 s
with the best plan for each.)"""
MAX_REMEMBERED = 10_000
REFS_SECONDS = 1.0
"""How long what a query read beside its answer serves the next one (a word's vocabulary count
read with its capped count, the documents' refs read with their passages): the rest of one
search, never a stale title minutes later. Any write forgets them at once."""
PLAN_SECONDS = 60.0
"""How long a word's count serves to pick a query's plan (the plans give the same answers)."""
MAX_SOURCE_CHARS = 500


def source_identity(doc: NewDocument) -> str:
    """What a document is wherever it was read: ``sotu:ID`` and other keys as they are; a file
    (``/abs/path`` or ``/abs/path#LINE``) by its name, line and hash, not its folder."""
    file, hash_mark, line = doc.path.partition("#")
    key = (doc.path if not os.path.isabs(file)
           else f"{os.path.basename(file)}{hash_mark}{line}@{doc.sha256}")
    if len(key) > MAX_SOURCE_CHARS:  # a btree key must fit 2.7 kB: a long one by its hash
        return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return key


def _driver_errors():
    import psycopg

    return psycopg.Error


_errors = one_line_errors(_driver_errors, lambda exc: error_reason(exc))
"""Errors of the server while using an open store, as one-line CorpusErrors."""


class _Location(str):
    """The store's URL (password hidden) where a file store has its path: ``resolve()`` is
    itself, so callers that show ``store.path.resolve()`` work with either."""

    def resolve(self) -> _Location:
        return self


class PostgresCorpusStore:
    """The corpus in a PostgreSQL database made by ``workbench db init``. *create* and
    *verify* are accepted for the protocol: the schema is made by ``db init`` only, and the
    server checks its own pages."""

    in_process = False  # every question is a round trip (see CandidateSource.in_process)

    def __init__(self, url: str, create: bool = True, verify: bool = False) -> None:
        from workbench.storage.postgres.schema import check_schema

        self.url = str(url)
        self.shown = shown_url(self.url)
        self.path = _Location(self.shown)
        try:
            self.conn = connect(self.url)
        except PostgresError as exc:
            raise CorpusError(str(exc)) from None
        try:
            check_schema(self.conn, self.url)
        except PostgresError as exc:
            self.close()
            raise CorpusError(str(exc)) from None
        self._batch_depth = 0
        self._pending: list[tuple] = []  # passages to COPY: (id or None, doc_id, start, end, speaker, text)
        self._explicit_ids = False  # ids were written (a copy): the sequences are set on
        self._counts: dict[str, tuple[int, float]] = {}  # word -> (passages, when) read
        self._size: tuple[int, float] = (0, -math.inf)  # (largest passage id, when) read
        self._refs: tuple[dict[int, Document], float] = ({}, 0.0)  # read with passages, when

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None

    def __enter__(self) -> PostgresCorpusStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def verify(self) -> None:
        """Nothing to do: the server checks its pages itself."""

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes into one transaction; the passages are copied in at its end."""
        if self._batch_depth:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
            return
        import psycopg

        self._batch_depth = 1
        try:
            with self.conn.transaction():
                yield
                self._flush()
        except psycopg.Error as exc:
            raise CorpusError(f"{self.shown}: {error_reason(exc)}") from None
        finally:
            self._batch_depth = 0
            self._pending = []
            self._explicit_ids = False

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Its own transaction, or a savepoint inside a :meth:`batch`."""
        self._refs, self._counts = ({}, 0.0), {}  # a write: nothing read before is reused
        pending = len(self._pending)
        try:
            with self.conn.transaction():
                yield
                if not self._batch_depth:
                    self._flush()
        except BaseException:
            del self._pending[pending:]
            raise

    def _flush(self) -> None:
        """Write the pending passages with their words (COPY), their postings (COPY) and the
        vocabulary's new counts: the words are counted here, the ids taken from the sequence."""
        if not self._pending and not self._explicit_ids:
            return
        rows, self._pending = self._pending, []
        words, passages, occurrences = _count([row[5] for row in rows])
        with self.conn.cursor() as cur:
            missing = sum(row[0] is None for row in rows)
            if missing:
                fresh = iter(sorted(r[0] for r in cur.execute(
                    "SELECT nextval(pg_get_serial_sequence('passages', 'id')) "
                    "FROM generate_series(1, %s)", (missing,))))
                rows = [row if row[0] is not None else (next(fresh), *row[1:]) for row in rows]
            with cur.copy("COPY passages(id, doc_id, start_char, end_char, speaker, text, tsv) "
                          "FROM STDIN") as copy:
                for row, distinct in zip(rows, words):
                    copy.write_row((*row, tsvector(distinct)))
            with cur.copy("COPY postings(term, passage_id) FROM STDIN") as copy:
                for row, distinct in zip(rows, words):
                    if distinct:
                        end = f"\t{row[0]}\n"
                        copy.write(end.join(map(_copy_text, distinct)) + end)
            self._add_counts(cur, passages, occurrences)
            if self._explicit_ids:
                for table in ("documents", "passages"):
                    cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)",
                                (table,))
                self._explicit_ids = False

    def _add_counts(self, cur, passages: Counter, occurrences: Counter, sign: int = 1) -> None:
        """Add (or with *sign* -1 take away) word counts in the vocabulary, in word order (two
        writers lock the rows they share in the same order: no deadlock); a word no passage
        holds any more goes."""
        if not passages:
            return
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS vocabulary_delta(term text, passages bigint, "
                    "occurrences bigint) ON COMMIT DELETE ROWS")
        with cur.copy("COPY vocabulary_delta(term, passages, occurrences) FROM STDIN") as copy:
            for word, n in passages.items():
                copy.write_row((word, sign * n, sign * occurrences[word]))
        cur.execute("INSERT INTO vocabulary AS v(term, passages, occurrences) "
                    "SELECT term, passages, occurrences FROM vocabulary_delta ORDER BY term "
                    "ON CONFLICT (term) DO UPDATE SET passages = v.passages + excluded.passages, "
                    "occurrences = v.occurrences + excluded.occurrences")
        if sign < 0:
            cur.execute("DELETE FROM vocabulary v USING vocabulary_delta d "
                        "WHERE v.term = d.term AND v.passages <= 0")
        cur.execute("DELETE FROM vocabulary_delta")  # (inside a batch, the commit is later)

    def _delete(self, doc_ids: list[int]) -> int:
        """Delete documents (and their passages), taking their words out of the vocabulary."""
        if not doc_ids:
            return 0
        self._uncount(doc_ids)
        return self.conn.execute("DELETE FROM documents WHERE id = ANY(%s)", (doc_ids,)).rowcount

    def _uncount(self, doc_ids: list[int]) -> None:
        """Take the words of these documents' passages out of the vocabulary and the postings
        (their texts are split into words again, as when they were added)."""
        self._flush()  # a document added in this batch may be the one to go
        with self.conn.cursor() as cur:
            stored = cur.execute("SELECT id, text FROM passages WHERE doc_id = ANY(%s)",
                                 (doc_ids,)).fetchall()
            if not stored:
                return
            words, passages, occurrences = _count([text for _, text in stored])
            terms = [w for distinct in words for w in distinct]
            ids = [pid for (pid, _), distinct in zip(stored, words) for _ in distinct]
            cur.execute("DELETE FROM postings q USING unnest(%s::text[], %s::bigint[]) "
                        "AS d(term, id) WHERE q.term = d.term AND q.passage_id = d.id",
                        (terms, ids))
            self._add_counts(cur, passages, occurrences, sign=-1)

    # ------------------------------------------------------------------ writing

    @_errors
    def add_document(self, doc: NewDocument, passages: list[tuple[int, int, str | None]], *,
                     force: bool = False) -> str:
        """Store *doc* and its passages; "added", "replaced" or "unchanged" (a document with
        the same path, or the same source identity, and sha256: nothing is written unless
        *force*). One transaction (a savepoint inside a batch)."""
        passage_rows(doc, passages)  # (checks the spans)
        check_document(doc)
        return self._add(doc, passages, force)

    @_errors
    def add_encoded(self, encoded: EncodedDocument, *, force: bool = False) -> str:
        """:meth:`add_document` for a document encoded by a worker (decoded here)."""
        doc = replace(encoded.doc, text=encoded.text.decode("utf-8"))
        return self.add_document(doc, [row[:3] for row in encoded.passages], force=force)

    def _add(self, doc: NewDocument, passages: list[tuple[int, int, str | None]], force: bool,
             ids: tuple[int, list[int]] | None = None) -> str:
        text = storable(doc.text)
        path, source = storable(doc.path), storable(source_identity(doc))
        old = self.conn.execute(
            "SELECT id, sha256 FROM documents WHERE path = %s "
            "UNION ALL SELECT id, sha256 FROM documents WHERE source = %s LIMIT 1",
            (path, source)).fetchone()
        if old is not None and old[1] == doc.sha256 and not force:
            return "unchanged"
        if old is not None:
            self._flush()  # before the savepoint: undoing this document must not undo others
        with self._transaction():
            values = (source, path, storable(doc.title), storable(doc.speaker),
                      storable(doc.date), storable(doc.url), storable(doc.kind), doc.sha256, text,
                      doc.source_kind)
            if old is None:
                if ids is None:
                    doc_id = self.conn.execute(
                        "INSERT INTO documents(source, path, title, speaker, date, url, kind, "
                        "sha256, text, source_kind) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, "
                        "%s) RETURNING id", values).fetchone()[0]
                else:
                    doc_id = self.conn.execute(
                        "INSERT INTO documents(id, source, path, title, speaker, date, url, "
                        "kind, sha256, text, source_kind) VALUES (%s, %s, %s, %s, %s, %s, %s, "
                        "%s, %s, %s, %s) RETURNING id", (ids[0], *values)).fetchone()[0]
                    self._explicit_ids = True
                outcome = "added"
            else:
                doc_id, outcome, ids = old[0], "replaced", None
                self._uncount([doc_id])
                self.conn.execute("DELETE FROM passages WHERE doc_id = %s", (doc_id,))
                self.conn.execute(
                    "UPDATE documents SET source = %s, path = %s, title = %s, speaker = %s, "
                    "date = %s, url = %s, kind = %s, sha256 = %s, text = %s, source_kind = %s, "
                    "added_at = now() WHERE id = %s", (*values, doc_id))
            passage_ids = ids[1] if ids else [None] * len(passages)
            self._pending += [(pid, doc_id, start, end, storable(speaker), text[start:end])
                              for pid, (start, end, speaker) in zip(passage_ids, passages)]
        return outcome

    @_errors
    def copy_document(self, doc: Document, passages: list[Passage]) -> str:
        """Store a document read from another store, with its ids when they are free here
        (``corpus copy``); "unchanged" when it is here already."""
        new = NewDocument(doc.path, doc.title, doc.speaker, doc.date, doc.url, doc.kind,
                          doc.sha256, doc.text, doc.source_kind)
        spans = [(p.start, p.end, p.speaker) for p in passages]
        check_document(new)
        passage_rows(new, spans)
        ids = (doc.id, [p.id for p in passages])
        taken = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE id = %s) OR "
            "EXISTS (SELECT 1 FROM passages WHERE id = ANY(%s))", (doc.id, ids[1])).fetchone()[0]
        if not taken:
            return self._add(new, spans, False, ids)
        self._flush()  # the sequences set past the ids copied so far
        outcome = self._add(new, spans, False)
        self._flush()  # its new ids written: the ids a later document asks for are checked
        return outcome

    @_errors
    def remove(self, path_or_id: str) -> int:
        """Remove documents by id, stored path, file (made absolute), JSONL file (all its
        lines) or folder (everything under it); how many went."""
        key = storable(str(path_or_id))
        self._flush()  # (before the savepoint, as in _add)
        with self._transaction():
            if key.isdigit():
                removed = self._delete([int(key)] if int(key) < 1 << 63 else [])
                if removed:
                    return removed
            removed = self._delete(self._ids("path = %s", key))
            if removed:
                return removed
            resolved = storable(_resolve(key))
            ids = self._ids("path = %s", resolved)
            for prefix in (resolved + "#", resolved.rstrip(os.sep) + os.sep):
                ids += self._ids("starts_with(path, %s)", prefix)
            return self._delete(ids)

    def _ids(self, where: str, value: str) -> list[int]:
        return [row[0] for row in self.conn.execute(
            f"SELECT id FROM documents WHERE {where}", (value,))]

    @_errors
    def paths_under(self, prefix: str) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT path FROM documents WHERE starts_with(path, %s) ORDER BY path",
            (storable(prefix),))]

    @_errors
    def remove_paths_except(self, prefix: str, keep: set[str]) -> int:
        keep = {storable(k) for k in keep}
        self._flush()  # (before the savepoint, as in _add)
        with self._transaction():
            rows = self.conn.execute("SELECT id, path FROM documents WHERE starts_with(path, %s)",
                                     (storable(prefix),)).fetchall()
            gone = [doc_id for doc_id, path in rows if path not in keep]
            self._delete(gone)
        return len(gone)

    # ------------------------------------------------------------------ reading

    @_errors
    def sha256_of(self, path: str) -> str | None:
        row = self.conn.execute("SELECT sha256 FROM documents WHERE path = %s",
                                (storable(path),)).fetchone()
        return row[0] if row else None

    @_errors
    def fetch_of(self, path: str) -> WebFetch | None:
        row = self.conn.execute(
            "SELECT f.url, f.fetched_at, f.etag, f.last_modified FROM fetches f "
            "JOIN documents d ON d.id = f.doc_id WHERE d.path = %s", (storable(path),)).fetchone()
        return WebFetch(*row) if row else None

    @_errors
    def fetch_records(self) -> dict[str, WebFetch]:
        return {row[0]: WebFetch(*row[1:]) for row in self.conn.execute(
            "SELECT d.path, f.url, f.fetched_at, f.etag, f.last_modified FROM fetches f "
            "JOIN documents d ON d.id = f.doc_id")}

    @_errors
    def set_fetch(self, path: str, fetch: WebFetch) -> None:
        with self._transaction():
            self.conn.execute(
                "INSERT INTO fetches(doc_id, url, fetched_at, etag, last_modified) "
                "SELECT id, %s, %s, %s, %s FROM documents WHERE path = %s "
                "ON CONFLICT (doc_id) DO UPDATE SET url = excluded.url, "
                "fetched_at = excluded.fetched_at, etag = excluded.etag, "
                "last_modified = excluded.last_modified",
                (storable(fetch.url), storable(fetch.fetched_at), storable(fetch.etag),
                 storable(fetch.last_modified), storable(path)))

    def get_document(self, doc_id: int) -> Document | None:
        return self._document(doc_id, "text")

    def document_ref(self, doc_id: int) -> Document | None:
        refs, read_at = self._refs
        if doc_id in refs and time.monotonic() - read_at < REFS_SECONDS:
            return refs[doc_id]  # read with the passages just before (one round trip less)
        return self._document(doc_id, "''")

    @_errors
    def _document(self, doc_id: int, text_column: str) -> Document | None:
        row = self.conn.execute(f"SELECT {_COLUMNS}, {text_column}, source_kind FROM documents "
                                "WHERE id = %s", (doc_id,)).fetchone()
        return Document(*row) if row else None

    @_errors
    def documents(self, with_text: bool = False) -> Iterator[Document]:
        """Every document by id (``text`` empty unless *with_text*: then read one at a time)."""
        if not with_text:
            return iter([Document(*row) for row in self.conn.execute(
                f"SELECT {_COLUMNS}, '', source_kind FROM documents ORDER BY id")])
        ids = [row[0] for row in self.conn.execute("SELECT id FROM documents ORDER BY id")]
        return (doc for doc in map(self.get_document, ids) if doc is not None)

    @_errors
    def document_slices(self, doc_id: int, spans: list[tuple[int, int]]) -> list[str] | None:
        return self.document_slices_many([(doc_id, spans)])[0]

    @_errors
    def document_slices_many(self, asks: list[tuple[int, list[tuple[int, int]]]]
                             ) -> list[list[str] | None]:
        """:meth:`document_slices` of each (document, spans), the queries sent in one
        pipeline (the search reads the context of all its matches at once)."""
        queries = [_slices_query(doc_id, spans) for doc_id, spans in asks]
        if len(queries) == 1:
            rows = [self.conn.execute(*queries[0]).fetchone()]
        else:
            with self.conn.pipeline():
                cursors = [self.conn.execute(*query) for query in queries]
            rows = [cur.fetchone() for cur in cursors]
        return [None if row is None else [text or "" for text in row][:len(spans)]
                for row, (_, spans) in zip(rows, asks)]

    @_errors
    def get_passages(self, ids: list[int]) -> list[Passage]:
        """The passages, with their documents' refs in the same round trip: the search asks
        for the refs of the ones it matches next (:meth:`document_ref`)."""
        found, refs = {}, {}
        # Each passage's document looked up by its id (LIMIT 1 keeps the planner from hashing
        # the whole documents table for a pool of 150: 6-8 ms at 1M, this 2-3).
        for row in self.conn.execute(
                f"SELECT p.id, p.doc_id, p.start_char, p.end_char, p.speaker, p.text, "
                f"{_DOC_REF} FROM passages p CROSS JOIN LATERAL (SELECT {_COLUMNS} FROM documents "
                "d WHERE d.id = p.doc_id LIMIT 1) d WHERE p.id = ANY(%s)",
                (list(dict.fromkeys(ids)),)):
            found[row[0]] = Passage(*row[:6])
            refs[row[1]] = Document(row[1], *row[6:], "")
        self._refs = (refs, time.monotonic())
        return [found[i] for i in ids if i in found]

    @_errors
    def passages_of(self, doc_id: int) -> list[Passage]:
        return [Passage(*row) for row in self.conn.execute(
            f"SELECT {_PASSAGE} FROM passages WHERE doc_id = %s ORDER BY start_char, id",
            (doc_id,))]

    @_errors
    def passage_counts(self) -> dict[int, int]:
        return dict(self.conn.execute("SELECT doc_id, count(*) FROM passages GROUP BY doc_id"))

    @_errors
    def speaker_documents(self) -> list[tuple[int, str | None, str | None, str | None, str, int,
                                              str | None]]:
        """As the SQLite store's: (document id, title, document speaker, date, speaker,
        passages, source kind) per document and named speaker of its passages."""
        return [tuple(row) for row in self.conn.execute(
            "SELECT d.id, d.title, d.speaker, d.date, coalesce(p.speaker, d.speaker) AS who,"
            " count(*), d.source_kind FROM passages p JOIN documents d ON d.id = p.doc_id"
            " WHERE coalesce(p.speaker, d.speaker) IS NOT NULL"
            " GROUP BY d.id, d.title, d.speaker, d.date, who, d.source_kind ORDER BY d.id, who")]

    @_errors
    def has_passages(self) -> bool:
        return self.conn.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is not None

    @_errors
    def content_hashes(self) -> tuple[list[tuple[str, str]], int]:
        hashes = self.conn.execute("SELECT path, sha256 FROM documents").fetchall()
        passages = self.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        return [tuple(row) for row in hashes], passages

    @_errors
    def stats(self) -> dict:
        """As SQLite's; ``db_bytes`` is the size of the corpus tables with their indexes."""
        q = self.conn.execute
        documents, characters = q("SELECT count(*), coalesce(sum(length(text)), 0) "
                                  "FROM documents").fetchone()
        passages = q("SELECT count(*) FROM passages").fetchone()[0]
        speakers = q("SELECT count(*) FROM (SELECT speaker FROM documents WHERE speaker IS NOT "
                     "NULL UNION SELECT speaker FROM passages WHERE speaker IS NOT NULL) s "
                     "WHERE speaker <> 'Q'").fetchone()[0]
        first, last = q("SELECT min(date), max(date) FROM documents").fetchone()
        kinds = dict(q("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY kind"))
        sources = {kind or "unknown": {"documents": docs, "passages": int(passages_of),
                                       "first_date": first_of, "last_date": last_of}
                   for kind, docs, passages_of, first_of, last_of in q(
            "SELECT d.source_kind, count(*), coalesce(sum(p.n), 0), min(d.date), max(d.date)"
            " FROM documents d LEFT JOIN (SELECT doc_id, count(*) AS n FROM passages"
            " GROUP BY doc_id) p ON p.doc_id = d.id GROUP BY d.source_kind"
            " ORDER BY d.source_kind")}
        size = q("SELECT sum(pg_total_relation_size(t::regclass)) FROM "
                 "unnest(ARRAY['documents', 'passages', 'vocabulary', 'postings']) t").fetchone()[0]
        return {"path": self.shown, "documents": documents, "passages": passages,
                "characters": int(characters), "db_bytes": int(size or 0),
                "speakers": speakers, "first_date": first, "last_date": last, "kinds": kinds,
                "sources": sources}

    # ------------------------------------------------------------------ candidates
    # The query shapes of the search (workbench.corpus.index). Words become tsquery lexemes
    # quoted as literals (never query syntax), made by FTS5's rule (words.query_words).

    @_errors
    def match_all(self, terms: list[str], limit: int) -> list[int]:
        """From the postings or through GIN, whichever its words' counts say is cheaper (see
        :meth:`_match_all_query`)."""
        return self.match_all_many([terms], limit)[0]

    @_errors
    def match_all_many(self, groups: list[list[str]], limit: int) -> list[list[int]]:
        """:meth:`match_all` of each group, the word counts that pick their plans read at once
        and the queries sent in one pipeline: one or two round trips, not one or two a group
        (a search asks eight at once)."""
        words = [[w[0] for w in map(query_words, terms)] if _single_words(terms) else None
                 for terms in groups]
        counts = self._word_counts(list(dict.fromkeys(w for ws in words if ws for w in ws)))
        size = max(self._passages_size(), 1)
        asks = [self._match_all_query(terms, ws, counts, size, limit)
                for terms, ws in zip(groups, words)]
        if len(asks) == 1:  # (no pipeline for one: the same round trip, less work)
            return [self._fetch_ids(*asks[0]) if asks[0] else []]
        with self.conn.pipeline():
            cursors = [self.conn.execute(*ask) if ask else None for ask in asks]
        return [[row[0] for row in cur.fetchall()] if cur else [] for cur in cursors]

    def _match_all_query(self, terms: list[str], words: list[str] | None,
                         counts: dict[str, int], size: int, limit: int) -> tuple | None:
        """The query (SQL, parameters) of one :meth:`match_all`; None when nothing can match.

        Three plans give the same ids: the rarest word's postings in id order, each looked up
        in the others' (:meth:`_postings_query`: cheap when the *limit* is reached early, or
        when few look-ups are needed); GIN for the rarest words, the common ones checked in
        each row (:meth:`_filtered_query`: when those words leave few passages); GIN for all
        (which reads much of a common word's postings). Picked by the words' counts, as if
        they were independent (measured at 1M on the search's slowest ANDs)."""
        if not terms or words is None:
            return self._match_query(tsquery([terms]), limit)
        words = sorted(words, key=counts.get)
        shares = [counts[w] / size for w in words]
        together = math.prod(shares) * size
        if together > PROBE_FACTOR * limit:  # the limit is reached early in the postings
            return self._postings_query(words, limit)
        filtered = self._filtered_query(words, shares, size, limit)
        if filtered is not None:
            return filtered
        read = counts[words[0]] * min(1.0, limit / together) if together else 0
        lookups = read * sum(math.prod(shares[1:i]) for i in range(1, len(words)))
        if lookups * LOOKUP_POSTINGS < sum(counts[w] for w in words):
            return self._postings_query(words, limit)
        return self._match_query(tsquery([words]), limit)

    @staticmethod
    def _postings_query(words: list[str], limit: int) -> tuple:
        """The rarest word's postings in id order, each looked up in the others' until *limit*
        are found. (Scalar look-ups, not EXISTS: the planner would make those a hash join,
        reading all of a common word's postings, when it expects few rows.)"""
        lookups = "".join(" AND (SELECT true FROM postings q WHERE q.term = %s AND "
                          "q.passage_id = p.passage_id)" for _ in words[1:])
        return (f"SELECT p.passage_id FROM postings p WHERE p.term = %s{lookups} "
                "ORDER BY p.passage_id LIMIT %s", (*words, limit))

    def _filtered_query(self, words: list[str], shares: list[float], size: int, limit: int
                        ) -> tuple | None:
        """The AND of *words* (rarest first) with GIN asked only for those in at most RARE_SHARE
        of the passages and the others checked in each passage's row, when the rare ones
        leave at most FILTERED_ROWS passages a word to check (else None): GIN would read
        nearly all of a common word's postings to intersect them with a rare one's (10-20 ms
        at 1M for "intolerable" with "it", "be", "to", "and"; this, 1 ms)."""
        rare = 1
        while rare < len(words) and shares[rare] <= RARE_SHARE:
            rare += 1
        left = math.prod(shares[:rare]) * size
        if rare == len(words) or left > FILTERED_ROWS * (len(words) - rare):
            return None
        # coalesce(): an expression the GIN index does not serve, so a filter on each row
        return ("SELECT id FROM passages WHERE tsv @@ %s::tsquery AND coalesce(tsv, '') @@ "
                "%s::tsquery ORDER BY id + 0 LIMIT %s",
                (tsquery([words[:rare]]), tsquery([words]), limit))

    def _fetch_ids(self, query: str, params: tuple) -> list[int]:
        return [row[0] for row in self.conn.execute(query, params)]

    def _remember(self, word: str, passages: int) -> None:
        if len(self._counts) > MAX_REMEMBERED:
            self._counts.clear()
        self._counts[word] = (passages, time.monotonic())

    def _recent_count(self, word: str, within: float = REFS_SECONDS) -> int | None:
        passages, read_at = self._counts.get(word, (0, -math.inf))
        return passages if time.monotonic() - read_at < within else None

    def _word_counts(self, words: list[str], within: float = PLAN_SECONDS) -> dict[str, int]:
        """The passages holding each word: as counted in the last *within* seconds (for a
        choice of plan, never an answer, a minute: the search counts the words it asks for
        first; another search counted the common ones), else from the vocabulary."""
        counts = {w: self._recent_count(w, within) for w in words}
        missing = [w for w, n in counts.items() if n is None]
        if missing:
            found = dict(self.conn.execute(
                "SELECT term, passages FROM vocabulary WHERE term = ANY(%s)", (missing,)))
            for word in missing:
                counts[word] = int(found.get(word, 0))
                self._remember(word, counts[word])
        return counts

    def _passages_size(self) -> int:
        """The largest passage id (about how many passages there are), read once a minute:
        only a choice of plan depends on it."""
        size, read_at = self._size
        if time.monotonic() - read_at > 60:
            size = int(self.conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0])
            self._size = (size, time.monotonic())
        return size

    @_errors
    def match_any_of(self, groups: list[tuple[str, ...]], limit: int) -> list[int]:
        """An OR of ANDs; every choice of *k* of *n* words (passages holding at least *k* of
        them) asked as :meth:`match_at_least` does."""
        at_least = _at_least(groups)
        if at_least is not None:
            return self._at_least(*at_least, limit)
        return self._match(tsquery([list(g) for g in groups]), limit)

    @_errors
    def match_at_least(self, terms: list[str], held: int, limit: int) -> list[int]:
        """:meth:`match_any_of` over every choice of *held* of *terms*, without listing the
        choices when each term is one word (:meth:`_at_least`; *terms* rarest first, as the
        search asks)."""
        if terms and 1 <= held <= len(terms) and _single_words(terms):
            return self._at_least([query_words(t)[0] for t in terms], held, limit)
        return self.match_any_of(list(combinations(terms, held)), limit)

    def _at_least(self, words: list[str], held: int, limit: int) -> list[int]:
        """Passages holding *held* of *words* (distinct words, rarest first), through GIN as
        one nested expression (:func:`at_least_tsquery`), the commonest word outermost as on
        SQLite: measured at 1M on the search's at-least queries, 2.6 times faster than the
        words' postings merged in id order, and 2.7 times faster than the OR of every choice."""
        return self._match(at_least_tsquery(words[::-1], held), limit)

    @_errors
    def match_all_ranked(self, terms: list[str], limit: int) -> list[int]:
        """:meth:`match_all`, best first by ``ts_rank`` (FTS5 ranks by bm25), then by id."""
        query = tsquery([terms])
        if query is None:
            return []
        return [row[0] for row in self.conn.execute(
            "SELECT id FROM passages WHERE tsv @@ %s::tsquery "
            "ORDER BY ts_rank(tsv, %s::tsquery) DESC, id LIMIT %s", (query, query, limit))]

    def _match(self, query: str | None, limit: int) -> list[int]:
        ask = self._match_query(query, limit)
        return self._fetch_ids(*ask) if ask else []

    @staticmethod
    def _match_query(query: str | None, limit: int) -> tuple | None:
        if query is None:
            return None
        # In id order, but not by walking the id index: the planner would, for a rare word
        # with a common one, expecting the LIMIT soon, and filter a million rows (1 s at 1M);
        # "id + 0" leaves it the GIN index, then a sort of what it finds.
        return ("SELECT id FROM passages WHERE tsv @@ %s::tsquery ORDER BY id + 0 LIMIT %s",
                (query, limit))

    @_errors
    def count_matching(self, term: str, cap: int) -> tuple[int, int | None]:
        """(passages holding *term* up to *cap*, by id as FTS5 counts them; the last id),
        from the postings' index alone (:meth:`count_matching_many`)."""
        return self.count_matching_many([term], cap)[0]

    def _count_phrase(self, term: str, cap: int) -> tuple[int, int | None]:
        """:meth:`count_matching` of a term of several words ("don't"), through GIN."""
        query = tsquery([[term]])
        if query is None:
            return 0, None
        count, last = self.conn.execute(
            "SELECT count(*), max(id) FROM (SELECT id FROM passages WHERE tsv @@ %s::tsquery "
            "ORDER BY id + 0 LIMIT %s) s", (query, cap)).fetchone()  # (GIN: as in _match)
        return count, last

    @_errors
    def count_matching_many(self, terms: list[str], cap: int) -> list[tuple[int, int | None]]:
        """:meth:`count_matching` of each term: the one-word terms (nearly all) in one query."""
        single = [t for t in dict.fromkeys(terms) if _single_words([t])]
        found: dict[str, tuple[int, int | None]] = {}
        if single:
            words = [query_words(t)[0] for t in single]
            # The vocabulary's count first: under the cap, the last id is one index probe (no
            # list read); the count is kept for the vocabulary_count that follows.
            rows = self.conn.execute(
                "SELECT v.n, CASE WHEN v.n < %(cap)s THEN (SELECT max(passage_id) FROM postings "
                "WHERE term = w.t) ELSE (SELECT passage_id FROM postings WHERE term = w.t "
                "ORDER BY passage_id OFFSET %(cap)s - 1 LIMIT 1) END FROM unnest(%(w)s::text[]) "
                "WITH ORDINALITY AS w(t, i) CROSS JOIN LATERAL (SELECT coalesce((SELECT passages "
                "FROM vocabulary WHERE term = w.t), 0) AS n) v ORDER BY w.i",
                {"w": words, "cap": cap}).fetchall()
            for term, word, (passages, last) in zip(single, words, rows):
                self._remember(word, int(passages))
                found[term] = (min(int(passages), cap), last)
        return [found[t] if t in found else self._count_phrase(t, cap) for t in terms]

    @_errors
    def vocabulary_count(self, term: str) -> int | None:
        """From the vocabulary table; None for the words SQLite's answers None for too."""
        return self.vocabulary_count_many([term])[0]

    @_errors
    def vocabulary_count_many(self, terms: list[str]) -> list[int | None]:
        """:meth:`vocabulary_count` of each term, the vocabulary read once for those not
        counted just before (one round trip)."""
        words = {t: t.lower() for t in terms if t.isascii() and t.isalnum()}
        counts = self._word_counts(list(dict.fromkeys(words.values())), REFS_SECONDS)
        return [counts[words[t]] if t in words else None for t in terms]

    @_errors
    def max_passage_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0])

    @_errors
    def rank_by_weight(self, weights: list[tuple[str, float]], limit: int) -> list[int]:
        """Summed by the server, as SQLite sums them (highest first, then by id)."""
        parts, args = [], []
        for term, weight in weights:
            words = query_words(term)
            query = tsquery([[term]])
            if len(words) == 1:  # from the postings' index alone
                parts.append("SELECT passage_id AS id, %s::float8 AS w FROM postings "
                             "WHERE term = %s")
                args += [weight, words[0]]
            elif query is not None:
                parts.append("SELECT id, %s::float8 AS w FROM passages WHERE tsv @@ %s::tsquery")
                args += [weight, query]
        if not parts:
            return []
        union = " UNION ALL ".join(parts)
        return [row[0] for row in self.conn.execute(
            f"SELECT id FROM ({union}) s GROUP BY id ORDER BY sum(w) DESC, id LIMIT %s",
            (*args, limit))]


def _count(texts: list[str]) -> tuple[list[list[str]], Counter, Counter]:
    """(each text's distinct indexed words; in how many texts each word is; how many times)."""
    words, passages, occurrences = [], Counter(), Counter()
    for found in passage_words(texts):
        distinct = indexed(found)
        if len(distinct) < len(set(found)):  # (a word left out is not counted either)
            kept = set(distinct)
            found = [w for w in found if w in kept]
        words.append(distinct)
        passages.update(distinct)
        occurrences.update(found)
    return words, passages, occurrences


def _slices_query(doc_id: int, spans: list[tuple[int, int]]) -> tuple[str, tuple]:
    """The query of a document's slices (1 when there are none: whether the document is)."""
    columns = ", ".join(["substr(text, %s, %s)"] * len(spans)) or "1"
    args = [v for start, end in spans for v in (start + 1, max(end - start, 0))]
    return f"SELECT {columns} FROM documents WHERE id = %s", (*args, doc_id)


def _single_words(terms: list[str]) -> bool:
    """Whether each term is one word as FTS5 makes it, no two the same word ("Roads" and
    "roads" are): what the postings' plans need."""
    words = [query_words(t) for t in terms]
    return all(len(w) == 1 for w in words) and len({w[0] for w in words}) == len(terms)


def _at_least(groups: list[tuple[str, ...]]) -> tuple[list[str], int] | None:
    """(words, k) when *groups* are every choice of k of some distinct terms, each one word
    as FTS5 makes it (passages holding at least k of the words); else None."""
    if not groups or any(len(g) != len(groups[0]) for g in groups):
        return None
    terms = list(dict.fromkeys(t for g in groups for t in g))
    held = len(groups[0])
    if held < 1 or len(groups) != math.comb(len(terms), held):
        return None
    if {frozenset(g) for g in groups} != set(map(frozenset, combinations(terms, held))):
        return None
    words = [query_words(t) for t in terms]
    if any(len(w) != 1 for w in words) or len({w[0] for w in words}) != len(words):
        return None
    return [w[0] for w in words], held


def _copy_text(word: str) -> str:
    """A word as a field of COPY's text format (words hold no tab or newline; backslash
    escaped all the same)."""
    return word.replace("\\", "\\\\") if "\\" in word else word


def _resolve(path: str) -> str:
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return path

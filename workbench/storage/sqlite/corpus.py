"""The corpus store on SQLite: one file with documents, their passages and an FTS5 index.

``documents.text`` is the cleaned text of a source; every passage is a ``[start, end)`` span of
it (``text[start:end] == passage.text``).  ``passages_fts`` is an external-content FTS5 table
over ``passages.text``, always in sync when a transaction commits:

* deletes (including the cascade when a document goes) go through a trigger;
* inserts are indexed by the store itself with one ``INSERT … SELECT`` for all the passages a
  transaction added (twice as fast as a trigger per row), before any delete and before commit.
  So passages must only be written through this class, and are never updated in place.

Durability: WAL with ``synchronous = NORMAL``. A crash (of the process or of the machine) never
corrupts the database; a power cut may lose the last transactions, which ingest redoes the next
time (unchanged files are recognised). Bulk ingest keeps these settings: ``synchronous = OFF``
could corrupt the file on a power cut during a checkpoint, and another journal mode would block
the readers. It gets its speed elsewhere: a larger FTS5 buffer (:data:`FTS_HASH_BYTES`), texts
bound as UTF-8 bytes encoded by the worker processes (:class:`EncodedDocument`), and
checkpoints run in a background thread after large batches (:data:`BACKGROUND_CHECKPOINT_BYTES`).

Every problem with the file itself (missing, not SQLite, a foreign SQLite database, damaged,
locked, made by a newer workbench, a full disk) is raised as
:class:`~workbench.errors.CorpusError` with one line naming the path.

Damage: SQLite finds a damaged page only when it reads it. A store checks the whole file
(``PRAGMA quick_check``) before its first write (writing into a damaged file can spread the
damage) and when opened with ``verify=True`` (``corpus list`` and ``stats``); the check reads
every page: 0.5 s for a corpus of 1M passages (750 MB) in the page cache. Searches do not
check (it would cost them more than the search): they report the damage they meet. Every one
of these says the same thing (:data:`DAMAGED`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from workbench.errors import CorpusError, show_path as _show
from workbench.storage.at_least import nested_at_least
from workbench.storage.records import (KINDS, PATH_SOURCE_KINDS, Document, EncodedDocument,
                                       NewDocument, Passage, WebFetch, check_document, encode_document,
                                       one_line_errors, passage_rows)
from workbench.storage.sqlite.files import file_state

__all__ = ["SCHEMA_VERSION", "KINDS", "DAMAGED", "Document", "Passage", "NewDocument",
           "EncodedDocument", "encode_document", "SQLiteCorpusStore", "default_db_path",
           "sqlite_reason"]

SCHEMA_VERSION = 4
APPLICATION = "workbench-corpus"
ENV_VAR = "WORKBENCH_CORPUS"
MEMORY = ":memory:"

# What every command says about a damaged file, whichever way it found out.
DAMAGED = ("the corpus file is damaged (database disk image is malformed); "
           "build it again from its sources")
_ID_CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit
_HULL_SLACK = 2000  # characters between spans read rather than a second substr (see document_slices)
# FTS5 keeps the terms of a transaction's new rows in memory up to this size before it writes
# them out as a segment (default 1 MB). A larger buffer writes fewer, larger segments, so FTS5
# has less merging to do: indexing a large batch costs a third less CPU, and searches have fewer
# segments to read. A setting of the index (stored in passages_fts_config), not of the data.
FTS_HASH_BYTES = 16 << 20
# A batch that wrote at least this much text leaves copying the WAL into the database file (the
# checkpoint SQLite would run in its commit: disk writes and two fsyncs) to a thread with its
# own connection, so the next batch is written meanwhile. Smaller batches commit as usual.
BACKGROUND_CHECKPOINT_BYTES = 1 << 20

# How a web document was fetched (schema 2): the validators that revalidate it; goes with it.
_FETCHES = """
CREATE TABLE fetches(
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT
);
"""

# Schema 4: how many passages hold each word of the full-text index, as FTS5's vocabulary
# counts them, read by a search in one lookup (the vocabulary reads a word's whole list: 4 ms
# for a word in 100,000 passages of a million). Valid only while meta 'term_counts' is
# 'fresh': every write marks it 'stale' in its own transaction, and the store that wrote fills
# the table again when it closes (1.4 s for all the words at a million passages); a search of a
# stale corpus asks the vocabulary instead.
_TERM_COUNTS = """
CREATE TABLE IF NOT EXISTS term_counts(term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
"""

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    title TEXT,
    speaker TEXT,
    date TEXT,
    url TEXT,
    kind TEXT,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    added_at TEXT,
    source_kind TEXT
);
CREATE TABLE passages(
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    speaker TEXT,
    text TEXT NOT NULL
);
CREATE INDEX passages_doc ON passages(doc_id);
CREATE INDEX documents_speaker ON documents(speaker);
CREATE INDEX documents_date ON documents(date);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
""" + _FETCHES + _TERM_COUNTS

# Migrations from version N to N + 1, run in order inside one transaction.
_MIGRATIONS: dict[int, str] = {
    # 2: how pages read from the web were fetched (ETag, Last-Modified), for revalidation.
    1: _FETCHES,
    # 3: what each document was read from (pdf, captions, ...), for stats and coverage; the
    # documents stored before are given the kind their key implies.
    2: "ALTER TABLE documents ADD COLUMN source_kind TEXT;"
       "UPDATE documents SET source_kind = CASE "
       + " ".join(f"WHEN lower(path) LIKE '{pattern}' THEN '{kind}'"
                  for pattern, kind in PATH_SOURCE_KINDS) + " END",
    # 4: per-word passage counts (filled right after the migration, see _TERM_COUNTS).
    3: _TERM_COUNTS + "INSERT OR REPLACE INTO meta(key, value) VALUES ('term_counts', 'stale');",
}



def default_db_path() -> Path:
    """``$WORKBENCH_CORPUS`` if set, else ``corpus.db`` in the user data dir."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_data_path("workbench") / "corpus.db"


def sqlite_reason(exc: sqlite3.Error) -> str:
    """One line for the user about an SQLite error met while using a corpus."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    name = getattr(exc, "sqlite_errorname", None)
    if name == "SQLITE_FULL" or "disk is full" in lowered:
        return "the disk is full: free some space and try again (what was saved before is kept)"
    if "locked" in lowered or "busy" in lowered:
        return "the database is locked by another process; try again when it is done"
    # (The header was checked before SQLite saw the file: "not a database" is damage too.)
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "not a database" in lowered \
            or "malformed" in lowered:
        return DAMAGED
    if "readonly" in lowered or "read-only" in lowered:
        return "the database is read-only here"
    return text


_db_errors = one_line_errors(lambda: sqlite3.Error, lambda exc: sqlite_reason(exc))
"""SQLite errors raised while using an open store, as one-line CorpusErrors."""


class SQLiteCorpusStore:
    """The corpus database. Use as a context manager, or call :meth:`close`.

    Implements :class:`workbench.storage.protocols.CorpusStore`, the candidate queries of the
    search included. ``conn`` (autocommit, tuples as rows) is for tests and benchmarks only:
    no module outside the storage backends runs SQL.
    """

    in_process = True  # see CandidateSource.in_process

    def __init__(self, path: str | Path, create: bool = True, verify: bool = False) -> None:
        self.path = Path(path)
        self.shown = _show(str(path))
        self.conn: sqlite3.Connection | None = None
        self._batch_depth = 0
        # Passages with an id above this are stored but not yet in the FTS index (None: all are).
        self._fts_floor: int | None = None
        self._fts_tuned = False
        self._batch_bytes = 0  # text written by the open batch
        self._wal = False  # the database is in WAL mode
        self._checkpointer: threading.Thread | None = None
        self._utf8 = True  # the database's text encoding is UTF-8 (see add_encoded)
        self._vocab_ready = False  # the temporary fts5vocab table exists
        self._wrote = False  # this store changed passages: it fills term_counts again on close
        # ":memory:" is a private corpus in memory (verify re-aligns quotes in one: ten times
        # faster to make than a file).
        fresh = str(path) == MEMORY or self._check_file(create)
        self._verified = fresh  # the file passed verify() (a new one has nothing to check)
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=5.0,
                                        check_same_thread=False)
            self._setup(fresh, create)
            if verify:
                self.verify()
        except sqlite3.Error as exc:
            self.close()
            raise CorpusError(f"{self.shown}: {sqlite_reason(exc)}") from None
        except CorpusError:
            self.close()
            raise

    # ------------------------------------------------------------------ opening

    def _check_file(self, create: bool) -> bool:
        """Fail early on a path SQLite would misread; return True if there is no database yet."""
        state = file_state(self.path, self.shown, "corpus", CorpusError)
        if state == "missing":
            if not create:
                raise CorpusError(f"{self.shown}: no corpus database here "
                                  "(add documents first with `workbench corpus add`)")
            if not self.path.parent.is_dir():
                raise CorpusError(f"{self.shown}: no such directory {_show(str(self.path.parent))}")
        return state != "sqlite"  # an empty file: SQLite treats it as a new database

    def _setup(self, fresh: bool, create: bool) -> None:
        conn = self.conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if not tables:
            if not create:
                raise CorpusError(f"{self.shown}: an empty database, not a workbench corpus")
            self._create_schema()
        elif "meta" not in tables:
            raise CorpusError(f"{self.shown}: an SQLite database, but not a workbench corpus "
                              "(no meta table)")
        else:
            self._check_version()
        self._utf8 = conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-8"
        try:
            self._wal = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
            conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; commits stay cheap
        except sqlite3.OperationalError:
            pass  # e.g. a read-only directory: the default journal still works for reading

    def _create_schema(self) -> None:
        try:
            self.conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
            self.conn.execute("DROP TABLE temp.fts5_probe")
        except sqlite3.OperationalError:
            raise CorpusError("this Python's SQLite library has no FTS5 full-text search; "
                              "install a Python built with FTS5") from None
        script = "BEGIN;\n" + _SCHEMA + (
            "INSERT INTO meta(key, value) VALUES ('schema_version', '%d'), ('application', '%s'),"
            " ('term_counts', 'fresh');\n"
            "INSERT INTO passages_fts(passages_fts, rank) VALUES ('hashsize', %d);\n"
            % (SCHEMA_VERSION, APPLICATION, FTS_HASH_BYTES)) + "COMMIT;"
        try:
            self.conn.executescript(script)
        except sqlite3.Error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def verify(self) -> None:
        """Check every page of the file once (``PRAGMA quick_check``); raise CorpusError
        (:data:`DAMAGED`) when one is damaged."""
        if self._verified:
            return
        try:
            ok = self.conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        except sqlite3.Error as exc:  # (a damaged page may stop the check: DAMAGED too)
            raise CorpusError(f"{self.shown}: {sqlite_reason(exc)}") from None
        if not ok:
            raise CorpusError(f"{self.shown}: {DAMAGED}")
        self._verified = True

    def _check_version(self) -> None:
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        if meta.get("application") != APPLICATION or "schema_version" not in meta:
            raise CorpusError(f"{self.shown}: an SQLite database, but not a workbench corpus")
        try:
            version = int(meta["schema_version"])
        except ValueError:
            raise CorpusError(f"{self.shown}: damaged corpus (schema_version "
                              f"{meta['schema_version']!r})") from None
        if version > SCHEMA_VERSION:
            raise CorpusError(f"{self.shown}: made by a newer workbench (corpus schema {version}; "
                              f"this version reads up to {SCHEMA_VERSION}); upgrade workbench")
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        with self._transaction():
            for v in range(version, SCHEMA_VERSION):
                if v not in _MIGRATIONS:
                    raise CorpusError(f"{self.shown}: cannot upgrade corpus schema {v}")
                for statement in _MIGRATIONS[v].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                              (str(SCHEMA_VERSION),))
            if version < 4:
                self._fill_term_counts()

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        # (A corpus in memory goes with its connection: nothing to count for later.)
        if (self._wrote and self.conn is not None and not self.conn.in_transaction
                and str(self.path) != MEMORY):
            self._wrote = False
            try:
                self._refresh_term_counts()
            except sqlite3.Error:
                pass  # left stale: searches ask the vocabulary, as without the table
        if self._checkpointer is not None:
            self._checkpointer.join()
            self._checkpointer = None
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None

    def __enter__(self) -> SQLiteCorpusStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A savepoint: its own transaction (FTS synced before it ends), or a nested part of an
        open :meth:`batch` (synced when the batch commits)."""
        self.verify()
        floor = self._fts_floor
        self.conn.execute("SAVEPOINT doc")
        try:
            yield
            if not self._batch_depth:
                self._sync_fts()
        except BaseException:
            self._fts_floor = floor  # whatever the savepoint did, indexing included, is undone
            self._undo_savepoint()
            raise
        self.conn.execute("RELEASE doc")

    def _undo_savepoint(self) -> None:
        """Roll back the savepoint of :meth:`_transaction`, quietly: the error being raised is
        the one to report. After some errors (SQLITE_FULL: the disk is full) SQLite has rolled
        back the whole transaction already, and the savepoint is gone with it."""
        if not self.conn.in_transaction:
            return
        try:
            self.conn.execute("ROLLBACK TO doc")
            self.conn.execute("RELEASE doc")
        except sqlite3.Error:
            pass

    def _sync_fts(self) -> None:
        """Index the passages added since the last sync (one statement: fast)."""
        if self._fts_floor is not None:
            self.conn.execute("INSERT INTO passages_fts(rowid, text) SELECT id, text FROM passages"
                              " WHERE id > ?", (self._fts_floor,))
            self._fts_floor = None

    def _stale_counts(self) -> None:
        """The passages are about to change: term_counts is no longer to be trusted (in the
        same transaction as the change, so a rollback undoes both)."""
        self.conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'term_counts'")
        self._wrote = True

    def _fill_term_counts(self) -> None:
        """term_counts from FTS5's vocabulary, all words in one pass (inside a transaction)."""
        self._vocabulary()
        self.conn.execute("DELETE FROM term_counts")
        self.conn.execute("INSERT INTO term_counts(term, doc) SELECT term, doc"
                          " FROM temp.passages_vocab")
        self.conn.execute("UPDATE meta SET value = 'fresh' WHERE key = 'term_counts'")

    def _refresh_term_counts(self) -> None:
        """Fill term_counts again if a write left it stale (after this store's writes)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if not self._counts_fresh():
                self._fill_term_counts()
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _counts_fresh(self) -> bool:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'term_counts'").fetchone()
        return row is not None and row[0] == "fresh"

    def _vocabulary(self) -> None:
        """The temporary fts5vocab table over the index (made once a connection)."""
        if not self._vocab_ready:
            self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab "
                              "USING fts5vocab(main, passages_fts, row)")
            self._vocab_ready = True

    def _before_insert(self) -> None:
        if self._fts_floor is None:
            self._fts_floor = self.conn.execute(
                "SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes into one transaction (ingest speed); each document stays atomic."""
        if self._batch_depth:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
            return
        self.verify()
        self._execute_or_fail("BEGIN IMMEDIATE")
        self._batch_depth = 1
        self._batch_bytes = 0
        try:
            yield
            self._batch_depth = 0
            self._tune_fts()
            self._sync_fts()
            self._commit_batch()
        except BaseException as exc:
            self._batch_depth = 0
            self._fts_floor = None
            self._fts_tuned = False  # the rollback may have undone it
            if self.conn is not None and self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the error being raised is the one to report
            if isinstance(exc, sqlite3.Error):
                raise CorpusError(f"{self.shown}: {sqlite_reason(exc)}") from None
            raise

    def _commit_batch(self) -> None:
        if not (self._wal and self._batch_bytes >= BACKGROUND_CHECKPOINT_BYTES):
            self.conn.execute("COMMIT")
            return
        automatic = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            self.conn.execute("COMMIT")
        finally:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {int(automatic)}")
        if self._checkpointer is not None:
            if self._checkpointer.is_alive():
                return  # still copying an earlier batch; the next one starts another
            self._checkpointer.join()
        self._checkpointer = threading.Thread(target=_checkpoint, args=(str(self.path),),
                                              name="corpus-checkpoint", daemon=True)
        self._checkpointer.start()

    def _tune_fts(self) -> None:
        """Give FTS5 its larger buffer (:data:`FTS_HASH_BYTES`), once, inside a write: after its
        savepoints (FTS5 writes out its buffer at every savepoint once it is written to)."""
        if self._fts_tuned:
            return
        row = self.conn.execute("SELECT v FROM passages_fts_config WHERE k = 'hashsize'").fetchone()
        if row is None or row[0] != FTS_HASH_BYTES:
            self.conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('hashsize', ?)",
                              (FTS_HASH_BYTES,))
        self._fts_tuned = True

    def _execute_or_fail(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except sqlite3.Error as exc:
            raise CorpusError(f"{self.shown}: {sqlite_reason(exc)}") from None

    # ------------------------------------------------------------------ writing

    @_db_errors
    def add_document(self, doc: NewDocument, passages: list[tuple[int, int, str | None]], *,
                     force: bool = False) -> str:
        """Store *doc* and its passages ``(start, end, speaker)``; return what happened.

        ``"unchanged"``: a document with the same path and sha256 is stored (nothing written,
        unless *force*); ``"replaced"``: the old version and its passages were swapped for the
        new ones (the document keeps its id); ``"added"``. One transaction.
        """
        rows = passage_rows(doc, passages)
        check_document(doc)
        return self._add(doc, doc.text, rows, force)

    @_db_errors
    def add_encoded(self, encoded: EncodedDocument, *, force: bool = False) -> str:
        """:meth:`add_document` for a document made ready by :func:`encode_document`: stores
        the same, binding the UTF-8 bytes as text."""
        if not self._utf8:  # (a database in UTF-16 would read the bytes differently)
            doc = replace(encoded.doc, text=encoded.text.decode("utf-8"))
            return self.add_document(doc, [row[:3] for row in encoded.passages], force=force)
        check_document(encoded.doc)
        # Zero-copy slices: SQLite binds a buffer as a blob, which CAST(? AS TEXT) stores as text.
        view = memoryview(encoded.text)
        rows = [(start, end, speaker, view[b_start:b_end])
                for start, end, speaker, b_start, b_end in encoded.passages]
        return self._add(encoded.doc, encoded.text, rows, force)

    def _add(self, doc: NewDocument, text: str | bytes,
             rows: list[tuple[int, int, str | None, str | bytes | memoryview]], force: bool) -> str:
        # Texts are bound as str or as UTF-8 bytes: CAST(? AS TEXT) stores either as text.
        with self._transaction():
            old = self.conn.execute("SELECT id, sha256 FROM documents WHERE path = ?",
                                    (doc.path,)).fetchone()
            if old is not None and old[1] == doc.sha256 and not force:
                return "unchanged"
            self._stale_counts()
            values = (doc.title, doc.speaker, doc.date, doc.url, doc.kind, doc.sha256, text,
                      _now(), doc.source_kind)
            if old is None:
                cur = self.conn.execute(
                    "INSERT INTO documents(title, speaker, date, url, kind, sha256, text, added_at,"
                    " source_kind, path) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)",
                    values + (doc.path,))
                doc_id, outcome = cur.lastrowid, "added"
            else:
                doc_id, outcome = old[0], "replaced"
                self._sync_fts()  # the delete trigger must only see indexed passages
                self.conn.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
                self.conn.execute(
                    "UPDATE documents SET title = ?, speaker = ?, date = ?, url = ?, kind = ?,"
                    " sha256 = ?, text = CAST(? AS TEXT), added_at = ?, source_kind = ? WHERE id = ?",
                    values + (doc_id,))
            self._before_insert()
            self._batch_bytes += len(text)
            self.conn.executemany(
                "INSERT INTO passages(doc_id, start, end, speaker, text)"
                " VALUES (?, ?, ?, ?, CAST(? AS TEXT))", [(doc_id, *row) for row in rows])
        return outcome

    @_db_errors
    def copy_document(self, doc: Document, passages: list[Passage]) -> str:
        """Store a document read from another store (``corpus copy``), with its own ids when
        they are free here; "unchanged" when it is here already (same path and sha256)."""
        new = NewDocument(doc.path, doc.title, doc.speaker, doc.date, doc.url, doc.kind,
                          doc.sha256, doc.text, doc.source_kind)
        spans = [(p.start, p.end, p.speaker) for p in passages]
        rows = passage_rows(new, spans)
        check_document(new)
        with self._transaction():
            ids = [p.id for p in passages]
            taken = self.conn.execute("SELECT 1 FROM documents WHERE id = ? OR path = ?",
                                      (doc.id, doc.path)).fetchone()
            for i in range(0, len(ids), _ID_CHUNK):
                chunk = ids[i:i + _ID_CHUNK]
                taken = taken or self.conn.execute(
                    f"SELECT 1 FROM passages WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk).fetchone()
            if taken:
                return self._add(new, new.text, rows, False)
            self._sync_fts()  # (the rows below are indexed here, not by the id floor)
            self._stale_counts()
            self.conn.execute(
                "INSERT INTO documents(id, path, title, speaker, date, url, kind, sha256, text,"
                " added_at, source_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, doc.path, doc.title, doc.speaker, doc.date, doc.url, doc.kind,
                 doc.sha256, doc.text, _now(), doc.source_kind))
            self.conn.executemany(
                "INSERT INTO passages(id, doc_id, start, end, speaker, text) VALUES (?, ?, ?, ?, ?, ?)",
                [(pid, doc.id, *row) for pid, row in zip(ids, rows)])
            self.conn.execute("INSERT INTO passages_fts(rowid, text) SELECT id, text FROM passages"
                              " WHERE doc_id = ?", (doc.id,))
        return "added"

    @_db_errors
    def remove(self, path_or_id: str) -> int:
        """Remove documents; return how many went. *path_or_id* is a document id (digits), a
        stored path, a file path (made absolute), a JSONL file (all its lines) or a folder
        (everything under it)."""
        key = str(path_or_id)
        with self._transaction():
            self._sync_fts()
            self._stale_counts()
            if key.isdigit():
                cur = self.conn.execute("DELETE FROM documents WHERE id = ?", (int(key),))
                if cur.rowcount:
                    return cur.rowcount
            cur = self.conn.execute("DELETE FROM documents WHERE path = ?", (key,))
            if cur.rowcount:
                return cur.rowcount
            resolved = _resolve(key)
            removed = self.conn.execute("DELETE FROM documents WHERE path = ?", (resolved,)).rowcount
            for prefix in (resolved + "#", resolved.rstrip(os.sep) + os.sep):
                removed += self.conn.execute(
                    "DELETE FROM documents WHERE substr(path, 1, ?) = ?",
                    (len(prefix), prefix)).rowcount
            return removed

    @_db_errors
    def paths_under(self, prefix: str) -> list[str]:
        """The stored paths that start with *prefix* (a folder's, with its trailing ``/``)."""
        return [row[0] for row in self.conn.execute(
            "SELECT path FROM documents WHERE substr(path, 1, ?) = ? ORDER BY path",
            (len(prefix), prefix))]

    @_db_errors
    def remove_paths_except(self, prefix: str, keep: set[str]) -> int:
        """Remove documents whose path starts with *prefix* but is not in *keep* (the lines a
        JSONL file no longer has, the files gone from a folder)."""
        with self._transaction():
            self._sync_fts()
            rows = self.conn.execute("SELECT id, path FROM documents WHERE substr(path, 1, ?) = ?",
                                     (len(prefix), prefix)).fetchall()
            gone = [(doc_id,) for doc_id, path in rows if path not in keep]
            if gone:
                self._stale_counts()
            self.conn.executemany("DELETE FROM documents WHERE id = ?", gone)
        return len(gone)

    # ------------------------------------------------------------------ reading

    def get_document(self, doc_id: int) -> Document | None:
        return self._document(doc_id, "text")

    def document_ref(self, doc_id: int) -> Document | None:
        """The document without its text (``text`` is ""): what a search reports of it."""
        return self._document(doc_id, "''")

    @_db_errors
    def _document(self, doc_id: int, text_column: str) -> Document | None:
        row = self.conn.execute(
            f"SELECT id, path, title, speaker, date, url, kind, sha256, {text_column}, source_kind"
            " FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document(*row) if row else None

    @_db_errors
    def sha256_of(self, path: str) -> str | None:
        """The stored sha256 for the document keyed *path*, if any (lets ingest skip parsing)."""
        row = self.conn.execute("SELECT sha256 FROM documents WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    @_db_errors
    def fetch_of(self, path: str) -> WebFetch | None:
        row = self.conn.execute(
            "SELECT f.url, f.fetched_at, f.etag, f.last_modified FROM fetches f"
            " JOIN documents d ON d.id = f.doc_id WHERE d.path = ?", (path,)).fetchone()
        return WebFetch(*row) if row else None

    @_db_errors
    def fetch_records(self) -> dict[str, WebFetch]:
        return {row[0]: WebFetch(*row[1:]) for row in self.conn.execute(
            "SELECT d.path, f.url, f.fetched_at, f.etag, f.last_modified FROM fetches f"
            " JOIN documents d ON d.id = f.doc_id")}

    @_db_errors
    def set_fetch(self, path: str, fetch: WebFetch) -> None:
        with self._transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO fetches(doc_id, url, fetched_at, etag, last_modified)"
                " SELECT id, ?, ?, ?, ? FROM documents WHERE path = ?",
                (fetch.url, fetch.fetched_at, fetch.etag, fetch.last_modified, path))

    @_db_errors
    def content_hashes(self) -> tuple[list[tuple[str, str]], int]:
        """(every document's (path, sha256), in no particular order; the passage count): what
        identifies the corpus's content (see :func:`workbench.review.evidence.corpus_identity`).
        Never reads a text. (Unordered: a table scan is twice as fast as walking the path
        index, which looks each row up; the caller sorts.)"""
        hashes = self.conn.execute("SELECT path, sha256 FROM documents").fetchall()
        passages = self.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        return hashes, passages

    @_db_errors
    def get_passages(self, ids: list[int]) -> list[Passage]:
        """The passages with these ids, in the order asked for; unknown ids are left out."""
        found: dict[int, Passage] = {}
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), _ID_CHUNK):
            chunk = unique[i:i + _ID_CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT id, doc_id, start, end, speaker, text FROM passages WHERE id IN ({marks})",
                    chunk):
                found[row[0]] = Passage(*row)
        return [found[i] for i in ids if i in found]

    @_db_errors
    def passages_of(self, doc_id: int) -> list[Passage]:
        """All passages of a document, in text order."""
        return [Passage(*row) for row in self.conn.execute(
            "SELECT id, doc_id, start, end, speaker, text FROM passages WHERE doc_id = ?"
            " ORDER BY start, id", (doc_id,))]

    def documents(self, with_text: bool = False) -> Iterator[Document]:
        """Every document by id. ``text`` is ``""`` unless *with_text* (it can be large)."""
        column = "text" if with_text else "''"
        try:
            cursor = self.conn.execute(
                f"SELECT id, path, title, speaker, date, url, kind, sha256, {column}, source_kind"
                " FROM documents ORDER BY id")
            for row in cursor:
                yield Document(*row)
        except sqlite3.Error as exc:
            raise CorpusError(f"{self.shown}: {sqlite_reason(exc)}") from None

    @_db_errors
    def passage_counts(self) -> dict[int, int]:
        """How many passages each document has, by document id."""
        return dict(self.conn.execute("SELECT doc_id, count(*) FROM passages GROUP BY doc_id"))

    @_db_errors
    def stats(self) -> dict:
        """Counts and sizes: documents, passages, characters, db_bytes, speakers (distinct named
        speakers of documents and passages, reporters' ``Q`` left out), first/last date, kinds."""
        q = self.conn.execute
        documents, characters = q("SELECT count(*), coalesce(sum(length(text)), 0) FROM documents").fetchone()
        passages = q("SELECT count(*) FROM passages").fetchone()[0]
        speakers = q("SELECT count(*) FROM (SELECT speaker FROM documents WHERE speaker IS NOT NULL"
                     " UNION SELECT speaker FROM passages WHERE speaker IS NOT NULL)"
                     " WHERE speaker <> 'Q'").fetchone()[0]
        first, last = q("SELECT min(date), max(date) FROM documents").fetchone()
        kinds = dict(q("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY kind"))
        sources = {kind or "unknown": {"documents": docs, "passages": passages_of,
                                       "first_date": first_of, "last_date": last_of}
                   for kind, docs, passages_of, first_of, last_of in q(
            "SELECT d.source_kind, count(*), coalesce(sum(p.n), 0), min(d.date), max(d.date)"
            " FROM documents d LEFT JOIN (SELECT doc_id, count(*) AS n FROM passages"
            " GROUP BY doc_id) p ON p.doc_id = d.id GROUP BY d.source_kind ORDER BY d.source_kind")}
        page_count = q("PRAGMA page_count").fetchone()[0]
        page_size = q("PRAGMA page_size").fetchone()[0]
        return {"path": str(self.path), "documents": documents, "passages": passages,
                "characters": characters, "db_bytes": page_count * page_size,
                "speakers": speakers, "first_date": first, "last_date": last, "kinds": kinds,
                "sources": sources}


    @_db_errors
    def speaker_documents(self) -> list[tuple[int, str | None, str | None, str | None, str, int,
                                              str | None]]:
        """(document id, title, document speaker, date, speaker, passages, source kind) for
        each document and each speaker of its passages (the passage's, else the document's;
        unnamed ones left out), by document id: what :mod:`workbench.corpus.coverage` counts."""
        return [tuple(row) for row in self.conn.execute(
            "SELECT d.id, d.title, d.speaker, d.date, coalesce(p.speaker, d.speaker) AS who,"
            " count(*), d.source_kind FROM passages p JOIN documents d ON d.id = p.doc_id"
            " WHERE coalesce(p.speaker, d.speaker) IS NOT NULL"
            " GROUP BY d.id, who ORDER BY d.id, who")]

    @_db_errors
    def has_passages(self) -> bool:
        """Whether the corpus holds any passage (a search of an empty one finds nothing)."""
        return self.conn.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is not None

    @_db_errors
    def document_slices(self, doc_id: int, spans: list[tuple[int, int]]) -> list[str] | None:
        """``text[start:end]`` of the document for each span (one query), or None when there is
        no such document. Spans are clipped to the text; an empty one gives "".

        Spans close together (a match's context before and after) are cut in Python from one
        substr of the stretch they span: SQLite reads the whole text for each substr."""
        lo, hi = min((s for s, _ in spans), default=0), max((e for _, e in spans), default=0)
        if (spans and all(0 <= s <= e for s, e in spans)
                and hi - lo <= sum(e - s for s, e in spans) + _HULL_SLACK):
            row = self.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                    (lo + 1, hi - lo, doc_id)).fetchone()
            if row is None:
                return None
            hull = row[0] or ""
            return [hull[s - lo:e - lo] for s, e in spans]
        columns = ", ".join(["substr(text, ?, ?)"] * len(spans))
        args = [v for start, end in spans for v in (start + 1, end - start)]
        row = self.conn.execute(f"SELECT {columns} FROM documents WHERE id = ?",
                                (*args, doc_id)).fetchone()
        return None if row is None else [text or "" for text in row]

    def document_slices_many(self, asks: list[tuple[int, list[tuple[int, int]]]]
                             ) -> list[list[str] | None]:
        """:meth:`document_slices` of each (document, spans)."""
        return [self.document_slices(doc_id, spans) for doc_id, spans in asks]

    # ------------------------------------------------------------------ candidates
    # The full-text queries of the search (workbench.corpus.index), one method per query
    # shape. Words are matched as FTS5 string literals, never read as query syntax.

    def match_all(self, terms: list[str], limit: int) -> list[int]:
        """Up to *limit* ids of passages holding every one of *terms* (unranked)."""
        return self._match(" AND ".join(_fts_term(t) for t in terms), limit)

    def match_all_many(self, groups: list[list[str]], limit: int) -> list[list[int]]:
        """:meth:`match_all` of each group (in process: nothing to gain from asking at once)."""
        return [self.match_all(terms, limit) for terms in groups]

    def match_any_of(self, groups: list[tuple[str, ...]], limit: int) -> list[int]:
        """Up to *limit* ids of passages holding every word of at least one of *groups*, in
        id order (unranked)."""
        return self._match(" OR ".join("(" + " AND ".join(_fts_term(t) for t in group) + ")"
                                       for group in groups), limit)

    def match_at_least(self, terms: list[str], held: int, limit: int) -> list[int]:
        """Up to *limit* ids of passages holding at least *held* of *terms* (rarest first), in
        id order: :meth:`match_any_of` over every choice of *held* terms, asked as one nested
        expression (*held* of t1..tn: t_n AND held - 1 of the others, or *held* of the others)
        whose terms each open fewer lists, the commonest outermost: the same ids, half the
        time (measured at 1M passages, six terms, at least three)."""
        return self._match(_at_least([_fts_term(t) for t in reversed(terms)], held), limit)

    def match_all_ranked(self, terms: list[str], limit: int) -> list[int]:
        """:meth:`match_all`, best first by the full-text ranking (bm25)."""
        rows = self.conn.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
            (" AND ".join(_fts_term(t) for t in terms), limit))
        return [r[0] for r in rows]

    def _match(self, query: str, limit: int) -> list[int]:
        rows = self.conn.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? "
                                 "LIMIT ?", (query, limit))
        return [r[0] for r in rows]

    def count_matching(self, term: str, cap: int) -> tuple[int, int | None]:
        """(passages holding *term*, counted up to *cap*; the largest id among those
        counted): how far into the corpus the count got."""
        count, last = self.conn.execute(
            "SELECT count(*), max(r) FROM (SELECT rowid AS r FROM passages_fts "
            "WHERE passages_fts MATCH ? LIMIT ?)", (_fts_term(term), cap)).fetchone()
        return count, last

    def count_matching_many(self, terms: list[str], cap: int) -> list[tuple[int, int | None]]:
        """:meth:`count_matching` of each term."""
        return [self.count_matching(term, cap) for term in terms]

    def vocabulary_count(self, term: str) -> int | None:
        """The exact number of passages holding *term*, from FTS5's vocabulary, or None for a
        word the tokenizer may store otherwise (accents, apostrophes: "café" is "cafe")."""
        return self.vocabulary_count_many([term])[0]

    @_db_errors
    def vocabulary_count_many(self, terms: list[str]) -> list[int | None]:
        """:meth:`vocabulary_count` of each term: from term_counts while it is fresh (one
        query for all of them), else from the vocabulary one word at a time."""
        keys = [t.lower() if t.isascii() and t.isalnum() else None for t in terms]
        wanted = list(dict.fromkeys(k for k in keys if k is not None))
        counts: dict[str, int] = {}
        if wanted and self._counts_fresh():
            for i in range(0, len(wanted), _ID_CHUNK):
                chunk = wanted[i:i + _ID_CHUNK]
                counts.update(self.conn.execute(
                    f"SELECT term, doc FROM term_counts WHERE term IN ({','.join('?' * len(chunk))})",
                    chunk))
        elif wanted:
            self._vocabulary()
            for term in wanted:
                row = self.conn.execute("SELECT doc FROM temp.passages_vocab WHERE term = ?",
                                        (term,)).fetchone()
                counts[term] = row[0] if row else 0
        return [None if k is None else int(counts.get(k, 0)) for k in keys]

    def max_passage_id(self) -> int:
        """The largest passage id (0 when there is none): cheap, and close enough to the
        number of passages for idf."""
        row = self.conn.execute("SELECT max(id) FROM passages").fetchone()
        return int(row[0] or 0)

    def rank_by_weight(self, weights: list[tuple[str, float]], limit: int) -> list[int]:
        """Up to *limit* ids of passages holding any of the words, by the summed weights of
        the words they hold, then by id; summed inside SQLite (a Python loop over the
        postings would cost more than all the rest of a search)."""
        union = " UNION ALL ".join(
            ["SELECT rowid AS id, ? AS w FROM passages_fts WHERE passages_fts MATCH ?"]
            * len(weights))
        args: list = []
        for term, weight in weights:
            args += [weight, _fts_term(term)]
        rows = self.conn.execute(f"SELECT id FROM ({union}) GROUP BY id ORDER BY sum(w) DESC, id "
                                 "LIMIT ?", (*args, limit))
        return [r[0] for r in rows]


def _at_least(terms: list[str], held: int) -> str:
    """An FTS5 expression: at least *held* (>= 1) of *terms* (FTS5 string literals)."""
    return nested_at_least(terms, held, " AND ", " OR ")


def _fts_term(term: str) -> str:
    """A word as an FTS5 string literal, so no word is read as query syntax (AND, NEAR, *)."""
    return '"' + term.replace('"', '""') + '"'



def _checkpoint(path: str) -> None:
    """Copy the WAL into the database file (see BACKGROUND_CHECKPOINT_BYTES). A passive
    checkpoint: it waits for no lock and never stops the writer. SQLite runs it without the
    GIL, in parallel with the writing thread."""
    try:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # nothing lost: the writer's next checkpoints (or its close) copy the WAL


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _resolve(path: str) -> str:
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return path


@contextmanager
def db_errors(store) -> Iterator[None]:
    """SQLite errors while reading an open corpus (locked, damaged) as one-line CorpusErrors,
    worded as the store words them."""
    try:
        yield
    except sqlite3.Error as exc:
        raise CorpusError(f"{_show(str(getattr(store, 'path', 'corpus')))}: "
                          f"{sqlite_reason(exc)}") from None

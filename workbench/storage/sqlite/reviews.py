"""The review store on SQLite: the session file (opening and checking it, its schema, its
transactions) and every query the review rules ask (:class:`SQLiteReviewTransaction`, the
:class:`~workbench.storage.protocols.ReviewTransaction` of this backend).

One SQLite file holds every review session. A session is one version of an article, keyed by
the sha256 of its bytes; versions of the same article (the same resolved path or canonical URL)
share an ``articles`` row, so a review follows its article when the file changes.

Durability: WAL journal with ``synchronous = FULL``. WAL alone already makes a committed
transaction survive the process being killed at any moment (the commit is in the WAL file
before ``COMMIT`` returns); FULL also fsyncs the WAL at every commit, so a verdict the checker
saw saved survives a power cut or an OS crash too. That costs one fsync per action, which is
nothing at the speed a person reviews quotes. Cursor moves are the one exception: they commit
with ``synchronous = NORMAL`` (still safe against a killed process, and later FULL commits
sync them), because they happen on every arrow key and losing one to a power cut costs nothing.

Every problem with the file (not SQLite, another application's database, damaged, locked,
made by a newer workbench) is raised as :class:`~workbench.errors.SessionError` with one line
naming the path.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import SessionError
from workbench.storage.protocols import (OVERTAKEN, STATE_FIELDS, ActionRow, VersionRow,
                                         owner_of, state_from_columns)
from workbench.storage.sqlite.files import file_state

__all__ = ["APPLICATION", "SCHEMA_VERSION", "ENV_VAR", "SQLiteReviewStore", "SessionDB",
           "SQLiteReviewTransaction", "default_sessions_path"]

APPLICATION = "workbench-sessions"
SCHEMA_VERSION = 3
ENV_VAR = "WORKBENCH_SESSIONS"

# verdicts: the current state of every quote a checker touched, keyed by the quote's offsets
# (``key``), so a verdict follows its quote when a new extraction renumbers the ids.
# quotes: the quote set of the article as last opened, in order (progress counts need it).
# actions: the undo log, oldest first; ``undone`` rows form the redo branch.
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions(
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    cursor INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE quotes(
    sha256 TEXT NOT NULL REFERENCES sessions(sha256),
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    quote_id TEXT NOT NULL,
    PRIMARY KEY (sha256, position)
);
CREATE TABLE verdicts(
    sha256 TEXT NOT NULL REFERENCES sessions(sha256),
    key TEXT NOT NULL,
    quote_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    note TEXT NOT NULL DEFAULT '',
    speaker TEXT,
    evidence TEXT,
    reviewer TEXT,
    updated_at TEXT,
    PRIMARY KEY (sha256, key)
);
CREATE TABLE actions(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL REFERENCES sessions(sha256),
    key TEXT NOT NULL,
    quote_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
);
CREATE INDEX actions_log ON actions(sha256, undone, id);
"""

# Migrations from version N to N + 1, run in order, in one transaction with the version bump.
# 2: articles (identity: resolved path, canonical URL) over versions; carried and re-check
# marks on verdicts; who acted (reviewer, client) on every action, so undo is per client.
_MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE articles(id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL);
CREATE TABLE article_keys(
    key TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id)
);
ALTER TABLE sessions ADD COLUMN article_id INTEGER REFERENCES articles(id);
ALTER TABLE sessions ADD COLUMN carry TEXT;
ALTER TABLE verdicts ADD COLUMN recheck INTEGER NOT NULL DEFAULT 0;
ALTER TABLE verdicts ADD COLUMN carried_from TEXT;
ALTER TABLE actions ADD COLUMN reviewer TEXT;
ALTER TABLE actions ADD COLUMN client TEXT;
CREATE TABLE clients(
    id TEXT PRIMARY KEY,
    reviewer TEXT,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0
);
INSERT INTO articles(id, created_at)
    SELECT min(rowid), min(created_at) FROM sessions GROUP BY path;
UPDATE sessions SET article_id = (SELECT min(s2.rowid) FROM sessions s2
                                  WHERE s2.path = sessions.path);
INSERT OR IGNORE INTO article_keys(key, article_id)
    SELECT 'path:' || path, article_id FROM sessions;
UPDATE actions SET reviewer = json_extract(after, '$.reviewer');
CREATE INDEX sessions_article ON sessions(article_id);
""",
    # 3: reviews for a team. Every verdict belongs to a reviewer (owner: protocols.owner_of of
    # their name, '' for a review with no name): the key of verdicts becomes (sha256, key, owner), and each reviewer
    # has their own cursor. A verdict becomes its last setter's (its reviewer column); rowids are
    # kept, so verdicts keep their order. sessions.cursor stays as it was, unused. Actions get
    # the caller's id: (client, action_id) makes a retried write a no-op.
    2: """
CREATE TABLE verdicts_v3(
    sha256 TEXT NOT NULL REFERENCES sessions(sha256),
    key TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    quote_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    note TEXT NOT NULL DEFAULT '',
    speaker TEXT,
    evidence TEXT,
    reviewer TEXT,
    updated_at TEXT,
    recheck INTEGER NOT NULL DEFAULT 0,
    carried_from TEXT,
    PRIMARY KEY (sha256, key, owner)
);
INSERT INTO verdicts_v3(rowid, sha256, key, owner, quote_id, quote, status, reason, note, speaker,
                        evidence, reviewer, updated_at, recheck, carried_from)
    SELECT rowid, sha256, key, workbench_owner(reviewer), quote_id, quote, status, reason, note,
           speaker, evidence, reviewer, updated_at, recheck, carried_from FROM verdicts;
DROP TABLE verdicts;
ALTER TABLE verdicts_v3 RENAME TO verdicts;
CREATE TABLE cursors(
    sha256 TEXT NOT NULL REFERENCES sessions(sha256),
    owner TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (sha256, owner)
);
INSERT INTO cursors(sha256, owner, position) SELECT sha256, '', cursor FROM sessions;
INSERT OR IGNORE INTO cursors(sha256, owner, position)
    SELECT DISTINCT v.sha256, v.owner, s.cursor FROM verdicts v JOIN sessions s ON s.sha256 = v.sha256;
ALTER TABLE actions ADD COLUMN action_id TEXT;
CREATE UNIQUE INDEX actions_once ON actions(client, action_id);
""",
}


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ;-separated statements inside the caller's transaction (executescript commits)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def default_sessions_path() -> Path:
    """``$WORKBENCH_SESSIONS`` if set, else ``sessions.db`` in the user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_data_path("workbench") / "sessions.db"


def _show(path: str | Path) -> str:
    text = str(path)
    return text if text.isprintable() else repr(text)


def sqlite_reason(exc: sqlite3.Error) -> str:
    """One line for the user about an SQLite error."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return "the session store is locked by another process; try again when it is done"
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return f"the file is damaged or not a workbench session store ({text})"
    if "readonly" in lowered or "read-only" in lowered:
        return "the session store is read-only here"
    if "disk is full" in lowered:
        return "the disk is full: the last action was not saved"
    return text


class SQLiteReviewStore:
    """The open session file: ``conn`` (autocommit; use :meth:`write` and :meth:`read`)."""

    def __init__(self, path: Path, make_folder: bool = False, create: bool = True) -> None:
        self.path = path
        self.shown = _show(path)
        self.lock = threading.RLock()  # the UI may call from worker threads
        self.conn: sqlite3.Connection | None = None
        self._check_file(make_folder, create)
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=5.0,
                                        check_same_thread=False)
            self._setup()
        except sqlite3.Error as exc:
            self.close()
            raise SessionError(f"{self.shown}: {sqlite_reason(exc)}") from None
        except SessionError:
            self.close()
            raise

    # ------------------------------------------------------------------ opening

    def _check_file(self, make_folder: bool, create: bool) -> None:
        """Fail early on a path SQLite would misread or write over: a folder, a file that is
        not SQLite, an empty file (someone's, not ours: SQLite would make it a store). Where
        nothing is, a new store is made (*create*) or none is (an error)."""
        state = file_state(self.path, self.shown, "session store", SessionError)
        if state == "empty":
            raise SessionError(f"{self.shown}: an empty file, not a workbench session store")
        if state == "missing":
            if not create:
                raise SessionError(f"{self.shown}: no session store here")
            self._ensure_folder(make_folder)
            self._create_file()

    def _create_file(self) -> None:
        """A new store at the path, whole or not at all: built in a file of its own next to it,
        then linked in only where nothing is (another process may have made one meanwhile:
        that one is used)."""
        temp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.new")
        try:
            conn = sqlite3.connect(str(temp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                self._create_schema(conn)
            finally:
                conn.close()
            os.link(temp, self.path)
        except FileExistsError:
            pass  # made by another process since we looked: opened (and checked) as any store
        except sqlite3.Error as exc:
            raise SessionError(f"{self.shown}: {sqlite_reason(exc)}") from None
        except OSError as exc:
            raise SessionError(f"{self.shown}: cannot create the session store "
                               f"({exc.strerror or exc})") from None
        finally:
            for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
                leftover.unlink(missing_ok=True)

    def _ensure_folder(self, make_folder: bool) -> None:
        folder = self.path.parent
        if folder.is_dir():
            return
        if not make_folder:
            raise SessionError(f"{self.shown}: no such directory {_show(folder)}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SessionError(f"{_show(folder)}: cannot create the data folder "
                               f"({exc.strerror or exc})") from None

    def _setup(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.create_function("workbench_owner", 1, owner_of, deterministic=True)  # migration 2
        # Check before changing anything: the file may be another application's database.
        version = self._check_meta(self._tables())
        # A damaged page would otherwise surface in the middle of an action.
        problem = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
        if problem != "ok":
            first = " ".join(problem.split())  # SQLite's report may span lines
            raise SessionError(f"{self.shown}: the session store is damaged ({first})")
        if version < SCHEMA_VERSION:
            self._migrate()
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")

    def _tables(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        """The tables of a new store, in one transaction."""
        conn.create_function("workbench_owner", 1, owner_of, deterministic=True)  # migration 2
        conn.execute("BEGIN IMMEDIATE")
        try:
            _run_script(conn, _SCHEMA)
            for version in range(1, SCHEMA_VERSION):
                _run_script(conn, _MIGRATIONS[version])
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                             [("application", APPLICATION),
                              ("schema_version", str(SCHEMA_VERSION))])
            conn.execute("COMMIT")
        except BaseException:
            SQLiteReviewStore._rollback(conn)
            raise

    def _check_meta(self, tables: set[str]) -> int:
        """The store's schema version; raises unless this is a session store we can read."""
        if "meta" not in tables:
            raise SessionError(f"{self.shown}: an SQLite database, but not a workbench "
                               "session store")
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        if meta.get("application") != APPLICATION:
            raise SessionError(f"{self.shown}: an SQLite database, but not a workbench "
                               "session store")
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise SessionError(f"{self.shown}: damaged session store (schema_version "
                               f"{meta.get('schema_version')!r})") from None
        if version > SCHEMA_VERSION:
            raise SessionError(f"{self.shown}: made by a newer workbench (session schema "
                               f"{version}; this version reads up to {SCHEMA_VERSION}); "
                               "upgrade workbench")
        return version

    def _migrate(self) -> None:
        """Bring an older store up to date in one transaction (all of it, or none)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
            for step in range(current, SCHEMA_VERSION):  # another process may have done it
                _run_script(conn, _MIGRATIONS[step])
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                         (str(SCHEMA_VERSION),))
            conn.execute("COMMIT")
        except BaseException:
            self._rollback(conn)
            raise

    # ------------------------------------------------------------------ use

    def _connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise SessionError(f"{self.shown}: the session store is closed")
        return self.conn

    @property
    def closed(self) -> bool:
        return self.conn is None

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[SQLiteReviewTransaction]:
        """One transaction: all of the block is saved, or (on any exception) none of it.
        Not *durable*: committed without an fsync (cursor moves, see the module's note)."""
        with self.lock:
            conn = self._connection()
            try:
                if not durable:
                    conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("BEGIN IMMEDIATE")
                yield SQLiteReviewTransaction(conn)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback(conn)
                raise SessionError(f"{self.shown}: {sqlite_reason(exc)}") from None
            except BaseException:
                self._rollback(conn)
                raise
            finally:
                if not durable:
                    self._restore_sync(conn)

    @contextmanager
    def read(self) -> Iterator[SQLiteReviewTransaction]:
        """The queries (no transaction), with SQLite errors turned into one line."""
        with self.lock:
            conn = self._connection()
            try:
                yield SQLiteReviewTransaction(conn)
            except sqlite3.Error as exc:
                raise SessionError(f"{self.shown}: {sqlite_reason(exc)}") from None

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the connection is gone; SQLite rolls back on the next open

    @staticmethod
    def _restore_sync(conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error:
            pass

    reconnect_on_use = True  # (a file has no connection to lose)

    def reconnect(self) -> bool:
        """A file is never away: True while the store is open."""
        return self.conn is not None

    def listen(self, callback) -> None:
        """No live updates from a file: a review sees other reviews' changes on its next
        read (the UI reads on every move). None: nothing to stop."""
        return None

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                try:
                    self.conn.close()
                finally:
                    self.conn = None


SessionDB = SQLiteReviewStore  # the name it had as workbench.review.db.SessionDB

# --------------------------------------------------------------------------- the queries

_STATE_COLUMNS = ", ".join(STATE_FIELDS)
_VERSIONS_SQL = """
SELECT s.sha256, s.path, s.title,
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256 AND EXISTS (
            SELECT 1 FROM verdicts v WHERE v.sha256 = q.sha256 AND v.key = q.key
               AND (?1 IS NULL OR v.owner = ?1) AND v.status IN ({decided}) AND v.recheck = 0)),
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256),
       s.updated_at,
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256 AND EXISTS (
            SELECT 1 FROM verdicts v WHERE v.sha256 = q.sha256 AND v.key = q.key
               AND (?1 IS NULL OR v.owner = ?1) AND v.status = 'skipped')),
       coalesce(s.article_id, -s.rowid)
FROM sessions s"""
_VERSIONS_ORDER = " ORDER BY s.updated_at DESC, s.rowid DESC"
_CURSOR = ("coalesce((SELECT c.position FROM cursors c WHERE c.sha256 = s.sha256"
           " AND c.owner = ?), 0)")
_SET_CURSOR = ("INSERT INTO cursors(sha256, owner, position) VALUES (?, ?, ?)"
               " ON CONFLICT (sha256, owner) DO UPDATE SET position = excluded.position")




class SQLiteReviewTransaction:
    """The review store's queries on one connection, inside the transaction of
    :meth:`SQLiteReviewStore.write` (or none, for :meth:`SQLiteReviewStore.read`).

    States are dicts of :data:`~workbench.storage.protocols.STATE_FIELDS` (evidence a dict or
    None, recheck a bool); stored as columns, evidence as JSON text. Quotes are stored as the
    JSON text the rules give."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------------ versions (sessions)

    def version(self, sha256: str, owner: str) -> tuple[int, int | None] | None:
        """(*owner*'s saved cursor, article id) of the version with these bytes, if reviewed."""
        row = self.conn.execute(f"SELECT {_CURSOR}, article_id FROM sessions s WHERE sha256 = ?",
                                (owner, sha256)).fetchone()
        return (int(row[0]), row[1]) if row is not None else None

    def versions(self, decided: Sequence[str], owner: str | None, *, sha256: str | None = None,
                 article_id: int | None = None) -> list[VersionRow]:
        """Every version (or the one with *sha256*, or those of *article_id*) with *owner*'s
        progress (quotes whose status is in *decided* and not marked for a second look; owner
        None: anyone's), the most recently changed first."""
        sql = _VERSIONS_SQL.format(decided=", ".join(f"?{i}" for i in range(2, len(decided) + 2)))
        args: tuple = (owner, *decided)
        if sha256 is not None:
            sql, args = sql + f" WHERE s.sha256 = ?{len(args) + 1}", (*args, sha256)
        elif article_id is not None:
            sql, args = sql + f" WHERE s.article_id = ?{len(args) + 1}", (*args, article_id)
        return [VersionRow(*row) for row in self.conn.execute(sql + _VERSIONS_ORDER, args)]

    def latest_version(self, article_id: int, owner: str) -> tuple[str, str, int] | None:
        """(sha256, updated_at, *owner*'s cursor) of the article's most recently changed
        version."""
        return self.conn.execute(f"SELECT sha256, updated_at, {_CURSOR} FROM sessions s"
                                 " WHERE article_id = ? ORDER BY updated_at DESC, rowid DESC"
                                 " LIMIT 1", (owner, article_id)).fetchone()

    def add_version(self, sha256: str, path: str, title: str, model: str, at: str,
                    article_id: int) -> None:
        self.conn.execute("INSERT INTO sessions(sha256, path, title, model, cursor, created_at,"
                          " updated_at, article_id) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
                          (sha256, path, title, model, at, at, article_id))

    def update_version(self, sha256: str, path: str, title: str, model: str) -> None:
        self.conn.execute("UPDATE sessions SET path = ?, title = ?, model = ? WHERE sha256 = ?",
                          (path, title, model, sha256))

    def set_cursor(self, sha256: str, owner: str, cursor: int) -> None:
        self.conn.execute(_SET_CURSOR, (sha256, owner, cursor))

    def touch(self, sha256: str, at: str, owner: str = "", cursor: int | None = None) -> None:
        """The version changed at *at* (and *owner*'s cursor moved to *cursor*)."""
        self.conn.execute("UPDATE sessions SET updated_at = ? WHERE sha256 = ?", (at, sha256))
        if cursor is not None:
            self.set_cursor(sha256, owner, cursor)

    def set_carry(self, sha256: str, carry: dict, at: str) -> None:
        """What opening this version carried over (and when its review last changed)."""
        self.conn.execute("UPDATE sessions SET carry = ?, updated_at = ? WHERE sha256 = ?",
                          (json.dumps(carry), at, sha256))

    def carry(self, sha256: str) -> dict | None:
        row = self.conn.execute("SELECT carry FROM sessions WHERE sha256 = ?",
                                (sha256,)).fetchone()
        try:
            return json.loads(row[0]) if row and row[0] else None
        except ValueError:
            return None  # a damaged note about the past: the verdicts themselves are intact

    # ------------------------------------------------------------------ articles

    def add_article(self, at: str) -> int:
        return int(self.conn.execute("INSERT INTO articles(created_at) VALUES (?)",
                                     (at,)).lastrowid)

    def attach_article(self, sha256: str, article_id: int) -> None:
        self.conn.execute("UPDATE sessions SET article_id = ? WHERE sha256 = ?",
                          (article_id, sha256))

    def article_of_version(self, sha256: str) -> int | None:
        row = self.conn.execute("SELECT article_id FROM sessions WHERE sha256 = ?",
                                (sha256,)).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else None

    def article_of_key(self, key: str) -> int | None:
        row = self.conn.execute("SELECT article_id FROM article_keys WHERE key = ?",
                                (key,)).fetchone()
        return int(row[0]) if row is not None else None

    def remember_keys(self, keys: Sequence[str], article_id: int) -> None:
        """Identity keys of the article; a key already known keeps its article."""
        self.conn.executemany("INSERT OR IGNORE INTO article_keys(key, article_id) VALUES (?, ?)",
                              [(key, article_id) for key in keys])

    # ------------------------------------------------------------------ quotes

    def quote_keys(self, sha256: str) -> list[tuple[str, str]]:
        """The version's quote set as (key, quote id), in order."""
        return [tuple(row) for row in self.conn.execute(
            "SELECT key, quote_id FROM quotes WHERE sha256 = ? ORDER BY position", (sha256,))]

    def replace_quotes(self, sha256: str, quotes: Sequence[tuple[str, str]]) -> None:
        self.conn.execute("DELETE FROM quotes WHERE sha256 = ?", (sha256,))
        self.conn.executemany(
            "INSERT INTO quotes(sha256, position, key, quote_id) VALUES (?, ?, ?, ?)",
            [(sha256, i, key, qid) for i, (key, qid) in enumerate(quotes)])

    def relabel_verdicts(self, sha256: str, quotes: Sequence[tuple[str, str, str]]) -> None:
        """Give the verdicts under these keys the quote id and quote JSON (key, id, json)."""
        self.conn.executemany("UPDATE verdicts SET quote_id = ?, quote = ? WHERE sha256 = ?"
                              " AND key = ?", [(qid, quote, sha256, key) for key, qid, quote in quotes])

    # ------------------------------------------------------------------ verdicts

    def verdict(self, sha256: str, key: str, owner: str) -> dict | None:
        row = self.conn.execute(f"SELECT {_STATE_COLUMNS} FROM verdicts WHERE sha256 = ?"
                                " AND key = ? AND owner = ?", (sha256, key, owner)).fetchone()
        return state_from_columns(row) if row else None

    def verdict_states(self, sha256: str, owner: str) -> dict[str, dict]:
        rows = self.conn.execute(f"SELECT key, {_STATE_COLUMNS} FROM verdicts WHERE sha256 = ?"
                                 " AND owner = ?", (sha256, owner)).fetchall()
        return {key: state_from_columns(state) for key, *state in rows}

    def reviews(self, sha256: str, key: str | None = None) -> list[tuple[str, str, dict]]:
        """(key, owner, state) of every reviewer's verdict (on the quote under *key*), by
        key then owner."""
        where, args = ("sha256 = ? AND key = ?", (sha256, key)) if key is not None \
            else ("sha256 = ?", (sha256,))
        rows = self.conn.execute(f"SELECT key, owner, {_STATE_COLUMNS} FROM verdicts"
                                 f" WHERE {where} ORDER BY key, owner", args).fetchall()
        return [(k, owner, state_from_columns(state)) for k, owner, *state in rows]

    def owners(self, sha256: str) -> list[str]:
        """Everyone with a verdict on this version."""
        return [row[0] for row in self.conn.execute(
            "SELECT DISTINCT owner FROM verdicts WHERE sha256 = ? ORDER BY owner", (sha256,))]

    def verdict_rows(self, sha256: str, owner: str) -> list[tuple[str, str, str, dict]]:
        """*owner*'s verdicts on the version as (key, quote id, quote JSON, state), oldest
        first."""
        rows = self.conn.execute(f"SELECT key, quote_id, quote, {_STATE_COLUMNS} FROM verdicts"
                                 " WHERE sha256 = ? AND owner = ? ORDER BY rowid",
                                 (sha256, owner)).fetchall()
        return [(key, qid, quote, state_from_columns(state)) for key, qid, quote, *state in rows]

    def carried_from(self, sha256: str, owner: str) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, carried_from FROM verdicts WHERE sha256 = ?"
                                      " AND owner = ? AND carried_from IS NOT NULL",
                                      (sha256, owner)))

    def put_verdict(self, sha256: str, key: str, owner: str, quote_id: str, quote: str,
                    state: dict) -> None:
        """Set *owner*'s verdict under *key* (created, or changed in place)."""
        assignments = ", ".join(f"{f} = excluded.{f}" for f in ("quote_id", "quote", *STATE_FIELDS))
        self.conn.execute(f"INSERT INTO verdicts(sha256, key, owner, quote_id, quote,"
                          f" {_STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?,"
                          f" {', '.join('?' * len(STATE_FIELDS))})"
                          f" ON CONFLICT(sha256, key, owner) DO UPDATE SET {assignments}",
                          (sha256, key, owner, quote_id, quote, *_state_values(state)))

    def carry_verdict(self, sha256: str, key: str, owner: str, quote_id: str, quote: str,
                      state: dict, carried_from: str) -> None:
        """*owner*'s verdict carried over from version *carried_from* (replacing any under
        *key*)."""
        self.conn.execute(f"INSERT OR REPLACE INTO verdicts(sha256, key, owner, quote_id, quote,"
                          f" carried_from, {_STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?,"
                          f" {', '.join('?' * len(STATE_FIELDS))})",
                          (sha256, key, owner, quote_id, quote, carried_from,
                           *_state_values(state)))

    def restore_verdict(self, sha256: str, key: str, owner: str, state: dict) -> None:
        """Put a saved state back (the row exists: the action being undone or redone wrote it)."""
        assignments = ", ".join(f"{f} = ?" for f in STATE_FIELDS)
        self.conn.execute(f"UPDATE verdicts SET {assignments} WHERE sha256 = ? AND key = ?"
                          " AND owner = ?", (*_state_values(state), sha256, key, owner))

    def move_verdicts(self, sha256: str, keys: Sequence[str], from_owner: str,
                      to_owner: str) -> None:
        """Give *to_owner* the verdicts of *from_owner* under *keys* (where they have none)."""
        self.conn.executemany("UPDATE OR IGNORE verdicts SET owner = ? WHERE sha256 = ?"
                              " AND key = ? AND owner = ?",
                              [(to_owner, sha256, key, from_owner) for key in keys])

    # ------------------------------------------------------------------ actions (undo log)

    def add_action(self, sha256: str, key: str, quote_id: str, kind: str, before: dict,
                   after: dict, at: str, reviewer: str | None, client: str,
                   action_id: str) -> None:
        self.conn.execute("INSERT INTO actions(sha256, key, quote_id, kind, before, after, at,"
                          " reviewer, client, action_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (sha256, key, quote_id, kind, _dump(before), _dump(after), at,
                           reviewer, client, action_id))

    def has_action(self, client: str, action_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM actions WHERE client = ? AND action_id = ?",
                                 (client, action_id)).fetchone() is not None

    def drop_redo(self, sha256: str, clients: Sequence[str]) -> None:
        """Forget the undone actions of *clients* ("" stands for actions with no client)."""
        self.conn.execute(f"DELETE FROM actions WHERE sha256 = ? AND undone = 1"
                          f" AND coalesce(client, '') IN ({', '.join('?' * len(clients))})",
                          (sha256, *clients))

    def action_clients(self, sha256: str, reviewer: str | None, other_than: str
                       ) -> list[tuple[str | None, str | None, int | None, int | None]]:
        """(client, host, pid, closed) of every other client whose actions on this version
        *reviewer* made (client None: actions from before clients were recorded)."""
        return self.conn.execute("SELECT DISTINCT a.client, c.host, c.pid, c.closed FROM actions a"
                                 " LEFT JOIN clients c ON c.id = a.client"
                                 " WHERE a.sha256 = ? AND a.reviewer IS ? AND a.client IS NOT ?",
                                 (sha256, reviewer, other_than)).fetchall()

    def next_step(self, sha256: str, clients: Sequence[str], undo: bool) -> ActionRow | None:
        """The action of *clients* to undo (their newest applied one) or redo (their most
        recently undone one)."""
        order = "DESC" if undo else "ASC"
        row = self.conn.execute(f"SELECT id, key, quote_id, kind, before, after FROM actions"
                                f" WHERE sha256 = ? AND undone = ?"
                                f" AND coalesce(client, '') IN ({', '.join('?' * len(clients))})"
                                f" ORDER BY id {order} LIMIT 1",
                                (sha256, 0 if undo else 1, *clients)).fetchone()
        if row is None:
            return None
        action_id, key, quote_id, kind, before, after = row
        return ActionRow(action_id, key, quote_id, kind, json.loads(before), json.loads(after))

    def corrections(self, sha256: str) -> list[tuple[dict, str | None, str, bool]]:
        """(correction, reviewer, at, undone) of every correction action, oldest first."""
        rows = self.conn.execute("SELECT after, reviewer, at, undone FROM actions"
                                 " WHERE sha256 = ? AND kind = 'correct' ORDER BY id",
                                 (sha256,)).fetchall()
        return [(json.loads(after), reviewer, at, bool(undone)) for after, reviewer, at, undone
                in rows]

    def mark_action(self, action_id: int, undone: bool) -> None:
        self.conn.execute("UPDATE actions SET undone = ? WHERE id = ?",
                          (1 if undone else 0, action_id))

    def overtake_action(self, action_id: int) -> None:
        self.conn.execute("UPDATE actions SET undone = ? WHERE id = ?", (OVERTAKEN, action_id))

    # ------------------------------------------------------------------ clients

    def add_client(self, client: str, reviewer: str | None, host: str, pid: int,
                   at: str) -> None:
        self.conn.execute("INSERT INTO clients(id, reviewer, host, pid, started_at)"
                          " VALUES (?, ?, ?, ?, ?)", (client, reviewer, host, pid, at))

    def close_clients(self, clients: Sequence[str]) -> None:
        self.conn.executemany("UPDATE clients SET closed = 1 WHERE id = ?",
                              [(c,) for c in clients])


def _state_values(state: dict) -> tuple:
    """The columns' values of a complete state."""
    values = []
    for f in STATE_FIELDS:
        value = state[f]
        if f == "evidence" and value is not None:
            value = _dump(value)
        elif f == "recheck":
            value = int(bool(value))
        values.append(value)
    return tuple(values)


def _dump(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False)

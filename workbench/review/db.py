"""The session database file: opening and checking it, its schema, and its transactions.

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

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import SessionError

__all__ = ["APPLICATION", "SCHEMA_VERSION", "ENV_VAR", "SessionDB", "default_sessions_path"]

APPLICATION = "workbench-sessions"
SCHEMA_VERSION = 2
ENV_VAR = "WORKBENCH_SESSIONS"
_SQLITE_HEADER = b"SQLite format 3\x00"

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


class SessionDB:
    """The open session file: ``conn`` (autocommit; use :meth:`write` and :meth:`read`)."""

    def __init__(self, path: Path, make_folder: bool = False) -> None:
        self.path = path
        self.shown = _show(path)
        self.lock = threading.RLock()  # the UI may call from worker threads
        self.conn: sqlite3.Connection | None = None
        self._check_file(make_folder)
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

    def _check_file(self, make_folder: bool) -> None:
        """Fail early on a path SQLite would misread (a folder, a file that is not SQLite)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._ensure_folder(make_folder)
            return
        except OSError as exc:
            raise SessionError(f"{self.shown}: cannot open the session store "
                               f"({exc.strerror or exc})") from None
        if stat.S_ISDIR(st.st_mode):
            raise SessionError(f"{self.shown}: is a directory, not a session store file")
        if not stat.S_ISREG(st.st_mode):
            raise SessionError(f"{self.shown}: not a regular file")
        try:
            with open(self.path, "rb") as fh:
                header = fh.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise SessionError(f"{self.shown}: cannot read the session store "
                               f"({exc.strerror or exc})") from None
        # An empty file is fine: SQLite treats it as a new database.
        if header and header != _SQLITE_HEADER:
            raise SessionError(f"{self.shown}: not a workbench session store "
                               "(not an SQLite database file)")

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
        tables = self._tables()
        if tables:
            # Check before changing anything: the file may be another application's database.
            version = self._check_meta(tables)
            # A damaged page would otherwise surface in the middle of an action.
            problem = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
            if problem != "ok":
                first = " ".join(problem.split())  # SQLite's report may span lines
                raise SessionError(f"{self.shown}: the session store is damaged ({first})")
            if version < SCHEMA_VERSION:
                self._migrate()
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if not tables:
            self._create_schema()

    def _tables(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}

    def _create_schema(self) -> None:
        """The tables, in one transaction (another process may be creating them too)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if self._tables():
                conn.execute("ROLLBACK")
                self._check_meta(self._tables())
                return
            _run_script(conn, _SCHEMA)
            for version in range(1, SCHEMA_VERSION):
                _run_script(conn, _MIGRATIONS[version])
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                             [("application", APPLICATION),
                              ("schema_version", str(SCHEMA_VERSION))])
            conn.execute("COMMIT")
        except BaseException:
            self._rollback(conn)
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

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction: all of the block is saved, or (on any exception) none of it."""
        with self.lock:
            conn = self._connection()
            try:
                if not durable:
                    conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("BEGIN IMMEDIATE")
                yield conn
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
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection for queries, with SQLite errors turned into one line."""
        with self.lock:
            conn = self._connection()
            try:
                yield conn
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

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                try:
                    self.conn.close()
                finally:
                    self.conn = None

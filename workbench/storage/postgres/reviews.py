"""The review store on PostgreSQL: the same sessions, verdicts, carried verdicts, clients and undo
log as the SQLite store (:mod:`workbench.storage.sqlite.reviews`), in a desk's database set up by
``workbench db init URL`` (:mod:`workbench.storage.postgres.schema`).

Transactions. Every action is one transaction (``READ COMMITTED``). The review rules read a
verdict and write it back with its undo entry (an action's ``before`` is what it replaced), and
SQLite makes that safe by BEGIN IMMEDIATE: one writer at a time. Here a write transaction takes a
transaction-scoped advisory lock on the *version* it names first (its sha256) before it reads
anything, so two clients writing the same quote (or anything of the same version) take turns,
each reading what the other committed, while reviews of other articles do not wait. Opening an
article also takes one lock for article identities (creating an article, its keys, finding its
latest version), always after the version's lock, so locks are taken in one order and cannot
deadlock. Reads of another version inside a write (carrying verdicts over from the previous
version) take no lock: each statement reads committed data.

Durability. A verdict commits with the server's ``synchronous_commit`` (``on`` by default: the
commit is flushed to the WAL before COMMIT returns, so an acknowledged verdict survives a killed
client and a crashed server); cursor moves commit with ``synchronous_commit = off``, as SQLite
moves them with ``synchronous = NORMAL``.

Reviews for a team. Verdicts and cursors have an ``owner``: every reviewer has their own verdict
per quote and their own cursor per version, under their name (``''``: a review with no reviewer
named), as on SQLite since its schema 3; an editor's final verdict is the row of owner
``#final`` (:data:`~workbench.storage.protocols.FINAL_OWNER`), marked ``final``.

Text. PostgreSQL text cannot hold NUL: every text value goes through
:func:`~workbench.storage.postgres.text.storable` (NUL becomes U+FFFD), the state fields inside an
action's before/after too, so an undo compares like with like. JSON (evidence, a quote, an
action's states) is stored as the text written (``json.dumps`` escapes NUL as ``\\u0000``), so it
reads back byte for byte. Every problem is a :class:`~workbench.errors.SessionError` of one line
naming the URL (password hidden).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from workbench.errors import SessionError, SessionUnavailable
from workbench.storage.postgres.connect import PostgresError, connect, driver, error_reason, \
    shown_url
from workbench.storage.postgres.text import storable
from workbench.storage.protocols import (FINAL_OWNER, OVERTAKEN, STATE_FIELDS, ActionRow,
                                         VersionRow, state_from_columns)

__all__ = ["PostgresReviewStore", "PostgresReviewTransaction", "SHARED", "OVERTAKEN"]

SHARED = ""  # the owner of the verdicts and cursor of a review with no reviewer named
_VERSION_LOCK = 0x7762  # pg_advisory_xact_lock(key1, hashtext(sha256)): one writer per version
_ARTICLE_LOCK = 0x7763  # pg_advisory_xact_lock(key1, 0): article identities
_TEXT_FIELDS = ("status", "reason", "note", "speaker", "reviewer", "updated_at")
CHANNEL = "workbench_reviews"  # NOTIFY payload: "<sha256> <store id>" after a change commits
_POLL = 0.25  # how long a listener waits for a notification before checking it should stop
_RETRY = 1.0  # how long to wait before connecting again when the server went away


class PostgresReviewStore:
    """The review tables of a desk's database at *url*: one connection (autocommit; use
    :meth:`write` and :meth:`read`), shared by the threads of one process under a lock."""

    def __init__(self, url: str, make_folder: bool = False,
                 create: bool = True) -> None:  # make_folder, create: files only
        self.url = url
        self.shown = shown_url(url)
        self.lock = threading.RLock()  # the UI may call from worker threads
        self._psycopg = self._driver()
        self.id = uuid.uuid4().hex  # names this store in its notifications
        self._listeners: list[_Listener] = []
        self._retry_at = 0.0  # while the server is away: no new connection tried before this
        # A lost connection is opened again by the next read or write (at most once a
        # second); off, only by reconnect(), which the UI calls from a worker thread.
        self.reconnect_on_use = True
        self.conn = None
        self.conn = self._open()

    # ------------------------------------------------------------------ opening

    def _driver(self):
        try:
            return driver()
        except PostgresError as exc:
            raise SessionError(str(exc)) from None

    def _open(self):
        """A connection to a database whose schema this workbench can use as it is."""
        from workbench.storage.postgres.schema import check_schema

        try:
            conn = connect(self.url)
        except PostgresError as exc:
            raise SessionError(str(exc)) from None
        try:
            check_schema(conn, self.url)
        except PostgresError as exc:
            conn.close()
            raise SessionError(str(exc)) from None
        except self._psycopg.Error as exc:
            conn.close()
            raise SessionError(f"{self.shown}: {error_reason(exc)}") from None
        return conn

    def _connection(self):
        if self.conn is None:
            raise SessionError(f"{self.shown}: the session store is closed")
        if self.conn.broken:  # the server went away since: the next action connects again
            if not self.reconnect_on_use or time.monotonic() < self._retry_at:
                raise SessionUnavailable(f"{self.shown}: the server is away (trying again)")
            self.conn.close()
            try:
                self.conn = self._open()
            except SessionError as exc:  # still away (self.conn stays broken: tried again)
                self._retry_at = time.monotonic() + _RETRY
                raise SessionUnavailable(str(exc)) from None
        return self.conn

    def reconnect(self) -> bool:
        """Connect again if the connection was lost; True when the store can be used. The
        connection is made outside the store's lock (a host that does not answer takes the
        connect timeout), so reads and writes meanwhile fail at once as SessionUnavailable."""
        with self.lock:
            if self.conn is None:
                return False
            if not self.conn.broken:
                return True
        try:
            fresh = self._open()
        except SessionError:
            return False
        with self.lock:
            if self.conn is None:  # closed meanwhile
                fresh.close()
                return False
            old, self.conn = self.conn, fresh
        old.close()
        return True

    @property
    def closed(self) -> bool:
        return self.conn is None

    # ------------------------------------------------------------------ use

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[PostgresReviewTransaction]:
        """One transaction: all of the block is saved, or (on any exception) none of it.
        Not *durable*: committed without waiting for the WAL flush (cursor moves)."""
        with self.lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    if not durable:
                        conn.execute("SET LOCAL synchronous_commit = off")
                    tx = PostgresReviewTransaction(conn, locking=True)
                    yield tx
                    if durable and tx.locked_version is not None:  # delivered on commit
                        conn.execute("SELECT pg_notify(%s, %s)",
                                     (CHANNEL, f"{tx.locked_version} {self.id}"))
            except self._psycopg.Error as exc:
                raise self._error(conn, exc) from None

    @contextmanager
    def read(self) -> Iterator[PostgresReviewTransaction]:
        """The queries, each on its own (no transaction), errors as one line."""
        with self.lock:
            conn = self._connection()
            try:
                yield PostgresReviewTransaction(conn, locking=False)
            except self._psycopg.Error as exc:
                raise self._error(conn, exc) from None

    def _error(self, conn, exc: BaseException) -> SessionError:
        """One line; SessionUnavailable when the connection was lost (the server went away)."""
        kind = SessionUnavailable if conn.broken else SessionError
        return kind(f"{self.shown}: {error_reason(exc)}")

    def listen(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call ``callback(sha256)`` from a thread of its own as soon as another store (another
        process, another reviewer) commits a change to that article version (LISTEN/NOTIFY;
        cursor moves are not announced). Returns once listening; the returned function stops
        it (so does :meth:`close`). A lost connection is opened again, every second."""
        listener = _Listener(self.url, self.id, callback)
        listener.start()
        listener.ready.wait(timeout=10)
        self._listeners.append(listener)
        return listener.stop

    def close(self) -> None:
        for listener in self._listeners:
            listener.stop()
        self._listeners = []
        with self.lock:
            if self.conn is not None:
                try:
                    self.conn.close()
                finally:
                    self.conn = None


class _Listener(threading.Thread):
    """LISTEN on a connection of its own; each notification of another store is passed on."""

    def __init__(self, url: str, store_id: str, callback: Callable[[str], None]) -> None:
        super().__init__(name="workbench-review-listener", daemon=True)
        self.url, self.store_id, self.callback = url, store_id, callback
        self.ready = threading.Event()  # set once LISTEN is on (or the first try failed)
        self._stopping = threading.Event()

    def stop(self) -> None:
        self._stopping.set()
        if self is not threading.current_thread():
            self.join(timeout=2 * _POLL + 1)

    def run(self) -> None:
        psycopg = driver()
        while not self._stopping.is_set():
            conn = None
            try:
                conn = connect(self.url)
                conn.execute(f"LISTEN {CHANNEL}")
                self.ready.set()
                while not self._stopping.is_set():
                    for note in conn.notifies(timeout=_POLL):
                        self._deliver(note.payload)
            except (psycopg.Error, PostgresError):
                self.ready.set()
                self._stopping.wait(_RETRY)  # the server went away: listen again when it is back
            finally:
                if conn is not None:
                    conn.close()

    def _deliver(self, payload: str) -> None:
        sha256, _, sender = payload.partition(" ")
        if sender == self.store_id:
            return  # this store's own change: its review knows
        try:
            self.callback(sha256)
        except Exception:  # noqa: BLE001 - a failing callback must not end the listening
            pass


# --------------------------------------------------------------------------- the queries

_STATE_COLUMNS = ", ".join(STATE_FIELDS)
_VERSIONS_SQL = """
SELECT s.sha256, s.path, s.title,
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256 AND EXISTS (
            SELECT 1 FROM verdicts v WHERE v.sha256 = q.sha256 AND v.key = q.key
               AND (%(owner)s::text IS NULL OR v.owner = %(owner)s::text)
               AND v.status = ANY(%(decided)s) AND NOT v.recheck)),
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256),
       s.updated_at,
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256 AND EXISTS (
            SELECT 1 FROM verdicts v WHERE v.sha256 = q.sha256 AND v.key = q.key
               AND (%(owner)s::text IS NULL OR v.owner = %(owner)s::text)
               AND v.status = 'skipped')),
       coalesce(s.article_id, -s.seq)
FROM sessions s"""
_VERSIONS_ORDER = " ORDER BY s.updated_at DESC, s.seq DESC"
_CURSOR = ("coalesce((SELECT c.position FROM cursors c"
           " WHERE c.sha256 = s.sha256 AND c.owner = %s), 0)")
_SET_CURSOR = ("INSERT INTO cursors(sha256, owner, position) VALUES (%s, %s, %s)"
               " ON CONFLICT (sha256, owner) DO UPDATE SET position = excluded.position")


class PostgresReviewTransaction:
    """The review store's queries on one connection, inside the transaction of
    :meth:`PostgresReviewStore.write` (*locking*: the version named first, and article
    identities, are locked before they are read) or none (:meth:`PostgresReviewStore.read`).
    States are dicts of :data:`~workbench.storage.protocols.STATE_FIELDS`, as on SQLite."""

    def __init__(self, conn, locking: bool) -> None:
        self.conn = conn
        self._locking = locking
        self.locked_version: str | None = None
        self._locked_articles = False

    # ------------------------------------------------------------------ locks

    def _version(self, sha256: str) -> str:
        """Lock the first version this write names (the one the action is about)."""
        if self._locking and self.locked_version is None:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                              (_VERSION_LOCK, sha256))
            self.locked_version = sha256
        return storable(sha256)

    def _articles(self) -> None:
        if self._locking and not self._locked_articles:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s, 0)", (_ARTICLE_LOCK,))
            self._locked_articles = True

    def _rows(self, sql: str, args: Sequence = ()) -> list[tuple]:
        return self.conn.execute(sql, args).fetchall()

    def _one(self, sql: str, args: Sequence = ()) -> tuple | None:
        return self.conn.execute(sql, args).fetchone()

    def _many(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(sql, rows)

    # ------------------------------------------------------------------ versions (sessions)

    def version(self, sha256: str, owner: str) -> tuple[int, int | None] | None:
        sha = self._version(sha256)
        row = self._one(f"SELECT {_CURSOR}, s.article_id FROM sessions s WHERE s.sha256 = %s",
                        (storable(owner), sha))
        return (int(row[0]), row[1]) if row is not None else None

    def versions(self, decided: Sequence[str], owner: str | None, *, sha256: str | None = None,
                 article_id: int | None = None) -> list[VersionRow]:
        sql, args = _VERSIONS_SQL, {"decided": list(decided), "owner": storable(owner)}  # None: anyone's
        if sha256 is not None:
            sql, args = sql + " WHERE s.sha256 = %(sha)s", {**args, "sha": storable(sha256)}
        elif article_id is not None:
            sql, args = sql + " WHERE s.article_id = %(article)s", {**args, "article": article_id}
        return [VersionRow(sha, path, title, int(reviewed), int(total), updated, int(skipped),
                           int(article))
                for sha, path, title, reviewed, total, updated, skipped, article
                in self._rows(sql + _VERSIONS_ORDER, args)]

    def latest_version(self, article_id: int, owner: str) -> tuple[str, str, int] | None:
        self._articles()
        row = self._one(f"SELECT s.sha256, s.updated_at, {_CURSOR} FROM sessions s"
                        " WHERE s.article_id = %s ORDER BY s.updated_at DESC, s.seq DESC LIMIT 1",
                        (storable(owner), article_id))
        return (row[0], row[1], int(row[2])) if row is not None else None

    def add_version(self, sha256: str, path: str, title: str, model: str, at: str,
                    article_id: int) -> None:
        sha = self._version(sha256)
        self.conn.execute("INSERT INTO sessions(sha256, path, title, model, created_at,"
                          " updated_at, article_id) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                          (sha, storable(path), storable(title), storable(model), storable(at),
                           storable(at), article_id))

    def update_version(self, sha256: str, path: str, title: str, model: str) -> None:
        self.conn.execute("UPDATE sessions SET path = %s, title = %s, model = %s"
                          " WHERE sha256 = %s",
                          (storable(path), storable(title), storable(model),
                           self._version(sha256)))

    def set_cursor(self, sha256: str, owner: str, cursor: int) -> None:
        self.conn.execute(_SET_CURSOR, (self._version(sha256), storable(owner), cursor))

    def touch(self, sha256: str, at: str, owner: str = "", cursor: int | None = None) -> None:
        sha = self._version(sha256)
        self.conn.execute("UPDATE sessions SET updated_at = %s WHERE sha256 = %s",
                          (storable(at), sha))
        if cursor is not None:
            self.set_cursor(sha256, owner, cursor)

    def set_carry(self, sha256: str, carry: dict, at: str) -> None:
        self.conn.execute("UPDATE sessions SET carry = %s, updated_at = %s WHERE sha256 = %s",
                          (json.dumps(carry), storable(at), self._version(sha256)))

    def carry(self, sha256: str) -> dict | None:
        row = self._one("SELECT carry FROM sessions WHERE sha256 = %s", (self._version(sha256),))
        try:
            return json.loads(row[0]) if row and row[0] else None
        except ValueError:
            return None  # a damaged note about the past: the verdicts themselves are intact

    # ------------------------------------------------------------------ articles

    def add_article(self, at: str) -> int:
        self._articles()
        return int(self._one("INSERT INTO articles(created_at) VALUES (%s) RETURNING id",
                             (storable(at),))[0])

    def attach_article(self, sha256: str, article_id: int) -> None:
        sha = self._version(sha256)
        self._articles()
        self.conn.execute("UPDATE sessions SET article_id = %s WHERE sha256 = %s",
                          (article_id, sha))

    def article_of_version(self, sha256: str) -> int | None:
        row = self._one("SELECT article_id FROM sessions WHERE sha256 = %s",
                        (self._version(sha256),))
        return int(row[0]) if row is not None and row[0] is not None else None

    def article_of_key(self, key: str) -> int | None:
        self._articles()
        row = self._one("SELECT article_id FROM article_keys WHERE digest = %s", (_digest(key),))
        return int(row[0]) if row is not None else None

    def remember_keys(self, keys: Sequence[str], article_id: int) -> None:
        """Identity keys of the article; a key already known keeps its article."""
        self._articles()
        self._many("INSERT INTO article_keys(digest, key, article_id) VALUES (%s, %s, %s)"
                   " ON CONFLICT (digest) DO NOTHING",
                   [(_digest(key), storable(key), article_id) for key in keys])

    # ------------------------------------------------------------------ quotes

    def quote_keys(self, sha256: str) -> list[tuple[str, str]]:
        return [(key, qid) for key, qid in self._rows(
            "SELECT key, quote_id FROM quotes WHERE sha256 = %s ORDER BY position",
            (self._version(sha256),))]

    def replace_quotes(self, sha256: str, quotes: Sequence[tuple[str, str]]) -> None:
        sha = self._version(sha256)
        self.conn.execute("DELETE FROM quotes WHERE sha256 = %s", (sha,))
        self._many("INSERT INTO quotes(sha256, position, key, quote_id) VALUES (%s, %s, %s, %s)",
                   [(sha, i, storable(key), storable(qid)) for i, (key, qid) in enumerate(quotes)])

    def relabel_verdicts(self, sha256: str, quotes: Sequence[tuple[str, str, str]]) -> None:
        sha = self._version(sha256)
        self._many("UPDATE verdicts SET quote_id = %s, quote = %s WHERE sha256 = %s AND key = %s",
                   [(storable(qid), storable(quote), sha, storable(key))
                    for key, qid, quote in quotes])

    # ------------------------------------------------------------------ verdicts (per owner)

    def verdict(self, sha256: str, key: str, owner: str) -> dict | None:
        row = self._one(f"SELECT {_STATE_COLUMNS} FROM verdicts WHERE sha256 = %s AND key = %s"
                        " AND owner = %s", (self._version(sha256), storable(key), storable(owner)))
        return state_from_columns(row) if row else None

    def verdict_states(self, sha256: str, owner: str) -> dict[str, dict]:
        rows = self._rows(f"SELECT key, {_STATE_COLUMNS} FROM verdicts WHERE sha256 = %s"
                          " AND owner = %s", (self._version(sha256), storable(owner)))
        return {key: state_from_columns(state) for key, *state in rows}

    def reviews(self, sha256: str, key: str | None = None) -> list[tuple[str, str, dict]]:
        sql = f"SELECT key, owner, {_STATE_COLUMNS} FROM verdicts WHERE sha256 = %s"
        args: list = [self._version(sha256)]
        if key is not None:
            sql, args = sql + " AND key = %s", [*args, storable(key)]
        rows = self._rows(sql + " ORDER BY key, owner", args)
        return [(k, owner, state_from_columns(state)) for k, owner, *state in rows]

    def owners(self, sha256: str) -> list[str]:
        return [row[0] for row in self._rows(
            "SELECT DISTINCT owner FROM verdicts WHERE sha256 = %s ORDER BY owner",
            (self._version(sha256),))]

    def verdict_rows(self, sha256: str, owner: str) -> list[tuple[str, str, str, dict]]:
        sha = self._version(sha256)  # another version's (carrying over): read, not locked
        rows = self._rows(f"SELECT key, quote_id, quote, {_STATE_COLUMNS} FROM verdicts"
                          " WHERE sha256 = %s AND owner = %s ORDER BY seq", (sha, storable(owner)))
        return [(key, qid, quote, state_from_columns(state)) for key, qid, quote, *state in rows]

    def carried_from(self, sha256: str, owner: str) -> dict[str, str]:
        return dict(self._rows("SELECT key, carried_from FROM verdicts WHERE sha256 = %s"
                               " AND owner = %s AND carried_from IS NOT NULL",
                               (self._version(sha256), storable(owner))))

    def put_verdict(self, sha256: str, key: str, owner: str, quote_id: str, quote: str,
                    state: dict) -> None:
        """Set *owner*'s verdict under *key* (created, or changed in place)."""
        assignments = ", ".join(f"{f} = excluded.{f}" for f in ("quote_id", "quote", *STATE_FIELDS))
        self.conn.execute(
            f"INSERT INTO verdicts(sha256, key, owner, final, quote_id, quote, {_STATE_COLUMNS})"
            f" VALUES (%s, %s, %s, %s, %s, %s, {', '.join(['%s'] * len(STATE_FIELDS))})"
            f" ON CONFLICT (sha256, key, owner) DO UPDATE SET {assignments}",
            (self._version(sha256), storable(key), storable(owner), owner == FINAL_OWNER,
             storable(quote_id), storable(quote), *_state_values(state)))

    def carry_verdict(self, sha256: str, key: str, owner: str, quote_id: str, quote: str,
                      state: dict, carried_from: str) -> None:
        """*owner*'s verdict carried over from version *carried_from*, replacing any under
        *key* (as a new row: SQLite's INSERT OR REPLACE, so it also takes the newest place in
        the order)."""
        fields = ("final", "quote_id", "quote", "carried_from", *STATE_FIELDS)
        assignments = ", ".join(f"{f} = excluded.{f}" for f in (*fields, "seq"))
        self.conn.execute(
            f"INSERT INTO verdicts(sha256, key, owner, {', '.join(fields)})"
            f" VALUES (%s, %s, %s, {', '.join(['%s'] * len(fields))})"
            f" ON CONFLICT (sha256, key, owner) DO UPDATE SET {assignments}",
            (self._version(sha256), storable(key), storable(owner), owner == FINAL_OWNER,
             storable(quote_id), storable(quote), storable(carried_from),
             *_state_values(state)))

    def restore_verdict(self, sha256: str, key: str, owner: str, state: dict) -> None:
        assignments = ", ".join(f"{f} = %s" for f in STATE_FIELDS)
        self.conn.execute(f"UPDATE verdicts SET {assignments} WHERE sha256 = %s AND key = %s"
                          " AND owner = %s",
                          (*_state_values(state), self._version(sha256), storable(key),
                           storable(owner)))

    def move_verdicts(self, sha256: str, keys: Sequence[str], from_owner: str,
                      to_owner: str) -> None:
        self._many("UPDATE verdicts SET owner = %s WHERE sha256 = %s AND key = %s AND owner = %s"
                   " AND NOT EXISTS (SELECT 1 FROM verdicts o WHERE o.sha256 = %s AND o.key = %s"
                   " AND o.owner = %s)",
                   [(storable(to_owner), sha, storable(key), storable(from_owner), sha,
                     storable(key), storable(to_owner))
                    for sha in [self._version(sha256)] for key in keys])

    # ------------------------------------------------------------------ actions (undo log)

    def add_action(self, sha256: str, key: str, quote_id: str, kind: str, before: dict,
                   after: dict, at: str, reviewer: str | None, client: str,
                   action_id: str) -> None:
        self.conn.execute("INSERT INTO actions(sha256, key, quote_id, kind, before, after, at,"
                          " reviewer, client, action_id)"
                          " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                          (self._version(sha256), storable(key), storable(quote_id),
                           storable(kind), _dump(before), _dump(after), storable(at),
                           storable(reviewer), storable(client), storable(action_id)))

    def has_action(self, client: str, action_id: str) -> bool:
        return self._one("SELECT 1 FROM actions WHERE client = %s AND action_id = %s",
                         (storable(client), storable(action_id))) is not None

    def drop_redo(self, sha256: str, clients: Sequence[str]) -> None:
        self.conn.execute("DELETE FROM actions WHERE sha256 = %s AND undone = 1"
                          " AND coalesce(client, '') = ANY(%s)",
                          (self._version(sha256), [storable(c) for c in clients]))

    def action_clients(self, sha256: str, reviewer: str | None, other_than: str
                       ) -> list[tuple[str | None, str | None, int | None, int | None]]:
        rows = self._rows("SELECT DISTINCT a.client, c.host, c.pid, c.closed FROM actions a"
                          " LEFT JOIN clients c ON c.id = a.client"
                          " WHERE a.sha256 = %s AND a.reviewer IS NOT DISTINCT FROM %s"
                          " AND a.client IS DISTINCT FROM %s",
                          (self._version(sha256), storable(reviewer), storable(other_than)))
        return [(client, host, pid, None if closed is None else int(closed))
                for client, host, pid, closed in rows]

    def next_step(self, sha256: str, clients: Sequence[str], undo: bool) -> ActionRow | None:
        order = "DESC" if undo else "ASC"
        row = self._one(f"SELECT id, key, quote_id, kind, before, after FROM actions"
                        f" WHERE sha256 = %s AND undone = %s AND coalesce(client, '') = ANY(%s)"
                        f" ORDER BY id {order} LIMIT 1",
                        (self._version(sha256), 0 if undo else 1,
                         [storable(c) for c in clients]))
        if row is None:
            return None
        action_id, key, quote_id, kind, before, after = row
        return ActionRow(int(action_id), key, quote_id, kind, json.loads(before),
                         json.loads(after))

    def corrections(self, sha256: str) -> list[tuple[dict, str | None, str, bool]]:
        rows = self._rows("SELECT after, reviewer, at, undone FROM actions"
                          " WHERE sha256 = %s AND kind = 'correct' ORDER BY id",
                          (storable(sha256),))
        return [(json.loads(after), reviewer, at, bool(undone)) for after, reviewer, at, undone
                in rows]

    def mark_action(self, action_id: int, undone: bool) -> None:
        self.conn.execute("UPDATE actions SET undone = %s WHERE id = %s",
                          (1 if undone else 0, action_id))

    def overtake_action(self, action_id: int) -> None:
        self.conn.execute("UPDATE actions SET undone = %s WHERE id = %s", (OVERTAKEN, action_id))

    # ------------------------------------------------------------------ clients

    def add_client(self, client: str, reviewer: str | None, host: str, pid: int,
                   at: str) -> None:
        self.conn.execute("INSERT INTO clients(id, reviewer, host, pid, started_at)"
                          " VALUES (%s, %s, %s, %s, %s)",
                          (storable(client), storable(reviewer), storable(host), pid,
                           storable(at)))

    def close_clients(self, clients: Sequence[str]) -> None:
        self.conn.execute("UPDATE clients SET closed = true WHERE id = ANY(%s)",
                          ([storable(c) for c in clients],))


def _digest(key: str) -> str:
    return hashlib.sha256(storable(key).encode("utf-8", "surrogatepass")).hexdigest()


def _state_values(state: dict) -> tuple:
    """The columns' values of a complete state (text made storable, evidence as JSON)."""
    values = []
    for f in STATE_FIELDS:
        value = state[f]
        if f == "evidence" and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        elif f == "recheck":
            value = bool(value)
        elif isinstance(value, str):
            value = storable(value)
        values.append(value)
    return tuple(values)


def _dump(state: dict) -> str:
    """An action's before/after state as JSON, its text fields as the columns store them."""
    stored = {f: storable(v) if f in _TEXT_FIELDS and isinstance(v, str) else v
              for f, v in state.items()}
    return json.dumps(stored, ensure_ascii=False)

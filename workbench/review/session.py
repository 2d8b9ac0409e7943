"""Review sessions: the checker's verdicts on one article, saved action by action.

Nothing is ever lost:

* every action (a status, a note, a speaker override, evidence, an undo, a redo) is ONE SQLite
  transaction, committed before the method returns; killing the process at any moment leaves
  the store as it was after the last completed action (see :mod:`workbench.review.db` for the
  durability setting);
* a session is keyed by the sha256 of the article's bytes: opening the same article again
  resumes it, cursor included;
* the undo log is in the file too, so undo works across restarts, as many levels back as there
  were actions; redo replays what was undone; a new action after an undo drops the redo branch.

Verdicts are stored under the quote's offsets (its ``parts``), not its id. When the extraction
changes between runs (a new engine version), a verdict follows its quote as long as the offsets
match, even if the id changed; a verdict whose offsets no quote has any more is kept, with a
snapshot of the quote it was about, and listed by :meth:`Session.orphans` (the export writes
them under ``orphaned``). Nothing is deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from workbench.errors import ReviewError
from workbench.models import Article, Quote, Speaker
from workbench.review.db import SessionDB, default_sessions_path
from workbench.review.verdicts import Verdict, check_status

__all__ = ["SessionStore", "Session", "SessionInfo", "Orphan", "quote_key"]

STATE_FIELDS = ("status", "reason", "note", "speaker", "evidence", "reviewer", "updated_at")
_EMPTY_STATE = {"status": "unreviewed", "reason": None, "note": "", "speaker": None,
                "evidence": None, "reviewer": None, "updated_at": None}
_STATE_COLUMNS = ", ".join(STATE_FIELDS)
MAX_NOTE_CHARS = 100_000


@dataclass(frozen=True)
class SessionInfo:
    """One line of :meth:`SessionStore.list`. ``updated_at``: the last action (ISO-8601 UTC)."""

    sha256: str
    path: str
    title: str
    reviewed: int
    total: int
    updated_at: str

    def to_dict(self) -> dict:
        return {"sha256": self.sha256, "path": self.path, "title": self.title,
                "reviewed": self.reviewed, "total": self.total, "updated_at": self.updated_at}


@dataclass(frozen=True)
class Orphan:
    """A verdict on a quote the current extraction no longer has: the verdict (with the id the
    quote had) and the quote as it was (``Quote.to_dict()`` when the verdict was last set)."""

    verdict: Verdict
    quote: dict


def quote_key(quote: Quote) -> str:
    """The key a verdict is stored under: the quote's offsets, e.g. ``"914-1111;1130-1200"``."""
    return ";".join(f"{start}-{end}" for start, end in quote.parts)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------- the store


_FROM_CONFIG = object()  # SessionStore's default reviewer: the one the config names


class SessionStore:
    """All review sessions, in one SQLite file (default: ``$WORKBENCH_SESSIONS``, else
    ``sessions.db`` in the user data folder). *reviewer* names whoever makes the verdicts
    (default: ``[reviewer] name`` in the config; None, recorded as is, when nobody is named)."""

    def __init__(self, path: str | Path | None = None, *,
                 reviewer: str | None | object = _FROM_CONFIG) -> None:
        if reviewer is _FROM_CONFIG:
            from workbench.config import load_config

            reviewer = load_config().reviewer
        self.reviewer: str | None = reviewer
        self.path = Path(path) if path is not None else default_sessions_path()
        self._db = SessionDB(self.path, make_folder=path is None)

    def open(self, article: Article, quotes: list[Quote], speakers: list[Speaker],
             model: str = "") -> Session:
        """The session of *article*: created, or resumed where it was left (verdicts, cursor,
        undo history), with *quotes* as the current extraction."""
        keys = _quote_keys(quotes)
        with self._db.write() as conn:
            cursor = _upsert_session(conn, article, model)
            _sync_quotes(conn, article.sha256, quotes, keys)
            cursor = min(max(cursor, 0), max(len(quotes) - 1, 0))
            conn.execute("UPDATE sessions SET cursor = ? WHERE sha256 = ?",
                         (cursor, article.sha256))
        return Session(self._db, self.reviewer, article, list(quotes), list(speakers), model,
                       keys, cursor)

    def list(self) -> list[SessionInfo]:
        """Every session, the most recently changed first."""
        with self._db.read() as conn:
            return [SessionInfo(*row) for row in conn.execute(_INFO_SQL + _INFO_ORDER)]

    def get(self, sha256: str) -> SessionInfo | None:
        """The session of the article with this sha256, if there is one (nothing is created)."""
        with self._db.read() as conn:
            row = conn.execute(_INFO_SQL + " WHERE s.sha256 = ?", (sha256,)).fetchone()
        return SessionInfo(*row) if row else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_INFO_SQL = """
SELECT s.sha256, s.path, s.title,
       (SELECT count(*) FROM quotes q JOIN verdicts v ON v.sha256 = q.sha256 AND v.key = q.key
         WHERE q.sha256 = s.sha256 AND v.status <> 'unreviewed'),
       (SELECT count(*) FROM quotes q WHERE q.sha256 = s.sha256),
       s.updated_at
FROM sessions s"""
_INFO_ORDER = " ORDER BY s.updated_at DESC, s.rowid DESC"


def _quote_keys(quotes: Sequence[Quote]) -> list[str]:
    """The verdict key of each quote; quote ids must be unique. Two quotes with the same
    offsets (which extraction does not produce) still get a key each."""
    ids = [q.id for q in quotes]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ReviewError(f"quote id {dup!r} appears twice in the extraction")
    keys: list[str] = []
    for quote in quotes:
        key = quote_key(quote)
        keys.append(key if key not in keys else f"{key}#{keys.count(key) + 1}")
    return keys


def _upsert_session(conn: sqlite3.Connection, article: Article, model: str) -> int:
    """Create the session row or refresh its path/title/model (the file may have moved);
    return the saved cursor. Opening is not a change: ``updated_at`` is left alone."""
    row = conn.execute("SELECT cursor FROM sessions WHERE sha256 = ?", (article.sha256,)).fetchone()
    if row is None:
        now = _now()
        conn.execute("INSERT INTO sessions(sha256, path, title, model, cursor, created_at,"
                     " updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
                     (article.sha256, article.path, article.title, model, now, now))
        return 0
    conn.execute("UPDATE sessions SET path = ?, title = ?, model = ? WHERE sha256 = ?",
                 (article.path, article.title, model, article.sha256))
    return int(row[0])


def _sync_quotes(conn: sqlite3.Connection, sha256: str, quotes: Sequence[Quote],
                 keys: list[str]) -> None:
    """Record the current quote set; verdicts whose offsets match take the current id."""
    current = [(key, q.id) for key, q in zip(keys, quotes)]
    stored = conn.execute("SELECT key, quote_id FROM quotes WHERE sha256 = ? ORDER BY position",
                          (sha256,)).fetchall()
    if stored == current:
        return
    conn.execute("DELETE FROM quotes WHERE sha256 = ?", (sha256,))
    conn.executemany("INSERT INTO quotes(sha256, position, key, quote_id) VALUES (?, ?, ?, ?)",
                     [(sha256, i, key, qid) for i, (key, qid) in enumerate(current)])
    conn.executemany("UPDATE verdicts SET quote_id = ?, quote = ? WHERE sha256 = ? AND key = ?",
                     [(q.id, _quote_json(q), sha256, key) for key, q in zip(keys, quotes)])


def _quote_json(quote: Quote) -> str:
    return json.dumps(quote.to_dict(), ensure_ascii=False)


# --------------------------------------------------------------------------- one session


class Session:
    """One article under review. ``quotes`` is the current extraction, in text order; every
    method that changes something saves it before returning."""

    def __init__(self, db: SessionDB, reviewer: str | None, article: Article, quotes: list[Quote],
                 speakers: list[Speaker], model: str, keys: list[str], cursor: int) -> None:
        self.article = article
        self.quotes = quotes
        self.speakers = speakers
        self.model = model
        self.reviewer = reviewer
        self._db = db
        self._sha = article.sha256
        self._key_of = {q.id: key for q, key in zip(quotes, keys)}
        self._position = {key: i for i, key in enumerate(keys)}
        self._id_of = {key: q.id for q, key in zip(quotes, keys)}
        self._cursor = cursor

    @property
    def cursor(self) -> int:
        """The index into ``quotes`` the checker is at (saved by :meth:`move`)."""
        return self._cursor

    # ------------------------------------------------------------------ reading

    def verdict(self, quote_id: str) -> Verdict:
        """The verdict on a quote (``unreviewed`` if nobody touched it)."""
        key = self._key(quote_id)
        with self._db.read() as conn:
            return Verdict(quote_id, **self._state(conn, key))

    def verdicts(self) -> list[Verdict]:
        """The verdicts on all current quotes, in ``quotes`` order (one query)."""
        states = self._all_states()
        return [Verdict(q.id, **states.get(self._key_of[q.id], _EMPTY_STATE)) for q in self.quotes]

    def orphans(self) -> list[Orphan]:
        """Verdicts on quotes the current extraction no longer has, in text order."""
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT key, quote_id, quote, {_STATE_COLUMNS} FROM verdicts"
                                " WHERE sha256 = ?", (self._sha,)).fetchall()
        found = []
        for key, quote_id, quote, *state in rows:
            verdict = Verdict(quote_id, **_state_from_row(state))
            if key not in self._position and verdict.touched:
                found.append(Orphan(verdict, json.loads(quote)))
        return sorted(found, key=lambda o: (o.quote.get("start", 0), o.quote.get("end", 0)))

    def progress(self) -> tuple[int, int]:
        """(quotes reviewed, i.e. not ``unreviewed``; quotes in all)."""
        states = self._all_states()
        reviewed = sum(1 for key in self._position
                       if states.get(key, _EMPTY_STATE)["status"] != "unreviewed")
        return reviewed, len(self.quotes)

    def next_unreviewed(self, after: int) -> int | None:
        """The index of the first ``unreviewed`` quote after index *after*, wrapping round to
        the start; None when every quote has been reviewed (``after=-1`` searches from 0)."""
        n = len(self.quotes)
        if n == 0:
            return None
        states = self._all_states()
        start = after + 1 if -1 <= after < n else 0
        for i in [*range(start, n), *range(0, start)]:
            key = self._key_of[self.quotes[i].id]
            if states.get(key, _EMPTY_STATE)["status"] == "unreviewed":
                return i
        return None

    # ------------------------------------------------------------------ actions

    def set_status(self, quote_id: str, status: str, reason: str | None = None) -> None:
        """Set the status (and, for ``disputed``, the reason; other statuses clear it)."""
        check_status(status, reason)
        self._act(quote_id, "status", status=status, reason=reason)

    def set_note(self, quote_id: str, note: str) -> None:
        if not isinstance(note, str):
            raise ReviewError(f"a note must be text, not {type(note).__name__}")
        if len(note) > MAX_NOTE_CHARS:
            raise ReviewError(f"the note is too long ({len(note):,} characters; "
                              f"the limit is {MAX_NOTE_CHARS:,})")
        self._act(quote_id, "note", note=note)

    def set_speaker(self, quote_id: str, name: str | None) -> None:
        """Override the speaker with *name*; None (or blank) goes back to the extracted one."""
        if name is not None and not isinstance(name, str):
            raise ReviewError(f"a speaker must be a name, not {type(name).__name__}")
        self._act(quote_id, "speaker", speaker=(name or "").strip() or None)

    def set_evidence(self, quote_id: str, evidence: dict | None) -> None:
        """The corpus match backing the verdict, as a plain dict (``Match.to_dict()``)."""
        if evidence is not None:
            if not isinstance(evidence, dict):
                raise ReviewError(f"evidence must be a dict, not {type(evidence).__name__}")
            try:  # stored as JSON: round-trip now so what is read back equals what was set
                evidence = json.loads(json.dumps(evidence, ensure_ascii=False, allow_nan=False))
            except (TypeError, ValueError) as exc:
                raise ReviewError(f"evidence must be plain JSON data ({exc})") from None
        self._act(quote_id, "evidence", evidence=evidence)

    def move(self, cursor: int) -> None:
        """Move the cursor to index *cursor* of ``quotes`` (saved; not an undoable action)."""
        if isinstance(cursor, bool) or not isinstance(cursor, int):
            raise ReviewError(f"the cursor must be an index, not {type(cursor).__name__}")
        last = max(len(self.quotes) - 1, 0)
        if not 0 <= cursor <= last:
            raise ReviewError(f"cursor {cursor} is out of range (0..{last})")
        if cursor == self._cursor:
            return
        with self._db.write(durable=False) as conn:
            conn.execute("UPDATE sessions SET cursor = ? WHERE sha256 = ?", (cursor, self._sha))
        self._cursor = cursor

    def undo(self) -> str | None:
        """Take back the last action; return what it was ("q3: disputed (misquoted)"), None
        when there is nothing to undo. The cursor moves to the quote it changed."""
        return self._step(undo=True)

    def redo(self) -> str | None:
        """Apply again the action undone last; None when there is nothing to redo."""
        return self._step(undo=False)

    # ------------------------------------------------------------------ internals

    def _key(self, quote_id: str) -> str:
        try:
            return self._key_of[quote_id]
        except (KeyError, TypeError):
            raise ReviewError(f"no quote {quote_id!r} in this article") from None

    def _state(self, conn: sqlite3.Connection, key: str) -> dict:
        row = conn.execute(f"SELECT {_STATE_COLUMNS} FROM verdicts WHERE sha256 = ? AND key = ?",
                           (self._sha, key)).fetchone()
        return _state_from_row(row) if row else dict(_EMPTY_STATE)

    def _all_states(self) -> dict[str, dict]:
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT key, {_STATE_COLUMNS} FROM verdicts WHERE sha256 = ?",
                                (self._sha,)).fetchall()
        return {key: _state_from_row(state) for key, *state in rows}

    def _act(self, quote_id: str, kind: str, **changes) -> None:
        """Apply one change as one transaction: the verdict, the undo log entry, the redo
        branch dropped, the session's time. A change that changes nothing is not recorded."""
        key = self._key(quote_id)
        quote = self.quotes[self._position[key]]
        with self._db.write() as conn:
            before = self._state(conn, key)
            if all(before[field] == value for field, value in changes.items()):
                return
            now = _now()
            after = {**before, **changes, "reviewer": self.reviewer, "updated_at": now}
            _write_verdict(conn, self._sha, key, quote, after)
            conn.execute("DELETE FROM actions WHERE sha256 = ? AND undone = 1", (self._sha,))
            conn.execute("INSERT INTO actions(sha256, key, quote_id, kind, before, after, at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (self._sha, key, quote_id, kind, _dump(before), _dump(after), now))
            conn.execute("UPDATE sessions SET updated_at = ? WHERE sha256 = ?", (now, self._sha))

    def _step(self, undo: bool) -> str | None:
        """Undo (the newest applied action) or redo (the oldest undone one), in one transaction."""
        order = "DESC" if undo else "ASC"
        with self._db.write() as conn:
            row = conn.execute(f"SELECT id, key, quote_id, kind, before, after FROM actions"
                               f" WHERE sha256 = ? AND undone = ? ORDER BY id {order} LIMIT 1",
                               (self._sha, 0 if undo else 1)).fetchone()
            if row is None:
                return None
            action_id, key, quote_id, kind, before, after = row
            state = json.loads(before if undo else after)
            _restore_verdict(conn, self._sha, key, state)
            conn.execute("UPDATE actions SET undone = ? WHERE id = ?",
                         (1 if undo else 0, action_id))
            cursor = self._position.get(key, self._cursor)
            conn.execute("UPDATE sessions SET updated_at = ?, cursor = ? WHERE sha256 = ?",
                         (_now(), cursor, self._sha))
        self._cursor = cursor
        return describe(kind, self._id_of.get(key, quote_id), json.loads(after))


def _state_from_row(row: Sequence) -> dict:
    state = dict(zip(STATE_FIELDS, row))
    if state["evidence"] is not None:
        state["evidence"] = json.loads(state["evidence"])
    return state


def _dump(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False)


def _state_values(state: dict) -> tuple:
    evidence = state["evidence"]
    return tuple(_dump(evidence) if f == "evidence" and evidence is not None else state[f]
                 for f in STATE_FIELDS)


def _write_verdict(conn: sqlite3.Connection, sha256: str, key: str, quote: Quote,
                   state: dict) -> None:
    assignments = ", ".join(f"{f} = excluded.{f}" for f in ("quote_id", "quote", *STATE_FIELDS))
    conn.execute(f"INSERT INTO verdicts(sha256, key, quote_id, quote, {_STATE_COLUMNS})"
                 f" VALUES (?, ?, ?, ?, {', '.join('?' * len(STATE_FIELDS))})"
                 f" ON CONFLICT(sha256, key) DO UPDATE SET {assignments}",
                 (sha256, key, quote.id, _quote_json(quote), *_state_values(state)))


def _restore_verdict(conn: sqlite3.Connection, sha256: str, key: str, state: dict) -> None:
    """Put a saved state back (the row exists: the action being undone or redone wrote it)."""
    assignments = ", ".join(f"{f} = ?" for f in STATE_FIELDS)
    conn.execute(f"UPDATE verdicts SET {assignments} WHERE sha256 = ? AND key = ?",
                 (*_state_values(state), sha256, key))


def describe(kind: str, quote_id: str, state: dict) -> str:
    """A short line for an action: "q3: disputed (misquoted)", "q3: note", "q3: speaker Ann"."""
    if kind == "status":
        reason = f" ({state['reason'].replace('_', ' ')})" if state.get("reason") else ""
        return f"{quote_id}: {state['status']}{reason}"
    if kind == "speaker":
        name = state.get("speaker")
        return f"{quote_id}: speaker {name}" if name else f"{quote_id}: speaker reset"
    value = state.get(kind)
    return f"{quote_id}: {kind}" if value else f"{quote_id}: {kind} cleared"


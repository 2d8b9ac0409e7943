"""Tests for workbench.review.session: sessions that never lose a verdict."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from pg_sessions import (count_actions, pg_review_template, pg_sessions_url,  # noqa: F401
                         store_target)
from review_helpers import make_article, make_quotes, make_speakers, renumbered
from workbench.errors import ReviewError, SessionError, WorkbenchError
from workbench.review import SessionStore, Verdict
from workbench.review.db import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def db(store_target) -> Path | str:
    """The review store of the test: every test here runs on an SQLite file and on a
    PostgreSQL database, but those about the SQLite file itself (``sqlite_db``: its journal
    mode, a damaged or foreign file, a file from a newer workbench)."""
    return store_target


@pytest.fixture
def sqlite_db(tmp_path) -> Path:
    return tmp_path / "sessions.db"


def open_session(db: Path, quotes=None, reviewer: str = "ana"):
    store = SessionStore(db, reviewer=reviewer)
    article = make_article()
    return store, store.open(article, make_quotes() if quotes is None else quotes,
                             make_speakers(), model="fake_model")


def reopen(db: Path, quotes=None, reviewer: str = "ana"):
    """A brand-new store on the same file: what a restarted process sees."""
    return open_session(db, quotes, reviewer)


# --------------------------------------------------------------------------- basics


def test_new_session_is_all_unreviewed_at_the_first_quote(db):
    """A new session has every quote unreviewed, the cursor at 0, progress (0, total)."""
    store, s = open_session(db)
    assert s.cursor == 0
    assert s.progress() == (0, 4)
    assert s.verdict("q1") == Verdict("q1")
    assert [v.status for v in s.verdicts()] == ["unreviewed"] * 4
    assert s.article.sha256 == make_article().sha256 and len(s.quotes) == 4
    store.close()


def test_decisions_with_no_evidence_owe_it_across_a_restart(sqlite_db):
    """Decided with no evidence (its search still ran): owed, in quote order, to a new process
    too; a skip, an open quote or a decision with evidence owes nothing."""
    store, s = open_session(sqlite_db)
    s.set_status("q3", "unverifiable")
    s.set_status("q1", "confirmed")
    s.set_status("q2", "disputed", "misquoted", evidence={"found": False, "query": "x"})
    s.set_status("q4", "skipped")
    assert s.evidence_owed() == ["q1", "q3"]
    store.close()
    store, s = reopen(sqlite_db)
    assert s.evidence_owed() == ["q1", "q3"]
    s.set_evidence("q3", {"found": False, "query": "y"})
    assert s.evidence_owed() == ["q1"]
    store.close()


def test_every_action_is_saved_before_the_method_returns(db):
    """After each action, another connection to the file (the store still open) sees it."""
    store, s = open_session(db)
    reader, seen = open_session(db)
    s.set_status("q1", "disputed", "misquoted")
    assert seen.verdict("q1").status == "disputed" and seen.verdict("q1").reason == "misquoted"
    s.set_note("q1", "the transcript says 'will'")
    assert seen.verdict("q1").note == "the transcript says 'will'"
    s.set_speaker("q2", "John Brown")
    assert seen.verdict("q2").speaker == "John Brown"
    s.set_evidence("q3", {"doc": {"id": 7}, "start": 1, "end": 5, "score": 99.0})
    assert seen.verdict("q3").evidence == {"doc": {"id": 7}, "start": 1, "end": 5, "score": 99.0}
    s.move(3)
    reader.close()
    _, again = reopen(db)
    assert again.cursor == 3
    s.undo()
    assert again.verdict("q3").evidence is None
    store.close()


def test_resume_shows_the_same_state_and_cursor(db):
    """A new SessionStore on the same file resumes verdicts, notes, overrides and the cursor."""
    store, s = open_session(db)
    s.set_status("q1", "confirmed")
    s.set_status("q2", "disputed", "spliced")
    s.set_note("q2", "two speeches, a week apart")
    s.set_speaker("q4", "A docker")
    s.set_status("q3", "skipped")
    s.move(2)
    before = s.verdicts()
    store.close()

    store, s = reopen(db)
    assert s.verdicts() == before
    assert s.cursor == 2
    assert s.progress() == (2, 4)
    assert s.verdict("q1").reviewer == "ana"
    assert s.verdict("q1").updated_at.endswith("Z")
    store.close()


def test_status_and_reason_rules(db):
    """A reason goes with 'disputed' only; another status clears it; bad values are refused."""
    store, s = open_session(db)
    s.set_status("q1", "disputed")
    assert s.verdict("q1").reason is None
    s.set_status("q1", "disputed", "fabricated")
    s.set_status("q1", "unverifiable")
    assert (s.verdict("q1").status, s.verdict("q1").reason) == ("unverifiable", None)
    for bad in [("nonsense", None), ("confirmed", "misquoted"), ("disputed", "typo")]:
        with pytest.raises(ReviewError):
            s.set_status("q1", *bad)
    assert s.verdict("q1").status == "unverifiable"
    store.close()


def test_bad_arguments_are_one_line_errors(db):
    """Unknown quote ids, bad cursors, non-JSON evidence: ReviewError (a WorkbenchError)."""
    store, s = open_session(db)
    with pytest.raises(ReviewError, match="no quote 'q9'"):
        s.set_status("q9", "confirmed")
    with pytest.raises(ReviewError, match="out of range"):
        s.move(4)
    with pytest.raises(ReviewError):
        s.move(-1)
    with pytest.raises(ReviewError, match="plain JSON"):
        s.set_evidence("q1", {"score": object()})
    with pytest.raises(ReviewError):
        s.set_note("q1", None)
    assert issubclass(ReviewError, WorkbenchError)
    assert s.verdicts() == [Verdict(q) for q in ("q1", "q2", "q3", "q4")]
    store.close()


def test_speaker_override_can_be_reset(db):
    """set_speaker(None) or a blank name goes back to the extracted speaker."""
    store, s = open_session(db)
    s.set_speaker("q1", "  John Brown ")
    assert s.verdict("q1").speaker == "John Brown"
    s.set_speaker("q1", "   ")
    assert s.verdict("q1").speaker is None
    store.close()


# --------------------------------------------------------------------------- undo and redo


def test_undo_and_redo_many_levels(db):
    """Thirty actions undo one by one back to nothing, then redo one by one to the end."""
    store, s = open_session(db)
    for i in range(30):
        s.set_note(f"q{i % 4 + 1}", f"note {i}")
    final = s.verdicts()
    described = [s.undo() for _ in range(30)]
    assert all(d is not None for d in described)
    assert described[0] == "q2: note"
    assert s.undo() is None
    assert s.verdicts() == [Verdict(q) for q in ("q1", "q2", "q3", "q4")]
    assert all(s.redo() is not None for _ in range(30))
    assert s.redo() is None
    assert s.verdicts() == final
    store.close()


def test_undo_describes_and_moves_to_the_quote(db):
    """undo/redo return what they changed and put the cursor on that quote."""
    store, s = open_session(db)
    s.set_status("q3", "disputed", "out_of_context")
    s.move(0)
    assert s.undo() == "q3: disputed (out of context)"
    assert s.cursor == 2
    s.move(0)
    assert s.redo() == "q3: disputed (out of context)"
    assert s.cursor == 2
    s.set_speaker("q1", "Ann")
    assert s.undo() == "q1: speaker Ann"
    store.close()


def test_undo_history_survives_a_restart(db):
    """Undo and redo work across a restart, in the right order."""
    store, s = open_session(db)
    s.set_status("q1", "confirmed")
    s.set_status("q2", "disputed", "altered")
    s.set_note("q2", "one word changed")
    store.close()

    store, s = reopen(db)
    assert s.undo() == "q2: note"
    assert s.undo() == "q2: disputed (altered)"
    store.close()

    store, s = reopen(db)
    assert s.verdict("q2") == Verdict("q2")
    assert s.verdict("q1").status == "confirmed"
    assert s.redo() == "q2: disputed (altered)"
    store.close()

    store, s = reopen(db)
    assert s.redo() == "q2: note"
    assert s.verdict("q2").note == "one word changed"
    assert s.redo() is None
    store.close()


def test_a_new_action_after_undo_drops_the_redo_branch(db):
    """After undo, a new action makes redo impossible; the older history stays undoable."""
    store, s = open_session(db)
    s.set_status("q1", "confirmed")
    s.set_status("q2", "confirmed")
    s.undo()
    s.set_status("q3", "skipped")
    assert s.redo() is None
    assert s.verdict("q2").status == "unreviewed"
    assert s.undo() == "q3: skipped"
    assert s.undo() == "q1: confirmed"
    assert s.undo() is None
    store.close()


def test_an_action_that_changes_nothing_is_not_recorded(db):
    """Setting the same value again adds no undo step."""
    store, s = open_session(db)
    s.set_note("q1", "checked")
    s.set_note("q1", "checked")
    s.set_status("q1", "unreviewed")
    assert s.undo() == "q1: note"
    assert s.undo() is None
    store.close()


def test_undo_restores_the_earlier_verdict_and_time(db):
    """Undo puts back the whole earlier verdict of the reviewer, its time included (a later
    review by the same reviewer undoes the action of the closed one)."""
    store, s = open_session(db, reviewer="ana")
    s.set_status("q1", "confirmed")
    first = s.verdict("q1")
    store.close()
    store, s = open_session(db, reviewer="ana")
    s.set_status("q1", "disputed", "other")
    assert s.verdict("q1").updated_at is not None
    s.undo()
    s.undo()
    s.redo()
    assert s.verdict("q1") == first
    store.close()


# --------------------------------------------------------------------------- cursor and progress


def test_progress_counts_decisions_and_next_open_skips_them(db):
    """A skip is no decision: progress counts confirmed, disputed and unverifiable only, and
    next_open (the `n` key) goes to skipped quotes too; it wraps and is None when all are decided."""
    store, s = open_session(db)
    assert s.next_open(-1) == 0
    s.set_status("q1", "confirmed")
    s.set_status("q3", "skipped")
    assert s.progress() == (1, 4)
    assert s.counts() == {"decided": 1, "skipped": 1, "recheck": 0, "open": 3, "total": 4}
    assert s.next_open(0) == 1
    assert s.next_open(1) == 2  # the skipped quote is still open
    assert s.next_open(3) == 1  # wraps round
    s.set_status("q2", "unverifiable")
    s.set_status("q4", "disputed", "fabricated")
    assert s.next_open(0) == 2
    s.set_status("q3", "confirmed")
    assert s.next_open(0) is None
    assert s.progress() == (4, 4)
    store.close()


def test_cursor_is_clamped_when_the_quote_set_shrinks(db):
    """A saved cursor past the end of a shorter extraction lands on the last quote."""
    store, s = open_session(db)
    s.move(3)
    store.close()
    store, s = reopen(db, make_quotes()[:2])
    assert s.cursor == 1
    store.close()


def test_an_article_without_quotes_opens(db):
    """An article with no quotes is a session with nothing to review (cursor 0)."""
    store, s = open_session(db, quotes=[])
    assert s.progress() == (0, 0) and s.next_open(-1) is None
    s.move(0)
    assert s.undo() is None
    store.close()


# --------------------------------------------------------------------------- extraction changes


def test_verdicts_follow_their_offsets_when_ids_change(db):
    """A new extraction numbering the same quotes differently keeps every verdict."""
    store, s = open_session(db)
    s.set_status("q1", "confirmed")
    s.set_status("q3", "disputed", "wrong_speaker")
    store.close()

    quotes = renumbered(make_quotes(), ["a4", "a3", "a2", "a1"])
    store, s = reopen(db, quotes)
    assert s.verdict("a4").status == "confirmed"
    assert s.verdict("a2").reason == "wrong_speaker"
    assert s.orphans() == []
    assert s.undo() == "a2: disputed (wrong speaker)"
    store.close()


def test_verdicts_on_vanished_quotes_are_kept_as_orphans(db):
    """A quote the new extraction lacks keeps its verdict as an orphan; it returns if the quote does."""
    store, s = open_session(db)
    s.set_status("q2", "disputed", "spliced")
    s.set_note("q2", "two speeches")
    s.set_status("q1", "confirmed")
    store.close()

    quotes = make_quotes()
    store, s = reopen(db, [quotes[0], quotes[2], quotes[3]])
    assert s.progress() == (1, 3)
    [orphan] = s.orphans()
    assert orphan.verdict.quote_id.startswith("q2@") and orphan.verdict.status == "disputed"
    assert orphan.verdict.note == "two speeches"
    assert orphan.quote["text"] == quotes[1].text and orphan.quote["parts"] == [list(p) for p in quotes[1].parts]
    assert [i.total for i in store.list()] == [3]
    store.close()

    store, s = reopen(db)
    assert s.verdict("q2").reason == "spliced" and s.orphans() == []
    store.close()


# --------------------------------------------------------------------------- the store


def test_list_and_get(db):
    """list() gives every session, most recently changed first; get() creates nothing."""
    store = SessionStore(db, reviewer="ana")
    first = store.open(make_article(), make_quotes(), make_speakers())
    other_text = make_article().text + "\nLate addition.\n"
    second = store.open(make_article(other_text, path="strike-2.txt", title="Second"),
                        make_quotes(other_text), make_speakers(other_text))
    second.set_status("q1", "confirmed")
    infos = store.list()
    assert [i.title for i in infos] == ["Second", "Harbour strike goes ahead"]
    assert (infos[0].reviewed, infos[0].total) == (1, 4)
    assert infos[1].path == "strike.txt" and infos[1].sha256 == first.article.sha256
    assert store.get("0" * 64) is None
    assert len(store.list()) == 2
    store.close()


def test_default_path_and_reviewer_come_from_the_environment(tmp_path, monkeypatch):
    """Without arguments the store is $WORKBENCH_SESSIONS and the reviewer the one the config
    names: with no config, None (never $USER)."""
    path = tmp_path / "deep" / "er" / "sessions.db"
    monkeypatch.setenv("WORKBENCH_SESSIONS", str(path))
    with SessionStore() as store:
        s = store.open(make_article(), make_quotes(), make_speakers())
        s.set_status("q1", "confirmed")
    assert path.exists()
    with SessionStore(path) as store:
        assert store.open(make_article(), make_quotes(), []).verdict("q1").reviewer is None


def test_reviewer_from_the_config(tmp_path, monkeypatch, db):
    """[reviewer] name in the config names the reviewer."""
    config = tmp_path / "config.toml"
    config.write_text('[reviewer]\nname = "Ana Lopez"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    with SessionStore(db) as store:
        s = store.open(make_article(), make_quotes(), [])
        s.set_status("q1", "confirmed")
        assert s.verdict("q1").reviewer == "Ana Lopez"


def test_two_stores_on_one_file_both_save(db):
    """Two processes' worth of connections writing in turn: every action of both is kept."""
    a, sa = open_session(db)
    b, sb = open_session(db)
    sa.set_status("q1", "confirmed")
    sb.set_status("q2", "skipped")
    sa.set_note("q3", "from a")
    a.close(), b.close()
    store, s = reopen(db)
    assert [v.status for v in s.verdicts()] == ["confirmed", "skipped", "unreviewed", "unreviewed"]
    assert s.verdict("q3").note == "from a"
    store.close()


def test_actions_from_threads(db):
    """The UI may act from worker threads: concurrent actions are all saved."""
    store, s = open_session(db)
    threads = [threading.Thread(target=lambda i=i: [s.set_note(f"q{i}", f"n{k}") for k in range(20)])
               for i in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [v.note for v in s.verdicts()] == ["n19"] * 4
    assert sum(1 for _ in iter(s.undo, None)) == 80
    store.close()


def test_a_closed_store_refuses_actions(db):
    """Acting on a session of a closed store is a SessionError, not a crash."""
    store, s = open_session(db)
    store.close()
    with pytest.raises(SessionError, match="closed"):
        s.set_status("q1", "confirmed")


def test_the_database_uses_wal_and_full_sync(sqlite_db):
    """The file is in WAL mode and actions commit with synchronous=FULL."""
    db = sqlite_db
    store, s = open_session(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    s.move(1)  # a cursor move commits with NORMAL, then FULL is back for actions
    assert store._db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    store.close()


# --------------------------------------------------------------------------- bad files


def _foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes(x)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()


def _tableless_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")  # a valid SQLite file with no table in it
    conn.close()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b"this is not a database\n" * 10), "not an SQLite database file"),
    (lambda p: p.mkdir(), "is a directory"),
    (_foreign_db, "not a workbench session store"),
    (lambda p: p.write_bytes(b""), "an empty file, not a workbench session store"),
    (_tableless_db, "not a workbench session store"),
])
def test_a_file_that_is_not_a_session_store_is_refused(sqlite_db, make, message):
    """Garbage, a folder, another program's SQLite file, an empty file or an SQLite file with
    no table (SQLite would take either for a new database): one SessionError line, file
    untouched: an existing file is never made a session store."""
    db = sqlite_db
    make(db)
    before = db.read_bytes() if db.is_file() else None
    with pytest.raises(SessionError, match=message) as info:
        SessionStore(db, reviewer="x")
    assert "\n" not in str(info.value) and str(db) in str(info.value)
    if before is not None:
        assert db.read_bytes() == before


def test_a_damaged_session_store_is_refused(sqlite_db):
    """A store with damaged pages is reported as damaged, not used."""
    db = sqlite_db
    store, s = open_session(db)
    for i in range(200):
        s.set_note(f"q{i % 4 + 1}", "x" * 500 + str(i))
    store.close()
    raw = bytearray(db.read_bytes())
    page = 4096
    for offset in range(2 * page, len(raw), page):  # scribble over every page but the first two
        raw[offset:offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(raw))
    with pytest.raises(SessionError, match="damaged") as info:
        SessionStore(db, reviewer="x")
    assert "\n" not in str(info.value)


def test_a_store_from_a_newer_workbench_is_refused(sqlite_db):
    """A newer schema version asks for an upgrade instead of guessing."""
    db = sqlite_db
    SessionStore(db, reviewer="x").close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(SessionError, match="newer workbench"):
        SessionStore(db, reviewer="x")


def test_a_store_that_must_exist_is_never_created(tmp_path):
    """create=False (the commands that only read): no store there is an error, and no file
    (nor any leftover) is made."""
    with pytest.raises(SessionError, match="no session store here"):
        SessionStore(tmp_path / "s.db", reviewer="x", create=False)
    assert list(tmp_path.iterdir()) == []


def test_a_new_store_is_made_whole_with_no_leftovers(tmp_path):
    """A new store appears complete (built aside, then linked in): only its file is left."""
    SessionStore(tmp_path / "s.db", reviewer="x").close()
    assert [p.name for p in tmp_path.iterdir()] == ["s.db"]
    with SessionStore(tmp_path / "s.db", reviewer="x", create=False) as store:
        assert store.list() == []


def test_a_store_made_meanwhile_by_another_process_is_used_not_replaced(tmp_path, monkeypatch):
    """Two first opens at once: the store linked in first stays (its sessions too); the other
    open uses it instead of writing over it."""
    import workbench.storage.sqlite.reviews as reviews

    db = tmp_path / "s.db"
    real_link = os.link

    def other_process_first(src, dst):
        monkeypatch.setattr(reviews.os, "link", real_link)
        with SessionStore(db, reviewer="ben") as other:  # makes db, with one session
            other.open(make_article(), make_quotes(), make_speakers()).set_status("q1", "confirmed")
        real_link(src, dst)  # FileExistsError: db is there now

    monkeypatch.setattr(reviews.os, "link", other_process_first)
    with SessionStore(db, reviewer="ana") as store:
        assert [info.path for info in store.list()] == ["strike.txt"]
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("s.db")] == []


def test_a_missing_folder_is_an_error_for_an_explicit_path(tmp_path):
    """An explicit path in a folder that does not exist is refused (only the default is made)."""
    with pytest.raises(SessionError, match="no such directory"):
        SessionStore(tmp_path / "nope" / "s.db", reviewer="x")


# --------------------------------------------------------------------------- killed processes

_CHILD = textwrap.dedent("""
    import os, signal, sys
    sys.path[:0] = [sys.argv[3], sys.argv[4]]
    from review_helpers import make_article, make_quotes, make_speakers
    from workbench.review import SessionStore

    store = SessionStore(sys.argv[1], reviewer="killed")
    s = store.open(make_article(), make_quotes(), make_speakers())
    if sys.argv[2] == "script":
        s.set_status("q1", "confirmed")
        s.set_status("q2", "disputed", "spliced")
        s.set_note("q2", "two speeches")
        s.set_speaker("q3", "Port Authority")
        s.set_evidence("q4", {"kind": "verbatim", "score": 100.0})
        s.set_status("q4", "skipped")
        s.undo()
        s.move(2)
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no flush, no atexit
    else:
        i = 0
        while True:
            s.set_note("q%d" % (i % 4 + 1), "note %d" % i)
            print(i, flush=True)
            i += 1
""")


def _run_child(db: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _CHILD, str(db), mode, str(ROOT), str(TESTS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_process_that_kills_itself_loses_nothing(db):
    """A process applies actions then SIGKILLs itself: every verdict, the undo and the cursor survive."""
    child = _run_child(db, "script")
    _, err = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL, err
    store, s = reopen(db, reviewer="killed")  # undo is the reviewer's own
    assert [v.status for v in s.verdicts()] == ["confirmed", "disputed", "unreviewed", "unreviewed"]
    assert s.verdict("q2").reason == "spliced" and s.verdict("q2").note == "two speeches"
    assert s.verdict("q3").speaker == "Port Authority"
    assert s.verdict("q4").evidence == {"kind": "verbatim", "score": 100.0}
    assert s.cursor == 2
    assert s.redo() == "q4: skipped"
    assert s.verdict("q1").reviewer == "killed"
    store.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("acks", [1, 17, 60])
def test_a_process_killed_mid_stream_keeps_every_acknowledged_action(db, acks):
    """SIGKILL from outside while actions stream: each action reported done is stored (on disk,
    the file intact; on the server), and the state is exactly the first N actions (no half
    action)."""
    child = _run_child(db, "stream")
    last = -1
    for line in child.stdout:
        last = int(line)
        if last + 1 >= acks:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert last + 1 >= acks, child.stderr.read()

    applied = count_actions(db)  # on SQLite, after checking the file's integrity
    assert applied >= last + 1
    store, s = reopen(db, reviewer="killed")
    expected = {}
    for i in range(applied):
        expected[f"q{i % 4 + 1}"] = f"note {i}"
    assert {v.quote_id: v.note for v in s.verdicts() if v.note} == expected
    assert sum(1 for _ in iter(s.undo, None)) == applied
    store.close()

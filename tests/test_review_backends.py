"""Review sessions on either backend: concurrent clients on one quote, hostile text through every
review field, and a PostgreSQL URL accepted wherever a session file is (argument,
``$WORKBENCH_SESSIONS``, ``--sessions``, ``[storage] sessions``).

The whole of tests/test_session.py and tests/test_carry.py also runs on both backends (their
``db`` fixture), SIGKILL mid-stream included."""

from __future__ import annotations

import json
import threading

import pytest

from pg_sessions import (is_postgres, pg_review_template, pg_sessions_url,  # noqa: F401
                         store_target)
from review_helpers import make_article, make_quotes, make_speakers
from workbench.cli import main
from workbench.errors import SessionError
from workbench.models import Quote
from workbench.review import SessionStore
from workbench.storage.postgres.text import storable

pytestmark = pytest.mark.usefixtures("isolated")

WRITES = 200


def _actions(target) -> list[tuple[str | None, dict, dict]]:
    """(client, before, after) of every action, oldest first, read beside the store."""
    if is_postgres(target):
        import psycopg

        with psycopg.connect(str(target)) as conn:
            rows = conn.execute("SELECT client, before, after FROM actions ORDER BY id").fetchall()
    else:
        import sqlite3

        conn = sqlite3.connect(target)
        rows = conn.execute("SELECT client, before, after FROM actions ORDER BY id").fetchall()
        conn.close()
    return [(client, json.loads(before), json.loads(after)) for client, before, after in rows]


# --------------------------------------------------------------------------- concurrency


def test_two_clients_writing_one_quote_lose_nothing(store_target):
    """Two clients of one reviewer (a connection each, two terminals: one verdict) write 200
    notes each on the same quote at once: all 400 actions are recorded, and the undo log is one
    line, each action's "before" being the previous action's "after" (without the version's
    lock two actions read the same verdict and one of them would undo the other's note away)."""
    article = make_article()
    stores = [SessionStore(store_target, reviewer="ana") for _ in range(2)]
    sessions = [store.open(article, make_quotes(), make_speakers()) for store in stores]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(session, name: str) -> None:
        try:
            start.wait()
            for i in range(WRITES):
                session.set_note("q1", f"{name} {i}")
        except BaseException as exc:  # noqa: BLE001  (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, n)) for s, n in zip(sessions, "ab")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    actions = _actions(store_target)
    assert len(actions) == 2 * WRITES
    for (_, _, previous), (_, before, _) in zip(actions, actions[1:]):
        assert before["note"] == previous["note"]
    by_client = {}
    for client, _, after in actions:
        by_client.setdefault(client, []).append(after["note"])
    assert sorted(map(len, by_client.values())) == [WRITES, WRITES]
    assert sessions[0].verdict("q1").note == actions[-1][2]["note"]
    for store in stores:
        store.close()


# --------------------------------------------------------------------------- hostile text

MEGABYTE = "word " * 200_000
HOSTILE = ["it's \"quoted\"", "'; DROP TABLE verdicts; --", "%s %(x)s {} $1 \\x00",
           "nul\0inside", "\u202eevil\u202c \x1b[31mred\x1b[0m \U0001f600"]


@pytest.mark.parametrize("value", [*HOSTILE, MEGABYTE],
                         ids=["quotes", "drop", "placeholders", "nul", "controls", "megabyte"])
def test_hostile_text_through_every_review_field(store_target, value):
    """A reviewer name, note, speaker, evidence and quote text made of *value* are stored and
    read back (PostgreSQL text cannot hold NUL: U+FFFD in its place, one for one; JSON keeps
    it), survive a restart, and the actions undo cleanly (their states match the verdict)."""
    note = value[:100_000]  # the rules' limit for a note
    evidence = {"text": value, "document": {"title": value}, "score": 99.5}
    article = make_article()
    [q1, *rest] = make_quotes()
    quote = Quote(id=q1.id, parts=q1.parts, text=value, speaker_id=None, speaker_name=value)
    text = storable if is_postgres(store_target) else (lambda v: v)
    with SessionStore(store_target, reviewer=value) as store:
        s = store.open(article, [quote, *rest], make_speakers())
        s.set_status("q1", "disputed", "altered", evidence=evidence)
        s.set_note("q1", note)
        s.set_speaker("q1", value)
    with SessionStore(store_target, reviewer=value) as store:
        s = store.open(article, [quote, *rest], make_speakers())
        v = s.verdict("q1")
        assert (v.status, v.reason, v.evidence) == ("disputed", "altered", evidence)
        assert v.note == text(note) and v.reviewer == text(value)
        assert v.speaker == text(value.strip()) or (not value.strip() and v.speaker is None)
        with store._db.read() as tx:
            [(_, _, stored_quote, _)] = tx.verdict_rows(article.sha256, s.owner)
        assert json.loads(stored_quote)["text"] == value  # JSON: byte for byte, NUL included
        assert [s.undo() for _ in range(3)] == ["q1: speaker " + v.speaker, "q1: note",
                                                "q1: disputed (altered)"]
        assert s.verdict("q1").status == "unreviewed"
        assert s.redo() == "q1: disputed (altered)" and s.verdict("q1").evidence == evidence


# --------------------------------------------------------------------------- where the store is


@pytest.mark.postgres
def test_the_environment_may_name_a_server(pg_sessions_url, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SESSIONS", pg_sessions_url)
    with SessionStore(reviewer="ana") as store:
        assert store.path == pg_sessions_url
        store.open(make_article(), make_quotes(), make_speakers()).set_status("q1", "confirmed")
    with SessionStore(pg_sessions_url, reviewer=None) as store:
        [info] = store.list()
        assert info.reviewed == 1


@pytest.mark.postgres
def test_the_config_may_name_a_server_and_the_command_line_wins(pg_sessions_url, tmp_path,
                                                                 monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nsessions = "{pg_sessions_url}"\ncorpus = "c.db"\n',
                      encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    monkeypatch.delenv("WORKBENCH_SESSIONS")
    with SessionStore(reviewer="ana") as store:
        assert store.path == pg_sessions_url
        store.open(make_article(), make_quotes(), make_speakers()).set_status("q2", "skipped")
    assert main(["sessions", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["skipped"], listed["total"]) == (1, 4)
    other = tmp_path / "other.db"
    assert main(["sessions", "--json", "--sessions", str(other)]) == 0
    assert json.loads(capsys.readouterr().out) == []  # no such file: no sessions, none made
    assert not other.exists()


@pytest.mark.postgres
def test_a_database_not_set_up_is_one_line(pg_url, capsys):
    with pytest.raises(SessionError, match=r"not set up yet \(run: workbench db init"):
        SessionStore(pg_url, reviewer="ana")
    assert main(["sessions", "--sessions", pg_url]) == 2
    err = capsys.readouterr().err
    assert "workbench db init" in err and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.postgres
def test_no_server_is_one_line_without_the_password(pg_server, capsys):
    from pg_server import _free_port

    url = f"postgresql://ana:s3cret@127.0.0.1:{_free_port()}/desk"
    assert main(["sessions", "--sessions", url]) == 2
    err = capsys.readouterr().err
    assert "s3cret" not in err and "ana:***@" in err and len(err.splitlines()) == 1


@pytest.mark.postgres
def test_a_lost_connection_fails_one_action_and_the_next_connects_again(pg_sessions_url):
    """The server ends the store's connection (a restart, a timeout): the action then is one
    SessionError line and not saved; the next action opens a new connection; everything
    acknowledged before is there."""
    import psycopg

    with SessionStore(pg_sessions_url, reviewer="ana") as store:
        s = store.open(make_article(), make_quotes(), make_speakers())
        s.set_status("q1", "confirmed")
        pid = store._db.conn.info.backend_pid
        with psycopg.connect(pg_sessions_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(SessionError) as info:
            s.set_status("q2", "skipped")
        assert "\n" not in str(info.value)
        s.set_status("q3", "disputed", "altered")
        assert [v.status for v in s.verdicts()] == ["confirmed", "unreviewed", "disputed",
                                                    "unreviewed"]
        assert s.undo() == "q3: disputed (altered)"


@pytest.mark.postgres
def test_a_server_restart_mid_review_keeps_every_acknowledged_verdict(pg_server):
    """A durable server (fsync on) stops at once (`pg_ctl -m immediate`: a crash) and starts
    again in the middle of a review: every verdict acknowledged before is there, the action
    during the outage is one line and not saved, the review goes on afterwards."""
    import subprocess

    from pg_server import PG_BIN, _as_server_user, start_server, stop_server
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    server = start_server(durable=True)
    try:
        url = server.url()
        with connect(url) as conn:
            init_database(conn)
        data = server.folder / "data"
        ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w"]
        with SessionStore(url, reviewer="ana") as store:
            s = store.open(make_article(), make_quotes(), make_speakers())
            s.set_status("q1", "confirmed")
            s.set_note("q1", "checked against the briefing")
            s.set_status("q2", "disputed", "spliced")
            subprocess.run(_as_server_user(ctl + ["-m", "immediate", "stop"]), check=True,
                           capture_output=True)
            with pytest.raises(SessionError) as info:
                s.set_status("q3", "unverifiable")
            assert "\n" not in str(info.value)
            options = f"-h {server.host} -p {server.port} -k {server.folder}"
            subprocess.run(_as_server_user(ctl + ["-l", str(server.folder / "server.log"),
                                                  "-o", options, "start"]),
                           check=True, capture_output=True)
            for _ in range(3):  # the store opens a new connection at the next action
                try:
                    s.set_status("q4", "skipped")
                    break
                except SessionError:
                    continue
            v = {x.quote_id: x for x in s.verdicts()}
            assert (v["q1"].status, v["q1"].note) == ("confirmed", "checked against the briefing")
            assert (v["q2"].status, v["q2"].reason) == ("disputed", "spliced")
            assert v["q3"].status == "unreviewed" and v["q4"].status == "skipped"
    finally:
        stop_server(server)

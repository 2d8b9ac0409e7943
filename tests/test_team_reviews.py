"""Reviews for a team: every verdict belongs to a reviewer (their own verdict per quote, cursor,
progress and undo), a quote shows every reviewer's verdict and flags disagreement, and a session
file of schema 2 is upgraded with every verdict kept. On both backends but the file upgrade."""

from __future__ import annotations

import json
import sqlite3
import threading

import jsonschema
import pytest

from pg_server import _admin
from pg_sessions import (count_actions, pg_review_template, pg_sessions_url,  # noqa: F401
                         store_target)
from review_helpers import article_file, fake_model  # noqa: F401 - fixtures
from review_helpers import make_article, make_quotes, make_speakers
from workbench.cli import main
from workbench.errors import ReviewError, SessionUnavailable
from workbench.review import SessionStore
from workbench.config import Config
from workbench.export.claimreview import export_claimreview
from workbench.export.json_export import export_json, load_schema
from workbench.review.outcome import outcome_of
from workbench.review.session import disagree, quote_key
from workbench.review.verdicts import Verdict
from workbench.storage.sqlite.reviews import _MIGRATIONS, SCHEMA_VERSION
from test_carry import V1_SCHEMA

pytestmark = pytest.mark.usefixtures("isolated")


def _open(target, reviewer, article=None, quotes=None):
    store = SessionStore(target, reviewer=reviewer)
    return store, store.open(article or make_article(), quotes or make_quotes(), make_speakers())


def test_each_reviewer_has_their_own_verdict_cursor_progress_and_undo(store_target):
    """Ana's and Ben's verdicts on one quote are two verdicts: neither replaces the other, each
    counts only their own decisions, moves their own cursor and undoes their own actions."""
    a_store, ana = _open(store_target, "ana")
    b_store, ben = _open(store_target, "ben")
    ana.set_status("q1", "confirmed")
    ana.set_status("q2", "unverifiable")
    ana.move(3)
    assert ben.verdict("q1").status == "unreviewed"  # ben's own: nobody decided it for him
    assert ben.set_status("q1", "disputed", "altered") is None  # replaced nothing of his
    assert ana.verdict("q1").status == "confirmed"
    assert (ana.progress(), ben.progress()) == ((2, 4), (1, 4))
    assert (ana.next_open(-1), ben.next_open(-1)) == (2, 1)
    assert ben.undo() == "q1: disputed (altered)"
    assert ben.undo() is None  # ana's actions are not his to undo
    assert ana.verdict("q1").status == "confirmed"
    a_store.close()
    b_store.close()
    a_store, ana = _open(store_target, "ana")
    b_store, ben = _open(store_target, "ben")
    assert (ana.cursor, ben.cursor) == (3, 0)
    a_store.close()
    b_store.close()


def test_a_quote_shows_every_reviewers_verdict_and_flags_disagreement(store_target):
    """verdicts_by_reviewer lists each reviewer's verdict (untouched ones left out); two
    different decisions disagree, the same decision or a skip does not."""
    a_store, ana = _open(store_target, "ana")
    b_store, ben = _open(store_target, "ben")
    c_store, cy = _open(store_target, None)
    assert ana.verdicts_by_reviewer("q1") == {}
    ana.set_status("q1", "confirmed")
    ben.set_status("q1", "confirmed")
    cy.set_status("q1", "skipped")
    by = ana.verdicts_by_reviewer("q1")
    assert {name: v.status for name, v in by.items()} == {"ana": "confirmed", "ben": "confirmed",
                                                         "": "skipped"}
    assert by["ben"].reviewer == "ben" and not ana.disagreement("q1")
    ben.set_status("q1", "disputed", "altered")
    assert ana.disagreement("q1") and cy.disagreement("q1")
    ana.set_status("q2", "disputed", "altered")
    ben.set_status("q2", "disputed", "spliced")
    assert ben.disagreement("q2")  # another reason is another decision
    reviews = ben.reviews()
    assert [sorted(r) for r in reviews] == [["", "ana", "ben"], ["ana", "ben"], [], []]
    assert reviews[0]["ben"] == ben.verdict("q1")
    for store in (a_store, b_store, c_store):
        store.close()


def test_disagree_compares_decisions_only():
    v = lambda status, reason=None, recheck=False: Verdict("q1", status, reason,  # noqa: E731
                                                           recheck=recheck)
    assert not disagree({})
    assert not disagree({"a": v("confirmed"), "b": v("skipped"), "c": v("unreviewed")})
    assert disagree({"a": v("confirmed"), "b": v("unverifiable")})
    assert not disagree({"a": v("confirmed"), "b": v("unverifiable", recheck=True)})


def test_the_listing_counts_the_reviewers_own_decisions_or_anyones(store_target):
    """`workbench sessions` shows the named reviewer's own progress; with nobody named, the
    quotes anyone decided."""
    a_store, ana = _open(store_target, "ana")
    b_store, ben = _open(store_target, "ben")
    ana.set_status("q1", "confirmed")
    ben.set_status("q2", "confirmed")
    ben.set_status("q1", "skipped")
    a_store.close()
    b_store.close()
    for reviewer, reviewed, skipped in (("ana", 1, 0), ("ben", 1, 1), ("cy", 0, 0),
                                        (None, 2, 1)):
        with SessionStore(store_target, reviewer=reviewer) as store:
            [info] = store.list()
            assert (reviewer, info.reviewed, info.skipped) == (reviewer, reviewed, skipped)


def test_a_changed_article_carries_every_reviewers_verdicts(store_target, tmp_path):
    """Opening a new version carries the verdicts of all reviewers over, each still theirs."""
    path = str(tmp_path / "article.txt")
    article = make_article(path=path)
    a_store, ana = _open(store_target, "ana", article)
    b_store, ben = _open(store_target, "ben", article)
    ana.set_status("q1", "confirmed")
    ben.set_status("q1", "disputed", "altered")
    ben.set_note("q2", "call the office")
    a_store.close()
    b_store.close()
    changed = make_article(article.text + "\n\nA new closing paragraph.", path=path)
    assert changed.sha256 != article.sha256
    store, cy = _open(store_target, "cy", changed)
    assert cy.carried is not None and cy.carried.carried == 3
    assert {n: v.status for n, v in cy.verdicts_by_reviewer("q1").items()} == {
        "ana": "confirmed", "ben": "disputed"}
    assert cy.verdicts_by_reviewer("q2")["ben"].note == "call the office"
    assert cy.verdict("q1").status == "unreviewed"
    store.close()


def test_naming_a_review_takes_its_verdicts_along(store_target):
    """The UI asks an unnamed checker's name at their first verdict: what they did before
    (a note) stays theirs, under the name, and undo still reaches it."""
    store, s = _open(store_target, None)
    s.set_note("q1", "ring the union")
    s.reviewer = "ana"
    assert s.verdict("q1").note == "ring the union"
    s.set_status("q1", "confirmed")
    assert set(s.verdicts_by_reviewer("q1")) == {"ana"}
    assert s.undo() == "q1: confirmed" and s.undo() == "q1: note"
    assert s.verdict("q1").note == ""
    store.close()


def test_two_reviewers_changing_one_quote_at_once_both_are_recorded(store_target):
    """Ana and Ben change q1 at the same moment, 50 times each: all 100 actions are recorded,
    each ends with their own last verdict, and each one's undo log is unbroken (every
    action's "before" is the same reviewer's previous "after")."""
    sessions = [_open(store_target, name) for name in ("ana", "ben")]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(session, name):
        try:
            start.wait()
            for i in range(50):
                session.set_note("q1", f"{name} {i}")
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, n)) for (_, s), n in zip(sessions,
                                                                               ("ana", "ben"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    (a_store, ana), (b_store, ben) = sessions
    by = ana.verdicts_by_reviewer("q1")
    assert (by["ana"].note, by["ben"].note) == ("ana 49", "ben 49")
    assert count_actions(store_target) == 100
    for session, name in ((ana, "ana"), (ben, "ben")):
        undone = [session.undo() for _ in range(50)]
        assert undone == ["q1: note"] * 50 and session.verdict("q1").note == ""
    a_store.close()
    b_store.close()


def test_a_retried_action_is_recorded_exactly_once(store_target):
    """An action retried with its id (its commit went through, the answer was lost) changes
    nothing: one entry in the undo log, and a retry after an undo does not redo it. Ids are
    per review: another review may use the same one."""
    store, s = _open(store_target, "ana")
    s.set_status("q1", "confirmed", action_id="a1")
    assert s.set_status("q1", "confirmed", action_id="a1") is None
    s.set_note("q1", "first", action_id="a2")
    assert s.undo() == "q1: note"
    s.set_note("q1", "first", action_id="a2")  # the late retry of the undone action
    assert s.verdict("q1").note == "" and count_actions(store_target) == 2
    other_store, other = _open(store_target, "ana")
    other.set_status("q2", "unverifiable", action_id="a1")
    assert other.verdict("q2").status == "unverifiable" and count_actions(store_target) == 3
    store.close()
    other_store.close()


# --------------------------------------------------------------------------- schema 2 -> 3


def _schema_2_file(db, article) -> None:
    """A session file as the previous release wrote it: verdicts last set by ana, by ben and by
    a review with no name, a cursor, and an undo log."""
    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    for statement in _MIGRATIONS[1].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany("INSERT INTO meta VALUES (?, ?)",
                     [("application", "workbench-sessions"), ("schema_version", "2")])
    conn.execute("INSERT INTO articles(id, created_at) VALUES (1, '2026-11-01T10:00:00Z')")
    conn.execute("INSERT INTO sessions(sha256, path, title, model, cursor, created_at, updated_at,"
                 " article_id) VALUES (?, ?, ?, '', 2, '2026-11-01T10:00:00Z',"
                 " '2026-11-01T10:00:00Z', 1)", (article.sha256, article.path, article.title))
    quotes = make_quotes()
    conn.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?)",
                     [(article.sha256, i, quote_key(q), q.id)
                      for i, q in enumerate(quotes)])
    rows = [("q1", "confirmed", None, "ana", '{"doc": 1}'), ("q2", "disputed", "altered", "ben",
                                                             None),
            ("q3", "skipped", None, None, None)]
    for qid, status, reason, reviewer, evidence in rows:
        q = next(q for q in quotes if q.id == qid)
        conn.execute("INSERT INTO verdicts(sha256, key, quote_id, quote, status, reason, note,"
                     " speaker, evidence, reviewer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
                     " NULL, ?, ?, '2026-11-01T10:00:00Z')",
                     (article.sha256, quote_key(q), qid, json.dumps(q.to_dict()), status,
                      reason, f"note {qid}", evidence, reviewer))
    before = {"status": "unreviewed", "reason": None, "note": "", "speaker": None,
              "evidence": None, "reviewer": None, "updated_at": None, "recheck": False}
    after = {**before, "status": "confirmed", "note": "note q1", "evidence": {"doc": 1},
             "reviewer": "ana", "updated_at": "2026-11-01T10:00:00Z"}
    q1 = quotes[0]
    conn.execute("INSERT INTO actions(sha256, key, quote_id, kind, before, after, at, reviewer)"
                 " VALUES (?, ?, 'q1', 'status', ?, ?, '2026-11-01T10:00:00Z', 'ana')",
                 (article.sha256, quote_key(q1), json.dumps(before), json.dumps(after)))
    conn.commit()
    conn.close()


def _verdict_rows(db) -> list[tuple]:
    """Every verdict but its quote JSON (opening refreshes that from the extraction)."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT sha256, key, quote_id, status, reason, note, speaker,"
                        " evidence, reviewer, updated_at, recheck, carried_from FROM verdicts"
                        " ORDER BY rowid").fetchall()
    conn.close()
    return rows


def test_a_schema_2_file_is_upgraded_and_loses_nothing(tmp_path):
    """Every verdict of a schema-2 file survives the upgrade, field for field, as the verdict
    of the reviewer who set it last; each of them keeps the cursor; undo still works."""
    db = tmp_path / "sessions.db"
    article = make_article(path=str(tmp_path / "article.txt"))
    _schema_2_file(db, article)
    before = _verdict_rows(db)
    with SessionStore(db, reviewer="ana") as store:
        ana = store.open(article, make_quotes(), make_speakers())
        assert _verdict_rows(db) == before
        assert ana.cursor == 2 and ana.progress() == (1, 4)
        v = ana.verdict("q1")
        assert (v.status, v.note, v.evidence, v.reviewer) == ("confirmed", "note q1", {"doc": 1},
                                                              "ana")
        assert ana.verdict("q2").status == "unreviewed"  # ben's, not hers
        assert {n: v.status for n, v in ana.verdicts_by_reviewer("q2").items()} == {
            "ben": "disputed"}
        assert ana.verdicts_by_reviewer("q3")[""].status == "skipped"
        assert ana.undo() == "q1: confirmed"
    with SessionStore(db, reviewer="ben") as store:
        ben = store.open(article, make_quotes(), make_speakers())
        assert ben.cursor == 2 and ben.verdict("q2").reason == "altered"
    with SessionStore(db, reviewer=None) as store:
        assert store.open(article, make_quotes(), make_speakers()).verdict("q3").note == "note q3"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),)
    assert SCHEMA_VERSION == 3
    assert conn.execute("SELECT count(*) FROM verdicts").fetchone() == (3,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


# --------------------------------------------------------------------------- the desk's verdict


def test_outcome_is_final_else_agreed_else_disputed_internally():
    v = lambda status, reason=None, at="2026-12-01T10:00:00Z", note="": Verdict(  # noqa: E731
        "q1", status, reason, note=note, updated_at=at)
    assert outcome_of("q1", {}).kind == "open"
    only = outcome_of("q1", {"ana": v("skipped", note="later")})
    assert (only.kind, only.verdict.note, only.decided) == ("open", "later", False)
    agreed = outcome_of("q1", {"ana": v("confirmed", at="2026-12-01T10:00:00Z"),
                               "ben": v("confirmed", at="2026-12-02T10:00:00Z", note="ok"),
                               "cy": v("skipped")})
    assert (agreed.kind, agreed.verdict.note, agreed.decided) == ("agreed", "ok", True)
    split = outcome_of("q1", {"ana": v("confirmed"), "ben": v("disputed", "altered")})
    assert (split.kind, split.verdict.status, split.decided) == ("disputed_internally",
                                                                 "unreviewed", False)
    final = outcome_of("q1", split.reviews, final=v("disputed", "altered"))
    assert (final.kind, final.verdict.reason, final.decided) == ("final", "altered", True)


def test_the_export_publishes_what_the_reviewers_agree_on(store_target):
    """JSON: each quote's verdict is the agreed one, whoever exports; a quote the reviewers
    disagree on is open there and left out of ClaimReview."""
    a_store, ana = _open(store_target, "ana")
    b_store, ben = _open(store_target, "ben")
    ana.set_status("q1", "confirmed")
    ben.set_status("q1", "confirmed")
    ana.set_status("q2", "disputed", "altered")
    ben.set_status("q2", "unverifiable")
    ben.set_status("q3", "unverifiable")
    with SessionStore(store_target, reviewer=None) as store:
        nobody = store.open(make_article(), make_quotes(), make_speakers())
        doc = export_json(nobody)
        claims = export_claimreview(nobody, Config())
    statuses = [q["verdict"]["status"] for q in doc["quotes"]]
    assert statuses == ["confirmed", "unreviewed", "unverifiable", "unreviewed"]
    assert doc["progress"]["reviewed"] == 2
    reviewed = [c["claimReviewed"] for c in claims["@graph"]]
    assert reviewed == [q.text for q in make_quotes() if q.id in ("q1", "q3")]
    a_store.close()
    b_store.close()


# --------------------------------------------------------------------------- final verdicts


def test_an_editor_records_the_final_verdict_with_its_own_undo(store_target):
    """The final verdict is one per quote, beside the reviewers' own (changing none of them),
    with its evidence; it replaces an earlier final saying so; undo takes it back; a skip is
    no final verdict."""
    a_store, ana = _open(store_target, "ana")
    e_store, ed = _open(store_target, "ed")
    ana.set_status("q1", "confirmed")
    assert ed.final("q1") is None
    assert ed.set_final("q1", "disputed", "altered", evidence={"found": False},
                        note="see tape") is None  # replaced no final verdict
    final = ana.final("q1")
    assert (final.status, final.reason, final.reviewer, final.evidence, final.note) == (
        "disputed", "altered", "ed", {"found": False}, "see tape")
    assert set(ed.verdicts_by_reviewer("q1")) == {"ana"} and ed.progress() == (0, 4)
    assert ed.set_final("q1", "confirmed") == "q1: final disputed (altered) -> confirmed"
    assert [o.kind for o in ana.outcomes()][:2] == ["final", "open"]
    assert ed.undo() == "q1: final confirmed"
    assert ana.final("q1").status == "disputed"
    with pytest.raises(ReviewError, match="a final verdict is a decision"):
        ed.set_final("q2", "skipped")
    a_store.close()
    e_store.close()


def test_the_export_and_claimreview_use_the_final_verdict(capsys, tmp_path, article_file,
                                                          fake_model):
    """`verdict --final` from the command line; the JSON export has each quote's outcome, final
    verdict and every reviewer's verdict (valid against schema.json), counts a disagreement
    with no final as disputed internally, and ClaimReview publishes final or agreed verdicts
    only."""
    def verdict(*argv):
        code = main(["verdict", str(article_file), *argv, "--evidence", "none"])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    verdict("q1", "confirmed", "--reviewer", "ana")
    verdict("q1", "disputed", "--reason", "altered", "--reviewer", "ben")
    verdict("q2", "confirmed", "--reviewer", "ana")
    verdict("q2", "unverifiable", "--reviewer", "ben")
    assert verdict("q2", "unverifiable", "--final", "--reviewer", "ed", "--note", "no tape") \
        .startswith("q2: final unverifiable")
    verdict("q3", "confirmed", "--reviewer", "ben")
    code = main(["verdict", str(article_file), "q4", "skipped", "--final", "--reviewer", "ed"])
    assert code == 2 and "a final verdict is a decision" in capsys.readouterr().err

    out = tmp_path / "review.json"
    assert main(["export", str(article_file), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(doc)
    q1, q2, q3, q4 = doc["quotes"]
    assert [q["outcome"] for q in doc["quotes"]] == ["disputed_internally", "final", "agreed",
                                                     "open"]
    assert q1["verdict"]["status"] == "unreviewed" and q1["final"] is None
    assert [r["verdict"]["reviewer"] for r in q1["reviews"]] == ["ana", "ben"]
    assert (q2["verdict"]["status"], q2["verdict"]["note"], q2["final"]["verdict"]["reviewer"]) \
        == ("unverifiable", "no tape", "ed")
    assert q3["verdict"]["reviewer"] == "ben" and q4["reviews"] == []
    assert doc["progress"] == {"reviewed": 2, "skipped": 0, "recheck": 0,
                               "disputed_internally": 1, "total": 4}
    assert main(["export", str(article_file), "--format", "claimreview", "-o",
                 str(tmp_path / "cr.json")]) == 0
    graph = json.loads((tmp_path / "cr.json").read_text(encoding="utf-8"))["@graph"]
    texts = {q.id: q.text for q in make_quotes()}
    assert [g["claimReviewed"] for g in graph] == [texts["q2"], texts["q3"]]
    assert graph[0]["reviewBody"] == "no tape"


# --------------------------------------------------------------------------- live updates


@pytest.mark.postgres
def test_another_stores_commit_calls_back_within_a_second(pg_sessions_url):
    """Two store instances (two reviewers' processes): a verdict committed through one calls
    the other's listener back within 1 s with the version's sha256; the store's own changes
    and cursor moves do not; after stop, nothing more arrives."""
    a_store, ana = _open(pg_sessions_url, "ana")
    b_store, ben = _open(pg_sessions_url, "ben")
    heard: list[str] = []
    fired = threading.Event()
    stop = a_store.listen(lambda sha: (heard.append(sha), fired.set()))
    ana.set_status("q1", "confirmed")  # its own: not announced to itself
    ben.move(2)  # a cursor move: not announced
    ben.set_status("q1", "disputed", "altered")
    assert fired.wait(1.0), "no notification within 1 s of the other store's commit"
    assert heard == [make_article().sha256]
    stop()
    fired.clear()
    ben.set_status("q2", "confirmed")
    assert not fired.wait(0.5) and len(heard) == 1
    a_store.close()
    b_store.close()


def test_a_file_has_no_live_updates(tmp_path):
    """SQLite: listen says there is nothing to listen to (the UI re-reads on every move)."""
    with SessionStore(tmp_path / "s.db", reviewer="ana") as store:
        assert store.listen(lambda sha: None) is None


@pytest.mark.postgres
async def test_the_review_ui_shows_another_reviewers_verdict_without_a_key(pg_sessions_url,
                                                                          tmp_path):
    """An open review on a server: a verdict another review commits shows in the list (same
    reviewer, another terminal) and in the detail (another reviewer) with no key pressed."""
    pytest.importorskip("textual")
    from test_tui import make_app, ready, row_text
    from tui_helpers import nato_extraction

    app = make_app(tmp_path, session_path=pg_sessions_url)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(app, pilot)
        ex = nato_extraction()
        with SessionStore(pg_sessions_url, reviewer="tester") as mine, \
                SessionStore(pg_sessions_url, reviewer="ben") as other:
            mine.open(ex.article, ex.quotes, ex.speakers).set_status("q2", "disputed", "altered")
            other.open(ex.article, ex.quotes, ex.speakers).set_status("q1", "unverifiable")
            for _ in range(40):  # the notification arrives on the listener's thread
                await pilot.pause(0.05)
                detail = str(app.main.query_one("#detail").render())
                if "✗" in row_text(app, 1) and "ben unverifiable" in detail:
                    break
            assert "✗" in row_text(app, 1)
            assert "others: ben unverifiable" in detail


# --------------------------------------------------------------------------- the server away


async def wait_reconnected(pilot, app) -> None:
    """Let the UI's reconnect worker find the server back (up to 3 s; no timing asserted)."""
    for _ in range(60):
        await pilot.pause(0.05)
        if app.main.said.startswith("reconnected"):
            break


def _server_away(pg_server, url: str, away: bool) -> None:
    """Make the review database refuse connections (and end the open ones), or take them."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    _admin(pg_server, f"ALTER DATABASE {{}} WITH ALLOW_CONNECTIONS {'false' if away else 'true'}",
           name)
    if away:
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         " WHERE datname = %s AND pid <> pg_backend_pid()", (name,))


@pytest.mark.postgres
def test_actions_made_while_the_server_is_away_are_queued_and_written_once(pg_server,
                                                                           pg_sessions_url):
    """The server goes away mid-review: with queuing on (the UI), verdicts are queued, shown
    as made, and the cursor moves; nothing is written until it is back; then flush writes each
    queued action once, in order, and a second flush writes nothing; with queuing on, no read
    or write connects again (the caller's reconnect() does, off the UI thread). Without
    queuing, the action fails as SessionUnavailable (one line)."""
    store, s = _open(pg_sessions_url, "ana")
    s.set_status("q1", "confirmed")
    s.queue_when_away = True
    _server_away(pg_server, pg_sessions_url, True)
    try:
        assert s.set_status("q2", "disputed", "altered") is None
        s.set_note("q2", "call back")
        s.move(3)
        assert (s.queued, s.verdict("q2").status, s.verdict("q2").note) == (2, "disputed",
                                                                           "call back")
        assert s.progress() == (2, 4) and s.cursor == 3
        assert s.flush() == 0 and s.queued == 2
        s.queue_when_away = False
        with pytest.raises(SessionUnavailable):
            s.set_status("q3", "skipped")
        s.queue_when_away = True
    finally:
        _server_away(pg_server, pg_sessions_url, False)
    assert s.flush() == 0 and s.queued == 2  # with queuing on, only reconnect() connects
    assert s.reconnect()
    written = s.flush()
    assert written == 2 and s.queued == 0 and s.flush() == 0
    assert count_actions(pg_sessions_url) == 3
    store.close()
    with SessionStore(pg_sessions_url, reviewer="ana") as again:
        v = again.open(make_article(), make_quotes(), make_speakers()).verdict("q2")
        assert (v.status, v.reason, v.note) == ("disputed", "altered", "call back")


@pytest.mark.postgres
async def test_the_review_ui_says_reconnecting_and_writes_the_queue_when_back(pg_server,
                                                                             pg_sessions_url,
                                                                             tmp_path):
    """The server goes away mid-review: a verdict key says "reconnecting", the quote shows the
    verdict, the checker moves on, quitting warns first; once the server is back the queue is
    written (once) and the screen says so."""
    pytest.importorskip("textual")
    from test_tui import make_app, ready, row_text

    app = make_app(tmp_path, session_path=pg_sessions_url)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(app, pilot)
        _server_away(pg_server, pg_sessions_url, True)
        try:
            await pilot.press("c", "j", "u")
            await pilot.pause()
            assert app.main.said.startswith("reconnecting: the review server is away · 2 actions")
            assert "✓" in row_text(app, 0) and app.main.cursor == 1
            await pilot.press("q")  # would lose the queue: it says so first
            assert "2 actions still queued for the review server: q again" in app.main.said
        finally:
            _server_away(pg_server, pg_sessions_url, False)
        await wait_reconnected(pilot, app)
        assert app.main.said == "reconnected: 2 queued actions written"
    assert count_actions(pg_sessions_url) == 2


class _UnansweringServer:
    """A review store (over a file) whose server can go away: reads and writes then fail as
    SessionUnavailable, and :meth:`reconnect` blocks like a host that does not answer, until
    ``answer`` is set; ``connecting`` says a reconnect is blocked."""

    def __init__(self, inner) -> None:
        self.inner, self.away = inner, False
        self.reconnect_on_use = True
        self.connecting, self.answer = threading.Event(), threading.Event()
        self.reconnected_in: list[threading.Thread] = []

    def read(self):
        return self._usable().read()

    def write(self, durable: bool = True):
        return self._usable().write(durable)

    def _usable(self):
        if self.away:
            raise SessionUnavailable("db.desk: the server is away (trying again)")
        return self.inner

    def reconnect(self) -> bool:
        if self.away:
            self.reconnected_in.append(threading.current_thread())
            self.connecting.set()
            self.answer.wait(timeout=60)  # (on the UI thread, a broken build would hang here)
            self.away = False
        return True

    def listen(self, callback):
        return None

    @property
    def closed(self) -> bool:
        return self.inner.closed

    def close(self) -> None:
        self.inner.close()


async def test_keys_are_handled_while_a_reconnect_is_blocked(tmp_path):
    """The server goes away and a reconnect hangs (a host that does not answer): it runs off
    the UI thread, so a move and another verdict are handled meanwhile (queued, shown); once
    the host answers, the queue is written once and the screen says so."""
    pytest.importorskip("textual")
    import asyncio

    from test_tui import make_app, ready, row_text

    path = tmp_path / "sessions.db"
    store = SessionStore(path, reviewer="tester")
    server = store._db = _UnansweringServer(store._db)
    app = make_app(tmp_path, session_store=store)
    try:
        async with app.run_test(size=(160, 30)) as pilot:
            await ready(app, pilot)
            server.away = True
            await pilot.press("c")
            assert await asyncio.to_thread(server.connecting.wait, 30), "no reconnect tried"
            await pilot.press("j", "u")  # while the reconnect still hangs
            await pilot.pause()
            assert not server.answer.is_set() and app.main.reconnecting
            assert app.main.cursor == 1 and "✓" in row_text(app, 0)
            assert app.main.said.startswith("reconnecting: the review server is away · 2 actions")
            assert count_actions(path) == 0
            server.answer.set()
            for _ in range(200):
                await pilot.pause(0.05)
                if app.main.said.startswith("reconnected"):
                    break
            assert app.main.said == "reconnected: 2 queued actions written"
            assert len(server.reconnected_in) == 1 and app.main.session.queued == 0
            assert server.reconnected_in[0] is not threading.main_thread()
    finally:
        server.answer.set()  # never leave the worker's thread hanging
        store.close()
    assert count_actions(path) == 2

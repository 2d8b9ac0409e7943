"""Corrections carried over to a changed version of the article (workbench.review.
carry_corrections, SessionStore.open): the rules without a store, then sessions on both
backends: corrections still applied, verdicts still on them, what cannot carry reported and kept.
"""

from __future__ import annotations

import jsonschema
import pytest

from pg_sessions import pg_review_template, pg_sessions_url, store_target  # noqa: F401
from review_helpers import TEXT, make_article, make_quotes, make_speakers, renumbered
from workbench.export import export_json, load_schema
from workbench.review import SessionStore
from workbench.review.carry_corrections import carry, record
from workbench.review.corrections import Correction, add_op, reject_op, span_op
from workbench.review.session import _quote_keys

pytestmark = pytest.mark.usefixtures("isolated")

# The article edited elsewhere: a paragraph above every quote, the headline reworded.
EDITED = "Update, 9 pm: the talks resume tomorrow.\n\n" + TEXT.replace(
    "Harbour strike goes ahead\n", "Harbour strike will go ahead\n", 1)
# ...and with the last paragraph ("Workers want … before the summer.") deleted.
CUT = EDITED[:EDITED.index("Workers want")]


def _engine(text: str, ids=("q2", "q3", "q4", "q5")):
    """The engine's quotes of *text* (those of TEXT whose words it still has), numbered as a
    new run might (ids shifted by one)."""
    found = [q for q in make_quotes(TEXT) if all(TEXT[s:e] in text for s, e in q.parts)]
    return renumbered(_located(text, found), list(ids)[:len(found)])


def _located(text: str, quotes):
    """*quotes* (of TEXT) moved to where their words are in *text*."""
    from workbench.models import Quote

    shift = []
    for q in quotes:
        parts = []
        for s, e in q.parts:
            words = TEXT[s:e]
            start = text.index(words, parts[-1][1] if parts else 0)
            parts.append((start, start + len(words)))
        shift.append(Quote(id=q.id, parts=parts, text=q.text, speaker_id=q.speaker_id,
                           speaker_name=q.speaker_name, confidence=q.confidence))
    return shift


def _applied(ops_made, quotes, text):
    from workbench.review.corrections import apply

    return apply(quotes, _quote_keys(quotes), ops_made, text)


# --------------------------------------------------------------------------- the rules


def _recorded(op: dict, quotes, text=TEXT, reviewer="ana") -> Correction:
    data = record(op, quotes, text)
    return Correction(data["op"], data["target"], data, reviewer, "2026-12-01T10:00:00Z")


def test_each_kind_is_made_again_on_the_moved_quotes():
    """An added quote, a trim and a "not a quote" made on TEXT apply to EDITED (every offset
    moved, every engine id shifted), each to the same words."""
    old = make_quotes(TEXT)
    made = [_recorded(add_op(TEXT, "before the summer", 0, "r1"), old),
            _recorded(span_op(TEXT, old[0], "end", grow=False), old),
            _recorded(reject_op("q3"), old)]
    new = _engine(EDITED)
    again, lost = carry(made, new, _quote_keys(new), EDITED)
    assert lost == []
    applied = _applied(again, new, EDITED)
    assert [(q.id, q.text) for q in applied.quotes] == [
        ("q2", "We will not give"), ("q3", new[1].text),
        ("q5", "a fair deal for every docker in this port"), ("r1", "before the summer")]
    assert [r.quote["text"] for r in applied.rejected] == ["Our offer stands."]
    assert again[0].reviewer == "ana" and again[0].at == "2026-12-01T10:00:00Z"


def test_what_cannot_carry_says_why():
    """Words deleted, a quote's edge reworded, a merge losing a part, a record without the
    quote it was about: each is returned with a reason, none applied."""
    old = make_quotes(TEXT)
    reworded = CUT.replace("We will not give up,", "We shall not give up,")
    new = _engine(reworded, ("q2", "q3", "q4"))
    new = [q if q.id != "q2" else q.__class__(id="q2", parts=q.parts, text="We shall not give up,")
           for q in new]
    made = [_recorded(add_op(TEXT, "before the summer", 0, "r1"), old),
            _recorded(span_op(TEXT, old[0], "end", grow=False), old),
            _recorded({"op": "merge", "target": "q3", "other": "q4", "how": "merged"}, old),
            Correction("reject", "q2", reject_op("q2"))]  # made before records kept quotes
    again, lost = carry(made, new, _quote_keys(new), reworded)
    assert again == []
    assert [(u.correction.split(" (")[0], u.why) for u in lost] == [
        ("r1: added", "its words are no longer in the article"),
        ("q1: trimmed at the end", "the quote's words at that edge changed"),
        ("q3: merged with q4", "the other part of the merge is no longer in the article"),
        ("q2: not a quote", "recorded before corrections were carried over")]


def test_a_reviewer_id_taken_in_the_new_version_gives_the_added_quote_the_next():
    old = make_quotes(TEXT)
    made = [_recorded(add_op(TEXT, "before the summer", 0, "q4"), old)]  # an id the engine uses
    new = _engine(EDITED)
    again, _ = carry(made, new, _quote_keys(new), EDITED)
    assert again[0].target == "r1"


# --------------------------------------------------------------------------- sessions


def _open(target, text=TEXT, quotes=None, reviewer="ana"):
    store = SessionStore(target, reviewer=reviewer)
    article = make_article(text)
    return store, store.open(article, quotes if quotes is not None else make_quotes(text),
                             make_speakers(text), model="fake")


def _correct_v1(target):
    """Version 1: r1 added and confirmed, q1 trimmed and disputed, q3 merged with q4 and
    confirmed, q2 rejected (not a quote)."""
    store, s = _open(target)
    s.add_quote("before the summer")
    s.set_status("r1", "confirmed")
    s.resize("q1", "end", grow=False)
    s.set_status("q1", "disputed", "altered")
    s.merge("q3")
    s.set_status("q3", "confirmed")
    s.reject("q2")
    assert [q.id for q in s.quotes] == ["q1", "q3", "r1"]
    store.close()


def test_a_changed_article_keeps_its_corrections_and_their_verdicts(store_target):
    """The article edited elsewhere (a paragraph above, the headline reworded; the engine
    numbers its quotes differently): reopened, every correction still applies and every verdict
    is still on its corrected quote, none marked for a second look; the export says so."""
    _correct_v1(store_target)
    store, s = _open(store_target, EDITED, _engine(EDITED))
    assert [(q.id, q.text) for q in s.quotes] == [
        ("q2", "We will not give"),
        ("q4", "Our offer stands. a fair deal for every docker in this port"),
        ("r1", "before the summer")]
    assert [s.origins[q.id].origin for q in s.quotes] == ["engine", "engine", "reviewer"]
    assert [r.quote["text"] for r in s.removed if r.why == "rejected"] == [
        "The talks failed, We go on strike on Monday."]
    assert [(v.status, v.reason, v.recheck) for v in s.verdicts()] == [
        ("disputed", "altered", False), ("confirmed", None, False), ("confirmed", None, False)]
    assert (s.carried.corrections, s.carried.uncarried) == (4, ())
    assert "4 corrections carried over" in s.carried.describe()
    document = export_json(s)
    jsonschema.Draft202012Validator(load_schema()).validate(document)
    assert document["carried"]["corrections"] == 4 and document["carried"]["uncarried"] == []
    store.close()


def test_carried_corrections_are_their_correctors_to_undo(store_target):
    """In the new version, ana's undo takes back the carried corrections (newest first);
    another reviewer's does not."""
    _correct_v1(store_target)
    store, s = _open(store_target, EDITED, _engine(EDITED), reviewer="ben")
    assert s.undo() is None
    store.close()
    store, s = _open(store_target, EDITED, _engine(EDITED))
    assert s.undo() == "q3: not a quote"
    assert [q.id for q in s.quotes] == ["q2", "q3", "q4", "r1"]
    store.close()


def test_a_correction_whose_words_were_deleted_is_reported_and_kept(store_target):
    """The paragraph holding the added quote (and q4, merged into q3) deleted: the add and the
    merge are reported as not carried, in the session, its one line and the export; the
    earlier version still has them; the rest still applies."""
    _correct_v1(store_target)
    store, s = _open(store_target, CUT, _engine(CUT, ("q2", "q3", "q4")))
    assert [(q.id, q.text) for q in s.quotes] == [("q2", "We will not give"),
                                                  ("q4", "Our offer stands.")]
    assert [u.why for u in s.carried.uncarried] == [
        "its words are no longer in the article",
        "the other part of the merge is no longer in the article"]
    assert s.carried.corrections == 2
    line = s.carried.describe()
    assert "2 corrections not carried" in line and "r1: added ('before the summer')" in line
    # r1's verdict is not lost: an orphan of this version, as a deleted quote's verdict is.
    assert "confirmed" in [o.verdict.status for o in s.orphans()]
    document = export_json(s)
    jsonschema.Draft202012Validator(load_schema()).validate(document)
    assert [u["correction"].split(" (")[0] for u in document["carried"]["uncarried"]] == [
        "r1: added", "q3: merged with q4"]
    store.close()
    store, s = _open(store_target)  # the earlier version, as it was
    assert [q.id for q in s.quotes] == ["q1", "q3", "r1"]
    store.close()
    store, s = _open(store_target, CUT, _engine(CUT, ("q2", "q3", "q4")))  # reopened: same
    assert len(s.carried.uncarried) == 2 and not s.just_carried
    store.close()


def test_corrections_carry_along_a_chain_of_versions(store_target):
    """Version 3 gets version 2's corrections, which it got from version 1."""
    _correct_v1(store_target)
    store, _ = _open(store_target, EDITED, _engine(EDITED))
    store.close()
    third = EDITED.replace("Update, 9 pm", "Update, 10 pm")
    store, s = _open(store_target, third, _engine(third, ("a", "b", "c", "d")))
    assert [q.text for q in s.quotes] == [
        "We will not give", "Our offer stands. a fair deal for every docker in this port",
        "before the summer"]
    assert s.carried.corrections == 4 and s.verdict("r1").status == "confirmed"
    store.close()


# --------------------------------------------------------------------------- while away


class _Away:
    """The session's store refusing every transaction (the server away), until closed."""

    def __init__(self, session):
        self.session, self.db = session, session._db

    def __enter__(self):
        from workbench.errors import SessionUnavailable

        class Refusing:
            def __getattr__(_, name):
                def refuse(*args, **kwargs):
                    raise SessionUnavailable("the review server is away")
                return refuse if name in ("write", "read") else getattr(self.db, name)

        self.session._db = Refusing()
        return self

    def __exit__(self, *exc):
        self.session._db = self.db


def test_corrections_made_while_away_are_queued_shown_and_written_once(store_target):
    """With queuing on (the UI), an add, a trim and a "not a quote" made while the store is
    away are shown at once and queued with the verdicts made on them; ben adds a quote
    meanwhile (taking r1): once back, each is written once, ana's added quote becomes r2 with
    her verdict on it, ben's r1 is untouched; undo waits for the queue."""
    from workbench.errors import SessionUnavailable

    store, s = _open(store_target)
    store_b, b = _open(store_target, reviewer="ben")
    s.queue_when_away = True
    with _Away(s):
        added = s.add_quote("before the summer")
        s.set_status(added.id, "confirmed")
        s.resize("q1", "end", grow=False)
        s.reject("q2")
        assert [(q.id, q.text) for q in s.quotes] == [
            ("q1", "We will not give"), ("q3", "Our offer stands."),
            ("q4", "a fair deal for every docker in this port"), ("r1", "before the summer")]
        assert s.queued == 4 and s.verdict("r1").status == "confirmed"
        with pytest.raises(SessionUnavailable, match="undo waits"):
            s.undo()
        b.add_quote("Harbour strike")
        assert s.flush() == 0
    assert s.flush() == 4 and s.queued == 0 and s.flush() == 0
    assert [q.id for q in s.quotes] == ["r1", "q1", "q3", "q4", "r2"]
    assert s.verdict("r2").status == "confirmed" and s.verdict("r1").status == "unreviewed"
    assert [q.text for q in s.quotes][1] == "We will not give"
    assert s.undo() == "q2: not a quote"
    store.close()
    store_b.close()
    store, s = _open(store_target)
    assert [q.id for q in s.quotes] == ["r1", "q1", "q2", "q3", "q4", "r2"]
    assert s.verdict("r2").status == "confirmed"
    store.close()


def test_without_queuing_a_correction_while_away_is_refused(store_target):
    from workbench.errors import SessionUnavailable

    store, s = _open(store_target)
    with _Away(s), pytest.raises(SessionUnavailable):
        s.reject("q2")
    assert s.queued == 0 and len(s.quotes) == 4
    store.close()


@pytest.mark.postgres
def test_a_correction_queued_while_the_server_is_away_is_written_once_when_back(
        pg_server, pg_sessions_url):
    """The real server goes away: a merge and the verdict on the merged quote are queued;
    once it is back they are written once each (the undo log grows by two) and a reopened
    review shows them."""
    from pg_sessions import count_actions
    from test_team_reviews import _server_away, wait_reconnected

    store, s = _open(pg_sessions_url)
    s.queue_when_away = True
    _server_away(pg_server, pg_sessions_url, True)
    try:
        s.merge("q3")
        s.set_status("q3", "confirmed")
        assert s.queued == 2 and [q.id for q in s.quotes] == ["q1", "q2", "q3"]
        assert s.flush() == 0
    finally:
        _server_away(pg_server, pg_sessions_url, False)
    assert s.flush() == 0 and s.queued == 2  # with queuing on, only reconnect() connects
    assert s.reconnect()
    assert s.flush() == 2 and s.flush() == 0 and count_actions(pg_sessions_url) == 2
    store.close()
    store, s = _open(pg_sessions_url)
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3"]
    assert s.verdict("q3").status == "confirmed" and len(s.quotes[2].parts) == 2
    store.close()


@pytest.mark.postgres
async def test_the_review_ui_queues_a_correction_while_the_server_is_away(pg_server,
                                                                         pg_sessions_url,
                                                                         tmp_path):
    """X (not a quote) while the server is away: the quote leaves the list at once and the
    screen says "reconnecting" with the queue; a verdict after it is queued too; once back,
    both are written once and the screen says so."""
    pytest.importorskip("textual")
    from pg_sessions import count_actions
    from test_team_reviews import _server_away, wait_reconnected
    from test_tui import make_app, ready

    app = make_app(tmp_path, session_path=pg_sessions_url)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(app, pilot)
        first, total = app.main.quotes[0].id, len(app.main.quotes)
        _server_away(pg_server, pg_sessions_url, True)
        try:
            await pilot.press("X")
            await pilot.pause()
            assert app.main.said.startswith("reconnecting: the review server is away · 1 action")
            assert first not in [q.id for q in app.main.quotes]
            assert len(app.main.quotes) == total - 1
            await pilot.press("c")
            await pilot.pause()
            assert "· 2 actions queued" in app.main.said
        finally:
            _server_away(pg_server, pg_sessions_url, False)
        await wait_reconnected(pilot, app)
        assert app.main.said == "reconnected: 2 queued actions written"
        assert len(app.main.quotes) == total - 1
    assert count_actions(pg_sessions_url) == 2


def test_an_added_quote_the_engine_now_finds_is_reported_not_doubled():
    from workbench.models import Quote

    old = make_quotes(TEXT)
    made = [_recorded(add_op(TEXT, "before the summer", 0, "r1"), old)]
    new = _engine(EDITED)
    start = EDITED.index("before the summer")
    new = [*new, Quote("q6", [(start, start + len("before the summer"))], "before the summer")]
    again, lost = carry(made, new, _quote_keys(new), EDITED)
    assert again == [] and [u.why for u in lost] == ["already a quote: q6 in this version"]


def test_a_queued_add_someone_made_meanwhile_is_refused_and_its_verdict_kept(store_target):
    """ana adds "before the summer" and confirms it while away; ben adds the same words
    meanwhile. Once back, ana's add is refused with a line (not a duplicate, the queue goes
    on), her verdict is kept (an orphan), the verdict queued after it is written."""
    store, s = _open(store_target)
    store_b, b = _open(store_target, reviewer="ben")
    s.queue_when_away = True
    with _Away(s):
        s.add_quote("before the summer")
        s.set_status("r1", "confirmed")
        s.set_status("q1", "skipped")
        b.add_quote("before the summer")
    assert s.flush() == 2 and s.queued == 0
    assert s.refused == ["r1: added: already a quote: r1"]
    s.refresh()
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3", "q4", "r1"]
    assert s.verdict("r1").status == "unreviewed" and s.verdict("q1").status == "skipped"
    assert [o.verdict.status for o in s.orphans()] == ["confirmed"]
    store.close()
    store_b.close()


def test_a_queued_add_whose_answer_was_lost_is_written_once(store_target):
    """A queued add is committed but its answer lost (the connection dropped after the
    commit): the next flush finds it by its action id, writes nothing more, and the list has
    the quote once, with the verdict queued on it."""
    from contextlib import contextmanager

    from pg_sessions import count_actions
    from workbench.errors import SessionUnavailable

    store, s = _open(store_target)
    s.queue_when_away = True
    with _Away(s):
        s.add_quote("before the summer")
        s.set_status("r1", "confirmed")
    db = s._db

    class AnswerLost:
        def __getattr__(self, name):
            return getattr(db, name)

        @contextmanager
        def write(self, *args, **kwargs):
            with db.write(*args, **kwargs) as tx:
                yield tx
            raise SessionUnavailable("the connection dropped after the commit")

    s._db = AnswerLost()
    assert s.flush() == 0 and s.queued == 2 and count_actions(store_target) == 1
    s._db = db
    assert s.flush() == 2 and s.queued == 0
    assert [q.id for q in s.quotes] == ["q1", "q2", "q3", "q4", "r1"]
    assert count_actions(store_target) == 2 and s.verdict("r1").status == "confirmed"
    store.close()

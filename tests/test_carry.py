"""A review follows its article: verdicts carried over to a changed article, never dropped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pg_sessions import pg_review_template, pg_sessions_url, store_target  # noqa: F401
from review_helpers import TEXT, _quote, make_article, make_quotes, make_speakers
from workbench.review import SessionStore
from workbench.review.carry import Snapshot, pair_quotes
from workbench.review.db import SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def db(store_target) -> Path | str:
    """Every test here runs on an SQLite file and on a PostgreSQL database, but the upgrade of
    an SQLite file written by the previous release (``sqlite_db``)."""
    return store_target


@pytest.fixture
def sqlite_db(tmp_path) -> Path:
    return tmp_path / "sessions.db"


@pytest.fixture
def path(tmp_path) -> str:
    return str(tmp_path / "strike.txt")


def quotes_of(text: str, drop: tuple[str, ...] = (), reword: dict[str, str] | None = None):
    """make_quotes' four quotes for an edited *text*: *drop* leaves quotes out (by id),
    *reword* gives a quote's new words (its id -> the new text, which *text* must hold)."""
    reword = reword or {}
    pieces = {"q1": ["We will not give up,"], "q2": ["The talks failed,", "We go on strike on Monday."],
              "q3": ["Our offer stands."], "q4": ["a fair deal for every docker in this port"]}
    speakers = {"q1": ("s1", "Mary Smith"), "q2": ("s1", "Mary Smith"),
                "q3": ("s2", "The Harbour Company"), "q4": (None, None)}
    quotes = []
    for qid in ("q1", "q2", "q3", "q4"):
        if qid in drop:
            continue
        sid, name = speakers[qid]
        quotes.append(_quote(f"q{len(quotes) + 1}", text, [reword[qid]] if qid in reword
                             else pieces[qid], speaker_id=sid, speaker_name=name))
    return quotes


def review_first_version(db: Path, path: str) -> None:
    """Confirm q1, dispute q3 with a note, skip q4; close."""
    with SessionStore(db, reviewer="ana") as store:
        s = store.open(make_article(path=path), make_quotes(), make_speakers())
        s.set_status("q1", "confirmed")
        s.set_status("q3", "disputed", "altered")
        s.set_note("q3", "the offer was withdrawn")
        s.set_status("q4", "skipped")
        s.move(2)


def open_version(db: Path, path: str, text: str, quotes):
    store = SessionStore(db, reviewer="ana")
    return store, store.open(make_article(text, path=path), quotes, make_speakers(TEXT))


# --------------------------------------------------------------------------- pairing rule


def test_equal_quotes_are_told_apart_by_their_surroundings():
    """Two new quotes with the same words: the old one goes to the one with its context."""
    old = [Snapshot("No comment.", before="asked about the fines, ", after=" she said")]
    new = [Snapshot("No comment.", before="asked about the weather, ", after=" he said"),
           Snapshot("No comment.", before="asked about the fines, ", after=" she said")]
    [pair] = pair_quotes(old, new)
    assert (pair.new, pair.changed) == (1, False)


def test_a_reworded_quote_is_paired_and_changed_an_unrelated_one_is_not():
    old = [Snapshot("Our offer stands and will not change."), Snapshot("We love ferries.")]
    new = [Snapshot("Our offer still stands and will not change."),
           Snapshot("Prices rise in spring for every passenger.")]
    pairs = pair_quotes(old, new)
    assert (pairs[0].new, pairs[0].changed) == (0, True)
    assert pairs[1].new is None


def test_a_new_speaker_marks_the_quote_changed():
    [pair] = pair_quotes([Snapshot("We go on.", speaker="Mary Smith")],
                         [Snapshot("We go on.", speaker="John Doe")])
    assert pair.new == 0 and pair.changed


# --------------------------------------------------------------------------- the store


def test_a_changed_word_outside_the_quotes_keeps_every_verdict(db, path):
    """The issue's case: one word of the page changes; the review is all there, nothing to redo."""
    review_first_version(db, path)
    text = TEXT.replace("before the summer", "before the Summer")
    store, s = open_version(db, path, text, make_quotes(text))
    assert [v.status for v in s.verdicts()] == ["confirmed", "unreviewed", "disputed", "skipped"]
    assert s.verdict("q3").note == "the offer was withdrawn"
    assert not any(v.recheck for v in s.verdicts())
    assert s.carried is not None and (s.carried.carried, s.carried.changed, s.carried.orphaned) == (3, 0, 0)
    assert s.carried.describe().startswith("article changed since 20")
    assert s.cursor == 2  # the cursor follows its quote too
    assert [len(i.versions) for i in store.list()] == [2]  # one article, two versions
    store.close()


def test_a_paragraph_inserted_at_the_top_shifts_nothing(db, path):
    review_first_version(db, path)
    text = "Update: talks resumed on Sunday night.\n\n" + TEXT
    store, s = open_version(db, path, text, make_quotes(text))
    assert [v.status for v in s.verdicts()] == ["confirmed", "unreviewed", "disputed", "skipped"]
    assert s.orphans() == [] and s.progress() == (2, 4)
    store.close()


def test_a_reworded_quote_is_carried_and_marked_for_a_second_look(db, path):
    review_first_version(db, path)
    text = TEXT.replace("Our offer stands.", "Our offer still stands.")
    store, s = open_version(db, path, text, quotes_of(text, reword={"q3": "Our offer still stands."}))
    v = s.verdict("q3")
    assert (v.status, v.reason, v.note, v.recheck) == ("disputed", "altered",
                                                       "the offer was withdrawn", True)
    assert s.progress() == (1, 4)  # a verdict to look at again is not done
    assert s.next_open(0) == 1 and s.next_open(1) == 2
    assert "1 quote changed: look again" in s.carried.describe()
    s.set_status("q3", "disputed", "altered")  # looked again: the mark goes
    assert not s.verdict("q3").recheck and s.progress() == (2, 4)
    store.close()


def test_the_carry_over_line_counts_quotes_not_verdicts(db, path):
    """ana and ben both decided q3 and q1; q3 is gone and q1 reworded in the new version: the
    line (and the export's ``carried``) says 1 quote gone and 1 changed, while every verdict
    counts in "verdicts carried over" (ana's 3, ben's 2, less the 2 on q3)."""
    from workbench.export.json_export import export_json

    review_first_version(db, path)
    with SessionStore(db, reviewer="ben") as store:
        s = store.open(make_article(path=path), make_quotes(), make_speakers())
        s.set_status("q3", "confirmed")
        s.set_status("q1", "confirmed")
    text = TEXT.replace("The Harbour Company said: “Our offer stands.”\n\n", "")
    old_q1 = make_quotes()[0].text
    text = text.replace(old_q1, old_q1.replace("give", "hand"))
    store, s = open_version(db, path, text, quotes_of(text, drop=("q3",),
                                                      reword={"q1": old_q1.replace("give",
                                                                                   "hand")}))
    assert (s.carried.carried, s.carried.changed, s.carried.orphaned) == (3, 1, 1)
    assert s.carried.describe().endswith("3 verdicts carried over, 1 quote changed: look again, "
                                         "1 quote gone (verdict kept as orphaned)")
    doc = export_json(s)
    assert (doc["carried"]["carried"], doc["carried"]["changed"],
            doc["carried"]["orphaned"]) == (3, 1, 1)
    assert len(doc["orphaned"]) == 2  # both verdicts on q3 kept
    store.close()


def test_a_deleted_quote_keeps_its_verdict_as_an_orphan(db, path):
    review_first_version(db, path)
    text = TEXT.replace("The Harbour Company said: “Our offer stands.”\n\n", "")
    store, s = open_version(db, path, text, quotes_of(text, drop=("q3",)))
    assert [v.status for v in s.verdicts()] == ["confirmed", "unreviewed", "skipped"]
    [orphan] = s.orphans()
    assert orphan.verdict.status == "disputed" and orphan.verdict.note == "the offer was withdrawn"
    assert orphan.quote["text"] == "Our offer stands."
    assert orphan.verdict.quote_id.startswith("q3@")  # never a current quote's id
    assert s.carried.orphaned == 1 and s.just_carried
    store.close()
    # Reopened: what was carried is still known (the export says it), but not said again.
    store, s = open_version(db, path, text, quotes_of(text, drop=("q3",)))
    assert s.carried is not None and s.carried.orphaned == 1 and not s.just_carried
    store.close()
    # And again at the next version: the orphan stays in the record.
    text2 = text.replace("Workers want", "Dockers want")
    store, s = open_version(db, path, text2, quotes_of(text2, drop=("q3",)))
    assert [o.verdict.note for o in s.orphans()] == ["the offer was withdrawn"]
    store.close()


def test_the_earlier_version_keeps_its_own_review(db, path):
    """Carrying copies: reopening the old bytes finds the old review as it was."""
    review_first_version(db, path)
    text = TEXT.replace("before the summer", "before the Summer")
    store, s = open_version(db, path, text, make_quotes(text))
    s.set_status("q2", "confirmed")
    store.close()
    store, s = open_version(db, path, TEXT, make_quotes())
    assert s.carried is None and s.verdict("q2").status == "unreviewed"
    store.close()


def test_a_copy_of_the_same_bytes_elsewhere_resumes(db, path, tmp_path):
    review_first_version(db, path)
    store, s = open_version(db, str(tmp_path / "copy.txt"), TEXT, make_quotes())
    assert s.carried is None and s.verdict("q1").status == "confirmed"
    assert len(store.list()) == 1
    store.close()


def test_another_article_at_another_path_is_its_own_review(db, path, tmp_path):
    review_first_version(db, path)
    text = TEXT.replace("before the summer", "in June")
    store, s = open_version(db, str(tmp_path / "other.txt"), text, make_quotes(text))
    assert s.carried is None and s.progress() == (0, 4)
    assert len(store.list()) == 2
    store.close()


def test_find_locates_the_review_of_a_changed_article(db, path):
    """What `export` asks before loading the model: is there a review of this article?"""
    review_first_version(db, path)
    with SessionStore(db, reviewer=None) as store:
        info = store.find(make_article(TEXT + "\nCorrection: none.\n", path=path))
        assert info is not None and info.sha256 == make_article(path=path).sha256
        assert store.find(make_article(TEXT + "x", path=path + ".other")) is None


# --------------------------------------------------------------------------- upgrading


V1_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sessions(sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '', cursor INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE TABLE quotes(sha256 TEXT NOT NULL, position INTEGER NOT NULL, key TEXT NOT NULL,
    quote_id TEXT NOT NULL, PRIMARY KEY (sha256, position));
CREATE TABLE verdicts(sha256 TEXT NOT NULL, key TEXT NOT NULL, quote_id TEXT NOT NULL,
    quote TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, note TEXT NOT NULL DEFAULT '',
    speaker TEXT, evidence TEXT, reviewer TEXT, updated_at TEXT, PRIMARY KEY (sha256, key));
CREATE TABLE actions(id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL,
    key TEXT NOT NULL, quote_id TEXT NOT NULL, kind TEXT NOT NULL, before TEXT NOT NULL,
    after TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL);
"""


def test_a_version_1_store_is_upgraded_with_every_verdict_and_its_undo(sqlite_db, path):
    """A store written by the previous release: verdicts, progress and undo all survive."""
    db = sqlite_db
    article = make_article(path=path)
    q1 = make_quotes()[0]
    key = f"{q1.start}-{q1.end}"
    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    conn.executemany("INSERT INTO meta VALUES (?, ?)",
                     [("application", "workbench-sessions"), ("schema_version", "1")])
    conn.execute("INSERT INTO sessions VALUES (?, ?, ?, '', 0, '2026-11-01T10:00:00Z',"
                 " '2026-11-01T10:00:00Z')", (article.sha256, path, article.title))
    conn.execute("INSERT INTO verdicts VALUES (?, ?, 'q1', '{}', 'confirmed', NULL, '', NULL,"
                 " NULL, 'ana', '2026-11-01T10:00:00Z')", (article.sha256, key))
    before = '{"status": "unreviewed", "reason": null, "note": "", "speaker": null, ' \
             '"evidence": null, "reviewer": null, "updated_at": null}'
    after = before.replace('"unreviewed"', '"confirmed"').replace('"reviewer": null',
                                                                    '"reviewer": "ana"')
    conn.execute("INSERT INTO actions(sha256, key, quote_id, kind, before, after, at)"
                 " VALUES (?, ?, 'q1', 'status', ?, ?, '2026-11-01T10:00:00Z')",
                 (article.sha256, key, before, after))
    conn.commit()
    conn.close()

    with SessionStore(db, reviewer="ana") as store:
        s = store.open(article, make_quotes(), make_speakers())
        assert s.verdict("q1").status == "confirmed" and s.progress() == (1, 4)
        assert s.undo() == "q1: confirmed"
        assert s.verdict("q1").status == "unreviewed"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] \
        == str(SCHEMA_VERSION)
    conn.close()


# --------------------------------------------------------------------------- two reviews at once


def test_two_open_reviews_see_each_other_and_undo_only_their_own(db, path):
    """Two terminals on one article: each sees the other's verdict at once; undo takes back
    only one's own action, and refuses when the other changed the quote since."""
    article = make_article(path=path)
    a_store, b_store = SessionStore(db, reviewer="ana"), SessionStore(db, reviewer="ana")
    a = a_store.open(article, make_quotes(), make_speakers())
    b = b_store.open(article, make_quotes(), make_speakers())
    a.set_status("q1", "confirmed")
    assert b.verdict("q1").status == "confirmed"
    b.set_status("q3", "disputed", "altered")
    assert a.verdict("q3").reason == "altered"
    assert a.undo() == "q1: confirmed"  # not b's dispute of q3
    assert a.verdict("q3").status == "disputed"
    a.set_status("q2", "confirmed")
    b.set_status("q2", "disputed", "spliced")  # b changes the quote after a
    from workbench.review.session import ReviewConflict

    with pytest.raises(ReviewConflict, match="q2 was changed since by ana"):
        a.undo()
    assert a.verdict("q2").reason == "spliced"  # nothing overwritten unseen
    assert a.undo() is None  # the overtaken action is out of the way: nothing older of a's
    a.set_status("q4", "skipped")
    assert a.undo() == "q4: skipped"  # not stuck behind the refused one
    assert b.undo() == "q2: disputed (spliced)"
    a_store.close()
    b_store.close()


def test_replacing_a_verdict_says_so(db, path):
    with SessionStore(db, reviewer="ana") as store:
        s = store.open(make_article(path=path), make_quotes(), make_speakers())
        assert s.set_status("q1", "disputed", "altered") is None
        assert s.set_status("q1", "skipped") == "q1: disputed (altered) -> skipped"
        assert s.set_status("q1", "disputed", "spliced") == "q1: skipped -> disputed (spliced)"


def test_a_status_records_its_evidence_in_the_same_action(db, path):
    record = {"found": False, "query": "Our offer stands.", "corpus": {"path": "c.db"}}
    with SessionStore(db, reviewer="ana") as store:
        s = store.open(make_article(path=path), make_quotes(), make_speakers())
        s.set_status("q3", "unverifiable", evidence=record)
        assert s.verdict("q3").evidence == record
        assert s.undo() == "q3: unverifiable"
        assert s.verdict("q3").evidence is None  # one action: undone together


def test_sessions_list_one_row_per_article_with_versions(db, path):
    review_first_version(db, path)
    text = TEXT.replace("before the summer", "before the Summer")
    store, s = open_version(db, path, text, make_quotes(text))
    [info] = store.list()
    assert info.sha256 == s.article.sha256 and [v.sha256 for v in info.versions][1] == \
        make_article(path=path).sha256
    assert (info.reviewed, info.skipped, info.total) == (2, 1, 4)
    assert info.to_dict()["versions"][0]["total"] == 4
    store.close()


"""``workbench corpus coverage`` and :mod:`workbench.corpus.coverage`: what the corpus holds by
whom and when, and the line a "no match" gets from it."""

from __future__ import annotations

import json

from corpus_helpers import Doc, build_store
from workbench.cli import main
from workbench.corpus.coverage import (SpeakerCoverage, absence_note, corpus_coverage,
                                       speaker_coverage)

DOCS = [
    Doc(path="t1", title="Remarks by Donald Trump in Iowa", speaker="Donald Trump",
        date="2015-06-16", turns=[("Donald J. Trump", "We will make America great again."),
                                  ("Donald J. Trump", "We are going to win so much.")],
        source_kind="pdf"),
    Doc(path="t2", title="Rally", speaker="Donald Trump", date="2016-01-12",
        turns=[("Donald Trump", "I could stand in the middle of Fifth Avenue.")],
        source_kind="captions"),
    Doc(path="b1", title="Press Briefing by Press Secretary Karine Jean-Pierre",
        date="2022-06-01", turns=[("Q", "A question?"),
                                  ("Karine Jean-Pierre", "An answer."),
                                  ("Karine Jean-Pierre", "Another answer.")],
        source_kind="html"),
    Doc(path="u1", title="Undated", speaker="Ana Lima", date=None, turns=[("Ana Lima", "Hi.")]),
]


def make_db(tmp_path):
    path = tmp_path / "corpus.db"
    build_store(path, DOCS).close()
    return path


def test_counts_by_speaker_and_month_match_names_and_roles(tmp_path):
    from workbench.corpus.store import CorpusStore

    with CorpusStore(make_db(tmp_path), create=False) as store:
        rows, none = corpus_coverage(store)
        assert none is None
        table = [(r.speaker, r.month, r.source, r.documents, r.passages) for r in rows]
        # a reporter's Q is nobody's words; an undated document has a month of its own; a
        # document stored without its source kind counts as "unknown"
        assert table == [("Ana Lima", "undated", "unknown", 1, 1),
                         ("Donald J. Trump", "2015-06", "pdf", 1, 2),
                         ("Donald Trump", "2016-01", "captions", 1, 1),
                         ("Karine Jean-Pierre", "2022-06", "html", 1, 2)]
        rows, trump = corpus_coverage(store, "Trump")  # as search --speaker matches names
        assert trump == SpeakerCoverage("Trump", 2, 3, "2015-06-16", "2016-01-12",
                                        (("pdf", 1), ("captions", 1)))
        assert {r.speaker for r in rows} == {"Donald J. Trump", "Donald Trump"}
        rows, kjp = corpus_coverage(store, "the press secretary")  # a role the title gives
        assert (kjp.documents, kjp.passages) == (1, 2)
        assert corpus_coverage(store, "Katy Tur")[1].documents == 0


def test_absence_note_says_what_the_silence_can_mean():
    tur = SpeakerCoverage("Katy Tur", 0, 0, None, None)
    assert absence_note(tur, "2016-05-02") == ("the corpus has nothing by Katy Tur: its silence "
                                               "proves nothing")
    trump = SpeakerCoverage("Donald Trump", 2, 3, "2015-06-16", "2016-01-12")
    after = absence_note(trump, "2016-05-02")
    assert "2 documents by Donald Trump (2015-06-16 to 2016-01-12)" in after
    assert "nothing by Donald Trump after 2016-01-12" in after
    assert "before 2015-06-16" in absence_note(trump, "2014-01-01")
    assert "spans the article's date (2015-09-01)" in absence_note(trump, "2015-09-01")
    assert "not known" in absence_note(trump, None)
    assert absence_note(SpeakerCoverage("A", 1, 1, "2020-01-01", "2020-01-01"),
                        None).startswith("the corpus has 1 document by A (2020-01-01);")


def test_speaker_coverage_counts_a_document_once():
    rows = [(1, "T", None, "2020-01-01", "Ana Lima", 2),
            (1, "T", None, "2020-01-01", "MS. LIMA", 1)]
    assert speaker_coverage(rows, "Ana Lima") == SpeakerCoverage("Ana Lima", 1, 3, "2020-01-01",
                                                                 "2020-01-01")


def test_coverage_command_table_and_json(capsys, tmp_path):
    db = make_db(tmp_path)
    assert main(["corpus", "coverage", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Karine Jean-Pierre" in out and "2022-06" in out and "documents" in out
    assert "source" in out and "captions" in out
    assert main(["corpus", "coverage", "--db", str(db), "--speaker", "Katy Tur"]) == 0
    assert "the corpus has nothing by Katy Tur" in capsys.readouterr().out
    assert main(["corpus", "coverage", "--db", str(db), "--speaker", "Trump", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coverage"] == {"speaker": "Trump", "documents": 2, "passages": 3,
                                "first": "2015-06-16", "last": "2016-01-12",
                                "sources": {"pdf": 1, "captions": 1}}
    assert [(r["month"], r["source"]) for r in data["rows"]] == [("2015-06", "pdf"),
                                                                  ("2016-01", "captions")]


def test_coverage_of_a_missing_corpus_is_one_line_exit_2(capsys, tmp_path):
    assert main(["corpus", "coverage", "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_coverage_is_the_same_on_postgresql(tmp_path, pg_url, capsys):
    """The corpus copied to PostgreSQL gives the same table (the store method of each backend)."""
    from workbench.corpus.copy import copy_corpus
    from workbench.corpus.store import CorpusStore, open_at
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    with connect(pg_url) as conn:
        init_database(conn)
    with CorpusStore(make_db(tmp_path), create=False) as source:
        rows, trump = corpus_coverage(source, "Trump")
        with open_at(pg_url) as target:
            copy_corpus(source, target)
            assert corpus_coverage(target, "Trump") == (rows, trump)
            assert corpus_coverage(target) == corpus_coverage(source)


def test_each_reader_stores_its_source_kind_and_stats_and_coverage_count_by_it(tmp_path, capsys):
    from pdf_helpers import make_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n>> ANA LIMA: We will "
                                     "win.\n\n2\n00:00:03,000 --> 00:00:04,000\n>> BO LI: "
                                     "Will we?\n", encoding="utf-8")
    (folder / "hearing.pdf").write_bytes(make_pdf([["March 3, 2022", "MR. SMITH: Thank you.",
                                                    "MS. LIMA: Thank you, Senator.",
                                                    "MR. SMITH: We will win."]]))
    (folder / "notes.md").write_text("# Notes\n\nPlain words.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["corpus", "--db", db, "add", str(folder)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["corpus", "stats", "--db", db, "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert sources["pdf"] == {"documents": 1, "passages": 4, "first_date": "2022-03-03",
                              "last_date": "2022-03-03"}
    assert set(sources) == {"captions", "markdown", "pdf"}
    assert main(["corpus", "stats", "--db", db]) == 0
    out = capsys.readouterr().out
    # One line a kind, read as English: one day's dates once, "1 passage" (not "passages").
    assert "by source" in out and "  pdf       1 document, 4 passages, 2022-03-03\n" in out
    assert "  markdown  1 document, 1 passage, no dates\n" in out
    assert main(["corpus", "coverage", "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {(r["speaker"], r["source"]) for r in rows} >= {("Ana Lima", "captions"),
                                                           ("Mr. Smith", "pdf")}


def test_an_older_sqlite_corpus_gets_each_documents_source_kind_from_its_key(tmp_path):
    import sqlite3

    from workbench.corpus.store import SCHEMA_VERSION, CorpusStore

    path = tmp_path / "old.db"
    build_store(path, [Doc(path="/d/a.pdf", title="A", turns=[(None, "Words.")]),
                       Doc(path="/d/tweets.js#7", title="B", turns=[(None, "A post.")]),
                       Doc(path="sotu:12", title="C", turns=[(None, "An address.")]),
                       Doc(path="/d/odd.xyz", title="D", turns=[(None, "Odd.")])]).close()
    conn = sqlite3.connect(path)  # as schema 1 left it
    conn.execute("ALTER TABLE documents DROP COLUMN source_kind")
    conn.execute("DROP TABLE fetches")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with CorpusStore(path, create=False) as store:
        kinds = {d.path: d.source_kind for d in store.documents()}
        version = store.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                     ).fetchone()[0]
    assert version == str(SCHEMA_VERSION) == "4"
    assert kinds == {"/d/a.pdf": "pdf", "/d/tweets.js#7": "post", "sotu:12": "sotu",
                     "/d/odd.xyz": None}


def test_postgresql_stores_each_readers_source_kind_as_sqlite_does(tmp_path, pg_url, capsys):
    """``corpus add`` straight into PostgreSQL: stats and coverage by source kind as on SQLite."""
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    with connect(pg_url) as conn:
        init_database(conn)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n>> ANA LIMA: We will "
                                     "win.\n\n2\n00:00:03,000 --> 00:00:04,000\n>> BO LI: "
                                     "Will we?\n", encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n\nPlain words.\n", encoding="utf-8")
    found = {}
    for db in (str(tmp_path / "c.db"), pg_url):
        assert main(["corpus", "--db", db, "add", str(folder)]) == 0, capsys.readouterr().err
        capsys.readouterr()
        assert main(["corpus", "stats", "--db", db, "--json"]) == 0
        sources = json.loads(capsys.readouterr().out)["sources"]
        assert main(["corpus", "coverage", "--db", db, "--json"]) == 0
        found[db] = (sources, json.loads(capsys.readouterr().out)["rows"])
    sqlite, pg = found.values()
    assert sqlite == pg and set(sqlite[0]) == {"captions", "markdown"}

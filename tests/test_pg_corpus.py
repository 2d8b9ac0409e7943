"""The corpus on PostgreSQL answers as on SQLite: the same words indexed, the same search JSON,
``corpus copy`` both ways, hostile text in every field, re-adding unchanged files a no-op, and
the vocabulary kept exact on add, replace and remove. On a live server (marker ``postgres``)."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from corpus_helpers import SAMPLE_DOCS, Doc, build_store

from workbench.cli import main
from workbench.corpus.search import search
from workbench.corpus.store import NewDocument, open_store
from workbench.errors import CorpusError
from workbench.storage.postgres.connect import connect
from workbench.storage.postgres.schema import init_database

QUOTES = [
    "we don’t back down, and WE WON’T START NOW",
    "The bill has support from both parties and we expect it to pass",
    "Nobody should have to choose between paying for medicine and putting food on the table",
    "every family deserves a fair shot at the middle class",
    "hospitals",
    "We are going to rebuild the roads... the ports and the airports",
    "Purple elephants govern the moon",
]


@pytest.fixture
def pg(pg_url):
    """An initialised, empty database."""
    with connect(pg_url) as conn:
        init_database(conn)
    return pg_url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def search_json(capsys, db, quote: str) -> dict:
    code, out, err = run(capsys, "search", quote, "--db", str(db), "--json")
    assert code == 0, err
    return json.loads(out)


def test_search_json_is_the_same_on_both_backends(pg, tmp_path, capsys):
    """Every quote gives the same --json output (matches, kinds, scores, ids, diffs)."""
    sqlite_db = tmp_path / "c.db"
    build_store(sqlite_db, SAMPLE_DOCS).close()
    build_store(pg, SAMPLE_DOCS).close()
    for quote in QUOTES:
        assert search_json(capsys, pg, quote) == search_json(capsys, sqlite_db, quote), quote


def test_document_slices_are_the_same_on_both_backends(pg, tmp_path):
    """A document's slices, one document or several at once: spans inside, past the end and
    empty, a document that is not there; text with quotes and accents."""
    texts = ["it's \"quoted\" and '; DROP TABLE documents; -- here", "Straße café ½ naïve"]
    docs = [Doc(f"s{i}", "t", [(None, text)]) for i, text in enumerate(texts)]
    build_store(tmp_path / "c.db", docs).close()
    build_store(pg, docs).close()
    with open_store(tmp_path / "c.db") as lite, open_store(pg) as server:
        ids = [d.id for d in lite.documents()]
        assert ids == [d.id for d in server.documents()]
        asks = [(ids[0], [(0, 4), (5, 15), (40, 400)]), (ids[1], [(3, 3), (7, 11)]),
                (10**6, [(0, 3)]), (ids[0], [(16, 30)])]
        alone = [lite.document_slices(doc_id, spans) for doc_id, spans in asks]
        assert alone[0][0] == "it's" and alone[1] == ["", "café"] and alone[2] is None
        assert [server.document_slices(doc_id, spans) for doc_id, spans in asks] == alone
        assert server.document_slices_many(asks) == lite.document_slices_many(asks) == alone
        assert server.document_slices_many(asks[:1]) == alone[:1]


ODD_TEXTS = [
    "Le café est PRÊT: naïve façade, Straße, İstanbul, ǅemal",
    "10,240 dollars at 3.5 percent; e-mail me@x.org don’t stop_now",
    "Ωμέγα ΣΊΣΥΦΟΣ 東京 タワー ١٢٣ ½ ⅷ x\u0301y",
]


def test_words_are_indexed_as_fts5_indexes_them(pg, tmp_path):
    """Accents, case, digits, apostrophes and scripts: the vocabulary holds exactly the words
    (and passage counts) SQLite's FTS5 vocabulary holds for the same passages."""
    docs = [Doc(path=f"odd-{i}", title="t", turns=[("S", text), ("S", text.upper())])
            for i, text in enumerate(ODD_TEXTS)]
    build_store(tmp_path / "c.db", docs).close()
    build_store(pg, docs).close()
    with sqlite3.connect(tmp_path / "c.db") as lite:
        lite.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, passages_fts, row)")
        expected = sorted(lite.execute("SELECT term, doc FROM temp.v"))
    with connect(pg) as conn:
        got = sorted((t, n) for t, n in conn.execute("SELECT term, passages FROM vocabulary"))
    assert got == expected
    with open_store(pg) as store:  # and the words a query makes of them are found
        for word in ("cafe", "prêt", "STRASSE", "straße", "istanbul", "3", "240", "ωμεγα"):
            with open_store(tmp_path / "c.db") as lite_store:
                assert store.match_all([word], 10) == lite_store.match_all([word], 10), word


def test_corpus_copy_both_ways_gives_the_same_search(pg, pg_server, tmp_path, capsys):
    """sqlite -> pg -> sqlite and pg -> pg: same documents, ids and search output; copying
    again changes nothing."""
    src = tmp_path / "src.db"
    build_store(src, SAMPLE_DOCS).close()
    code, out, err = run(capsys, "corpus", "copy", str(src), pg)
    assert code == 0, err
    assert "added 3," in out
    code, out, err = run(capsys, "corpus", "copy", str(src), pg)
    assert (code, out.split(";")[0]) == (0, "added 0, replaced 0, unchanged 3")
    back = tmp_path / "back.db"
    assert run(capsys, "corpus", "copy", pg, str(back))[0] == 0
    for quote in QUOTES:
        expected = search_json(capsys, src, quote)
        assert search_json(capsys, pg, quote) == expected, quote
        assert search_json(capsys, back, quote) == expected, quote
    with open_store(src) as a, open_store(back) as b:
        assert [p for d in a.documents() for p in a.passages_of(d.id)] == \
               [p for d in b.documents() for p in b.passages_of(d.id)]


def _stored(store) -> list:
    return [(d, store.passages_of(d.id)) for d in store.documents(with_text=True)]


HOSTILE = ["it's \"quoted\" `x`", "'; DROP TABLE documents; --", "nul\0here", "x" * (1 << 20),
           "\\'\\\\ %s %(x)s $1 {}"]


@pytest.mark.parametrize("value", HOSTILE, ids=["quotes", "drop", "nul", "megabyte", "escapes"])
def test_hostile_text_in_every_field_is_stored_as_given(pg, value):
    """Quotes, SQL, NUL (stored as U+FFFD, same length), 1 MB and escapes in the path, title,
    speaker, url, kind-free text fields and passage speakers: stored and read back as given,
    found by a search, and the tables are all still there."""
    text = f"Opening words here. {value} Closing words here."
    doc = NewDocument(path=value, title=value, speaker=value, date="2022-01-01", url=value,
                      kind="speech", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
    shown = value.replace("\0", "\ufffd")
    with open_store(pg) as store:
        assert store.add_document(doc, [(0, len(text), value)]) == "added"
        assert store.add_document(doc, [(0, len(text), value)]) == "unchanged"
        [(stored, [passage])] = _stored(store)
        assert (stored.path, stored.title, stored.speaker, stored.url) == (shown,) * 4
        assert stored.text == text.replace("\0", "\ufffd") and passage.speaker == shown
        assert store.sha256_of(value) == doc.sha256
        [m, *_] = search(store, "Opening words here")
        assert m.kind == "verbatim"
        assert store.remove(value) == 1 and store.stats()["documents"] == 0


def test_readding_unchanged_files_changes_nothing_even_from_another_folder(pg, tmp_path, capsys):
    """corpus add twice: nothing written the second time; the same files read from another
    machine's folder (same names and bytes) are recognised by their source identity."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "speech.txt").write_text("We choose to go to the moon in this "
                                                       "decade and do the other things.\n")
    assert run(capsys, "corpus", "add", str(tmp_path / "a"), "--db", pg)[0] == 0
    with connect(pg) as conn:
        before = conn.execute("SELECT id, added_at, xmin::text FROM documents").fetchall()
    for folder in ("a", "b"):
        code, out, err = run(capsys, "corpus", "add", str(tmp_path / folder), "--db", pg)
        assert code == 0, err
        assert out.startswith("added 0, replaced 0, unchanged 1"), out
    with connect(pg) as conn:
        assert conn.execute("SELECT id, added_at, xmin::text FROM documents").fetchall() == before


def test_vocabulary_follows_replace_and_remove(pg):
    """The vocabulary counts and the postings stay what a recount of the passages gives;
    words no passage holds any more go."""
    recount = ("SELECT w.lexeme, count(*) FROM passages p, unnest(p.tsv) w GROUP BY w.lexeme "
               "ORDER BY 1")
    with open_store(pg, create=True) as store:
        with store.batch():
            for d in SAMPLE_DOCS:
                text, passages = d.text_and_passages()
                store.add_document(NewDocument(d.path, d.title, d.speaker, d.date, d.url, d.kind,
                                               "1" * 64, text), passages)
            # replaced inside the same batch: the pending passages are written first
            store.add_document(NewDocument(SAMPLE_DOCS[0].path, "t", None, None, None, "other",
                                           "2" * 64, "Zebras quietly"), [(0, 14, None)])
        assert store.vocabulary_count("zebras") == 1
        assert store.remove(SAMPLE_DOCS[1].path) == 1
        vocabulary = store.conn.execute("SELECT term, passages FROM vocabulary ORDER BY 1")
        assert vocabulary.fetchall() == store.conn.execute(recount).fetchall()
        postings = store.conn.execute("SELECT term, count(*) FROM postings GROUP BY term "
                                      "ORDER BY 1").fetchall()
        assert postings == store.conn.execute(recount).fetchall()
        assert store.vocabulary_count("nobody") == 0  # only in the removed document


def test_the_corpus_url_is_taken_from_the_environment(pg, capsys, monkeypatch):
    """$WORKBENCH_CORPUS may be a postgresql:// URL, as --db may."""
    build_store(pg, SAMPLE_DOCS).close()
    monkeypatch.setenv("WORKBENCH_CORPUS", pg)
    code, out, err = run(capsys, "corpus", "stats", "--json")
    assert code == 0, err
    assert json.loads(out)["documents"] == 3


def test_a_database_without_the_schema_is_one_line(pg_url, capsys):
    code, _, err = run(capsys, "corpus", "list", "--db", pg_url)
    assert code == 2 and "workbench db init" in err and len(err.strip().splitlines()) == 1


def test_a_reader_searches_but_cannot_change_the_corpus(pg, capsys):
    """A login granted workbench_reader gets the same search; adding is refused in one line
    and changes nothing."""
    import os

    from psycopg import sql

    build_store(pg, SAMPLE_DOCS).close()
    user = f"reader_{os.getpid()}"
    with connect(pg) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(user)))
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE workbench_reader").format(
            sql.Identifier(user)))
    try:
        as_reader = pg.replace("postgres@", f"{user}@", 1)
        assert search_json(capsys, as_reader, QUOTES[0]) == search_json(capsys, pg, QUOTES[0])
        with open_store(as_reader) as store:
            with pytest.raises(CorpusError, match="permission denied") as info:
                store.remove("1")
            assert "\n" not in str(info.value)
            assert store.stats()["documents"] == 3
    finally:
        with connect(pg) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(user)))


def test_corpus_copy_between_two_servers_keeps_ids_and_is_idempotent(pg, request,
                                                                     tmp_path_factory, capsys):
    """pg -> pg: the same documents and passages (ids included); a second copy writes nothing,
    and a document added to the destination afterwards gets a fresh id (the sequences were
    set past the copied ids)."""
    from corpus_helpers import new_corpus

    build_store(pg, SAMPLE_DOCS).close()
    other = new_corpus(request, tmp_path_factory, "postgres")
    assert run(capsys, "corpus", "copy", pg, other)[0] == 0
    code, out, _ = run(capsys, "corpus", "copy", pg, other)
    assert (code, out.split(";")[0]) == (0, "added 0, replaced 0, unchanged 3")
    with open_store(pg) as a, open_store(other) as b:
        assert _stored(a) == _stored(b)
        text = "A new document after the copy."
        assert b.add_document(NewDocument("new", None, None, None, None, "other", "9" * 64,
                                          text), [(0, len(text), None)]) == "added"
        [(doc, [passage])] = [(d, p) for d, p in _stored(b) if d.path == "new"]
        assert doc.id == 4 and passage.id == 1 + max(p.id for _, ps in _stored(a) for p in ps)


def test_a_failed_replace_in_a_batch_keeps_the_documents_added_before_it(pg, monkeypatch):
    """Inside a batch, a document whose replacement fails is rolled back alone: the passages
    of a document added before it in the batch (not yet written) are kept."""
    from workbench.storage.postgres.corpus import PostgresCorpusStore

    def doc(path: str, text: str) -> NewDocument:
        return NewDocument(path, None, None, None, None, "other",
                           hashlib.sha256(text.encode()).hexdigest(), text)

    with open_store(pg, create=True) as store:
        store.add_document(doc("b", "Bees buzz"), [(0, 9, None)])
        uncount = PostgresCorpusStore._uncount

        def failing(self, doc_ids):
            uncount(self, doc_ids)
            raise RuntimeError("the replacement fails")

        with store.batch():
            store.add_document(doc("a", "Ants march"), [(0, 10, None)])
            monkeypatch.setattr(PostgresCorpusStore, "_uncount", failing)
            with pytest.raises(RuntimeError):
                store.add_document(doc("b", "Bees sleep"), [(0, 10, None)])
            monkeypatch.undo()
        texts = {d.path: [p.text for p in store.passages_of(d.id)] for d in store.documents()}
        assert texts == {"a": ["Ants march"], "b": ["Bees buzz"]}
        assert store.match_all(["ants"], 5) and store.vocabulary_count("sleep") == 0


PLANS = {"default": {}, "postings": {"PROBE_FACTOR": 0},
         "gin": {"PROBE_FACTOR": 10**9, "FILTERED_ROWS": 0, "LOOKUP_POSTINGS": 10**9},
         "filtered": {"PROBE_FACTOR": 10**9, "RARE_SHARE": 0, "FILTERED_ROWS": 10**9}}
"""Settings that force each plan of an AND: the store's pick; the postings; GIN for every
word; GIN for the rarest word and the others checked in each row."""


@pytest.mark.parametrize("plan", PLANS)
def test_the_candidate_queries_answer_as_on_sqlite(pg, tmp_path, monkeypatch, plan):
    """Each candidate query the search asks gives the same ids on both backends: ANDs (read
    through GIN, GIN and a filter, or from the postings, whichever plan is picked), alone or
    several at once, "at least k of n words" (from the postings), other ORs of ANDs, and ones
    with a word FTS5 splits in two (GIN); word counts under, at and over the cap, with the last
    id counted, alone or several at once; a vocabulary count after another word's count is
    that word's own."""
    from workbench.storage.postgres import corpus as pg_corpus

    for name, value in PLANS[plan].items():
        monkeypatch.setattr(pg_corpus, name, value)
    sqlite_db = tmp_path / "c.db"
    texts = ["the port and the airport", "ports roads and bridges", "the roads the ports",
             "roads airport bridges ports", "don't stop the roads", "nothing here at all",
             "airport airport roads", "the bridges of the port"]
    docs = [Doc("d1", "one", [(None, text) for text in texts[:5]]),
            Doc("d2", "two", [(None, text) for text in texts[5:]])]
    build_store(sqlite_db, docs).close()
    build_store(pg, docs).close()
    from itertools import combinations

    words = ["ports", "roads", "airport", "bridges", "the"]
    asks = [(list(combinations(words, k)), limit) for k in (1, 2, 3, 5) for limit in (2, 50)]
    asks += [([("ports", "roads"), ("airport",)], 50), ([("don't", "roads"), ("port", "the")], 50),
             (list(combinations(["roads", "don't", "bridges"], 2)), 50),
             (list(combinations(["roads", "Roads", "bridges"], 2)), 50)]
    with open_store(sqlite_db) as lite, open_store(pg) as server:
        for groups, limit in asks:
            assert server.match_any_of(groups, limit) == lite.match_any_of(groups, limit), groups
        for terms in (["roads"], ["the", "roads"], ["airport", "roads", "ports"], ["the", "don't"],
                      ["roads", "Roads"], ["roads", "nowhere"]):
            for limit in (1, 2, 50):
                assert server.match_all(terms, limit) == lite.match_all(terms, limit), terms
        groups = [["the", "roads"], ["nowhere", "roads"], ["don't", "the"], ["roads", "Roads"],
                  ["airport", "roads", "the"], ["'; DROP TABLE passages; --", "the"]]
        for limit in (1, 2, 50):
            assert server.match_all_many(groups, limit) == lite.match_all_many(groups, limit)
            one = groups[:1]
            assert server.match_all_many(one, limit) == lite.match_all_many(one, limit)
        for terms, held in ((words, 2), (words, 3), (words, 5), (["roads", "don't", "the"], 2),
                            (["roads", "Roads", "the"], 2), (["nowhere", "roads"], 1)):
            for limit in (1, 2, 50):
                assert (server.match_at_least(terms, held, limit)
                        == lite.match_at_least(terms, held, limit)), (terms, held)
        several = ["the", "roads", "airport", "nowhere", "don't", "Roads", "the", "it's \"x\"",
                   "'; DROP TABLE postings; --"]
        for cap in (1, 2, 3, 5, 100):
            alone = [lite.count_matching(word, cap) for word in several]
            assert server.count_matching_many(several, cap) == alone
            assert [server.count_matching(word, cap) for word in several] == alone
        assert server.count_matching_many([], 5) == lite.count_matching_many([], 5) == []
        server.count_matching("roads", 2)
        assert server.vocabulary_count("ports") == lite.vocabulary_count("ports") == 3
        assert server.vocabulary_count("roads") == lite.vocabulary_count("roads") == 5

"""Tests for workbench.corpus.store: the SQLite + FTS5 corpus store."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from workbench.storage.sqlite import corpus as store_module
from workbench.corpus.store import SCHEMA_VERSION, CorpusStore, NewDocument, encode_document
from workbench.errors import CorpusError, WorkbenchError

TEXT = "The ferry fares rise in October.\n\nPassengers said the rise hits commuters hardest."
PASSAGES = [(0, 32, "Ruth Calloway"), (34, len(TEXT), None)]


def new_doc(path: str = "/corpus/a.txt", text: str = TEXT, sha: str = "sha-1", **kw) -> NewDocument:
    fields = dict(title="Ferry fares", speaker="Ruth Calloway", date="2023-10-02",
                  url="https://example.org/ferry", kind="article")
    fields.update(kw)
    return NewDocument(path=path, sha256=sha, text=text, **fields)


def fts_ids(store: CorpusStore, query: str) -> list[int]:
    return [r[0] for r in store.conn.execute(
        "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rowid", (query,))]


def assert_fts_consistent(store: CorpusStore) -> None:
    # rank = 1: also compare the index with the passages table (raises when out of sync).
    store.conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def store(tmp_path):
    with CorpusStore(tmp_path / "corpus.db") as s:
        yield s


def test_new_database_has_schema_version_and_wal(tmp_path):
    """A new store records its schema version and application in meta and runs in WAL mode."""
    with CorpusStore(tmp_path / "c.db") as store:
        meta = dict(store.conn.execute("SELECT key, value FROM meta"))
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert meta == {"schema_version": str(SCHEMA_VERSION), "application": "workbench-corpus",
                    "term_counts": "fresh"}
    assert mode == "wal"


def test_add_then_get_document_and_passages(store):
    """An added document and its passages come back with the offsets' text."""
    assert store.add_document(new_doc(), PASSAGES) == "added"
    doc = store.get_document(1)
    assert doc.path == "/corpus/a.txt" and doc.title == "Ferry fares" and doc.kind == "article"
    assert doc.date == "2023-10-02" and doc.text == TEXT
    passages = store.passages_of(doc.id)
    assert [(p.start, p.end, p.speaker) for p in passages] == PASSAGES
    for p in passages:
        assert doc.text[p.start:p.end] == p.text
    assert store.get_document(99) is None


def test_get_passages_keeps_requested_order_and_skips_unknown(store):
    """get_passages returns the passages in the order asked for and leaves out unknown ids."""
    store.add_document(new_doc(), PASSAGES)
    assert [p.id for p in store.get_passages([2, 77, 1, 2])] == [2, 1, 2]
    assert store.get_passages([]) == []


def test_readding_same_sha_is_unchanged(store):
    """The same path with the same sha256 is 'unchanged' and writes nothing."""
    store.add_document(new_doc(), PASSAGES)
    before = store.conn.execute("SELECT added_at FROM documents").fetchone()
    assert store.add_document(new_doc(title="Other"), PASSAGES) == "unchanged"
    assert store.get_document(1).title == "Ferry fares"
    assert store.conn.execute("SELECT added_at FROM documents").fetchone() == before


def test_changed_document_is_replaced_and_fts_follows(store):
    """A new sha256 replaces the document (same id): old passages and their FTS entries go."""
    store.add_document(new_doc(), PASSAGES)
    new_text = "Bus fares fall in November."
    assert store.add_document(new_doc(text=new_text, sha="sha-2"), [(0, len(new_text), None)]) == "replaced"
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert store.get_document(1).text == new_text
    assert [p.text for p in store.passages_of(1)] == [new_text]
    assert fts_ids(store, "ferry") == [] and fts_ids(store, "commuters") == []
    assert len(fts_ids(store, "november")) == 1
    assert_fts_consistent(store)


def test_fts_uses_unicode61_without_diacritics(store):
    """The FTS index folds diacritics: 'zurich' finds 'Zürich'."""
    text = "Talks in Zürich ended."
    store.add_document(new_doc(text=text), [(0, len(text), None)])
    assert len(fts_ids(store, "zurich")) == 1


def test_documents_listing_without_and_with_text(store):
    """documents() lists every document; text is empty unless asked for."""
    store.add_document(new_doc(), PASSAGES)
    store.add_document(new_doc(path="/corpus/b.txt"), PASSAGES)
    listed = list(store.documents())
    assert [d.path for d in listed] == ["/corpus/a.txt", "/corpus/b.txt"]
    assert all(d.text == "" for d in listed)
    assert [d.text for d in store.documents(with_text=True)] == [TEXT, TEXT]


def test_remove_by_id_path_folder_and_jsonl_file(store, tmp_path):
    """remove() takes an id, a stored path, a folder or a JSONL file, and the FTS index follows."""
    folder = tmp_path / "docs"
    for name in ("a.txt", "b.txt", "c.txt"):
        store.add_document(new_doc(path=str(folder / name)), PASSAGES)
    store.add_document(new_doc(path=str(tmp_path / "x.jsonl") + "#1"), PASSAGES)
    store.add_document(new_doc(path=str(tmp_path / "x.jsonl") + "#2"), PASSAGES)
    assert store.remove("1") == 1
    assert store.remove(str(folder / "b.txt")) == 1
    assert store.remove(str(tmp_path / "x.jsonl")) == 2
    assert store.remove(str(folder)) == 1
    assert store.remove("no-such-thing") == 0
    assert store.conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 0
    assert fts_ids(store, "ferry") == []
    assert_fts_consistent(store)


def test_stats_counts_and_ranges(store, tmp_path):
    """stats() reports documents, passages, characters, size, named speakers (not Q) and dates."""
    store.add_document(new_doc(), PASSAGES)
    store.add_document(new_doc(path="/corpus/b.txt", date="2021-01-05", speaker=None,
                               kind="transcript"), [(0, 32, "Q"), (34, len(TEXT), "Jane Roe")])
    stats = store.stats()
    assert stats["documents"] == 2 and stats["passages"] == 4
    assert stats["characters"] == 2 * len(TEXT)
    assert stats["speakers"] == 2  # Ruth Calloway, Jane Roe
    assert (stats["first_date"], stats["last_date"]) == ("2021-01-05", "2023-10-02")
    assert stats["kinds"] == {"article": 1, "transcript": 1}
    assert stats["db_bytes"] > 0


def test_batch_groups_documents_and_keeps_fts_in_sync(store):
    """Inside one batch, adds and a replace of a document added earlier in it stay consistent."""
    text2 = "Harbour pilots strike on Friday."
    with store.batch():
        store.add_document(new_doc(), PASSAGES)
        store.add_document(new_doc(path="/corpus/b.txt", text=text2), [(0, len(text2), None)])
        store.add_document(new_doc(sha="sha-2", text=text2), [(0, len(text2), None)])
    assert fts_ids(store, "ferry") == []
    assert len(fts_ids(store, "harbour")) == 2
    assert_fts_consistent(store)


def test_failed_batch_rolls_back_everything(store):
    """An exception inside a batch leaves the store as it was, FTS included."""
    with pytest.raises(RuntimeError):
        with store.batch():
            store.add_document(new_doc(), PASSAGES)
            raise RuntimeError("stop")
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    store.add_document(new_doc(path="/corpus/c.txt"), PASSAGES)
    assert len(fts_ids(store, "ferry")) == 1
    assert_fts_consistent(store)


@pytest.mark.parametrize("in_batch", [False, True])
def test_a_full_disk_is_reported_as_such_and_what_was_saved_stays(store, in_batch):
    """SQLITE_FULL (made here with PRAGMA max_page_count) undoes the whole transaction in
    SQLite, so undoing the document's savepoint failed and was reported instead ("no such
    savepoint: doc"): the full disk is what the user reads, and the store goes on working."""
    store.add_document(new_doc(), PASSAGES)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = "The ferry runs twice a day. " * 2000
    with pytest.raises(CorpusError) as info:
        with store.batch() if in_batch else contextlib.nullcontext():
            store.add_document(new_doc("/corpus/big.txt", big, "sha-big"), [(0, len(big), None)])
    assert "the disk is full: " in str(info.value) and "savepoint" not in str(info.value)
    assert [d.path for d in store.documents()] == ["/corpus/a.txt"]
    store.conn.execute("PRAGMA max_page_count = 1000000")  # space again
    store.add_document(new_doc("/corpus/big.txt", big, "sha-big"), [(0, len(big), None)])
    assert len(fts_ids(store, "ferry")) == 2
    assert_fts_consistent(store)


def test_bad_passage_offsets_and_fields_are_refused(store):
    """Passages outside the text, an unknown kind or a malformed date raise ValueError."""
    with pytest.raises(ValueError):
        store.add_document(new_doc(), [(0, len(TEXT) + 1, None)])
    with pytest.raises(ValueError):
        store.add_document(new_doc(kind="novel"), PASSAGES)
    with pytest.raises(ValueError):
        store.add_document(new_doc(date="Oct 2, 2023"), PASSAGES)
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def dump_store(store: CorpusStore) -> list:
    docs = store.conn.execute("SELECT id, path, title, speaker, date, url, kind, sha256, text,"
                              " typeof(text) FROM documents ORDER BY id").fetchall()
    passages = store.conn.execute("SELECT id, doc_id, start, end, speaker, text, typeof(text)"
                                  " FROM passages ORDER BY id").fetchall()
    return [docs, passages]


def test_encoded_document_is_stored_like_the_plain_one(tmp_path):
    """add_encoded (texts UTF-8 encoded ahead, by a worker) stores exactly what add_document
    stores, as text, and gives the same outcomes: added, unchanged, replaced."""
    text = "Caf\u00e9 owners in Z\u00fcrich \u2014 \u201cno\u201d.\n\nA second \U0001F600 paragraph."
    spans = [(0, 29, "Ruth Calloway"), (31, len(text), None)]
    new_text = "Bus fares \u00e9 fall."
    stores = [CorpusStore(tmp_path / "plain.db"), CorpusStore(tmp_path / "encoded.db")]
    plain, encoded = stores
    outcomes = []
    for doc, passages in ((new_doc(text=text), spans), (new_doc(text=text), spans),
                          (new_doc(text=new_text, sha="sha-2"), [(0, len(new_text), None)]),
                          (new_doc(path="/corpus/b.txt", text=text), spans)):
        outcomes.append((plain.add_document(doc, passages),
                         encoded.add_encoded(encode_document(doc, passages))))
    assert outcomes == [("added", "added"), ("unchanged", "unchanged"),
                        ("replaced", "replaced"), ("added", "added")]
    ignore_added_at = "UPDATE documents SET added_at = NULL"
    for s in stores:
        s.conn.execute(ignore_added_at)
    assert dump_store(encoded) == dump_store(plain)
    assert dump_store(encoded)[0][0][-1] == "text"
    assert fts_ids(encoded, "zurich") == fts_ids(plain, "zurich") == [2]
    assert_fts_consistent(encoded)
    for s in stores:
        s.close()


def test_encoded_passages_in_any_order_keep_their_texts(tmp_path):
    """encode_document's byte offsets hold for non-ASCII text and for passages out of text
    order or overlapping (the worker sends offsets, not the passages' texts)."""
    text = "Caf\u00e9 \u201cno\u201d \U0001F600 end.\n\nZ\u00fcrich \u2014 yes."
    spans = [(22, len(text), "B"), (0, 10, "A"), (5, 25, None), (len(text), len(text), None)]
    with CorpusStore(tmp_path / "c.db") as store:
        store.add_encoded(encode_document(new_doc(text=text), spans))
        stored = store.conn.execute("SELECT start, end, speaker, text FROM passages ORDER BY id")
        assert stored.fetchall() == [(s, e, who, text[s:e]) for s, e, who in spans]


def test_encode_document_refuses_bad_offsets():
    """encode_document checks the passages as add_document does."""
    with pytest.raises(ValueError):
        encode_document(new_doc(), [(0, len(TEXT) + 1, None)])


def test_large_batch_checkpoints_in_background_and_closes_clean(tmp_path, monkeypatch):
    """A batch past BACKGROUND_CHECKPOINT_BYTES leaves the WAL copy to a thread; the next
    batches go on meanwhile, and after close the database is whole and the WAL gone."""
    monkeypatch.setattr(store_module, "BACKGROUND_CHECKPOINT_BYTES", 1)
    path = tmp_path / "c.db"
    with CorpusStore(path) as store:
        for batch in range(3):
            with store.batch():
                for i in range(20):
                    store.add_document(new_doc(path=f"/corpus/{batch}-{i}.txt"), PASSAGES)
            assert store._checkpointer is not None
        assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 60
    assert not Path(f"{path}-wal").exists()
    with CorpusStore(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(fts_ids(store, "ferry")) == 60
        assert_fts_consistent(store)


def test_fts_gets_its_larger_buffer(tmp_path):
    """New corpora have FTS_HASH_BYTES as FTS5's buffer; an older corpus gets it with its next
    batch. The buffer changes how the index is written, not what it holds."""
    with CorpusStore(tmp_path / "new.db") as store:
        assert store.conn.execute("SELECT v FROM passages_fts_config WHERE k = 'hashsize'"
                                  ).fetchone() == (store_module.FTS_HASH_BYTES,)
        store.conn.execute("DELETE FROM passages_fts_config WHERE k = 'hashsize'")
    with CorpusStore(tmp_path / "new.db") as store:
        with store.batch():
            store.add_document(new_doc(), PASSAGES)
        assert store.conn.execute("SELECT v FROM passages_fts_config WHERE k = 'hashsize'"
                                  ).fetchone() == (store_module.FTS_HASH_BYTES,)
        assert len(fts_ids(store, "ferry")) == 1
        assert_fts_consistent(store)


def one_line_error(path: Path, **kw) -> str:
    with pytest.raises(CorpusError) as info:
        CorpusStore(path, **kw)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert isinstance(info.value, WorkbenchError) and info.value.exit_code == 2
    return message


def test_text_file_is_not_a_corpus(tmp_path):
    """A text file given as the database is refused with a clear message, and left untouched."""
    path = tmp_path / "notes.db"
    path.write_text("just some notes\n")
    assert "not a workbench corpus" in one_line_error(path)
    assert path.read_text() == "just some notes\n"


def test_foreign_sqlite_database_is_refused(tmp_path):
    """An SQLite database without our meta table is refused."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    assert "not a workbench corpus" in one_line_error(path)


def test_other_apps_meta_table_is_refused(tmp_path):
    """An SQLite database with a meta table of another application is refused."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta(key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('version', '7')")
    conn.commit()
    conn.close()
    assert "not a workbench corpus" in one_line_error(path)


def test_damaged_database_is_refused(tmp_path):
    """A file with an SQLite header but garbage after it gives a one-line error, no traceback."""
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    message = one_line_error(path)
    assert "damaged" in message or "not a workbench corpus" in message


def test_damage_past_the_first_pages_is_found_before_any_write(tmp_path):
    """A file whose later pages are garbage opens (SQLite reads pages as it needs them), but
    the store checks the whole file before its first write, and at open with verify=True."""
    path = tmp_path / "c.db"
    big = "The ferry runs twice a day. " * 400
    with CorpusStore(path) as s:
        for i in range(12):
            s.add_document(new_doc(f"/corpus/{i}.txt", big, f"sha-{i}"), [(0, len(big), None)])
    data = bytearray(path.read_bytes())
    data[len(data) // 2:len(data) // 2 + 8192] = b"\x5a" * 8192
    path.write_bytes(data)
    with CorpusStore(path) as s:
        with pytest.raises(CorpusError) as info:
            s.add_document(new_doc("/corpus/new.txt"), PASSAGES)
        assert str(info.value) == f"{path}: {store_module.DAMAGED}"
        with pytest.raises(CorpusError, match="damaged"):
            s.remove("1")
    assert path.read_bytes() == data
    assert one_line_error(path, verify=True) == f"{path}: {store_module.DAMAGED}"


def test_newer_schema_is_refused(tmp_path):
    """A corpus made by a newer workbench (higher schema_version) is refused, asking to upgrade."""
    path = tmp_path / "c.db"
    CorpusStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    assert "newer workbench" in one_line_error(path)


def test_missing_database_without_create(tmp_path):
    """Opening a missing database with create=False says there is none (and creates nothing)."""
    path = tmp_path / "none.db"
    assert "no corpus database" in one_line_error(path, create=False)
    assert not path.exists()


def test_directory_and_missing_folder(tmp_path):
    """A directory, or a path in a folder that does not exist, is refused clearly."""
    assert "is a directory" in one_line_error(tmp_path)
    assert "no such directory" in one_line_error(tmp_path / "nope" / "c.db")


def _vocabulary(store: CorpusStore) -> dict[str, int]:
    store._vocabulary()
    return dict(store.conn.execute("SELECT term, doc FROM temp.passages_vocab"))


def _table_counts(store: CorpusStore) -> dict[str, int]:
    return dict(store.conn.execute("SELECT term, doc FROM term_counts"))


def _counts_state(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'term_counts'").fetchone()[0]
    finally:
        conn.close()


WORDS = ["ferry", "the", "rise", "commuters", "nowhere", "Ferry", "café", "don't", ""]


def test_term_counts_are_the_vocabularys_after_every_kind_of_write(tmp_path):
    """The stored per-word counts equal FTS5's vocabulary once the writer closes: after adds,
    a replacement, a removal; while a write is not yet counted the table is marked stale and
    the counts come from the vocabulary, so a search never sees an outdated count."""
    db = tmp_path / "c.db"
    with CorpusStore(db) as store:
        store.add_document(new_doc(), PASSAGES)
        store.add_document(new_doc(path="/corpus/b.txt", text="The ferry again."),
                           [(0, 16, None)])
        assert _counts_state(db) == "stale"
        counts = store.vocabulary_count_many(WORDS)
        assert counts[:5] == [2, 3, 2, 1, 0] and counts[5] == 2 and counts[6:8] == [None, None]
    assert _counts_state(db) == "fresh"
    with CorpusStore(db) as store:
        assert _table_counts(store) == _vocabulary(store) and _table_counts(store)["ferry"] == 2
        assert store.vocabulary_count_many(WORDS) == counts
        assert store.vocabulary_count_many(WORDS) == [store.vocabulary_count(w) for w in WORDS]
        assert store.add_document(new_doc(), PASSAGES) == "unchanged"
    assert _counts_state(db) == "fresh"  # nothing written: nothing to count again
    with CorpusStore(db) as store:
        store.add_document(new_doc(path="/corpus/b.txt", text="No boats.", sha="sha-2"),
                           [(0, 9, None)])
        assert store.vocabulary_count_many(["ferry", "boats"]) == [1, 1]
    with CorpusStore(db) as store:
        assert _table_counts(store) == _vocabulary(store)
        assert store.vocabulary_count_many(["ferry", "boats"]) == [1, 1]
        assert store.remove("/corpus/a.txt") == 1
        assert store.vocabulary_count_many(["ferry", "boats"]) == [0, 1]
    with CorpusStore(db) as store:
        assert _table_counts(store) == _vocabulary(store) == {"boats": 1, "no": 1}


def test_a_rolled_back_write_leaves_the_counts_as_they_were(tmp_path):
    """A write that fails is undone with its stale mark: the counts stay right and fresh."""
    db = tmp_path / "c.db"
    with CorpusStore(db) as store:
        store.add_document(new_doc(), PASSAGES)
    with CorpusStore(db) as store:
        with pytest.raises(RuntimeError):
            with store.batch():
                store.add_document(new_doc(path="/corpus/b.txt"), PASSAGES)
                raise RuntimeError("stop")
        assert store._counts_fresh() and store.vocabulary_count("ferry") == 1
    assert _counts_state(db) == "fresh"


def test_a_schema_3_corpus_gains_its_term_counts(tmp_path):
    """Opening a corpus of schema 3 (no term_counts) fills the table from the vocabulary."""
    db = tmp_path / "c.db"
    with CorpusStore(db) as store:
        store.add_document(new_doc(), PASSAGES)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE term_counts")
    conn.execute("DELETE FROM meta WHERE key = 'term_counts'")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with CorpusStore(db) as store:
        assert store._counts_fresh() and _table_counts(store) == _vocabulary(store)
        assert store.vocabulary_count("rise") == 2


def test_document_slices_read_at_once_or_apart_are_the_texts_slices(store, monkeypatch):
    """Slices cut from one substr of the stretch the spans cover (near each other) are the
    text's own, accents, clipping at the end and empty spans included; spans far apart (or
    backwards) are read one substr each, with the same answer."""
    text = "Café déjà vu — “quoted” words… " * 40
    store.add_document(new_doc(text=text), [(0, len(text), None)])
    doc_id = next(store.documents()).id
    spans = [(0, 0), (3, 17), (10, 30), (len(text) - 5, len(text) + 50), (len(text) + 9, len(text) + 20)]
    expected = [text[s:e] for s, e in spans]
    assert store.document_slices(doc_id, spans) == expected
    monkeypatch.setattr(store_module, "_HULL_SLACK", 0)  # now too far apart: one substr each
    assert store.document_slices(doc_id, spans) == expected
    assert store.document_slices(doc_id, [(40, 60), (200, 230)]) == [text[40:60], text[200:230]]
    assert store.document_slices(doc_id + 1, spans) is None

"""Tests for workbench.review.evidence: what a verdict records as its evidence, the corpus's
identity, and how both reach the JSON export."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import jsonschema
import pytest

from corpus_helpers import SAMPLE_DOCS, build_store
from evidence_helpers import RECORDED_AT, review
from workbench import __version__
from workbench.corpus.search import search
from workbench.corpus.store import CorpusStore, NewDocument
from workbench.export import load_schema
from workbench.export.json_export import evidence_entry
from workbench.review.evidence import corpus_identity, evidence_record, fingerprint

pytestmark = pytest.mark.usefixtures("isolated")

NO_DATE_GAP = {"date_gap_days": None, "source_after_article": False}
"""What the export adds to a record when the article has no date."""


@pytest.fixture
def store(tmp_path):
    s = build_store(tmp_path / "corpus.db", SAMPLE_DOCS)
    yield s
    s.close()


def record_for(store, quote: str, **kw) -> dict:
    matches = search(store, quote)
    return evidence_record(matches[0] if matches else None, query=quote, speaker=None,
                           store=store, corpus=corpus_identity(store), **kw)


# --------------------------------------------------------------------------- corpus identity


def test_corpus_identity_counts_and_fingerprints_the_content(store, tmp_path):
    """Path, document and passage counts, and a fingerprint that depends on the content only:
    the same documents in another file (added in another order) give the same one."""
    identity = corpus_identity(store)
    assert identity["path"] == str((tmp_path / "corpus.db").resolve())
    assert identity["documents"] == len(SAMPLE_DOCS)
    assert identity["passages"] == sum(len(d.turns) for d in SAMPLE_DOCS)
    assert identity["fingerprint"].startswith("sha256:") and len(identity["fingerprint"]) == 71
    with build_store(tmp_path / "other.db", list(reversed(SAMPLE_DOCS))) as other:
        assert corpus_identity(other)["fingerprint"] == identity["fingerprint"]


def test_the_fingerprint_changes_with_any_document(store):
    """A changed source (another sha256) or a new document changes the fingerprint."""
    before = corpus_identity(store)["fingerprint"]
    doc = store.get_document(1)
    store.add_document(NewDocument(path=doc.path, title=doc.title, speaker=doc.speaker,
                                   date=doc.date, url=doc.url, kind=doc.kind, sha256="f" * 64,
                                   text=doc.text), [(0, len(doc.text), None)])
    changed = corpus_identity(store)["fingerprint"]
    assert changed != before
    assert fingerprint([("a", "1"), ("b", "2")]) == fingerprint([("b", "2"), ("a", "1")])
    assert fingerprint([("a", "1")]) != fingerprint([("a", "2")])


def test_a_memory_corpus_is_searchable_and_never_a_file(tmp_path, monkeypatch):
    """CorpusStore(":memory:") (verify's re-alignment corpus) works like a file, is never
    taken for a file of that name in the current folder, and leaves nothing behind."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ":memory:").write_text("not a database", encoding="utf-8")
    with build_store(":memory:", SAMPLE_DOCS) as memory:
        assert search(memory, "We don't back down, and we won't start now.")[0].kind == "verbatim"
    assert [p.name for p in tmp_path.iterdir()] == [":memory:"]


# --------------------------------------------------------------------------- the record


def test_a_match_records_everything_needed_to_recheck_it(store):
    """Document (id, path, url, title, date, speaker, sha256 of its stored text), span,
    speaker, kind, score, diff, parts, query, corpus, time (UTC, Z) and tool version."""
    quote = "We don't back down, and we won't start now."
    match = search(store, quote)[0]
    identity = corpus_identity(store)
    record = evidence_record(match, query=quote, speaker="Biden", store=store, corpus=identity,
                             now=datetime(2026, 12, 1, 10, 30, tzinfo=timezone(timedelta(hours=1))))
    stored = store.get_document(match.doc.id)
    document = {"id": stored.id, "path": stored.path, "url": stored.url, "title": stored.title,
                "date": stored.date, "speaker": stored.speaker,
                "text_sha256": hashlib.sha256(stored.text.encode()).hexdigest()}
    assert record["found"] is True and record["kind"] == "verbatim" and record["score"] == 100.0
    assert record["query"] == quote and record["speaker_filter"] == "Biden"
    assert record["document"] == document
    assert record["span"] == {"start": match.start, "end": match.end, "text": match.text}
    assert stored.text[match.start:match.end] == record["span"]["text"]
    assert record["speaker"] == "Joseph R. Biden"
    assert record["diff"] == [d.to_dict() for d in match.diff]
    assert [p["document"] for p in record["parts"]] == [document]
    assert record["parts"][0]["kind"] == "verbatim" and record["parts"][0]["span"] == record["span"]
    assert record["corpus"] == identity
    assert record["recorded_at"] == "2026-12-01T09:30:00Z"
    assert record["tool"] == {"name": "workbench", "version": __version__}


def test_no_match_records_the_query_and_the_corpus(store):
    record = record_for(store, "The moon landing was filmed in a studio in the desert.",
                        now=RECORDED_AT)
    assert record == {"found": False, "kind": None, "score": None,
                      "query": "The moon landing was filmed in a studio in the desert.",
                      "speaker_filter": None, "document": None, "span": None, "speaker": None,
                      "diff": [], "parts": [], "corpus": corpus_identity(store), "note": None,
                      "recorded_at": "2026-12-01T09:30:00Z",
                      "tool": {"name": "workbench", "version": __version__}}


def test_no_corpus_records_why(store):
    """A verdict made with no corpus open: no match, no corpus, and the reason in the note."""
    record = evidence_record(None, query="Anything at all.", speaker=None, store=None,
                             corpus=None, note="no corpus was searched (none given)")
    assert record["found"] is False and record["corpus"] is None
    assert record["note"] == "no corpus was searched (none given)"
    assert evidence_entry(record) == {**record, **NO_DATE_GAP}


def test_a_splice_records_each_part(store):
    """A spliced match: one part per span, each with its own document and hash."""
    parts = ["Nobody should have to choose between paying for medicine and putting food on the "
             "table.",
             "The bill has support from both parties, and we expect it to pass this year."]
    matches = search(store, " ".join(parts), parts=parts)
    spliced = next(m for m in matches if m.kind == "spliced")
    record = evidence_record(spliced, query="q", speaker=None, store=store,
                             corpus=corpus_identity(store))
    assert record["kind"] == "spliced" and len(record["parts"]) == 2
    assert {p["document"]["path"] for p in record["parts"]} == {"remarks-2022-03-01",
                                                                "briefing-2022-06-01"}
    assert record["document"] == record["parts"][0]["document"]


def test_document_hashes_are_cached_until_the_document_changes(store, monkeypatch):
    """Many verdicts on one document read and hash its text once; a re-added (changed)
    document is hashed again."""
    reads = []
    real = CorpusStore.get_document
    monkeypatch.setattr(CorpusStore, "get_document",
                        lambda self, doc_id: reads.append(doc_id) or real(self, doc_id))
    first = record_for(store, "We don't back down, and we won't start now.")
    second = record_for(store, "I have never been more optimistic about the future of America "
                               "than I am tonight.")
    assert reads == [2]
    assert first["document"]["text_sha256"] == second["document"]["text_sha256"]
    doc = real(store, 2)
    text = doc.text.replace("tonight", "today")
    store.add_document(NewDocument(path=doc.path, title=doc.title, speaker=doc.speaker,
                                   date=doc.date, url=doc.url, kind=doc.kind, sha256="e" * 64,
                                   text=text), [(0, len(text), None)])
    third = record_for(store, "We don't back down, and we won't start now.")
    assert reads == [2, 2]
    assert third["document"]["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------- in the export


def test_recorded_evidence_exports_as_recorded_and_validates(tmp_path):
    """A session whose verdicts carry evidence records exports them field for field (found and
    not found) and the export validates against schema.json."""
    reviewed = review(tmp_path)
    jsonschema.Draft202012Validator(load_schema()).validate(reviewed.document)
    q1, q2, q3, q4, q5 = (q["evidence"] for q in reviewed.document["quotes"])
    assert q1["found"] and q1["kind"] == "verbatim" and q1["corpus"]["fingerprint"]
    assert q3["kind"] == "altered"
    assert q4["found"] is False and q4["query"].startswith("The moon landing")
    assert q5["kind"] == "spliced" and len(q5["parts"]) == 2
    assert q1["recorded_at"] == "2026-12-01T09:30:00Z"
    with CorpusStore(reviewed.corpus, create=False) as store:
        record = record_for(store, "We don't back down, and we won't start now,",
                            now=RECORDED_AT)
    # The export keeps the record as it is (no article date given: no date gap).
    assert evidence_entry(record) == {**record, **NO_DATE_GAP}


def test_the_schema_rejects_an_inconsistent_no_match(tmp_path):
    """found: false with a document is not a valid export."""
    reviewed = review(tmp_path)
    q1 = reviewed.document["quotes"][0]["evidence"]
    q1["found"] = False
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(load_schema()).validate(reviewed.document)


def test_an_earlier_stored_match_exports_in_the_new_shape(store):
    """A raw Match.to_dict() (stored by earlier sessions) exports with its document, span,
    parts, kind and diff; the fields it never had are null."""
    match = search(store, "We don't back down, and we won't start now.")[0]
    entry = evidence_entry(match.to_dict())
    assert entry["found"] is True and entry["kind"] == "verbatim"
    assert entry["document"] == {**match.doc.to_dict(), "text_sha256": None}
    assert entry["span"] == {"start": match.start, "end": match.end, "text": match.text}
    assert entry["parts"][0]["span"] == entry["span"]
    assert entry["query"] is None and entry["corpus"] is None and entry["tool"] is None
    schema = load_schema()
    evidence_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"],
                       "$ref": "#/$defs/evidence"}
    jsonschema.Draft202012Validator(evidence_schema).validate(entry)

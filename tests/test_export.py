"""Tests for workbench.export and ``workbench export``: JSON and ClaimReview, validated by schemas."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

import workbench.nlp
from corpus_helpers import SAMPLE_DOCS, build_store
from review_helpers import article_file, fake_model  # noqa: F401 - fixtures
from review_helpers import make_article, make_quotes, make_speakers
from workbench.article import load_article
from workbench.cli import main
from workbench.config import Config
from workbench.export import CorpusInfo, export_claimreview, export_json, load_schema
from workbench.models import Extraction
from workbench.review import REASONS, STATUSES, SessionStore, rating_for
from workbench.review.verdicts import BEST_RATING, WORST_RATING

# schema.org ships no JSON Schema: this is the shape our ClaimReview output promises.
_THING = {"type": "object", "required": ["@type", "name"], "additionalProperties": False,
          "properties": {"@type": {"enum": ["Person", "Organization"]},
                         "name": {"type": "string", "minLength": 1},
                         "url": {"type": "string", "pattern": "^https?://"}}}
CLAIMREVIEW_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["@context", "@graph"], "additionalProperties": False,
    "properties": {"@context": {"const": "https://schema.org"},
                   "@graph": {"type": "array", "items": {"$ref": "#/$defs/review"}}},
    "$defs": {
        "thing": _THING,
        "review": {
            "type": "object", "additionalProperties": False,
            "required": ["@type", "claimReviewed", "itemReviewed", "reviewRating",
                         "datePublished"],
            "properties": {
                "@type": {"const": "ClaimReview"},
                "claimReviewed": {"type": "string", "minLength": 1},
                "itemReviewed": {
                    "type": "object", "required": ["@type", "appearance"],
                    "additionalProperties": False,
                    "properties": {
                        "@type": {"const": "Claim"},
                        "author": {"$ref": "#/$defs/thing"},
                        "appearance": {
                            "type": "object", "required": ["@type", "headline"],
                            "additionalProperties": False,
                            "properties": {"@type": {"const": "CreativeWork"},
                                           "headline": {"type": "string"},
                                           "url": {"type": "string", "pattern": "^https?://"},
                                           "datePublished": {
                                               "type": "string",
                                               "pattern": r"^\d{4}-\d{2}-\d{2}$"}}}}},
                "reviewRating": {
                    "type": "object", "additionalProperties": False,
                    "required": ["@type", "alternateName", "bestRating", "worstRating"],
                    "properties": {"@type": {"const": "Rating"},
                                   "alternateName": {"type": "string", "minLength": 1},
                                   "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                                   "bestRating": {"const": 5}, "worstRating": {"const": 1}}},
                "author": {"$ref": "#/$defs/thing"},
                "datePublished": {"type": "string",
                                  "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"},
                "reviewBody": {"type": "string", "minLength": 1},
            },
        },
    },
}

ORG = Config(reviewer="ana", organization_name="Example Fact Check",
             organization_url="https://factcheck.example.org")


def validate_json_export(document: dict) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)


def validate_claimreview(document: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(CLAIMREVIEW_SCHEMA)
    jsonschema.Draft202012Validator(CLAIMREVIEW_SCHEMA).validate(document)


pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def evidence(tmp_path) -> dict:
    """A real corpus match (Match.to_dict()) from a small corpus, as the UI would store it."""
    from workbench.corpus.search import search

    store = build_store(tmp_path / "corpus.db", SAMPLE_DOCS)
    try:
        [match, *_] = search(store, "We don't back down, and we won't start now.")
    finally:
        store.close()
    return match.to_dict()


@pytest.fixture
def reviewed(tmp_path, evidence):
    """A session with every kind of verdict, an override, evidence and an orphan."""
    store = SessionStore(tmp_path / "review.db", reviewer="ana")
    quotes = make_quotes()
    s = store.open(make_article(), quotes, make_speakers(), model="fake_model")
    s.set_status("q1", "confirmed")
    s.set_evidence("q1", evidence)
    s.set_status("q2", "disputed", "spliced")
    s.set_note("q2", "Two speeches, a week apart.")
    s.set_speaker("q3", "Port Authority")
    s.set_status("q3", "disputed", "wrong_speaker")
    s.set_status("q4", "unverifiable")
    store.close()
    # A new extraction drops q2: its verdict becomes an orphan.
    store = SessionStore(tmp_path / "review.db", reviewer="ana")
    session = store.open(make_article(), [quotes[0], quotes[2], quotes[3]], make_speakers(),
                         model="fake_model")
    yield session
    store.close()


# --------------------------------------------------------------------------- the verdict taxonomy


def test_every_verdict_maps_to_a_rating():
    """Each (status, reason) pair has a ClaimReview rating on the 1..5 scale (or none)."""
    pairs = [(s, None) for s in STATUSES] + [("disputed", r) for r in REASONS]
    for status, reason in pairs:
        rating = rating_for(status, reason)
        if status in ("unreviewed", "skipped"):
            assert rating is None
            continue
        assert rating.name
        assert rating.value is None or WORST_RATING <= rating.value <= BEST_RATING
    assert rating_for("confirmed").name == "Accurate" and rating_for("confirmed").value == 5
    assert rating_for("disputed", "fabricated").value == 1
    assert rating_for("disputed", "wrong_speaker").name == "Misattributed"
    assert rating_for("unverifiable").value is None


# --------------------------------------------------------------------------- json


def test_the_schema_is_package_data_and_valid():
    """schema.json loads through importlib.resources and is a valid draft 2020-12 schema."""
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_json_export_validates_and_holds_everything(reviewed, evidence):
    """The JSON export validates against schema.json and carries every verdict field."""
    doc = export_json(reviewed, model_version="3.8.0", corpus=CorpusInfo("/c/corpus.db", 3))
    validate_json_export(doc)
    assert doc["article"]["sha256"] == make_article().sha256
    assert doc["model"] == {"name": "fake_model", "version": "3.8.0"}
    assert doc["corpus"] == {"path": "/c/corpus.db", "documents": 3}
    assert doc["progress"] == {"reviewed": 3, "skipped": 0, "recheck": 0, "disputed_internally": 0,
                              "total": 3}
    q1, q3, q4 = doc["quotes"]
    assert q1["verdict"]["status"] == "confirmed" and q1["verdict"]["reviewer"] == "ana"
    assert q1["verdict"]["rating"] == {"name": "Accurate", "value": 5}
    assert q1["evidence"]["document"]["title"] == evidence["doc"]["title"]
    assert q1["evidence"]["span"]["start"] == evidence["start"]
    assert q1["evidence"]["kind"] == evidence["kind"] and q1["evidence"]["diff"] == evidence["diff"]
    assert q3["speaker"] == {"name": "The Harbour Company",
                             "mention": make_quotes()[2].mention.to_dict(),
                             "confidence": 0.88, "override": "Port Authority"}
    assert q4["speaker"]["name"] is None and q4["verdict"]["rating"]["value"] is None
    [orphan] = doc["orphaned"]
    assert orphan["id"].startswith("q2@")  # the id it had, and in which version and orphan["verdict"]["reason"] == "spliced"
    assert orphan["parts"] == [list(p) for p in make_quotes()[1].parts]


def test_json_export_of_an_untouched_session_validates(tmp_path):
    """All unreviewed, no corpus: still valid, with null verdict fields."""
    with SessionStore(tmp_path / "s.db", reviewer="ana") as store:
        doc = export_json(store.open(make_article(), make_quotes(), make_speakers()))
    validate_json_export(doc)
    assert doc["corpus"] is None and doc["orphaned"] == []
    assert {q["verdict"]["status"] for q in doc["quotes"]} == {"unreviewed"}


def test_the_schema_rejects_drift(reviewed):
    """The schema is strict: an unknown status or an extra field fails validation."""
    doc = export_json(reviewed)
    doc["quotes"][0]["verdict"]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        validate_json_export(doc)
    doc = export_json(reviewed)
    doc["quotes"][0]["surprise"] = True
    with pytest.raises(jsonschema.ValidationError):
        validate_json_export(doc)


def test_odd_evidence_is_exported_as_nulls(tmp_path):
    """Evidence missing fields (the UI's dict is not trusted) still gives a valid export."""
    with SessionStore(tmp_path / "s.db", reviewer="ana") as store:
        s = store.open(make_article(), make_quotes(), make_speakers())
        s.set_evidence("q1", {"kind": "close", "doc": "not a dict", "start": "3", "diff": "x"})
        doc = export_json(s)
    validate_json_export(doc)
    assert doc["quotes"][0]["evidence"] == {
        "found": True, "kind": "close", "score": None, "query": None, "speaker_filter": None,
        "document": None, "span": None, "speaker": None, "diff": [], "parts": [],
        "corpus": None, "note": None, "recorded_at": None, "tool": None,
        "date_gap_days": None, "source_after_article": False}


# --------------------------------------------------------------------------- claimreview


def test_claimreview_validates_and_reviews_only_judged_quotes(reviewed):
    """One ClaimReview per confirmed/disputed/unverifiable quote (orphans too), valid shape."""
    doc = export_claimreview(reviewed, ORG, article_url="https://news.example.com/strike")
    validate_claimreview(doc)
    names = [r["reviewRating"]["alternateName"] for r in doc["@graph"]]
    assert names == ["Accurate", "Spliced quote", "Misattributed", "Unverifiable"]  # text order
    first, spliced, misattributed, unverifiable = doc["@graph"]
    assert first["claimReviewed"] == make_quotes()[0].text
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Mary Smith"}
    assert first["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "headline": "Harbour strike goes ahead",
        "url": "https://news.example.com/strike"}
    assert "url" not in first  # ClaimReview url is the fact check's own page: unknown here
    assert first["author"] == {"@type": "Organization", "name": "Example Fact Check",
                               "url": "https://factcheck.example.org"}
    assert spliced["reviewBody"] == "Two speeches, a week apart."
    assert misattributed["itemReviewed"]["author"]["name"] == "Port Authority"
    assert "ratingValue" not in unverifiable["reviewRating"]
    assert "author" not in unverifiable["itemReviewed"]  # no speaker found for q4


def test_claimreview_without_an_organisation_credits_the_reviewer(tmp_path):
    """No [organization] in the config: the review's author is the reviewer as a Person;
    skipped and unreviewed quotes give no review; an organisation speaker is an Organization."""
    with SessionStore(tmp_path / "s.db", reviewer="ana") as store:
        s = store.open(make_article(), make_quotes(), make_speakers())
        s.set_status("q3", "confirmed")
        s.set_status("q1", "skipped")
        doc = export_claimreview(s, Config(reviewer="nobody"))
    validate_claimreview(doc)
    [review] = doc["@graph"]
    assert review["author"] == {"@type": "Person", "name": "ana"}
    assert review["itemReviewed"]["author"] == {"@type": "Organization",
                                                "name": "The Harbour Company"}
    assert "url" not in review["itemReviewed"]["appearance"]


def test_claimreview_without_organisation_or_reviewer_has_no_author(tmp_path):
    """Nobody named (no [organization], no reviewer: the verdict recorded None): the review
    has no author at all, never the login name ($USER is "tester" here)."""
    with SessionStore(tmp_path / "s.db", reviewer=None) as store:
        s = store.open(make_article(), make_quotes(), make_speakers())
        s.set_status("q1", "confirmed")
        doc = export_claimreview(s, Config())
        assert export_json(s)["quotes"][0]["verdict"]["reviewer"] is None
    validate_claimreview(doc)
    [review] = doc["@graph"]
    assert "author" not in review and "tester" not in json.dumps(doc)


def test_claimreview_appearance_is_the_articles_own_provenance(tmp_path):
    """The article's URL and date (as its file states them) make the appearance: url,
    datePublished, headline; an article_url given by the caller wins over the file's."""
    article = replace(make_article(), url="https://news.example.com/strike-file",
                      date="2026-11-30")
    with SessionStore(tmp_path / "s.db", reviewer="ana") as store:
        s = store.open(article, make_quotes(), make_speakers())
        s.set_status("q1", "confirmed")
        doc = export_claimreview(s, ORG)
        given = export_claimreview(s, ORG, article_url="https://news.example.com/given")
        exported = export_json(s)
    validate_claimreview(doc)
    assert doc["@graph"][0]["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "headline": "Harbour strike goes ahead",
        "url": "https://news.example.com/strike-file", "datePublished": "2026-11-30"}
    assert given["@graph"][0]["itemReviewed"]["appearance"]["url"] == \
        "https://news.example.com/given"
    validate_json_export(exported)
    assert exported["article"]["url"] == "https://news.example.com/strike-file"
    assert exported["article"]["date"] == "2026-11-30"


# --------------------------------------------------------------------------- the command


# article_file and fake_model: tests/review_helpers.py (shared with the record tests)


@pytest.fixture
def session_for(article_file, tmp_path):
    """A review of the article file in the default store ($WORKBENCH_SESSIONS)."""
    article = load_article(article_file)
    with SessionStore() as store:
        s = store.open(article, make_quotes(article.text), make_speakers(article.text))
        s.set_status("q1", "confirmed")
        s.set_status("q2", "disputed", "altered")
    return article


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_cli_writes_valid_json(capsys, article_file, fake_model, session_for, tmp_path):
    """`workbench export` prints the session as JSON that validates; the corpus is recorded."""
    corpus = tmp_path / "corpus.db"
    build_store(corpus, SAMPLE_DOCS).close()
    code, out, err = run(capsys, "export", str(article_file), "--db", str(corpus))
    assert code == 0, err
    doc = json.loads(out)
    validate_json_export(doc)
    assert doc["corpus"] == {"path": str(corpus.resolve()), "documents": len(SAMPLE_DOCS)}
    assert doc["model"] == {"name": "fake_model", "version": "9.9"}
    assert [q["verdict"]["status"] for q in doc["quotes"]][:2] == ["confirmed", "disputed"]


def test_export_cli_claimreview(capsys, article_file, fake_model, session_for, tmp_path,
                                monkeypatch):
    """--format claimreview prints valid JSON-LD with the configured organisation and --url."""
    config = tmp_path / "config.toml"
    config.write_text('[organization]\nname = "Example Fact Check"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    code, out, err = run(capsys, "export", str(article_file), "--format", "claimreview",
                         "--url", "https://news.example.com/strike")
    assert code == 0, err
    doc = json.loads(out)
    validate_claimreview(doc)
    assert [r["reviewRating"]["alternateName"] for r in doc["@graph"]] == ["Accurate",
                                                                            "Altered quote"]
    assert doc["@graph"][0]["author"] == {"@type": "Organization", "name": "Example Fact Check"}


def test_export_without_a_session_fails_before_loading_the_model(capsys, article_file,
                                                                 fake_model, isolated):
    """No session for the article: one error line, exit 2, no model load, no store created."""
    code, out, err = run(capsys, "export", str(article_file))
    assert code == 2 and out == ""
    assert err.startswith("workbench: error: ") and "no review session" in err
    assert err.count("\n") == 1
    assert fake_model == []
    assert not isolated.exists()
    with SessionStore() as store:  # a store with other sessions but not this one: same answer
        store.open(make_article("Another article.\n"), [], [])
    code, _, err = run(capsys, "export", str(article_file))
    assert code == 2 and "no review session" in err and fake_model == []


def test_export_output_is_atomic_and_needs_force(capsys, article_file, fake_model, session_for,
                                                 tmp_path):
    """-o writes the whole file; an existing file is kept without --force, replaced with it;
    no temporary file is left behind."""
    target = tmp_path / "out" / "review.json"
    target.parent.mkdir()
    code, _, err = run(capsys, "export", str(article_file), "-o", str(target))
    assert code == 0, err
    validate_json_export(json.loads(target.read_text(encoding="utf-8")))

    target.write_text("precious", encoding="utf-8")
    loads_before = len(fake_model)
    code, _, err = run(capsys, "export", str(article_file), "-o", str(target))
    assert code == 2 and "already exists (use --force" in err
    assert target.read_text(encoding="utf-8") == "precious"
    assert len(fake_model) == loads_before  # refused before the model load

    code, _, err = run(capsys, "export", str(article_file), "-o", str(target), "--force",
                       "--format", "claimreview")
    assert code == 0, err
    validate_claimreview(json.loads(target.read_text(encoding="utf-8")))
    assert os.listdir(target.parent) == ["review.json"]


def test_export_never_overwrites_the_article(capsys, article_file, fake_model, session_for,
                                            tmp_path):
    """`export ART -o ART --force` (or -o a link to it) is refused with one line before the
    model load: the article, and so its review, is kept."""
    before = article_file.read_bytes()
    link = tmp_path / "link.txt"
    link.symlink_to(article_file)
    for output in (article_file, link):
        code, out, err = run(capsys, "export", str(article_file), "-o", str(output), "--force")
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "would replace the input" in err
    assert article_file.read_bytes() == before and link.is_symlink() and fake_model == []


def test_export_into_a_fifo_streams(capsys, article_file, fake_model, session_for, tmp_path):
    """`export -o FIFO --force` writes the JSON into the FIFO; it stays a FIFO."""
    import stat

    from test_files import fifo_reader

    fifo = tmp_path / "myfifo"
    with fifo_reader(fifo) as received:
        code, _, err = run(capsys, "export", str(article_file), "-o", str(fifo), "--force")
    assert code == 0, err
    validate_json_export(json.loads(received[0]))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_failed_write_leaves_the_old_file(capsys, article_file, fake_model, session_for,
                                            tmp_path, monkeypatch):
    """If writing fails midway (the disk sync errors), the existing file is untouched and the
    temporary file is removed; one error line."""
    target = tmp_path / "review.json"
    target.write_text("old export", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    code, _, err = run(capsys, "export", str(article_file), "-o", str(target), "--force")
    assert code == 2 and "cannot write the output (Input/output error)" in err
    assert target.read_text(encoding="utf-8") == "old export"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_export_cli_url_wins_over_the_files_url(capsys, fake_model, tmp_path, isolated):
    """An article whose front matter states its URL and date: both exports record them;
    --url replaces the file's URL (the date stays)."""
    from review_helpers import TEXT

    article_file = tmp_path / "strike.md"
    article_file.write_text("---\nurl: https://news.example.com/from-file\ndate: 2026-11-30\n---\n"
                            + TEXT, encoding="utf-8")
    article = load_article(article_file)
    with SessionStore() as store:
        store.open(article, make_quotes(article.text), make_speakers(article.text)
                   ).set_status("q1", "confirmed")
    code, out, err = run(capsys, "export", str(article_file))
    assert code == 0, err
    doc = json.loads(out)
    validate_json_export(doc)
    assert (doc["article"]["url"], doc["article"]["date"]) == \
        ("https://news.example.com/from-file", "2026-11-30")
    for fmt in ("json", "claimreview"):
        code, out, err = run(capsys, "export", str(article_file), "--format", fmt,
                             "--url", "https://news.example.com/given")
        assert code == 0, err
        text = out
        assert "https://news.example.com/given" in text and "from-file" not in text
    appearance = json.loads(text)["@graph"][0]["itemReviewed"]["appearance"]
    assert appearance["datePublished"] == "2026-11-30"


@pytest.mark.parametrize("argv, message", [
    (["--url", "news.example.com"], "--url must start with https://"),
    (["--url", "javascript:alert(1)"], "--url must start with https://"),
    (["--url", "https://"], "--url must start with https://"),
    (["--db", "/nonexistent/corpus.db"], "corpus"),
    (["--format", "xml"], None),
])
def test_export_bad_arguments(capsys, article_file, fake_model, session_for, argv, message):
    """A bad --url, a missing corpus or an unknown format: exit 2, one line, nothing loaded."""
    code, out, err = run(capsys, "export", str(article_file), *argv)
    assert code == 2 and out == "" and "Traceback" not in err
    if message:
        assert err.count("\n") == 1 and message in err
    assert fake_model == []


def test_export_of_a_missing_article(capsys, fake_model):
    """A missing article file is the article loader's one-line error."""
    code, _, err = run(capsys, "export", "/nonexistent/article.txt")
    assert code == 2 and "no such file" in err and fake_model == []


def test_evidence_carries_the_source_date_against_the_articles(tmp_path):
    """The export says how long before the article its source was said (an old quote sold as
    new), and flags a source dated after the article (which cannot have quoted it)."""
    import dataclasses

    article = dataclasses.replace(make_article(), date="2022-06-01")
    with SessionStore(tmp_path / "s.db", reviewer="ana") as store:
        s = store.open(article, make_quotes(), make_speakers())
        s.set_evidence("q1", {"kind": "verbatim", "doc": {"id": 1, "path": "old.md",
                                                          "date": "2021-06-01"},
                              "start": 0, "end": 5, "text": "words"})
        s.set_evidence("q2", {"kind": "verbatim", "doc": {"id": 2, "path": "new.md",
                                                          "date": "2022-06-03T09:00:00"},
                              "start": 0, "end": 5, "text": "words"})
        doc = export_json(s)
    validate_json_export(doc)
    old, new = (doc["quotes"][k]["evidence"] for k in (0, 1))
    assert (old["date_gap_days"], old["source_after_article"]) == (365, False)
    assert (new["date_gap_days"], new["source_after_article"]) == (-2, True)

"""Tests for ``workbench verify`` (workbench.export.verify): a published check re-checked from its
files alone; it passes on an honest export and fails, naming the problem, on each tampering."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest

from corpus_helpers import SAMPLE_DOCS, Doc
from evidence_helpers import ARTICLE_TEXT, review
from workbench.cli import main
from workbench.corpus.search import search
from workbench.corpus.store import CorpusStore, NewDocument
from workbench.review import SessionStore

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def reviewed(tmp_path):
    return review(tmp_path)


def verify(capsys, reviewed, *extra: str) -> tuple[int, list[str], str]:
    code = main(["verify", str(reviewed.export), *extra])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def evidence(document: dict, qid: str) -> dict:
    return next(q for q in document["quotes"] if q["id"] == qid)["evidence"]


def tampered(reviewed, change) -> dict:
    """The export with *change* applied to a copy of its dict, written back."""
    document = copy.deepcopy(reviewed.document)
    change(document)
    reviewed.rewrite(document)
    return document


def replace_document(corpus, path: str, text: str) -> None:
    """Re-add the corpus document keyed *path* with another text (one passage)."""
    with CorpusStore(corpus) as store:
        store.add_document(NewDocument(path=path, title="Remarks by President Biden on the "
                                       "Economy", speaker="Joseph R. Biden", date="2022-03-01",
                                       url=None, kind="speech",
                                       sha256=hashlib.sha256(text.encode()).hexdigest(),
                                       text=text), [(0, len(text), "Joseph R. Biden")])


# --------------------------------------------------------------------------- what holds


def test_an_honest_export_verifies(capsys, reviewed):
    """Every check holds: exit 0, one summary line, nothing on stderr. The article is found
    through the export's article.path, the corpus through the evidence's corpus path."""
    code, lines, err = verify(capsys, reviewed)
    assert code == 0, lines
    assert lines == ["verified: 5 quotes, 5 with evidence: everything holds"]
    assert err == ""


def test_the_article_is_found_next_to_the_export(capsys, reviewed, tmp_path, monkeypatch):
    """A relative article.path that does not resolve from the current folder is looked up next
    to the export (a published check is a folder of files); --article names it explicitly."""
    tampered(reviewed, lambda d: d["article"].update(path="elsewhere/article.txt"))
    monkeypatch.chdir(tmp_path.parent)
    assert verify(capsys, reviewed)[0] == 0
    moved = tmp_path / "copy.txt"
    moved.write_bytes(reviewed.article.read_bytes())
    reviewed.article.unlink()
    assert verify(capsys, reviewed, "--article", str(moved))[0] == 0


def test_a_grown_corpus_still_verifies_with_a_note(capsys, reviewed):
    """Documents added to the corpus since the check change its fingerprint: a note, not a
    failure (each span is checked on its own)."""
    with CorpusStore(reviewed.corpus) as store:
        store.add_document(NewDocument(path="new", title="New", speaker=None, date=None, url=None,
                                       kind="other", sha256="0" * 64,
                                       text="An unrelated new document."),
                           [(0, 26, None)])
    code, lines, _ = verify(capsys, reviewed)
    assert code == 0, lines
    assert any(line.startswith("note: corpus: ") and "changed since the evidence was recorded"
               in line and "3 documents then, 4 now" in line for line in lines)
    assert lines[-1].startswith("verified: ") and "1 note" in lines[-1]


def test_evidence_stored_by_earlier_sessions_verifies_with_db(capsys, reviewed, tmp_path):
    """A raw Match.to_dict() (what sessions stored before evidence records) exports and
    verifies against --db: its span and kind are checked; a note says no hash was recorded."""
    with CorpusStore(reviewed.corpus, create=False) as store:
        [match, *_] = search(store, "We don't back down, and we won't start now,")
    with SessionStore(tmp_path / "sessions.db", reviewer="ana") as sessions:
        from workbench.article import load_article
        from workbench.export.json_export import export_json
        from evidence_helpers import article_quotes

        article = load_article(reviewed.article)
        session = sessions.open(article, article_quotes(article.text), [], model="fake")
        for q in session.quotes:
            session.set_evidence(q.id, None)
        session.set_evidence("q1", match.to_dict())
        reviewed.rewrite(export_json(session))
    code, lines, _ = verify(capsys, reviewed, "--db", str(reviewed.corpus))
    assert code == 0, lines
    assert any(line.startswith("note: q1: evidence from an earlier workbench") for line in lines)
    # Decided quotes without evidence are notes too: there is nothing to check.
    assert any(line == "note: q2: confirmed with no evidence recorded: nothing to check"
               for line in lines)


def test_no_match_found_in_a_changed_corpus_is_a_note(capsys, reviewed):
    """q4 was not in the corpus; a document added since holds it: the record was right for
    the corpus it names, so verify notes it and still passes."""
    text = "The moon landing was filmed in a studio in the desert of Nevada, he claimed."
    with CorpusStore(reviewed.corpus) as store:
        store.add_document(NewDocument(path="moon", title="Moon", speaker="A caller", date=None,
                                       url=None, kind="other", sha256="1" * 64, text=text),
                           [(0, len(text), None)])
    code, lines, _ = verify(capsys, reviewed)
    assert code == 0, lines
    assert any(line.startswith("note: q4: recorded no match; the corpus now finds one (")
               for line in lines), lines


def test_a_speaker_filter_does_not_decide_the_kind(capsys, reviewed):
    """The speaker recorded with the search narrows its candidates; it does not make the kind.
    A record whose speaker is not the source's (the article credits someone else) still
    verifies: the kind is re-aligned among the evidence's own documents."""
    def credited_to_another(d):
        evidence(d, "q1")["speaker_filter"] = "Mary Smith"
    tampered(reviewed, credited_to_another)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 0, lines


def test_no_match_with_no_corpus_searched_is_a_note(capsys, reviewed):
    """A verdict made with no corpus open records "no match" with a note and no corpus: verify
    says so and has nothing to search (no --db, and the export names no corpus)."""
    def no_corpus(d):
        d["corpus"] = None
        for q in d["quotes"]:
            q["evidence"] = None
        evidence_q4 = {**reviewed.document["quotes"][3]["evidence"], "corpus": None,
                       "note": "no corpus was searched (none given)"}
        d["quotes"][3]["evidence"] = evidence_q4
    tampered(reviewed, no_corpus)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 0, lines
    assert "note: q4: recorded no match: no corpus was searched (none given)" in lines


def test_evidence_from_another_version_is_noted(capsys, reviewed):
    """Kinds are re-aligned by this version's search: an auditor learns when the evidence was
    recorded by another one."""
    def older(d):
        for q in d["quotes"]:
            q["evidence"]["tool"]["version"] = "0.0.9"
    tampered(reviewed, older)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 0, lines
    assert "note: tool: evidence recorded by workbench 0.0.9, re-aligned by " in "\n".join(lines)


# --------------------------------------------------------------------------- what fails


def _edit_evidence_text(d):
    e = evidence(d, "q1")
    for located in [e, *e["parts"]]:
        located["span"]["text"] = "We never back down, and we won't start now"


def _edit_top_level_text(d):
    evidence(d, "q1")["span"]["text"] = "We never back down, and we won't start now"


def _part_kind(d):
    evidence(d, "q5")["parts"][1]["kind"] = "altered"


def _shift_quote(d):
    q = d["quotes"][0]
    q["parts"][0] = [q["parts"][0][0] + 1, q["parts"][0][1] + 1]
    q["start"] += 1
    q["end"] += 1


def _shift_span(d):
    e = evidence(d, "q1")
    for located in [e, *e["parts"]]:
        located["span"]["start"] += 2
        located["span"]["end"] += 2


def _wrong_kind(d):
    evidence(d, "q3")["kind"] = "close"  # it is altered ("harbours" for "ports")


def _unsplice(d):
    evidence(d, "q5")["kind"] = "altered"


def _retitle(d):
    e = evidence(d, "q1")
    for located in [e, *e["parts"]]:
        located["document"]["title"] = "Remarks by Governor Jane Doe"


def _hide_a_match(d):
    e = evidence(d, "q1")
    e.update(found=False, kind=None, score=None, document=None, span=None, speaker=None,
             diff=[], parts=[])


@pytest.mark.parametrize("change, expected", [
    (_edit_evidence_text, "q1: evidence text differs from the corpus (document 2 'Remarks by "
                          "President Biden on the Economy', "),
    (_edit_top_level_text, "q1: the evidence's document, span or speaker is not its first "
                           "part's"),
    (_part_kind, "q5: the recorded kind, score or diff of a part differs from the re-aligned one "
                 "(document 1 "),
    (_shift_quote, "q1: the article does not have the quote's text at its offsets"),
    (_shift_span, "q1: evidence text differs from the corpus (document 2 "),
    (_wrong_kind, "q3: recorded kind 'close', re-aligned 'altered' (document 2 "),
    (_unsplice, "q5: recorded kind 'altered', re-aligned 'spliced' (document 2 "),
    (_retitle, "q1: document 2 'Remarks by Governor Jane Doe': the title differs from the corpus"),
    (_hide_a_match, "q1: recorded no match, but the same corpus finds one: verbatim in "
                    "document 2 "),
], ids=["evidence-text", "top-level-text", "part-kind", "quote-offset", "span-offset", "kind",
        "splice-kind", "document-title", "no-match"])
def test_a_tampered_export_fails_and_names_the_problem(capsys, reviewed, change, expected):
    """Each tampering makes verify exit 1 with a line naming it; the summary says NOT verified."""
    tampered(reviewed, change)
    code, lines, err = verify(capsys, reviewed)
    assert code == 1, lines
    assert any(line.startswith(expected) for line in lines), lines
    assert lines[-1].startswith("NOT verified: ") and err == ""


def test_a_changed_article_fails(capsys, reviewed):
    """One word of the article changed: its sha256 differs from the export's, and the quote
    whose words moved is no longer at its offsets."""
    reviewed.article.write_text(ARTICLE_TEXT.replace("Biden digs in", "Biden digs in again"),
                                encoding="utf-8")
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1
    assert any(line.startswith("article: ") and "is not the reviewed article" in line
               for line in lines)
    assert any(line.startswith("q1: the article does not have the quote's text") for line in lines)


def test_a_changed_corpus_document_fails(capsys, reviewed):
    """The source document re-added with another text (same path, same id): its stored text's
    sha256 differs from the recorded one, and the span's text is no longer there."""
    [remarks] = [d for d in SAMPLE_DOCS if d.path == "remarks-2022-03-01"]
    text, _ = Doc(remarks.path, remarks.title, [(None, "We back down.")] + remarks.turns[1:]
                  ).text_and_passages()
    replace_document(reviewed.corpus, "remarks-2022-03-01", text)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1
    assert any(line.startswith("q1: the corpus document changed since the evidence was recorded "
                               "(document 2 ") for line in lines), lines
    assert any(line.startswith("q1: evidence text differs from the corpus") for line in lines)


def test_a_removed_corpus_document_fails(capsys, reviewed):
    with CorpusStore(reviewed.corpus) as store:
        store.remove("remarks-2022-03-01")
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1
    assert any(line.startswith("q1: document 2 'Remarks by President Biden on the Economy' is "
                               "not in the corpus") for line in lines)


# --------------------------------------------------------------------------- every reviewer's


def _with_ben(d, edit=lambda e: None, qid: str = "q1") -> None:
    """Ben's own verdict on *qid* beside ana's: her evidence, recorded a minute later (a record
    of his own, not the published one), changed by *edit*."""
    quote = next(q for q in d["quotes"] if q["id"] == qid)
    ben = copy.deepcopy(quote["reviews"][0])
    ben["verdict"]["reviewer"] = "ben"
    ben["evidence"]["recorded_at"] = "2099-01-01T00:00:00Z"
    edit(ben["evidence"])
    quote["reviews"].append(ben)


def _ben_cites_other_text(e):
    for located in [e, *e["parts"]]:
        located["span"]["text"] = "We never back down"


def test_each_reviewers_own_evidence_is_checked(capsys, reviewed):
    """A reviewer's verdict whose evidence is a record of its own (not the published one) is
    checked like the published one: an honest one holds (and is counted), one whose span
    is not in the corpus fails, the line naming whose verdict it is."""
    tampered(reviewed, _with_ben)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 0, lines
    assert lines == ["verified: 5 quotes, 5 with evidence (and 1 reviewer verdict with evidence "
                     "of their own): everything holds"]
    tampered(reviewed, lambda d: _with_ben(d, _ben_cites_other_text))
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1, lines
    assert [line.split(" (document")[0] for line in lines[:-1]] == [
        "q1 (ben's verdict): evidence text differs from the corpus"]
    assert lines[-1].startswith("NOT verified: 1 problem in 5 quotes")


def test_the_final_verdicts_own_evidence_is_checked(capsys, reviewed):
    """The editor's final verdict with evidence of its own: a kind the alignment does not
    give fails, named as the final verdict's."""
    def final(d):
        quote = next(q for q in d["quotes"] if q["id"] == "q3")
        record = copy.deepcopy(quote["reviews"][0])
        record["verdict"]["reviewer"] = "eve"
        record["evidence"]["kind"] = "close"
        quote["final"] = record
    tampered(reviewed, final)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1
    assert any(line.startswith("q3 (the final verdict, eve's): recorded kind 'close', "
                               "re-aligned 'altered'") for line in lines), lines


@pytest.mark.parametrize("change, message", [
    (lambda q: q.update(reviews={"ana": {}}), "quotes[0]: reviews must be a list"),
    (lambda q: q.update(reviews=["ana"]), "quotes[0]: reviews[0]: not an object"),
    (lambda q: q["reviews"][0]["evidence"].update(document={"id": "2"}),
     "quotes[0]: reviews[0]: evidence: document must be an object with an integer id"),
    (lambda q: q.update(final={"verdict": {}, "evidence": []}),
     "quotes[0]: final: evidence must be an object or null"),
], ids=["reviews-object", "review-string", "review-document", "final-evidence"])
def test_a_malformed_review_is_bad_input(capsys, reviewed, change, message):
    tampered(reviewed, lambda d: change(d["quotes"][0]))
    code, lines, err = verify(capsys, reviewed)
    assert code == 2 and lines == [] and message in err and "Traceback" not in err


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a JSON file"),
    ('{"format": {"name": "something-else", "version": 1}}', "not a workbench review export"),
    ('[1, 2]', "not a workbench review export (not a JSON object)"),
    ('{"format": {"name": "workbench-review", "version": 99}}', "format version 99"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, content, message):
    export = tmp_path / "x.json"
    export.write_text(content, encoding="utf-8")
    code = main(["verify", str(export)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_a_malformed_quote_is_bad_input(capsys, reviewed):
    tampered(reviewed, lambda d: d["quotes"][0].update(parts=[["1", 5]]))
    code, lines, err = verify(capsys, reviewed)
    assert code == 2 and lines == []
    assert "quotes[0]: parts must be a list of [start, end] offsets" in err


def test_a_missing_article_or_corpus_is_bad_input(capsys, reviewed, tmp_path):
    """Exit 2 with one line: the article file gone, a --db that is not there."""
    code, _, err = verify(capsys, reviewed, "--db", str(tmp_path / "nowhere.db"))
    assert code == 2 and err.count("\n") == 1 and "nowhere.db" in err
    reviewed.article.unlink()
    code, _, err = verify(capsys, reviewed)
    assert code == 2 and err.count("\n") == 1 and "--article" in err
    code, _, err = verify(capsys, reviewed, "--article", str(tmp_path / "gone.txt"))
    assert code == 2 and "no such file" in err


def test_missing_export_file(capsys, tmp_path):
    code = main(["verify", str(tmp_path / "none.json")])
    _, err = capsys.readouterr()
    assert code == 2 and "no such file" in err


def test_untrusted_text_is_shown_without_control_sequences(capsys, reviewed):
    """A title in a tampered export cannot send terminal escapes through verify's output."""
    def evil(d):
        evidence(d, "q1")["parts"][0]["document"]["title"] = "\x1b[31mred\x1b]0;pwned\x07"
    tampered(reviewed, evil)
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1
    assert not any("\x1b" in line or "\x07" in line for line in lines)
    assert json.dumps(lines)  # plain text


def test_a_verdict_on_words_a_correction_changed_rests_on_other_words(capsys, reviewed,
                                                                       tmp_path):
    """q1 was confirmed with evidence for its words; a trim changes them: the export marks the
    verdict for a second look and verify fails on it ("rests on other words") instead of
    noting an edited query; confirming it again (with new evidence) would clear it."""
    from workbench.article import load_article
    from workbench.export.json_export import export_json
    from evidence_helpers import article_quotes

    with SessionStore(tmp_path / "sessions.db", reviewer="ana") as sessions:
        article = load_article(reviewed.article)
        session = sessions.open(article, article_quotes(article.text), [], model="fake")
        session.resize("q1", "end", grow=False)
        reviewed.rewrite(export_json(session))
    code, lines, _ = verify(capsys, reviewed)
    assert code == 1, lines
    assert [line for line in lines if line.startswith("q1:")] == [
        "q1: the verdict rests on other words: its evidence was searched for \"We don't back "
        "down, and we won't start now,\", the quote changed since (marked for a second look)"]
    assert lines[-1].startswith("NOT verified: 1 problem")

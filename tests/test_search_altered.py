"""Heavily altered quotes (issue 11): up to a third of a quote's words replaced by unrelated
words, dropped or added, and the source is still found first, called ``altered``, with the
diff; further off, at most a weak lead that is never a finding; one altered sentence is never
reported as spliced. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from corpus_helpers import BACKENDS, Doc, build_store, new_corpus, open_corpus_store  # noqa: F401

from workbench.corpus.search import Searcher, search

SOURCE = ("The new bridge over the river will open to traffic next spring after years of "
          "costly delays.")
"""Seventeen words, said once in the corpus."""

UNRELATED = ["pineapple", "saxophone", "glacier", "umbrella", "volcano", "marathon"]
"""Words the article puts in: each is in the corpus, alone in a passage of its own, so they are
the quote's rarest known words (the ones the first look's AND queries rely on)."""

FILLER = [
    "The council will meet next spring to discuss the budget for the coming years.",
    "Traffic on the river road was heavy after the storm, and delays lasted for hours.",
    "We will open the new school in the spring, after years of planning.",
    "The bridge was closed for repairs, and the river ferry carried the traffic instead.",
    "Costs rose over the years, but the project will open on time.",
    "The Senate voted on the infrastructure bill after a long debate.",
]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    path = new_corpus(request, tmp_path_factory, request.param)
    docs = [Doc(path="remarks-bridge", title="Remarks by Governor Jane Doe on the Bridge",
                speaker="Jane Doe", kind="speech", date="2022-05-02",
                turns=[("Jane Doe", "Thank you all for coming today."), ("Jane Doe", SOURCE),
                       ("Jane Doe", "It has been a long road. Ukraine's future is in NATO. "
                                    "All NATO Allies agree on that, and we will support them.")]),
            Doc(path="other-remarks", title="Remarks by the Mayor", speaker="John Roe",
                kind="speech", turns=[("John Roe", t) for t in FILLER]),
            Doc(path="words", title="A word list", speaker="Word Smith", kind="speech",
                turns=[("Word Smith", f"The {w} is here.") for w in UNRELATED])]
    build_store(path, docs).close()
    return path


def _words(text: str) -> list[str]:
    return text.rstrip(".").split()


def _beyond_a_third() -> str:
    """SOURCE with seven of its seventeen words changed: more than a third."""
    words = _words(SOURCE)
    for i, w in zip((1, 3, 5, 8, 10, 12, 14), ("old", "across", "lake", "close", "cars",
                                               "winter", "many")):
        words[i] = w
    return " ".join(words)


def test_three_unrelated_replacements_are_found_as_altered(store):
    """Three words of seventeen replaced by unrelated (rarer) words: the source, first, altered,
    each replacement in the diff."""
    words = _words(SOURCE)
    words[2], words[9], words[15] = "pineapple", "saxophone", "glacier"
    [m, *_] = search(store, " ".join(words))
    assert m.kind == "altered" and m.doc.title.startswith("Remarks by Governor")
    assert "next spring" in m.text
    replaced = [(d.article, d.source) for d in m.diff if d.op == "replace"]
    assert replaced == [("pineapple", "bridge"), ("saxophone", "traffic"), ("glacier", "costly")]


def test_five_edits_in_seventeen_words_are_found_as_altered(store):
    """Five edits (three unrelated replacements, a word dropped, a word added): under a third
    of the words, and the rarest words of the quote are the ones put in. Still the source,
    first, altered, with every edit in the diff."""
    words = _words(SOURCE)
    words[2], words[5], words[15] = "umbrella", "volcano", "marathon"  # bridge, river, costly
    del words[12]  # "after"
    words.insert(10, "pineapple")  # before "next"
    quote = " ".join(words)
    [m, *_] = search(store, quote)
    assert m.kind == "altered" and m.doc.title.startswith("Remarks by Governor")
    ops = [d.op for d in m.diff if d.op != "equal"]
    assert ops.count("replace") == 3 and "delete" in ops and "insert" in ops


def test_beyond_a_third_is_only_a_lead(store):
    """Seven of seventeen words changed: no finding (search returns nothing), but the source is
    offered as a weak lead, kind ``lead``; an invented sentence gets no lead at all."""
    quote = _beyond_a_third()
    searcher = Searcher(store)
    assert searcher.search(quote) == []
    matches, lead = searcher.search_with_lead(quote)
    assert matches == [] and lead is not None
    assert lead.kind == "lead" and lead.first.kind == "lead"
    assert lead.doc.title.startswith("Remarks by Governor")
    invented = "Our orchestra rehearses symphonies every Thursday evening beside the harbour lights."
    assert searcher.search_with_lead(invented) == ([], None)


def test_one_altered_sentence_is_not_spliced(store):
    """Two sentences of one passage, one word changed in each (the issue's "is in NATO"): the
    parts are found in one place, so the match is altered, not spliced."""
    quote = "Ukraine's future lies in NATO. All Allies agree on that, and we will support them."
    [m, *_] = search(store, quote)
    assert m.kind == "altered" and len(m.parts) == 1
    assert m.doc.title.startswith("Remarks by Governor")


def test_an_old_source_suggests_wrong_date_or_venue(store):
    """The dispute dialog suggests "wrong date or venue" for a verbatim quote whose source is
    dated half a year or more before the article (an old quote presented as new), not for a
    recent one; the rating is a ClaimReview one."""
    from workbench.check import SpeakerCheck
    from workbench.review.verdicts import rating_for
    from workbench.tui.backend import Evidence
    from workbench.tui.screens.dispute import suggested_reason

    [m, *_] = search(store, SOURCE)
    assert m.kind == "verbatim" and m.doc.date == "2022-05-02"
    shown = Evidence(m, SpeakerCheck("same", "Jane Doe", "Jane Doe"))
    assert suggested_reason(shown, "2023-01-10") == "wrong_date_or_venue"
    assert suggested_reason(shown, "2022-06-01") is None
    assert rating_for("disputed", "wrong_date_or_venue").name == "Wrong date or venue"


def test_check_shows_a_lead_apart_from_the_findings(db):
    """In ``check``, a quote beyond a third is "not found", with the weak lead apart (in the
    JSON as ``lead``, printed as "weak lead (not a finding)"), never as a match."""
    from rich.console import Console

    from workbench.article import article_from_text
    from workbench.check import check_extraction
    from workbench.commands.check import check_view
    from workbench.corpus.store import open_store
    from workbench.models import Extraction, Quote

    quoted = _beyond_a_third()
    text = f"The governor said: “{quoted}.”"
    start = text.index(quoted)
    quote = Quote("q1", [(start, start + len(quoted))], quoted, None, "Jane Doe")
    with open_store(db) as store:
        [c] = check_extraction(Extraction(article_from_text(text, path="a.txt"), "m", "1", [],
                                          [quote]), store).checks
    assert c.assessment == "not_found" and c.matches == []
    out = c.to_dict()
    assert out["matches"] == [] and out["lead"]["kind"] == "lead"
    console = Console(width=200, record=True, color_system=None)
    console.print(check_view(1, c))
    assert "weak lead (not a finding)" in console.export_text()


def test_search_cli_prints_the_lead_under_no_match(capsys, db):
    """``workbench search`` says "No match", then the weak lead, labelled as not a finding;
    ``--json`` keeps it out of ``matches``."""
    import json

    from workbench.cli import main

    quote = _beyond_a_third()
    assert main(["search", quote, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No match") and "A weak lead (not a finding" in out
    assert main(["search", quote, "--db", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["matches"] == [] and doc["lead"]["kind"] == "lead"


def test_an_exact_occurrence_aligns_as_the_window_search_does():
    """The shortcut for a quote found word for word gives the alignment the window search
    gives (the first occurrence when there are two)."""
    from workbench.corpus import align as align_mod
    from workbench.corpus.tokens import tokenize as tok
    passage = ("He said: “We will build the bridge.” Later, we will build the bridge again, "
               "and we will build the road.")
    for quote in ("we will build the bridge", "We will build the bridge.", "the road",
                  "He said we will", "build the bridge again and"):
        q = tok(quote)
        fast = align_mod.align(q, passage)
        p = tok(passage)
        assert align_mod._exact_window(q, p) is not None
        slow_window = align_mod._best_window(q, p, *align_mod._rough_window(q, p))
        assert (fast.start, fast.end) == p.span(*slow_window)
        assert fast.kind in ("verbatim", "partial") and fast.similarity == 100
    assert align_mod._exact_window(tok("we will build bridges"), tok(passage)) is None


def test_a_quote_searched_in_sentences_asks_no_idf_ranking_of_the_whole(store):
    """Two sentences, each with words changed and from a different passage: the whole is
    nowhere, each sentence is found by its own looks. The idf ranking (the third look's) is
    asked for a sentence at most, never for the whole quote (it was the dearest query of a
    quote that is nowhere, and what it found the sentences' looks find)."""
    words = _words(SOURCE)
    words[2], words[9], words[15] = "pineapple", "saxophone", "glacier"
    quote = " ".join(words) + ". All NATO Allies agree on this, and we will support them."
    searcher = Searcher(store)
    asked = []
    by_idf = searcher.index._by_idf
    searcher.index._by_idf = lambda useful, limit, wide: asked.append(set(useful)) or by_idf(
        useful, limit, wide)
    [m, *_] = searcher.search(quote)
    assert m.kind == "spliced" and len(m.parts) == 2
    assert all(p.doc.title.startswith("Remarks by Governor") for p in m.parts)
    assert not any({"pineapple", "nato"} <= terms for terms in asked)

"""Tests for workbench.corpus.align and tokens: one quote placed in one passage."""

from __future__ import annotations

from workbench.corpus.align import align, is_whole_sentence
from workbench.corpus.match import DiffOp
from workbench.corpus.tokens import normalize, split_ellipsis, tokenize

PASSAGE = ("Thank you all. We don't back down, and we won't start now. Our nation is stronger "
           "than ever before, and the best is yet to come.")


def place(quote: str, passage: str = PASSAGE):
    return align(tokenize(quote), passage)


def test_curly_quotes_case_and_spacing_are_verbatim():
    """Curly apostrophes, capitals and extra spaces do not count: the span is verbatim, score 100."""
    al = place("WE DON’T  back down,and we won’t start now")
    assert al.kind == "verbatim"
    assert al.score == 100
    assert PASSAGE[al.start:al.end] == "We don't back down, and we won't start now"
    assert [d.op for d in al.diff] == ["equal"]


def test_cut_of_a_longer_sentence_is_partial():
    """A faithful piece of a longer sentence is 'partial', not 'verbatim'."""
    al = place("stronger than ever before")
    assert al.kind == "partial"
    assert al.score == 100


def test_one_letter_is_close():
    """A one-letter change (an inflection, a typo) is 'close'."""
    al = place("Our nations is stronger than ever before, and the best is yet to come.")
    assert al.kind == "close"
    assert DiffOp("replace", "nations", "nation") in al.diff


def test_changed_and_dropped_words_are_altered_with_diff_ops():
    """A changed word is a replace, a dropped word a delete (source side), an added one an insert."""
    al = place("Our country is stronger than ever, and the very best is yet to come.")
    assert al.kind == "altered"
    changes = [d for d in al.diff if d.op != "equal"]
    assert DiffOp("replace", "country", "nation") in changes
    assert DiffOp("delete", "", "before") in changes
    assert DiffOp("insert", "very", "") in changes


def test_span_starts_at_the_right_the():
    """When the quote's first word also occurs just before, the span still starts where it should."""
    passage = ("He spoke of the peace of the two nations. The question, therefore, is whether a "
               "treaty should be accepted in that form at all.")
    al = align(tokenize("The question, therefore, is whether a treaty should be accepted in that "
                        "form at all."), passage)
    assert passage[al.start:al.end].startswith("The question")
    assert al.kind == "verbatim"


def test_passage_shorter_than_the_quote_is_not_a_perfect_match():
    """'the u s' inside a long quote is no 100: a short passage is compared whole, not partially."""
    al = place("The U.S. economy grew faster than any other advanced economy in the world last year",
               "the U.S.")
    assert al is None or (al.score < 100 and not al.is_finding)


def test_unrelated_sentence_is_not_a_finding():
    """A sentence that shares only common words with the passage is no finding."""
    al = place("We will build a new bridge over the river before the end of the year.")
    assert al is None or not al.is_finding


def test_a_short_quote_may_differ_by_one_word_not_two():
    """Five words with two changed is a lookalike, not a source; with one changed it is one."""
    passage = "The plant will close no later than December 1, the company said."
    assert not place("no later than next spring", passage).is_finding
    assert place("close no later than spring", passage).is_finding


def test_thousands_separators_do_not_count_but_decimals_do():
    """'10,240' equals '10240'; '3.5' does not equal '35'."""
    assert normalize("10,240 acres") == normalize("10240 acres")
    assert normalize("3.5 percent") != normalize("35 percent")


def test_ellipsis_sides():
    """Both '…' and '...' split a quote; empty sides (a leading ellipsis) are dropped."""
    assert split_ellipsis("…we will win... and we will rebuild") == ["we will win",
                                                                     "and we will rebuild"]


def test_whole_sentence_boundaries():
    """A span is a whole sentence when sentence ends (or the passage's ends) surround it."""
    text = "First one. “Second one,” he said. Third"
    assert is_whole_sentence(text, 0, 9)
    assert not is_whole_sentence(text, 0, 5)
    assert is_whole_sentence(text, text.index("Third"), len(text))

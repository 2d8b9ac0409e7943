"""The quote component's candidates before attribution: where an article's body starts (a
headline is skipped, a first paragraph of prose is not: text pasted without its headline must
not lose its first quotes), and where a quote never closed ends."""

from __future__ import annotations

import pytest

from workbench.quotes.component import _headline_end
from workbench.quotes.marks import paragraphs

BODY = ("\n\nThe crowd cheered as the motorcade left.\n\n"
        "Officials said the rally drew about 4,000 people to the fairground.\n")


def _body_start(first: str) -> int:
    text = first + BODY
    return _headline_end(text, paragraphs(text))


@pytest.mark.parametrize("headline", [
    "Obama Power Plant Rules Face Key Test In U.S. Court.",
    "The real Trump showed up at debate. GOP must live with it.",
    "Why Obama's high-court pick might still fly - with the aid of a lame duck.",
    "Dr. Ben Carson: Hillary Clinton ‘Not Fit To Serve As President.’",
    # Mrs. and U.S. do not end a sentence: two sentences, as headlines may have
    "Mrs. Smith went to the U.S. Senate on Monday. She said “it was long.”",
    # a headline quotes a few words, not a statement
    "The Latest: Sanders declares ‘revolution,’ ignores losses.",
])
def test_a_headline_is_skipped_title_case_or_sentence_case(headline):
    assert _body_start(headline) == len(headline)


@pytest.mark.parametrize("lede", [
    # three sentences in sentence case (headlines run to two)
    'Donald Trump spoke in Ohio on Monday. Melania Trump joined him later. '
    'Mrs. Trump said, "I am proud of my husband."',
    # more words than a headline has
    "The governor of the state said on Tuesday that the budget agreement reached overnight "
    "with the legislature was “the best deal we could get for working families this year.”",
    # a statement quoted with its cue to follow
    "“We need to out-innovate, out-educate, and out-build the rest of the world,” the "
    "senator told the committee, and her aides still repeat it.",
])
def test_a_first_paragraph_of_prose_is_body_text(lede):
    """A sentence-case first paragraph longer, of more sentences, or quoting a statement
    before its cue, is the article's body (text pasted without its headline)."""
    assert _body_start(lede) == 0


def test_a_quote_never_closed_ends_at_the_writers_cue():
    """“… of our time, Obama said, before moving on. -- the closing mark left out is where the
    cue begins: the quote ends at the comma; a quote closed, or without a cue, is as found."""
    from workbench.quotes.component import _cut_at_cue
    from workbench.quotes.marks import scan

    text = ("Some quotes are never closed. “We know what it takes to compete for the jobs of "
            "our time, Barack Obama said, before moving on.\n\nThe end.")
    (region,) = scan(text)
    cut = _cut_at_cue(text, region)
    s, e = cut.parts[-1]
    assert text[s:e] == "We know what it takes to compete for the jobs of our time,"
    closed = "“We know what it takes, Obama said, is more,” she said."
    (region,) = scan(closed)
    assert _cut_at_cue(closed, region) == region
    bare = "“We know what it takes to compete and win, always.\n\nThe end."
    (region,) = scan(bare)
    assert _cut_at_cue(bare, region) == region

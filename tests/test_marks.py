"""Unit tests for workbench.quotes.marks: pairing quote marks into quoted regions.

Every case is hand-written; assertions compare the exact part texts (``text[s:e]``) so an
off-by-one in an offset, a mark left inside a part or untrimmed whitespace all fail.
"""

from __future__ import annotations

import pytest

from workbench.quotes.marks import QuoteRegion, paragraphs, scan


def texts(text: str, typewriter: bool = False) -> list[list[str]]:
    """The part texts of every region, region by region."""
    return [[text[s:e] for s, e in r.parts] for r in scan(text, typewriter=typewriter)]


def only(text: str, typewriter: bool = False) -> QuoteRegion:
    regions = scan(text, typewriter=typewriter)
    assert len(regions) == 1, [[text[s:e] for s, e in r.parts] for r in regions]
    return regions[0]


# -- the mark forms ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, content, family", [
    ("He said “curly quotes here” today.", "curly quotes here", "double"),
    ('He said "straight quotes here" today.', "straight quotes here", "double"),
    ("Er sagte «guillemets here» heute.", "guillemets here", "double"),
    ("Er sagte »German guillemets« heute.", "German guillemets", "double"),
    ("Er sagte „low nine marks“ heute.", "low nine marks", "double"),
    ("„Das ist gut,“ sagte er.", "Das ist gut,", "double"),
    ("He said ‘single quotes here’ today.", "single quotes here", "single"),
    ("He said 'straight single here' today.", "straight single here", "single"),
])
def test_each_mark_form_gives_one_region(text, content, family):
    """Each pair of marks (curly, straight, guillemets both ways, low-9, single) gives its content."""
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == [content]
    assert r.family == family
    assert r.closed is True
    # the recorded marks are the actual marks around the content
    assert r.open_mark == r.start - 1
    assert r.close_mark == r.end
    assert text[r.open_mark] in "“\"«»„‘'"
    assert text[r.close_mark] in "”\"»«“’'"


def test_region_offsets_point_into_text():
    """start/end are the first part's start and the last part's end, marks excluded."""
    text = "Intro. “Hello there, friends,” she said."
    r = only(text)
    assert (r.start, r.end) == (text.index("Hello"), text.index(",”") + 1)
    assert text[r.open_mark] == "“" and text[r.close_mark] == "”"


def test_british_top_level_single_quotes():
    """British style: a top-level single-quoted statement is a region of the single family."""
    text = "‘We will fight on,’ he said. ‘And we will win.’"
    assert texts(text) == [["We will fight on,"], ["And we will win."]]
    assert [r.family for r in scan(text)] == ["single", "single"]


def test_single_nested_in_double_is_not_a_region():
    """Single marks nested inside a double quote stay inside it, not a separate region."""
    text = "He said “the word ‘nested’ is inside” today."
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == ["the word ‘nested’ is inside"]
    assert r.family == "double"


def test_double_nested_in_single_is_not_a_region():
    """British nesting: “…” inside ‘…’ stays inside the single-quoted region."""
    text = "‘He called it “madness”,’ she said."
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == ["He called it “madness”,"]
    assert r.family == "single"


def test_nested_single_at_both_edges():
    """“‘Hi,’ she said.” -- the inner marks flank the outer ones and stay in the part."""
    text = "“‘Hi,’ she said.”"
    assert texts(text) == [["‘Hi,’ she said."]]


def test_mixed_german_and_guillemet_marks_in_one_sentence():
    """Two different double-mark styles in one sentence give two regions."""
    text = "Wir sagen „Hallo“ und »Tschüss«."
    assert texts(text) == [["Hallo"], ["Tschüss"]]


def test_french_guillemets_with_inner_spaces_and_nesting():
    """« spaced » guillemets are trimmed, and a nested pair stays inside the outer region."""
    assert texts("« bonjour »") == [["bonjour"]]
    text = "«On dit « bonjour » ici»."
    assert texts(text) == [["On dit « bonjour » ici"]]


# -- apostrophes ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I don’t think so.",
    "Kyiv’s status was discussed.",
    "Music from the ’90s came back.",
    "The students’ union met today.",
    "They played rock ’n’ roll all night.",
    "Go and tell ’em now.",
    "I don't think Kyiv's plan from the '90s helps students' rock 'n' roll, tell 'em.",
    "I don’t think Kyiv’s plan from the ’90s helps students’ rock ’n’ roll, tell ’em.",
    "Wait ’til tomorrow.",
])
def test_apostrophes_are_not_quotes(text):
    """Elisions, possessives and decade abbreviations produce no region."""
    assert scan(text) == []


def test_apostrophes_do_not_disturb_a_double_quote():
    """Apostrophes inside and around a double quote leave its content intact."""
    text = "Kyiv’s envoy said “we don’t expect ’em before the ’30s,” the students’ paper said."
    assert texts(text) == [["we don’t expect ’em before the ’30s,"]]


def test_apostrophes_between_quotes():
    """A possessive next to a quote mark does not steal or shift the neighbouring quotes."""
    text = "Kyiv’s “plan” and the students’ “union”."
    assert texts(text) == [["plan"], ["union"]]


@pytest.mark.parametrize("text, content", [
    ("‘I loved the ’90s,’ she said.", "I loved the ’90s,"),
    ("‘Don’t tell ’em,’ she said.", "Don’t tell ’em,"),
    ("‘Kyiv’s future is bright,’ she said.", "Kyiv’s future is bright,"),
])
def test_apostrophes_inside_single_quotes(text, content):
    """Elisions inside a single-quoted region neither close it nor open a new one."""
    assert texts(text) == [[content]]


def test_rock_n_roll_inside_single_quotes():
    """The ’n’ of rock ’n’ roll does not close a single-quoted region."""
    text = "‘Rock ’n’ roll saved me,’ he said."
    assert texts(text) == [["Rock ’n’ roll saved me,"]]


def test_plural_possessive_inside_single_quotes():
    """students’ inside a single-quoted region is an apostrophe, the later ’ closes the quote."""
    text = "‘The students’ union is strong,’ he said."
    assert texts(text) == [["The students’ union is strong,"]]


# -- partial and broken quotes ---------------------------------------------------------------

def test_partial_quote_inside_sentence():
    """A few quoted words inside a sentence form their own region."""
    text = "the decision is “up to NATO” she said"
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == ["up to NATO"]
    assert r.closed


def test_two_partial_quotes_in_one_sentence():
    """Two partial quotes in one sentence are two regions, in order."""
    text = "She called the road “patched but passable” and promised repairs “no later than spring.”"
    assert texts(text) == [["patched but passable"], ["no later than spring."]]


@pytest.mark.parametrize("text", [
    "“A,” he said. “B.”",
    '"A," he said. "B."',
    "“A,” he said, “B.”",
])
def test_quote_broken_by_attribution_gives_two_regions(text):
    """“A,” he said. “B.” is two regions at the scanner level (merging is the component's job)."""
    assert texts(text) == [["A,"], ["B."]]
    first, second = scan(text)
    assert first.closed and second.closed
    assert first.close_mark < second.open_mark


# -- paragraphs -------------------------------------------------------------------------------

def test_quote_over_several_paragraphs():
    """Opening mark repeated at each paragraph, closing only at the end: one region, one part each."""
    text = "“First para of quote.\n\n“Second para.\n\n“Third para,” she said."
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == ["First para of quote.", "Second para.", "Third para,"]
    assert r.open_mark == 0
    assert r.close_mark == text.index("”")
    assert r.closed


def test_quote_over_paragraphs_after_intro_sentence():
    """A multi-paragraph quote that starts mid-paragraph still continues into the next one."""
    text = ("Voss closed the meeting.\n\n"
            "“If the contracts come in lower, the money goes back to the library.\n\n"
            "“What I will not do is pretend,” she said.")
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == [
        "If the contracts come in lower, the money goes back to the library.",
        "What I will not do is pretend,"]
    assert r.open_mark == text.index("“If")


def test_quote_over_paragraphs_with_single_newlines():
    """With one newline between short paragraphs (not hard-wrapped) continuation still works."""
    text = "“One.\n“Two.\n“Three,” she said."
    assert texts(text) == [["One.", "Two.", "Three,"]]


def test_unclosed_quote_not_continued_ends_at_paragraph():
    """An opener whose paragraph ends unclosed, and next paragraph has no opener: recovered, closed=False."""
    text = "He said “we will go on and on\n\nThe next paragraph is plain narration."
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == ["we will go on and on"]
    assert r.closed is False and r.close_mark is None
    assert r.open_mark == text.index("“")


def test_paragraphs_split_at_blank_lines():
    """paragraphs() splits at blank lines and drops the separators."""
    text = "One para.\n\nTwo para.\n\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One para.", "Two para.", "Three."]


# -- stray and unbalanced marks ---------------------------------------------------------------

def test_lone_closing_mark_is_ignored():
    """A closing mark with nothing open does not create a region or disturb the next quote."""
    text = "A lone closer” here. And “a proper quote.”"
    assert texts(text) == [["a proper quote."]]


@pytest.mark.parametrize("mark", ["“", '"'])
def test_lone_opening_mark_at_end_of_paragraph(mark):
    """An opener left at the very end of a paragraph makes no region and does not swallow the next."""
    text = f"He said it all ends with {mark}\n\nNext paragraph has {mark}a quote.{'”' if mark == '“' else mark}"
    assert texts(text) == [["a quote."]]


def test_unclosed_opener_recovered_up_to_next_quote():
    """An opener with no closer, then a proper quote: the first ends at the second's opener, unclosed."""
    text = "He said “no closer here and then “a proper quote.” end"
    regions = scan(text)
    assert [[text[s:e] for s, e in r.parts] for r in regions] == [
        ["no closer here and then"], ["a proper quote."]]
    first, second = regions
    assert first.closed is False and first.close_mark is None
    assert first.open_mark == text.index("“")
    assert second.closed is True and second.open_mark == text.index("“a")


def test_straight_mark_between_spaces_is_ignored():
    """A straight " standing alone between spaces is no mark; the real quote after it is found."""
    text = 'He said " and then "a real quote" here.'
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == ["a real quote"]
    assert r.open_mark == text.index('"a')


def test_curly_marks_between_spaces_keep_direction():
    """Curly marks between spaces keep their direction: “ opens, ” closes (trimmed content)."""
    text = "He said “ as cut ” by the editor."
    assert texts(text) == [["as cut"]]


def test_empty_quote_gives_no_region():
    """“” with nothing inside is not a region."""
    assert scan("He said “” and left.") == []
    assert scan("He said “   ” and left.") == []


def test_empty_and_markless_text():
    """Text without marks, and the empty string, give no regions."""
    assert scan("") == []
    assert scan("No quotes at all in this sentence.") == []


# -- typewriter marks -------------------------------------------------------------------------

def test_typewriter_marks_off_by_default():
    """'' and `` are not quote marks unless typewriter=True."""
    text = "He said ''typewriter quotes'' here."
    assert scan(text) == []


@pytest.mark.parametrize("text, content", [
    ("He said ''typewriter quotes'' here.", "typewriter quotes"),
    ("He said ``typewriter quotes'' here.", "typewriter quotes"),
])
def test_typewriter_marks_on(text, content):
    """With typewriter=True, '' and ``…'' pair as double quotes, both marks excluded."""
    r = only(text, typewriter=True)
    assert [text[s:e] for s, e in r.parts] == [content]
    assert r.family == "double"
    assert text[r.open_mark:r.open_mark + 2] in ("''", "``")
    assert text[r.close_mark:r.close_mark + 2] == "''"


def test_typewriter_does_not_change_ordinary_quotes():
    """Normal quotes are scanned the same with typewriter on."""
    text = "He said “curly” and 'single' and \"straight\"."
    assert texts(text, typewriter=True) == texts(text)


# -- hard-wrapped text ------------------------------------------------------------------------

HARD_WRAPPED = (
    "The council met on Thursday night and voted to approve a budget that\n"
    "trims library hours and delays the repaving of Canal Street.\n"
    "\n"
    "“This is not the budget anyone wanted, but it is the budget we can\n"
    "afford,” Mayor Helena Voss said after the vote, adding that the city\n"
    "would revisit the library hours in September once contracts are\n"
    "signed and the new energy prices are known to the treasurer.\n"
)


def test_hard_wrapped_newlines_do_not_break_a_quote():
    """Single newlines inside a hard-wrapped paragraph do not end a quote."""
    text = HARD_WRAPPED
    r = only(text)
    assert [text[s:e] for s, e in r.parts] == [
        "This is not the budget anyone wanted, but it is the budget we can\nafford,"]
    assert r.closed


def test_hard_wrapped_paragraphs():
    """Hard-wrapped text splits into paragraphs at blank lines only."""
    paras = paragraphs(HARD_WRAPPED)
    assert len(paras) == 2
    assert HARD_WRAPPED[paras[1][0]:].startswith("“This is not")


def test_typewriter_quote_over_several_paragraphs():
    """``A / ``B'' over two paragraphs (typewriter style) is one region with a part per paragraph."""
    text = "``First para of quote.\n\n``Second para,'' he said."
    assert texts(text, typewriter=True) == [["First para of quote.", "Second para,"]]


# -- regressions found by the property tests ----------------------------------------------------

@pytest.mark.parametrize("text, typewriter", [
    ("‘A\n\n'' “B” ‘C’", False),
    ("‘We start here\n\n'' “a double quote” and ‘more words’", False),
    ("'\"\n''‘'''‘", True),
])
def test_regions_in_order_when_unclosed_single_quote_meets_double_apostrophe(text, typewriter):
    """Regions come out in text order and never interleave, even after an unclosed ‘ and a ''."""
    regions = scan(text, typewriter=typewriter)
    spans = [(r.start, r.end) for r in regions]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans


def test_closing_mark_glued_to_the_next_word_still_closes():
    """“…,”Smith said -- a closing mark after a comma or full stop closes the quote even with no
    space before the next word (the speaker's name)."""
    assert texts("“We will win this fight,”Smith said. “It is over.”Then he left.") == [
        ["We will win this fight,"], ["It is over."]]

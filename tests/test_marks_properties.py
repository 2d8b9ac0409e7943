"""Property tests for workbench.quotes.marks.scan on random text heavy in quote marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.quotes.marks import scan

QUOTE_MARKS = "\"“”„‟«»'‘’‚‛‹›`"
LETTERS = "abcdeKyivnstmo09"
SPACES = "  \n\n\t"
PUNCT = ".,;:!?—-()…"

# quote marks are drawn far more often than in real text so pairing code is exercised hard
_char = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(LETTERS),
    st.sampled_from(SPACES),
    st.sampled_from(PUNCT),
)
# words and runs help marks land next to letters (openers/closers) as well as next to marks
_chunk = st.one_of(
    _char,
    st.text(alphabet=LETTERS, min_size=1, max_size=6),
    st.sampled_from(["''", "``", "\n\n", " ’90s ", " don’t ", "’n’", "students’ ", " ’em"]),
)
texts = st.lists(_chunk, max_size=80).map("".join)


def check_invariants(text: str, typewriter: bool) -> None:
    regions = scan(text, typewriter=typewriter)
    assert isinstance(regions, list)
    prev_end = -1
    for r in regions:
        assert r.parts, "a region has at least one part"
        assert r.family in ("double", "single")
        last = -1
        for s, e in r.parts:
            # inside the text, non-empty
            assert 0 <= s < e <= len(text), (s, e, len(text))
            # ordered and non-overlapping within the region
            assert s >= last, r.parts
            last = e
            # trimmed
            assert not text[s].isspace() and not text[e - 1].isspace(), repr(text[s:e])
            # the region's own opening mark is never inside a part
            assert not (s <= r.open_mark < e), (r.open_mark, s, e)
            if r.close_mark is not None:
                assert not (s <= r.close_mark < e), (r.close_mark, s, e)
        # regions ordered and not overlapping each other
        assert r.parts[0][0] >= prev_end, [x.parts for x in regions]
        prev_end = r.parts[-1][1]
        # marks are inside the text and around the content
        assert 0 <= r.open_mark < r.start
        assert r.closed == (r.close_mark is not None)
        if r.close_mark is not None:
            assert r.end <= r.close_mark < len(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_scan_invariants(text):
    """scan never raises and its regions/parts are in-bounds, ordered, disjoint, trimmed, mark-free."""
    check_invariants(text, typewriter=False)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_scan_invariants_typewriter(text):
    """The same invariants hold with typewriter marks ('' and ``) enabled."""
    check_invariants(text, typewriter=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_scan_never_raises_on_arbitrary_unicode(text):
    """Arbitrary unicode (including odd whitespace and surrogates-free controls) never makes scan raise."""
    check_invariants(text, typewriter=False)
    check_invariants(text, typewriter=True)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_scan_is_deterministic(text):
    """Scanning the same text twice gives the same regions."""
    assert scan(text) == scan(text)

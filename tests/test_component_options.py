"""The quote component's options, on the real pipeline."""

from __future__ import annotations

import pytest

from workbench.extract import quotes_from_doc
from workbench.quotes.component import QuoteFinder

pytestmark = pytest.mark.model

MIXED = 'Jane Smith spoke on Monday. “We will win this fight," Smith said.'
TYPEWRITER = "Jane Smith spoke on Monday. ''We will win this fight,'' Smith said."


def _quotes(nlp, text, **options):
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline[:-1]:
        doc = proc(doc)
    return quotes_from_doc(QuoteFinder(**options)(doc))


def test_mixed_marks_left_out_by_default(nlp):
    """A quote opened curly and closed straight is left out unless mixed_marks is on."""
    assert _quotes(nlp, MIXED) == []
    quotes = _quotes(nlp, MIXED, mixed_marks=True)
    assert [q.text for q in quotes] == ["We will win this fight,"]
    assert quotes[0].speaker_name == "Jane Smith"


def test_typewriter_quotes_only_when_asked(nlp):
    """Doubled apostrophes are quote marks only with typewriter_quotes on."""
    assert _quotes(nlp, TYPEWRITER) == []
    quotes = _quotes(nlp, TYPEWRITER, typewriter_quotes=True)
    assert [q.text for q in quotes] == ["We will win this fight,"]
    assert quotes[0].speaker_name == "Jane Smith"

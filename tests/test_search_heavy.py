"""Heavily altered quotes the threshold used to turn away (issue 11, a second round): a
contraction the article dropped or changed is one edit, not two, and a sentence the article cut
to ten or eleven words may still have a third of them changed. Each is found on SQLite and
PostgreSQL, and each would not be with the old rule (checked on the alignment itself)."""

from __future__ import annotations

import pytest
from corpus_helpers import BACKENDS, Doc, build_store, new_corpus, open_corpus_store  # noqa: F401

from workbench.corpus import align as align_mod
from workbench.corpus.align import align
from workbench.corpus.search import search
from workbench.corpus.tokens import tokenize

CONTRACTED = ("And what we’re planning now is talking with the mayors to build homes for the "
              "working families.")
"""Eighteen tokens (we’re is two), sixteen words."""

TWELVE = "The mayor said the harbour ferry will run again before the summer."
"""Twelve words, cut to eleven by the article (its first word dropped)."""

FILLER = [
    "The mayors met the governor to talk about homes and families in the state.",
    "We are planning a new ferry line for the harbour next summer.",
    "Working families need homes they can afford, the mayor said again.",
    "The governor will talk with the mayors before the budget vote.",
]

UNRELATED = ["pineapple", "saxophone", "glacier", "umbrella", "volcano"]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    path = new_corpus(request, tmp_path_factory, request.param)
    docs = [Doc(path="housing", title="Remarks on Housing", speaker="Jane Doe", kind="speech",
                turns=[("Jane Doe", "Good morning, everyone."), ("Jane Doe", CONTRACTED),
                       ("Jane Doe", TWELVE)]),
            Doc(path="filler", title="Other Remarks", speaker="John Roe", kind="speech",
                turns=[("John Roe", t) for t in FILLER]),
            Doc(path="words", title="A word list", speaker="Word Smith", kind="speech",
                turns=[("Word Smith", f"The {w} is here.") for w in UNRELATED])]
    build_store(path, docs).close()
    return path


def _old_rule(al) -> bool:
    """Alignment.is_finding before this round: edits in tokens, a third only from 12 words."""
    words = max(al.words, al.span_words)
    share = 1 / 3 if words >= 12 else 0.25
    return al.edits <= max(1, share * words) and al.similarity >= align_mod.MIN_SIMILARITY


# "we’re" dropped (two tokens, one word), "planning", "mayors" and "homes" replaced, "working"
# dropped, "pineapple" added: six words, a third of the eighteen tokens; seven tokens, over it.
CONTRACTION_QUOTE = ("And what pineapple now is talking with the saxophone to build umbrella "
                     "for the families, glacier.")


def test_a_dropped_contraction_is_one_edit():
    """The alignment counts the article's words: we’re dropped is one edit."""
    al = align(tokenize(CONTRACTION_QUOTE), CONTRACTED)
    assert al is not None and al.is_finding
    assert al.edits == 6 and max(al.words, al.span_words) == 18
    assert al.edits + 1 > 18 / 3  # counted in tokens, "we’re" is two: no finding before


def test_a_quote_with_a_contraction_dropped_is_found_altered(store):
    [m, *_] = search(store, CONTRACTION_QUOTE)
    assert m.kind == "altered" and m.doc.title == "Remarks on Housing"
    assert "working families" in m.text


# "The" dropped, "harbour", "run" and "summer" replaced by unrelated words: three edits in the
# eleven words left.
CUT_QUOTE = "mayor said the umbrella ferry will saxophone again before the volcano."


def test_a_third_of_eleven_words_changed_is_a_finding():
    al = align(tokenize(CUT_QUOTE), TWELVE)
    assert al is not None and al.edits == 3 and al.is_finding
    assert not _old_rule(al)  # a quarter of eleven words: not a finding before


def test_a_sentence_cut_to_eleven_words_with_three_changed_is_found(store):
    [m, *_] = search(store, CUT_QUOTE)
    assert m.kind == "altered" and m.doc.title == "Remarks on Housing"
    assert "harbour ferry" in m.text


def test_a_third_of_nine_words_is_still_not_a_finding():
    """Under ten words the quarter stays: three of nine changed is no finding."""
    source = "The mayor will open the harbour ferry line today."
    quote = "The mayor will shut the glacier ferry trip today."
    al = align(tokenize(quote), source)
    assert al is not None and al.edits == 3 and not al.is_finding


def test_a_changed_contraction_is_one_edit():
    """A contraction replaced by another word: one edit, however the tokens line up."""
    source = "When you look back, today’s news is part of a longer story about the town."
    quote = "When you look back, umbrella tides is glacier of a shorter volcano about the town."
    al = align(tokenize(quote), source)
    # today’s news -> umbrella tides, part, longer, story: five words of sixteen tokens; the
    # tokens' opcodes pair "today" with nothing and "s news" with two words: six.
    assert al is not None and al.edits == 5 and al.is_finding

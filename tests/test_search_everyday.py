"""The third look (issue 11): a quote whose rare words the article all changed, unrelated words
put in being its rarest, is found by the AND of its everyday words; a ranking by the summed idf
of its rarest words (the third look before) put forty passages holding two of the unrelated
words above the source. On SQLite and PostgreSQL."""

from __future__ import annotations

from itertools import combinations

import pytest
from corpus_helpers import BACKENDS, Doc, build_store, new_corpus, open_corpus_store  # noqa: F401

from workbench.corpus.index import CandidateIndex
from workbench.corpus.search import search
from workbench.corpus.tokens import tokenize

SOURCE = "We were so happy that we were able to make this work for all of the families here."

UNRELATED = ["pineapple", "saxophone", "glacier", "umbrella", "volcano"]

# happy, able and families replaced, one word added inside and one at the end: five edits of
# nineteen words; every rare word of the quote is one the article put in.
QUOTE = ("We were so pineapple that we were saxophone to make umbrella this work for all of the "
         "glacier here volcano.")


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    path = new_corpus(request, tmp_path_factory, request.param)
    pairs = [f"The {a} and the {b} came up in talks, number {k}."
             for k in range(4) for a, b in combinations(UNRELATED, 2)]  # 40 passages
    common = [f"Nobody could {w} it then, said item {k}." for w in ("make", "work")
              for k in range(30)]
    # The source's small words in many passages, as they are in any real corpus.
    small = [f"So we were there for all of that, and this is here, item {k}." for k in range(30)]
    docs = [Doc(path="thanks", title="Remarks of Thanks", speaker="Jane Doe", kind="speech",
                turns=[("Jane Doe", "Thank you all."), ("Jane Doe", SOURCE)]),
            Doc(path="talks", title="Talks", speaker="John Roe", kind="speech",
                turns=[("John Roe", t) for t in pairs + common + small])]
    build_store(path, docs).close()
    return path


def test_the_everyday_words_find_a_quote_whose_rare_words_all_changed(store):
    [m, *_] = search(store, QUOTE)
    assert m.kind == "altered" and m.doc.title == "Remarks of Thanks"
    replaced = [(d.article, d.source) for d in m.diff if d.op == "replace"]
    assert ("pineapple", "happy") in replaced


def test_the_everyday_and_holds_the_source_and_skips_the_rare_words(store):
    index = CandidateIndex(store)
    ids = index.everyday(list(tokenize(QUOTE).words), 60)
    texts = [p.text for p in store.get_passages(ids)]
    assert SOURCE in texts
    assert not any("pineapple" in t for t in texts)

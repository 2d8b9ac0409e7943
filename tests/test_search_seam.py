"""The search through the CorpusStore protocol only: the candidate index and the searcher use
nothing of the SQLite backend but the seam, and find exactly what they find on the store."""

from __future__ import annotations

import pytest

from corpus_helpers import SAMPLE_DOCS, build_store, open_corpus_store  # noqa: F401 (the store fixture)
from storage_seam_helpers import corpus_only
from workbench.corpus.search import Searcher

QUERIES = [
    "The President believes that every family deserves a fair shot at the middle class",
    "we disagree with the Senator. the bill has support from both parties",
    "Our economy added more than 400,000 jobs last month, and wages are rising faster",
    "The bill has support from both parties … wages are rising faster than prices",
    "Senator Smith said the infrastructure bill is totally dead in the Senate",
    "Nobody in this room has ever heard these words spoken together before today",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("seam") / "corpus.db"
    build_store(path, SAMPLE_DOCS).close()
    return path


@pytest.mark.parametrize("speaker", [None, "Karine Jean-Pierre"])
def test_the_searcher_finds_the_same_through_the_protocol_alone(store, speaker):
    seam, direct = Searcher(corpus_only(store)), Searcher(store)
    for query in QUERIES:
        expected = [m.to_dict() for m in direct.search(query, speaker=speaker)]
        assert [m.to_dict() for m in seam.search(query, speaker=speaker)] == expected
    assert any(direct.search(q) for q in QUERIES)  # the comparison is not of empty lists


def test_the_cut_down_store_hides_the_connection(store):
    """The proof above can fail: the wrapper hides what the protocol does not name."""
    with pytest.raises(AttributeError, match="not part of CorpusStore"):
        corpus_only(store).conn

"""Tests for workbench.corpus.index (candidate retrieval) and the searcher's narrowing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from corpus_helpers import (BACKENDS, Doc, build_store, new_corpus,  # noqa: F401
                            open_corpus_store)

from workbench.corpus import index as index_mod
from workbench.corpus.index import CandidateIndex
from workbench.corpus.search import Searcher, _held
from workbench.corpus.tokens import tokenize

SOURCE = ("Senator Okafor praised the zebrafish hatchery near Tillamook for its volunteers, who "
          "work every weekend to keep the river clean.")
# The source's three rarest words changed into words the corpus holds elsewhere: no passage
# holds all the quote's rarest words, but the source holds all but three of them.
CHANGED = ("Senator alpha praised the bravo hatchery near charlie for its volunteers, who work "
           "every weekend to keep the river clean.")
FILLER = ["The committee met on Tuesday to discuss the budget and the schedule.",
          "Alpha company arrived late in the evening.",
          "The bravo team finished the report on time.",
          "Charlie said the schedule would change again."]
TIERS = ["kiwi lime mango", "kiwi lime papaya", "kiwi mango papaya", "lime mango papaya",
         "kiwi lime quince", "rhubarb pie", "kiwi lime mango papaya"]
"""Passages holding three of the words kiwi, lime, mango, papaya, quince (and rhubarb, so that
all six are in the corpus); the last holds four."""


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    """The corpus on each backend: the candidate queries answer alike on both."""
    path = new_corpus(request, tmp_path_factory, request.param)
    turns = [(None, t) for t in [*[FILLER[0]] * 5, *FILLER[1:], SOURCE, *TIERS]]
    build_store(path, [Doc(path="d1", title="Doc", turns=turns)]).close()
    return path


def _id_of(store, text: str) -> int:
    return next(p.id for d in store.documents() for p in store.passages_of(d.id)
                if p.text == text)


def test_second_look_finds_a_quote_whose_rarest_words_were_changed(store):
    """No passage holds all the rarest words; the second look lists the one holding all but
    three of them."""
    index = CandidateIndex(store)
    words = list(tokenize(CHANGED).words)
    assert index.all_rarest(words, 50) == []
    assert _id_of(store, SOURCE) in index.ranked(words, 50)


def test_searcher_finds_it_and_reports_it_altered(store):
    [m, *_] = Searcher(store).search(CHANGED)
    assert m.first.passage_id == _id_of(store, SOURCE)
    assert m.kind == "altered"


def test_second_look_puts_passages_holding_more_words_first(store):
    """More passages than the limit hold three of the six words: the one holding four comes
    first."""
    index = CandidateIndex(store)
    ids = index.ranked("kiwi lime mango papaya quince rhubarb".split(), 3)
    assert ids[0] == _id_of(store, TIERS[-1])
    assert len(ids) == 3


def test_counts_past_the_cap_are_estimated(store, monkeypatch):
    """Past MAX_POSTINGS the count stops, and how far into the corpus it got estimates the
    true count ("the" is in the first five passages and three of the next eleven)."""
    monkeypatch.setattr(index_mod, "MAX_POSTINGS", 4)
    monkeypatch.setattr(index_mod, "VOCAB_MAX_ESTIMATE", 0)  # too common for the vocabulary
    index = CandidateIndex(store)
    assert index.df("the") == 5
    assert 10 <= index._est["the"] <= 40
    assert index.weight("the") < index.weight("okafor")


def test_counts_past_the_probe_come_from_the_vocabulary(store, monkeypatch):
    """Past the first count, a word not too common is counted exactly by FTS5's vocabulary;
    a word the tokenizer may store otherwise (an apostrophe, an accent) never is."""
    exact = {w: CandidateIndex(store).df(w) for w in ("the", "schedule", "don't")}
    monkeypatch.setattr(index_mod, "PROBE_POSTINGS", 1)
    index = CandidateIndex(store)
    assert {w: index.df(w) for w in exact} == exact
    assert index._est["the"] == exact["the"] > 1
    assert index._vocab_count("schedule") == exact["schedule"]
    assert index._vocab_count("don't") is None and index._vocab_count("café") is None


def test_held_sums_the_weights_of_the_words_each_text_holds():
    """Curly apostrophes split words like straight ones; a NUL inside a text is no border."""
    wanted = {b"don": 2.0, b"the": 1.0, b"caf\xc3\xa9": 3.0}
    texts = ["The cat, don’t", "nothing", "café and the", "a\0the"]
    assert _held(wanted, texts) == [3.0, 0, 4.0, 1.0]


WORDS = "kiwi lime mango papaya quince rhubarb zebrafish alpha".split()


@pytest.mark.parametrize("n,held", [(2, 2), (3, 2), (4, 2), (5, 3), (6, 3), (6, 4), (6, 6),
                                    (8, 5)])
def test_at_least_is_the_or_of_every_choice(store, n, held):
    """``match_at_least`` (SQLite: a nested expression; PostgreSQL: the words' postings merged)
    gives the same ids, in the same order, as the OR of every choice of *held* of the terms;
    with a limit, the same first ids."""
    from itertools import combinations

    at_least = store.match_at_least
    terms = WORDS[:n]
    for limit in (2, 100):
        assert at_least(terms, held, limit) == store.match_any_of(
            list(combinations(terms, held)), limit)
    assert at_least(terms, held, 100) or held > 4  # the corpus holds some of each kind


TWO_STEP = [["kiwi", "lime", "mango"], ["kiwi", "lime", "mango", "papaya"], ["lime", "quince"],
            ["kiwi", "lime", "rhubarb"], ["okafor", "zebrafish", "river", "clean", "weekend"],
            ["the", "schedule", "committee"]]


@pytest.mark.parametrize("few", [0, 1, 2, 40])
def test_ands_narrowed_from_two_words_give_the_stores_ids(store, monkeypatch, few):
    """An AND of many words answered from the passages of the AND of its first two or three
    (when those are at most FEW; with FEW 40 every one is) gives the ids, in the order, that
    the store's own AND gives; with FEW 0-2 some are, some are not (FEW 2: "kiwi lime" is in
    four passages, "kiwi lime mango" in two), all asked in one batch."""
    monkeypatch.setattr(index_mod, "FEW", few)
    searcher = Searcher(store)
    index = searcher.index
    assert (index.words_of is not None) == store.in_process  # a server: no narrowing
    index.words_of = searcher._words_of  # narrowed here on either backend
    queries = [(terms, limit) for terms in TWO_STEP for limit in (1, 50)]
    read = []
    words_of = index.words_of
    index.words_of = lambda ids: read.append(ids) or words_of(ids)
    assert index._ands(queries) == [store.match_all(t, limit) for t, limit in queries]
    assert len(read) <= 1  # every narrowed query's passages in one read
    if few == 40:
        assert read


def test_word_sets_split_as_the_index_does():
    """Curly apostrophes and dashes split words; accents are folded on a text that has them;
    a number with a thousands separator is two words, as the full-text index has it."""
    from workbench.corpus.search import _word_sets
    texts = ["The cat, don’t—stop", "Café 10,240 naïve", "a\0the"]
    words = [{b"the", b"cat", b"don", b"t", b"stop"}, {b"cafe", b"10", b"240", b"naive"},
             {b"a", b"the"}]
    asked = set().union(*words) | {b"", b" ", b"he", b"ca", b"the cat", b"don t", b"cat,",
                                   b"Cat", b"caf\xc3\xa9", "the"}
    for held, expected in zip(_word_sets(texts), words):
        assert {w for w in asked if w in held} == expected


@given(st.lists(st.text(alphabet="ab c,’—é1\0", max_size=30), min_size=1, max_size=4))
def test_words_held_as_in_the_set_of_the_split(texts):
    """A text's words asked one by one answer as the set of the words it splits into would,
    whatever the spaces, marks and accents around them."""
    from workbench.corpus.search import _byte_words, _word_sets
    for text, part, held in zip(texts, _byte_words(texts), _word_sets(texts)):
        if part.isascii():
            words = set(part.split())
            for w in words | {b"", b"a", b"b", b"ab", b"c", b"1", b"a b", b"ab c"}:
                assert (w in held) == (w in words), (text, w)


def test_third_look_reaches_past_rare_words_put_in():
    """Unrelated words an article put in are the quote's rarest; the source's own words next in
    line (thousands of passages each at 1M) still make the third look's budget."""
    from workbench.corpus.index import _cheapest
    dfs = {"amphibious": 40, "carriages": 90, "guidance": 3_000, "announce": 6_000,
           "significant": 7_000, "week": 8_000, "people": 19_000}
    chosen = _cheapest(list(dfs), dfs, 8)
    assert {"announce", "significant", "week"} <= set(chosen)
    assert "people" not in chosen  # past the budget


@pytest.mark.parametrize("probe,cap,vocab", [(2_000, 20_000, 60_000), (1, 4, 0), (1, 100, 10**9)],
                         ids=["default", "recounted", "vocabulary"])
def test_counting_words_at_once_gives_the_counts_one_at_a_time(store, monkeypatch, probe, cap,
                                                                vocab):
    """The index counts a quote's words a stage at a time for all of them (one round trip a
    stage on a server): the same counts and estimates as one word at a time, whether a word's
    count stops at the probe, comes from the vocabulary or is counted again up to the cap."""
    monkeypatch.setattr(index_mod, "PROBE_POSTINGS", probe)
    monkeypatch.setattr(index_mod, "MAX_POSTINGS", cap)
    monkeypatch.setattr(index_mod, "VOCAB_MAX_ESTIMATE", vocab)
    words = list(tokenize(" ".join([CHANGED, *FILLER, "nowhere don't"])).words)
    one = CandidateIndex(store)
    for word in words:
        one.df(word)
    many = CandidateIndex(store)
    many._count_all(words)
    assert many._df == one._df and many._est == one._est
    assert one._df["the"] > 1 and one._df["nowhere"] == 0


class _Asked:
    """A candidate source that counts the queries asked of it."""

    def __init__(self, source) -> None:
        self.source, self.asked = source, []

    def __getattr__(self, name):
        method = getattr(self.source, name)
        if not callable(method):
            return method

        def ask(*args):
            self.asked.append(name)
            return method(*args)

        return ask


def test_a_quotes_pigeonholes_and_counts_are_asked_at_once(store):
    """The pigeonhole ANDs of a quote are one request to the store, and its words' counts one
    request a kind (no word here reaches the probe: the content words' from the vocabulary,
    the stretches' stopwords counted), never one a word; the answers hold those asked one at a
    time."""
    words = list(tokenize(CHANGED).words)
    asked = _Asked(store)
    index = CandidateIndex(asked)
    order = index.pigeonholed(words, 50)
    assert asked.asked.count("match_all_many") == 1 and "match_all" not in asked.asked
    assert asked.asked.count("vocabulary_count_many") == 1  # the content words
    assert asked.asked.count("count_matching_many") == 1  # the stretches' stopwords
    assert not {"count_matching", "vocabulary_count"} & set(asked.asked)
    alone = CandidateIndex(store)
    useful = alone._rarest_known(words)
    groups = [[a, b] for a, b in zip(useful[:4], useful[4:8])]
    assert order and set(order) >= set(store.match_all(groups[0], 50))


def test_the_contexts_of_a_searchs_matches_are_read_at_once(store):
    """The text around each match is read for all of a search's matches in one request to the
    store (one round trip on a server), and is what reading it match by match gives."""
    asked = _Asked(store)
    matches = Searcher(asked).search(CHANGED)
    assert matches and asked.asked.count("document_slices_many") == 1
    assert "document_slices" not in asked.asked
    again = Searcher(store).search(CHANGED)
    assert [(m.first.before, m.first.after) for m in matches] == [
        (m.first.before, m.first.after) for m in again]


def test_vocabulary_counted_at_once_as_one_at_a_time(store):
    """The vocabulary's counts of many words asked at once are each word's own, None where the
    vocabulary cannot say (accents, apostrophes), hostile strings only words."""
    terms = ["kiwi", "the", "nowhere", "Kiwi", "café", "don't", "'; DROP TABLE passages; --",
             "a\0b", "", "kiwi"]
    assert store.vocabulary_count_many(terms) == [store.vocabulary_count(t) for t in terms]
    assert store.vocabulary_count_many([]) == []

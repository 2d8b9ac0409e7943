"""Candidate retrieval: narrow a large corpus to the few passages worth aligning a quote in.

The store's full-text index answers (the queries are the store's candidate methods, see
:class:`workbench.storage.protocols.CandidateSource`; on SQLite, FTS5 with unicode61); we ask it
only about the quote's rarest words, and only unranked AND queries (and ORs of them): FTS5
answers those by seeking
through the lists of common words, while a bm25 ranking scores every passage holding any of the
words, which at a million passages costs ten times as much. How rare a word is is counted by
FTS5 itself, capped (a common word costs no more than a rare one, and its true count is
estimated from how far into the corpus the capped count got) and cached per searcher; stopwords
are never looked up. Measured in ``benchmarks/search.py`` against FTS5's bm25 over every word
OR-ed and over the six rarest (see benchmarks/README.md)."""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from workbench.corpus.align import FUNCTION_WORDS, SHORT_QUOTE_WORDS
from workbench.storage.protocols import CandidateSource

RARE_TERMS = 8
"""How many of the quote's rarest words are looked up: enough that two or three words changed
by the article (or missing from the corpus) still leave several that hit."""

MAX_POSTINGS = 20_000
"""A word in more passages than this tells little about where a quote is, and reading its
list would cost more than the rest of the search."""

STOPWORDS = FUNCTION_WORDS | frozenset("""
s t re ve ll d m about after all am any because before being both each few if into more most
other out over own same some such through too under until up what when where which while who
whom why how again against once only nor off further between during above below down
""".split())
"""Words too common to be worth a look-up (and the pieces of contractions: don't -> don, t)."""

AND_TERMS = 6
"""Words in the AND queries: the quote's rarest, common or not (FTS5 seeks through the lists of
the common ones, so they cost little and make the AND precise)."""

PAIRED_TERMS = 8
"""The rarest content words, paired off (rarest with fifth rarest...) into four AND queries."""

CHUNKS = 4
"""The quote is cut into this many stretches, each asked for as the AND of its rarest words."""

RANKED_TERMS = 6
"""Words in the second look (:meth:`CandidateIndex.ranked`): the rarest content words. Seven
found one more quote in sixteen hard ones at twice the cost (measured at 1M)."""

MAX_CHANGED = 3
"""Words of those the article may have changed and the second look still find the source."""

RANKED_LIMIT = 100
"""Passages the second look proposes at most (narrowed by the searcher like the first's)."""

PART_LIMIT = 50
"""Rows read from each pair or stretch query: the source is among the first few of a selective
one, and an unselective one (common words) would only cost time."""

PROBE_POSTINGS = 2_000
VOCAB_MAX_ESTIMATE = 60_000
"""A word estimated (from its first PROBE_POSTINGS) to be in more passages than this is
counted the old way, up to MAX_POSTINGS: the vocabulary would read all its passages."""

COMMON_WEIGHT = 1.0
"""The weight of a word never looked up (a stopword: idf ~0.1-2 at a million passages)."""

FEW = 40
NARROW_FROM = 3
"""An AND of more than two words whose two rarest (else three rarest) are together in at most
FEW passages is answered from those passages' own words (see
:attr:`CandidateIndex.words_of`): FTS5 reads the commoner words' lists nearly whole, so the
AND of six words costs four times the AND of two (ten times, 10 ms at 1M, when they are
words like "not", "it", "we"), and the searcher reads most of those passages anyway. At 1M
passages, replaying a benchmark run's 8,600 ANDs: 5.3 s as FTS5 ANDs, 4.2-4.7 s so (passage
reads included); the AND of the two rarest alone, or FEW 80, 4.6-5.2 s."""

EVERYDAY_MIN_TERMS = 4
EVERYDAY_MAX_SHARE = 0.5
"""An everyday-word AND (:meth:`CandidateIndex.everyday`) of fewer words is no evidence; a word
in more than this share of the passages ("the", "to", "and", "that") narrows it by less than
half and costs the most to seek through (an AND of six words up to 12 ms at 1M, 3 without)."""

MIN_TERMS = 3
POSTINGS_BUDGET = 25_000
"""Past the first MIN_TERMS words, stop adding words once this many postings would be read
(the summed-idf ranking of :meth:`CandidateIndex._by_idf`). The words so taken are also the rare
ones the third look (:meth:`CandidateIndex.everyday`) leaves out: unrelated words an article
put in are often the quote's rarest, and the source's own words next in line are in
5,000-20,000 passages each at 1M."""


@dataclass
class CandidateIndex:
    """Rare-word retrieval over one store's full-text index; reuse it across queries."""

    source: CandidateSource
    rare_terms: int = RARE_TERMS
    _df: dict[str, int] = field(default_factory=dict)
    _est: dict[str, float] = field(default_factory=dict)
    """Estimated passage counts: exact up to MAX_POSTINGS, extrapolated past it."""
    _total: int | None = None
    words_of: Callable[[list[int]], dict[int, Container[bytes]]] | None = None
    """The words (folded, UTF-8, as the full-text index splits them) of each of the passages,
    from a reader that keeps the passages for the search (the searcher's): with it, ANDs of
    many words are narrowed from the AND of their two rarest (:meth:`_ands`). The same ids
    either way."""

    def candidates(self, words: Iterable[str], limit: int = 30, wide: bool = False
                   ) -> list[int]:
        """Passage ids most likely to hold the words of a quote, best first: those holding all
        its rarest words (:meth:`all_rarest`), or when none does, those of :meth:`some_rarest`
        (the searcher combines the two as :meth:`Searcher._find` says)."""
        words = list(words)
        return self.all_rarest(words, limit) or self.some_rarest(words, limit, wide)

    def all_rarest(self, words: list[str], limit: int) -> list[int]:
        """Passages holding all the quote's AND_TERMS rarest words (see :meth:`_and_terms`).

        FTS5 answers an AND of words by seeking through the lists of the common ones, so this
        costs about as much as reading the rarest list, and finds the source of a quote with
        no rare word changed even when every word of the quote is common. A short quote (which
        only a word-for-word finding counts for) may have a single word to ask for ("inflation",
        "Plan B"): then the passages holding it; a longer one needs two."""
        terms = self._and_terms(words, self._rarest_known(words))
        needed = 1 if len(words) <= SHORT_QUOTE_WORDS else 2
        if not terms or len(terms) < needed:
            return []
        return self._ands([(terms[:AND_TERMS], limit)])[0]

    def some_rarest(self, words: list[str], limit: int, wide: bool) -> list[int]:
        """For a quote whose rarest words no passage holds together (some were changed, or it
        is not in the corpus): if *wide*, the second look's passages (:meth:`ranked`), those
        holding the most of the rarest words first; then the passages of the AND queries that
        survive three changed words (:meth:`_pigeonholes`), those holding the most evidence
        first; then (if not *wide*) the passages holding the rarest words ranked by their
        summed idf inside SQLite. At most *limit*, and the second look's on top."""
        useful = self._rarest_known(words)
        if not useful:
            return []
        second = self.ranked(words, RANKED_LIMIT) if wide else []
        order = self._pigeonholed(useful, words, limit)
        return list(dict.fromkeys(second + order + self._by_idf(useful, limit, wide))
                    )[: limit + len(second)]

    def pigeonholed(self, words: list[str], limit: int) -> list[int]:
        """The passages of the pigeonhole AND queries alone (:meth:`_pigeonholes`), those
        holding the most evidence first: :meth:`some_rarest` without the second look, for a
        searcher that asks for that look only when these passages hold nothing."""
        useful = self._rarest_known(words)
        return self._pigeonholed(useful, words, limit) if useful else []

    def _pigeonholed(self, useful: list[str], words: list[str], limit: int) -> list[int]:
        hits: dict[int, int] = {}
        for ids in self._ands(self._pigeonholes(useful, words, limit)):
            for rowid in ids:
                hits[rowid] = hits.get(rowid, 0) + 1
        return sorted(hits, key=lambda r: -hits[r])  # stable: FTS5's order among equals

    def everyday(self, words: list[str], limit: int) -> list[int]:
        """For a quote whose rare words the article all changed (unrelated words put in are
        the quote's rarest): the passages holding all of its AND_TERMS rarest everyday words,
        the ones past its rare words (those read within POSTINGS_BUDGET, which the other looks
        lean on), stopwords included, as the first look's AND takes common words when a quote
        has few rare ones. Up to *limit*, unranked. It replaced a ranking of the passages by
        the summed idf of the rare words they hold, which found fewer (the source's own words
        were past its budget) at twice the cost (measured at 1M, see benchmarks/README.md)."""
        useful = self._rarest_known(words)
        skipped = set(_cheapest(useful, self._df, self.rare_terms))
        rest = [w for w in dict.fromkeys(words) if len(w) > 1 and w not in skipped]
        self._count_all(rest)
        most = EVERYDAY_MAX_SHARE * self.total()
        terms = sorted((w for w in rest if 0 < self.df(w) and self._est[w] <= most),
                       key=lambda w: (self._est[w], w))[:AND_TERMS]
        return self._ands([(terms, limit)])[0] if len(terms) >= EVERYDAY_MIN_TERMS else []

    def _by_idf(self, useful: list[str], limit: int, wide: bool) -> list[int]:
        """The passages holding the rarest words, by their summed idf; none beside the second
        look, which finds what it did (measured at 1M: the same recall, 2-3 ms less a query)."""
        if wide:
            return []
        chosen = _cheapest(useful, self._df, self.rare_terms)
        return (self._rank(chosen, self._df, limit) if chosen
                else self._intersect(useful[:2], limit))

    def _pigeonholes(self, content: list[str], words: list[str], limit: int
                     ) -> list[tuple[list[str], int]]:
        """(terms, limit) of the AND of each disjoint pair of the rarest PAIRED_TERMS content
        words, and for each of CHUNKS stretches of the quote the AND of its three rarest words.
        With up to three words changed by the article, one of four disjoint pairs and one of
        four stretches is left intact (the pigeonhole), and the source holds all their words.
        Asked of the store at once (:meth:`_ands`; on a server one round trip, not eight)."""
        paired = content[:PAIRED_TERMS]
        half = (len(paired) + 1) // 2
        narrow = min(limit, PART_LIMIT)
        queries = [([a, b], narrow) for a, b in zip(paired[:half], paired[half:])]  # rare, less rare
        chunks = _chunks(words, CHUNKS)
        self._count_all([w for chunk in chunks for w in chunk if len(w) > 1])
        for chunk in chunks:
            known = sorted((w for w in dict.fromkeys(chunk) if len(w) > 1 and self.df(w) > 0),
                           key=lambda w: (self._est[w], w))
            if len(known) >= 2 and self._df[known[0]] <= MAX_POSTINGS:
                queries.append((known[:3], narrow))
        return queries

    def _and_terms(self, words: list[str], useful: list[str]) -> list[str]:
        """The words for the AND queries: the rarest content words, and when fewer than
        AND_TERMS of those are rare enough to narrow much, common words too ("they", "did"):
        a quote made only of everyday words is still a rare combination of them."""
        rare = [t for t in useful if self._df[t] <= MAX_POSTINGS]
        if len(rare) >= AND_TERMS:
            return useful
        extra = [w for w in dict.fromkeys(words) if len(w) > 1 and w not in useful]
        self._count_all(extra)
        extra = sorted((w for w in extra if self.df(w) > 0), key=lambda w: (self._est[w], w))
        return rare + extra[: AND_TERMS - len(rare)] + [t for t in useful if t not in rare]

    def _ands(self, queries: list[tuple[list[str], int]]) -> list[list[int]]:
        """The ids of each AND query (terms, limit), as the store's ``match_all`` gives them,
        asked of the store a stage at a time for all of them (``match_all_many``: on a server,
        one round trip a stage). With :attr:`words_of`, a query of more than two words whose
        two or three rarest (the first ones) are together in at most FEW passages is answered
        by keeping those of them that hold the other words, the passages of all such queries
        read in one go."""
        out: list[list[int] | None] = [None] * len(queries)
        few: dict[int, tuple[list[int], int]] = {}
        if self.words_of is not None:
            pending = list(range(len(queries)))
            for n in range(2, NARROW_FROM + 1):
                pending = [k for k in pending if len(queries[k][0]) > n]
                asked = self.source.match_all_many([queries[k][0][:n] for k in pending], FEW + 1
                                                   ) if pending else []
                few.update((k, (ids, n)) for k, ids in zip(pending, asked) if len(ids) <= FEW)
                pending = [k for k in pending if k not in few]
        rest = [k for k in range(len(queries)) if k not in few]
        for limit in dict.fromkeys(queries[k][1] for k in rest):
            same = [k for k in rest if queries[k][1] == limit]
            for k, ids in zip(same, self.source.match_all_many([queries[k][0] for k in same],
                                                               limit)):
                out[k] = ids
        if few:
            words = self.words_of(list(dict.fromkeys(i for ids, _ in few.values() for i in ids)))
            for k, (ids, n) in few.items():
                terms, limit = queries[k]
                held = [t.encode() for t in terms[n:]]
                out[k] = [i for i in ids if i in words
                          and all(t in words[i] for t in held)][:limit]
        return out  # type: ignore[return-value]

    def df(self, term: str) -> int:
        """How many passages hold *term*, counted up to MAX_POSTINGS + 1 (cached): the count
        stops there, so a common word costs no more than a rare one. Past it, how far into the
        corpus the count got estimates the true count (see :attr:`_est`).

        Counting rows of a MATCH costs about 0.15 µs a passage; the FTS5 vocabulary table
        counts a word's passages about three times faster, but reads all of them. So a first
        count stops at PROBE_POSTINGS, and a word past it that is not too common by its
        estimate is counted exactly by the vocabulary (measured at 1M passages: df lookups were
        half the time of a query)."""
        if term not in self._df:
            self._count_all([term])
        return self._df[term]

    def _count_all(self, terms: list[str]) -> None:
        """:meth:`df` of each of *terms* not counted yet, each stage asked of the store for
        all of them at once (on a server, one round trip a stage instead of one a word; the
        same counts as one at a time). A content word is counted by the vocabulary at once (a
        stopword may be in most passages: the vocabulary would read them all)."""
        todo = [t for t in dict.fromkeys(terms) if t not in self._df]
        if not todo:
            return
        content = [t for t in todo if t not in STOPWORDS]
        exacts = self.source.vocabulary_count_many(content) if content else []
        for term, exact in zip(content, exacts):
            if exact is not None:
                self._df[term], self._est[term] = min(exact, MAX_POSTINGS + 1), float(exact)
        todo = [t for t in todo if t not in self._df]
        probe = min(PROBE_POSTINGS, MAX_POSTINGS)
        recount = []
        for term, (count, est) in zip(todo, self._count(todo, probe)):
            if count > probe:
                exact = self._vocab_count(term) if est <= VOCAB_MAX_ESTIMATE else None
                if exact is None:
                    recount.append(term)
                    continue
                count, est = min(exact, MAX_POSTINGS + 1), float(exact)
            self._df[term], self._est[term] = count, est
        for term, (count, est) in zip(recount, self._count(recount, MAX_POSTINGS)):
            self._df[term], self._est[term] = count, est

    def _count(self, terms: list[str], cap: int) -> list[tuple[int, float]]:
        """For each term: (passages holding it counted up to cap + 1, the estimated true
        count)."""
        if not terms:
            return []
        return [(count, count if count <= cap else count * max(self.total(), last) / last)
                for count, last in self.source.count_matching_many(terms, cap + 1)]

    def _vocab_count(self, term: str) -> int | None:
        """The exact number of passages holding *term*, from the index's vocabulary, or None
        for a word it may store otherwise (accents, apostrophes: "café" is "cafe")."""
        return self.source.vocabulary_count(term)

    def weight(self, term: str) -> float:
        """How much holding *term* says about a passage: its idf, from the estimated count
        when it was looked up (COMMON_WEIGHT when not: only common words are not)."""
        est = self._est.get(term)
        if est is None:
            return COMMON_WEIGHT
        return math.log(1 + max(self.total(), 1) / max(est, 1.0))

    def total(self) -> int:
        """The number of passages (the largest id: cheap, and close enough for idf)."""
        if self._total is None:
            self._total = self.source.max_passage_id()
        return self._total

    def _rank(self, terms: list[str], dfs: dict[str, int], limit: int) -> list[int]:
        """Passages by the summed idf of the chosen words they hold, summed by the store (a
        Python loop over the postings would cost more than all the rest of a search)."""
        n = max(self.total(), 1)
        return self.source.rank_by_weight([(t, math.log(1 + n / dfs[t])) for t in terms], limit)

    def ranked(self, words: Iterable[str], limit: int = 30) -> list[int]:
        """The second look, for a quote the first finds nowhere: the passages holding all but
        MAX_CHANGED of its RANKED_TERMS rarest words, whichever they are (an OR of ANDs, one
        for each choice of words). The source of a quote with up to MAX_CHANGED words changed
        is among them even when the changed words are its rarest, the ones the first look's
        AND queries lean on. FTS5 answers without ranking (bm25 over the OR of the same words
        scores every passage holding any of them: ten times the cost at a million passages).
        When more than *limit* passages qualify, the ones holding one more of the words are
        asked for too and put first."""
        terms = self._rarest_known(list(words))[:RANKED_TERMS]
        if len(terms) < 2:
            return []
        held = max(2, len(terms) - MAX_CHANGED)
        loose = self._at_least(terms, held, limit)
        if len(loose) < limit or held == len(terms):
            return loose  # every passage holding that many of them
        # Too many to read whole: those holding one more word first. (Going on to two more
        # cost twice as much and found nothing more, measured at 1M.)
        return list(dict.fromkeys(self._at_least(terms, held + 1, limit) + loose))[:limit]

    def _rarest_known(self, words: list[str]) -> list[str]:
        """The quote's content words found in the corpus, rarest first (by estimated count)."""
        terms = _query_terms(words)
        self._count_all(terms)
        terms = [t for t in terms if self.df(t) > 0]
        return sorted(terms, key=lambda t: (self._est[t], t))

    def _at_least(self, terms: list[str], held: int, limit: int) -> list[int]:
        """Up to *limit* passages holding at least *held* of *terms* (in rowid order): the
        OR of every choice of *held* of them, asked as the store's own query for that (one
        nested expression of the same: FTS5's on SQLite, a tsquery through GIN on PostgreSQL)."""
        return self.source.match_at_least(terms, held, limit)

    def _intersect(self, terms: list[str], limit: int) -> list[int]:
        return self.source.match_all_ranked(terms, limit)


def _chunks(words: list[str], n: int) -> list[list[str]]:
    """*words* cut into *n* contiguous stretches of (nearly) equal length."""
    size = max(1, -(-len(words) // n))
    return [words[i:i + size] for i in range(0, len(words), size)]


def _cheapest(terms: list[str], dfs: dict[str, int], most: int) -> list[str]:
    """The rarest terms, up to *most*, while the postings to read stay within budget (the
    first few rare terms are always taken: a quote needs some words to be found by)."""
    chosen, read = [], 0
    for term in terms:
        if len(chosen) >= most or dfs[term] > MAX_POSTINGS:
            break
        if len(chosen) >= MIN_TERMS and read + dfs[term] > POSTINGS_BUDGET:
            break
        chosen.append(term)
        read += dfs[term]
    return chosen


def _query_terms(words: Iterable[str]) -> list[str]:
    """Distinct words worth a look-up, in first-seen order; all of them if none is."""
    distinct = list(dict.fromkeys(words))
    content = [w for w in distinct if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return content or distinct

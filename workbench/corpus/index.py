"""Candidate retrieval: narrow a large corpus to the few passages worth aligning a quote in.

The store's FTS5 index (``passages_fts``, unicode61) answers; we ask it only about the quote's
rarest words. How rare a word is is counted by FTS5 itself, capped (a common word costs no more
than a rare one) and cached per searcher; stopwords are never looked up; the passages holding
the rarest words are ranked by the summed rarity (idf) of the words they hold, summed inside
SQLite. Measured in ``benchmarks/search.py`` against FTS5's bm25 over every word OR-ed and over
the six rarest (see benchmarks/README.md).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.corpus.align import FUNCTION_WORDS

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

RANKED_TERMS = 6
"""Words in the slow second look (:meth:`CandidateIndex.ranked`): bounding its cost by their
passage counts lost most of what it finds (measured at 1M: recall@1 0.993 -> 0.980)."""

PART_LIMIT = 50
"""Rows read from each pair or stretch query: the source is among the first few of a selective
one, and an unselective one (common words) would only cost time."""
"""The quote is cut into this many stretches, each asked for as the AND of its rarest words."""

MIN_TERMS = 3
POSTINGS_BUDGET = 10_000
"""Past the first MIN_TERMS words, stop adding words once this many postings would be read."""



@dataclass
class CandidateIndex:
    """Rare-word retrieval over one store's ``passages_fts``; reuse it across queries."""

    conn: sqlite3.Connection
    rare_terms: int = RARE_TERMS
    _df: dict[str, int] = field(default_factory=dict)
    _total: int | None = None

    def candidates(self, words: Iterable[str], limit: int = 30) -> list[int]:
        """Passage ids most likely to hold the words of a quote, best first.

        Two kinds of evidence, cheapest first. FTS5 answers an AND of words by seeking through
        the lists of the common ones, so asking for the passages that hold all of the quote's
        rarest words (or of a stretch of it: some stretch survives a few changed words) costs
        about as much as reading the rarest list, and finds the source even when every word of
        the quote is common. Then the rarest words' lists, summed by idf inside SQLite, rank what the AND
        queries missed.
        """
        words = list(words)
        terms = _query_terms(words)
        if not terms:
            return []
        dfs = {t: self.df(t) for t in terms}
        useful = sorted((t for t in terms if dfs[t] > 0), key=lambda t: (dfs[t], t))
        hits: dict[int, int] = {}
        for ids, weight in self._conjunctions(self._and_terms(words, useful), useful, words,
                                              limit):
            for rowid in ids:
                hits[rowid] = hits.get(rowid, 0) + weight
        if any(weight == 2 for weight in hits.values()):
            ranked = []  # passages hold all the rarest words: the idf ranking can add nothing
        else:
            chosen = _cheapest(useful, dfs, self.rare_terms)
            ranked = (self._rank(chosen, dfs, limit) if chosen
                      else self._intersect(useful[:2], limit) if useful else [])
        # AND evidence first (more words held, earlier), then the idf ranking.
        order = sorted(hits, key=lambda r: -hits[r])
        return list(dict.fromkeys(order + ranked))

    def _conjunctions(self, terms: list[str], content: list[str], words: list[str],
                      limit: int):
        """(ids, weight) for the AND of the rarest AND_TERMS words (weight 2); then, weight 1
        each, for disjoint pairs of the rarest PAIRED_TERMS content words, and for each of
        CHUNKS stretches of the quote the AND of its three rarest words. With up to three
        words changed by the article, one of four disjoint pairs and one of four stretches is
        left intact (the pigeonhole), and the source holds all their words."""
        if len(terms) >= 2:
            yield self._and(terms[:AND_TERMS], limit), 2
        paired = content[:PAIRED_TERMS]
        half = (len(paired) + 1) // 2
        narrow = min(limit, PART_LIMIT)
        for a, b in zip(paired[:half], paired[half:]):  # rare with less rare: selective pairs
            yield self._and([a, b], narrow), 1
        for chunk in _chunks(words, CHUNKS):
            known = sorted((w for w in dict.fromkeys(chunk) if len(w) > 1 and self.df(w) > 0),
                           key=lambda w: (self._df[w], w))
            if len(known) >= 2 and self._df[known[0]] <= MAX_POSTINGS:
                yield self._and(known[:3], narrow), 1

    def _and_terms(self, words: list[str], useful: list[str]) -> list[str]:
        """The words for the AND queries: the rarest content words, and when fewer than
        AND_TERMS of those are rare enough to narrow much, common words too ("they", "did"):
        a quote made only of everyday words is still a rare combination of them."""
        rare = [t for t in useful if self._df[t] <= MAX_POSTINGS]
        if len(rare) >= AND_TERMS:
            return useful
        extra = [w for w in dict.fromkeys(words) if len(w) > 1 and w not in useful]
        extra = sorted((w for w in extra if self.df(w) > 0), key=lambda w: (self._df[w], w))
        return rare + extra[: AND_TERMS - len(rare)] + [t for t in useful if t not in rare]

    def _and(self, terms: list[str], limit: int) -> list[int]:
        rows = self.conn.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? "
                                 "LIMIT ?", (" AND ".join(_fts_term(t) for t in terms), limit))
        return [r[0] for r in rows]

    def df(self, term: str) -> int:
        """How many passages hold *term*, counted up to MAX_POSTINGS + 1 (cached): the count
        stops there, so a common word costs no more than a rare one."""
        cached = self._df.get(term)
        if cached is None:
            row = self.conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? "
                "LIMIT ?)", (_fts_term(term), MAX_POSTINGS + 1)).fetchone()
            cached = self._df[term] = row[0]
        return cached

    def total(self) -> int:
        """The number of passages (the largest id: cheap, and close enough for idf)."""
        if self._total is None:
            row = self.conn.execute("SELECT max(id) FROM passages").fetchone()
            self._total = int(row[0] or 0)
        return self._total

    def _rank(self, terms: list[str], dfs: dict[str, int], limit: int) -> list[int]:
        """Passages by the summed idf of the chosen words they hold, summed inside SQLite (a
        Python loop over the postings would cost more than all the rest of a search)."""
        n = max(self.total(), 1)
        union = " UNION ALL ".join(
            ["SELECT rowid AS id, ? AS w FROM passages_fts WHERE passages_fts MATCH ?"] * len(terms))
        args: list = []
        for term in terms:
            args += [math.log(1 + n / dfs[term]), _fts_term(term)]
        rows = self.conn.execute(f"SELECT id FROM ({union}) GROUP BY id ORDER BY sum(w) DESC, id "
                                 "LIMIT ?", (*args, limit))
        return [r[0] for r in rows]

    def ranked(self, words: Iterable[str], limit: int = 30) -> list[int]:
        """The slow second look: FTS5's bm25 over the OR of the RANKED_TERMS rarest words (a
        few times the cost of :meth:`candidates` at a million passages, but it weighs every
        passage holding any of them)."""
        terms = _query_terms(list(words))
        useful = sorted((t for t in terms if self.df(t) > 0), key=lambda t: (self._df[t], t))
        if not useful:
            return []
        query = " OR ".join(_fts_term(t) for t in useful[:RANKED_TERMS])
        rows = self.conn.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? "
                                 "ORDER BY rank LIMIT ?", (query, limit))
        return [r[0] for r in rows]

    def _intersect(self, terms: list[str], limit: int) -> list[int]:
        query = " AND ".join(_fts_term(t) for t in terms)
        rows = self.conn.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit))
        return [r[0] for r in rows]


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


def _fts_term(term: str) -> str:
    """A word as an FTS5 string literal, so no word is read as query syntax (AND, NEAR, *)."""
    return '"' + term.replace('"', '""') + '"'

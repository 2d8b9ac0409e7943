"""Find where a quote comes from in the corpus: ``search(store, quote_text) -> list[Match]``.

The index (:mod:`workbench.corpus.index`) narrows the corpus to a few candidate passages, the
aligner (:mod:`workbench.corpus.align`) places the quote in each and says how it differs, and
this module puts the pieces together:

* a quote with an ellipsis, or in several parts (``“…,” she said. “…”``), is searched part by
  part; parts found in order in one passage (or running on into the next passage of the same
  speaker, no words skipped) make one match, the words an ellipsis skipped shown as a
  ``delete`` whose article side is "…"; parts found in different places make a ``spliced``
  match, one span a part;
* a quote of several sentences that is not found whole is tried sentence by sentence, which
  finds both a quote running over a paragraph break and an unmarked splice;
* nothing below the aligner's calibrated threshold is reported: no match beats a lookalike;
  :meth:`Searcher.search_with_lead` offers the best of those clearly closer than chance as a
  weak lead (kind ``lead``), apart from the matches.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Container
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from workbench.controls import strip_controls
from workbench.corpus.align import (FUNCTION_WORDS, Alignment, Located, align, ends_sentence,
                                    locate, starts_sentence)
from workbench.corpus.index import RANKED_LIMIT, CandidateIndex
from workbench.corpus.match import DiffOp, DocRef, Match, Span
from workbench.storage.protocols import CorpusStore
from workbench.storage.records import Passage
from workbench.corpus.tokens import (ELLIPSIS, Tokens, fold_word, normalize, split_ellipsis,
                                     tokenize)
from workbench.speakers.names import same_speaker

CANDIDATES = 14
"""Passages aligned per quote (or per part): the index ranks the right one near the top."""

ALIGNED = 6
"""Of the candidates, how many (the best by a quick character comparison) are aligned."""

MIN_LOOK = 60.0
"""A candidate whose quick comparison scores below this cannot reach the aligner's threshold."""

POOL = 150
"""Passages the index proposes per quote; the CANDIDATES holding most of its words are kept."""

THIRD_LOOK_WORDS = 8
"""Quotes shorter than this get no third look: a few changed words of a short quote leave too
little to be found by, and a weak finding of one would be no evidence."""

THIRD_LOOK_POOL = 60
"""Passages the third look (:meth:`CandidateIndex.everyday`) proposes at most: at 1M, the AND
of six everyday words of an absent quote's sentence is held by a dozen passages on average,
by none for most, by more than this for about one in ten."""

THIRD_LOOK_PART_WORDS = 12
"""The same for a part of a quote searched part by part (a sentence): a long one only, or
every sentence of a quote that is nowhere would pay for it."""

SPEAKER_POOL = 300
"""Candidates read before a --speaker filter, so that enough of that speaker's are left."""

SHORT_PART_WORDS = 5
"""A part of a splice this short counts only in a document where a longer part was found."""

PARTLY_FOUND_MIN_SCORE = 60.0
"""A quote only partly found (some sentences or parts nowhere) is reported as altered only if
the found parts carry at least this score over the whole quote's words."""

CONTEXT_CHARS = 160
QUESTION_SPEAKER = "Q"
"""How transcripts label a reporter's question."""

_GOOD = ("verbatim", "partial", "close")
_ASCII_WORDS = bytes(b + 32 if 65 <= b <= 90 else b if (48 <= b <= 57 or 97 <= b <= 122 or b >= 128)
                     else 32 for b in range(256))
"""A byte table: ASCII letters lower-cased, ASCII punctuation to spaces (other bytes kept). On
UTF-8 it splits a passage into words some ten times faster than anything on str: good enough
to count which of a quote's words a candidate holds."""
_ASCII_WORDS_SPLIT = b"\xff" + _ASCII_WORDS[1:]
"""_ASCII_WORDS with NUL (which joins texts) turned into 0xff, which UTF-8 never holds."""
_MARKS = "’‘“”—–…\xa0"
"""Marks that end a word like a space (replaced in the str: four times faster than in its UTF-8)."""
_INDEX_WORD = re.compile(r"[^\W_]+")
"""A word as the full-text index splits it (no thousands separators: "10,240" is two)."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass
class _Seen:
    """What the looks of one quote (one Tokens) learnt of each passage, by id: the words it
    holds (weighted), the quick comparisons, the alignment. A later look re-reading a passage
    reuses them (the answers are the same: every one depends only on the quote and the
    passage)."""

    held: dict[int, float] = field(default_factory=dict)
    looks: dict[int, Located] = field(default_factory=dict)
    words: dict[int, float] = field(default_factory=dict)
    aligned: dict[int, Alignment | None] = field(default_factory=dict)

    def look(self, pid: int, compute) -> Located:
        got = self.looks.get(pid)
        if got is None:
            got = self.looks[pid] = compute()
        return got

    def shared(self, pid: int, compute) -> float:
        got = self.words.get(pid)
        if got is None:
            got = self.words[pid] = compute()
        return got


@dataclass(frozen=True)
class Found:
    """One part of a quote aligned in one passage."""

    passage: Passage
    al: Alignment


class Searcher:
    """Search one store; keeps the index's word counts and document metadata between queries."""

    def __init__(self, store: CorpusStore, thorough: bool = True) -> None:
        self.store = store
        self.index = CandidateIndex(store)
        if getattr(store, "in_process", False):  # reading passages costs no round trip
            self.index.words_of = self._words_of
        self.thorough = thorough  # the index's second look (CandidateIndex.ranked) too
        self._docs: dict[int, DocRef] = {}
        self._rows: dict[int, Passage] = {}
        """Passages read for the quote being searched: its looks (and its sentences' and
        parts') share many. Emptied for each quote, so a corpus changed between two searches
        is read afresh."""
        self._words: dict[int, Container[bytes]] = {}
        """The words of the passages of :attr:`_rows` the index asked about (same life)."""
        self._contexts: dict[tuple[int, int, int], list[str] | None] = {}
        """The text around the spans about to be matched, read at once (:meth:`_read_contexts`)
        and taken by :meth:`_context`."""

    # ----------------------------------------------------------------- entry point

    def search(self, quote_text: str, speaker: str | None = None, limit: int = 5,
               parts: list[str] | None = None) -> list[Match]:
        """The places *quote_text* comes from, best first; [] when nothing is similar enough."""
        return self._search(quote_text, speaker, limit, parts, None)

    def search_with_lead(self, quote_text: str, speaker: str | None = None, limit: int = 5,
                         parts: list[str] | None = None) -> tuple[list[Match], Match | None]:
        """:meth:`search`, and when it finds nothing, the best weak lead (kind ``lead``: a
        passage clearly closer to the quote than chance, but too far to be a finding), or
        None. A lead is never a finding: callers show it apart and never count it."""
        leads: list[Found] = []
        matches = self._search(quote_text, speaker, limit, parts, leads)
        if matches or not leads:
            return matches, None
        best = min(leads, key=_rank)
        m = self._match([best], [tokenize(quote_text)], [])
        span = replace(m.first, kind="lead")
        return matches, Match("lead", m.score, (span,), m.diff)

    def _search(self, quote_text: str, speaker: str | None, limit: int,
                parts: list[str] | None, leads: list[Found] | None) -> list[Match]:
        # An article's text keeps its characters as loaded: a bidi control or an escape
        # sequence inside a word must not split it (the corpus has none: ingest drops them).
        quote_text = strip_controls(quote_text)
        self._rows, self._words, self._contexts = {}, {}, {}
        parts = [strip_controls(p) for p in parts] if parts else parts
        segments, marked = _segments(quote_text, parts)
        if not segments or limit < 1:
            return []
        if len(segments) == 1:
            return self._single(segments[0], speaker, limit, leads=leads)
        if any(marked):  # the article says words are left out: no use looking for it whole
            return self._multi(segments, marked, speaker, limit)
        whole = self._single(" ".join(segments), speaker, limit, split=False, leads=leads)
        if whole and whole[0].kind in ("verbatim", "partial"):
            return whole  # parts interrupted only by "she said": the source reads them as one
        return merge_matches(self._multi(segments, marked, speaker, limit), whole, limit)

    # ----------------------------------------------------------------- one stretch of text

    def _single(self, text: str, speaker: str | None, limit: int, split: bool = True,
                leads: list[Found] | None = None) -> list[Match]:
        q = tokenize(text)
        if not q.words:
            return []
        sentences = split_sentences(text) if split else []
        # A quote also searched for in pieces (sentences, or the parts the caller searches)
        # gets the second look for each piece; the whole need not have one too.
        found = sorted(self._find(q, speaker, wide=split and len(sentences) < 2, leads=leads),
                       key=_rank)
        self._read_contexts(found[:limit])
        matches = [self._match([f], [q], []) for f in found[:limit]]
        if split and (not matches or matches[0].kind not in _GOOD):
            if len(sentences) > 1:
                unmarked = [False] * (len(sentences) - 1)
                matches = merge_matches(self._multi(sentences, unmarked, speaker, limit),
                                        matches, limit)
        return matches

    def _promising(self, q: Tokens, rows: list[Passage], seen: _Seen
                   ) -> list[tuple[Located, Passage]]:
        """The rows worth aligning: the best few by a character comparison, and the best two by
        shared words (``token_set_ratio``), which ranks a heavy paraphrase right where the
        character score may not. (Both remembered in *seen*, for the next look.)"""
        looks = [(seen.look(row.id, lambda row=row: locate(q.joined, row.text)), row)
                 for row in rows]
        by_chars = sorted(range(len(looks)), key=lambda k: -looks[k][0].score)
        picked = [k for k in by_chars[:ALIGNED] if looks[k][0].score >= MIN_LOOK]
        words = [seen.shared(rows[k].id, lambda k=k: fuzz.token_set_ratio(q.joined,
                                                                          looks[k][0].flat))
                 for k in range(len(looks))]
        by_words = sorted(range(len(looks)), key=lambda k: -words[k])
        picked += [k for k in by_words[:2] if k not in picked]
        return [looks[k] for k in picked]

    def _find(self, q: Tokens, speaker: str | None, wide: bool = True,
              leads: list[Found] | None = None, third_look_words: int = THIRD_LOOK_WORDS
              ) -> list[Found]:
        """Where *q* is found among its candidate passages (unordered).

        The passages holding all the quote's rarest words are the pool when there are fewer
        than the pool's size (all of them, then). When there are none (or too many to read
        whole), the index's other queries join them: its second look (passages holding all but
        a few of the rarest words, whichever: it finds quotes whose rare words the article
        changed) first. When the first pool held all of them but nothing aligns there, the
        second look gets its own try. When still nothing aligns, the third look (passages holding
        the quote's everyday words, for four or five words changed, its rare ones among them)
        gets one.
        Not *wide*: no second or third look. Alignments too weak to be findings but clearly
        better than chance are added to *leads*."""
        wide = wide and self.thorough
        words = list(q.words)
        pool = SPEAKER_POOL if speaker else POOL
        seen = _Seen()  # what each look learnt of a passage, for the next looks
        ids = self.index.all_rarest(words, pool)
        strong = 0 < len(ids) < pool  # all of them, not the first *pool* of very many
        if strong or not wide:
            if not strong:
                # The whole of a quote also searched in pieces (self.thorough and not wide):
                # each piece gets every look, so the whole needs no idf ranking (at 1M: no
                # answer changed; it cost up to 20 ms a quote that is nowhere).
                more = (self.index.pigeonholed(words, pool)[:pool] if self.thorough
                        else self.index.some_rarest(words, pool, wide))
                ids = list(dict.fromkeys(ids + more))
            found = self._found_in(q, self._pool(q, ids, speaker, seen), leads, seen)
            tried = set(ids)
            if not found and strong and wide:
                second = self.index.ranked(words, RANKED_LIMIT)
                tried.update(second)
                found = self._found_in(q, self._pool(q, second, speaker, seen), leads, seen)
        else:
            # The pigeonhole ANDs first (cheap); the second look (an OR of twenty ANDs,
            # the dearest query) only when their passages hold no finding. Then the pool is
            # what it would have been with both at once, so nothing is found that both at
            # once would not (measured at 1M: the same answers, the second look skipped for
            # most quotes with a few words changed).
            order = self.index.pigeonholed(words, pool)
            first = list(dict.fromkeys(ids + order[:pool]))
            found = self._found_in(q, self._pool(q, first, speaker, seen), leads, seen)
            tried = set(first)
            if not found:
                second = self.index.ranked(words, RANKED_LIMIT)
                both = list(dict.fromkeys(second + order))[: pool + len(second)]
                union = list(dict.fromkeys(ids + both))
                tried.update(union)
                found = self._found_in(q, self._pool(q, union, speaker, seen), leads, seen)
        if not found and wide and len(words) >= third_look_words:
            third = [i for i in self.index.everyday(words, THIRD_LOOK_POOL) if i not in tried]
            found = self._found_in(q, self._pool(q, third, speaker, seen), leads, seen)
        return found

    def _found_in(self, q: Tokens, rows: list[Passage], leads: list[Found] | None = None,
                  seen: _Seen | None = None) -> list[Found]:
        """The findings among *rows* (and the leads, into *leads*); *seen* keeps each
        passage's alignment for *q*, so that a later look re-reading it aligns it once."""
        found = []
        seen = seen or _Seen()
        aligned = seen.aligned
        for look, row in self._promising(q, rows, seen):
            if row.id in aligned:
                al = aligned[row.id]
            else:
                al = aligned[row.id] = align(q, row.text, look.window)
            if al is not None and al.is_finding:
                found.append(Found(row, al))
            elif al is not None and leads is not None and al.is_lead:
                leads.append(Found(row, al))
        return found

    # ----------------------------------------------------------------- several parts

    def _multi(self, segments: list[str], marked: list[bool], speaker: str | None,
               limit: int) -> list[Match]:
        qs = [tokenize(s) for s in segments]
        if not any(q.words for q in qs):
            return []
        # Each part is looked for among its own candidates: parts found together in a passage
        # have it among the candidates of each.
        table = [self._find(q, speaker, third_look_words=THIRD_LOOK_PART_WORDS) if q.words
                 else [] for q in qs]
        chains = _chains(table)
        joined = sorted((self._match(chain, qs, marked) for chain in chains),
                        key=lambda m: -m.score)
        spliced = self._spliced(table, qs)
        out = joined[:limit]
        if spliced is not None and not (out and out[0].kind in _GOOD):
            if not out or spliced.score >= out[0].score - 5:
                out.insert(0, spliced)
            else:
                out.append(spliced)
        return out[:limit]

    def _spliced(self, table: list[list[Found]], qs: list[Tokens]) -> Match | None:
        """Every part found, but not together: one span per part, the best place of each."""
        table = _short_parts_at_home(table, qs)
        if any(not found and q.words for found, q in zip(table, qs)):
            return self._partly_found(table, qs)
        together = set.intersection(*({f.passage.id for f in found} for found in table if found))
        if together:
            return None  # every part found in one passage: words changed, not a splice
        best = [min(found, key=_rank) for found in table if found]
        first = best[0].passage
        # A later part found where the first part is stays there (the source's own words,
        # however changed): of equally good places elsewhere, prefer the first's document.
        best = [best[0]] + [min(found, key=lambda f: (f.passage.id != first.id,
                                                       _rank(f)[0], f.passage.doc_id != first.doc_id,
                                                       *_rank(f)[1:]))
                            for found in table[1:] if found]
        spans = tuple(self._span(f.passage, f.al.start, f.al.end, f.al.score, f.al.kind,
                                 f.al.diff) for f in best)
        diff = tuple(d for s in spans for d in s.diff)
        return Match("spliced", _weighted([f.al.score for f in best], qs), spans, diff)

    def _partly_found(self, table: list[list[Found]], qs: list[Tokens]) -> Match | None:
        """Some parts found, some not: the article added words the source lacks."""
        found = [(min(f, key=_rank), q) for f, q in zip(table, qs) if f]
        total = sum(len(q.words) for q in qs)
        if sum(len(q.words) for _, q in found) * 2 < total:
            return None  # most of the quote is nowhere: that is no source
        spans = tuple(self._span(f.passage, f.al.start, f.al.end, f.al.score, f.al.kind,
                                 f.al.diff) for f, _ in found)
        diff: list[DiffOp] = []
        for f_list, q in zip(table, qs):
            if f_list:
                diff += min(f_list, key=_rank).al.diff
            elif q.words:
                diff.append(DiffOp("insert", " ".join(q.text.split()), ""))
        score = sum(f.al.score * len(q.words) for f, q in found) / max(total, 1)
        if score < PARTLY_FOUND_MIN_SCORE:
            return None  # a fragment that happens to recur is no source for the whole quote
        return Match("altered", score, spans, tuple(diff))

    # ----------------------------------------------------------------- building matches

    def _match(self, chain: list[Found], qs: list[Tokens], marked: list[bool]) -> Match:
        """One match from parts found in order in one passage (or consecutive ones)."""
        first, last = chain[0], chain[-1]
        start = first.passage.start + first.al.start
        end = last.passage.start + last.al.end
        diff: list[DiffOp] = list(first.al.diff)
        unmarked_gap = 0
        for i, (a, b) in enumerate(zip(chain, chain[1:])):
            gap = tokenize(self._doc_text(a.passage, a.passage.start + a.al.end,
                                          b.passage.start + b.al.start))
            gap_words = gap.words
            if gap_words:
                is_marked = i < len(marked) and marked[i]
                skipped = " ".join(gap.text[gap.starts[0]:gap.ends[-1]].split())
                diff.append(DiffOp("delete", "…" if is_marked else "", skipped))
                if not is_marked:
                    unmarked_gap += len(gap_words) if not (
                        len(gap_words) == 1 and gap_words[0] in FUNCTION_WORDS) else 0.5
            diff += b.al.diff
        kind = _chain_kind(chain, unmarked_gap, starts_sentence(first.passage.text, first.al.start)
                           and ends_sentence(last.passage.text, last.al.end))
        words = sum(len(q.words) for q in qs) or 1
        score = _weighted([f.al.score for f in chain], qs[: len(chain)]) * words / (
            words + unmarked_gap)
        text = (first.passage.text[first.al.start:last.al.end] if first is last
                or first.passage.id == last.passage.id
                else self._doc_text(first.passage, start, end))
        span = self._span(first.passage, first.al.start, first.al.start + (end - start), score,
                          kind, tuple(diff), text=text)
        return Match(kind, score, (span,), tuple(diff))

    def _span(self, p: Passage, start: int, end: int, score: float, kind: str,
              diff: tuple[DiffOp, ...], text: str | None = None) -> Span:
        """A span from passage offsets: document offsets, text and context filled in."""
        doc = self._doc(p.doc_id)
        d_start, d_end = p.start + start, p.start + end
        before, after = self._context(p.doc_id, d_start, d_end)
        return Span(doc=doc, passage_id=p.id, speaker=p.speaker or doc.speaker, start=d_start,
                    end=d_end, text=text if text is not None else p.text[start:end],
                    score=score, kind=kind, diff=diff, before=before, after=after)

    # ----------------------------------------------------------------- the store

    def _pool(self, q: Tokens, ids: list[int], speaker: str | None, seen: _Seen | None = None
              ) -> list[Passage]:
        """The passages *ids* (only *speaker*'s, if given), narrowed to the CANDIDATES that
        hold most of the quote's words."""
        rows = self._passages(ids)
        if speaker:
            rows = [r for r in rows if self._spoken_by(r, speaker)]
        return self._narrow(q, rows, seen or _Seen())

    def _narrow(self, q: Tokens, rows: list[Passage], seen: _Seen) -> list[Passage]:
        """The CANDIDATES of *rows* that hold most of the quote's distinct words, each word
        weighted by its rarity (a passage sharing the quote's one rare word beats one sharing
        two of its commonest)."""
        if len(rows) <= CANDIDATES:
            return rows
        held = seen.held
        new = [r for r in rows if r.id not in held]
        if new:
            wanted = {w.encode(): self.index.weight(w) for w in q.words}
            held.update(zip((r.id for r in new), _held(wanted, [r.text for r in new])))
        # Stable: of passages holding as much, the index's order decides.
        return sorted(rows, key=lambda r: -held[r.id])[:CANDIDATES]

    def _spoken_by(self, p: Passage, speaker: str) -> bool:
        doc = self._doc(p.doc_id)
        name = p.speaker or doc.speaker
        return bool(name) and same_speaker(speaker, name, doc.title, doc.speaker)

    def _passages(self, ids: list[int]) -> list[Passage]:
        rows = self._rows
        missing = [i for i in ids if i not in rows]
        if missing:
            rows.update((p.id, p) for p in self.store.get_passages(missing))
        return [rows[i] for i in ids if i in rows]

    def _words_of(self, ids: list[int]) -> dict[int, Container[bytes]]:
        """The words of each passage of *ids* that exists (for the index's ANDs): read with
        the quote's other passages, split once a quote."""
        rows = self._passages(ids)
        cache = self._words
        new = [r for r in rows if r.id not in cache]
        if new:
            cache.update(zip((r.id for r in new), _word_sets([r.text for r in new])))
        return {r.id: cache[r.id] for r in rows}

    def _doc(self, doc_id: int) -> DocRef:
        doc = self._docs.get(doc_id)
        if doc is None:
            ref = self.store.document_ref(doc_id)
            doc = (DocRef(ref.id, ref.title, ref.speaker, ref.date, ref.url, ref.path, ref.kind)
                   if ref else DocRef(doc_id, None, None, None, None, None))
            self._docs[doc_id] = doc
        return doc

    def _doc_text(self, p: Passage, start: int, end: int) -> str:
        """document.text[start:end] (read from the passage when it lies inside it)."""
        if end <= start:
            return ""
        if p.start <= start and end <= p.end:
            return p.text[start - p.start:end - p.start]
        texts = self.store.document_slices(p.doc_id, [(start, end)])
        return texts[0] if texts else ""

    def _read_contexts(self, found: list[Found]) -> None:
        """The text around each finding's span, read for all of them at once (on a server, one
        round trip instead of one a match): what :meth:`_context` would read for each."""
        spans = {(f.passage.doc_id, f.passage.start + f.al.start, f.passage.start + f.al.end)
                 for f in found}
        wanted = sorted(spans - self._contexts.keys())
        if wanted:
            texts = self.store.document_slices_many([(doc_id, _context_spans(start, end))
                                                     for doc_id, start, end in wanted])
            self._contexts.update(zip(wanted, texts))

    def _context(self, doc_id: int, start: int, end: int) -> tuple[str, str]:
        key = (doc_id, start, end)
        texts = (self._contexts.pop(key) if key in self._contexts
                 else self.store.document_slices(doc_id, _context_spans(start, end)))
        if not texts:
            return "", ""
        before, after = texts
        if start > CONTEXT_CHARS and " " in before:  # cut short (see _context_spans)
            before = before[before.index(" ") + 1:]  # do not start mid-word
        if len(after) == CONTEXT_CHARS and " " in after:
            after = after[: after.rindex(" ")]
        return before, after

# --------------------------------------------------------------------------- helpers


def _context_spans(start: int, end: int) -> list[tuple[int, int]]:
    """The document's stretches shown before and after the span start:end."""
    return [(max(0, start - CONTEXT_CHARS), start), (end, end + CONTEXT_CHARS)]


_searchers: "weakref.WeakKeyDictionary[object, Searcher]" = weakref.WeakKeyDictionary()


def search(store, quote_text: str, speaker: str | None = None, limit: int = 5,
           parts: list[str] | None = None) -> list[Match]:
    """The places in *store* that *quote_text* comes from, best first (at most *limit*).

    *speaker* keeps only passages of that person (a name or a role the document gives them);
    *parts* are the quote's segments when the article interrupts it ("…,” she said, “…").
    """
    try:
        searcher = _searchers.get(store)
        if searcher is None or searcher.store is not store:
            searcher = _searchers[store] = Searcher(store)
    except TypeError:  # a store that cannot be weakly referenced: no reuse
        searcher = Searcher(store)
    return searcher.search(quote_text, speaker=speaker, limit=limit, parts=parts)


def split_sentences(text: str) -> list[str]:
    """Sentences of a quote (a plain rule: end punctuation, space, a capital or a digit)."""
    return [s for s in _SENTENCE_BREAK.split(text.strip()) if normalize(s)]


def _segments(text: str, parts: list[str] | None) -> tuple[list[str], list[bool]]:
    """The pieces to search, and for each gap between two pieces whether an ellipsis marks it."""
    pieces = [p for p in (parts or []) if normalize(p)] if parts and len(parts) > 1 else [text]
    segments: list[str] = []
    marked: list[bool] = []
    for k, piece in enumerate(pieces):
        sides = split_ellipsis(piece)
        for j, side in enumerate(sides):
            if segments:
                if j > 0:
                    marked.append(True)
                else:  # between two quote parts: marked if either side of the gap has an ellipsis
                    marked.append(bool(ELLIPSIS.search(pieces[k - 1].rstrip()[-3:] + " "))
                                  or bool(ELLIPSIS.match(piece.lstrip()[:3])))
            segments.append(side)
    return segments, marked


def _held(wanted: dict[bytes, float], texts: list[str]) -> list[float]:
    """The summed weights of the *wanted* words (lower-cased, as bytes) each of *texts* holds,
    its words split as bytes (see _ASCII_WORDS)."""
    keys, weight = wanted.keys(), wanted.__getitem__
    return [sum(map(weight, keys & set(part.split()))) for part in _byte_words(texts)]


def _word_sets(texts: list[str]) -> list[Container[bytes]]:
    """The words of each text as the full-text index splits them (letters and digits, folded;
    UTF-8), to ask whether it holds a word: by bytes (see _ASCII_WORDS) for an ASCII text once
    quote marks and dashes are spaces, by the word pattern otherwise (accents folded as the
    index folds them)."""
    return [_Spaced(b" " + part + b" ") if part.isascii()
            else frozenset(fold_word(w).encode() for w in _INDEX_WORD.findall(text))
            for part, text in zip(_byte_words(texts), texts)]


class _Spaced(bytes):
    """A text's words (lower-cased ASCII letters and digits) as one string, a space either side
    of each: ``word in it`` says what ``word in set(words)`` would, without building the set
    (the index's ANDs ask a few words of each passage: a third of the time)."""

    __slots__ = ()

    def __contains__(self, word: object) -> bool:
        return (isinstance(word, bytes) and bool(word) and b" " not in word
                and bytes.__contains__(self, b" " + word + b" "))


def _byte_words(texts: list[str]) -> list[bytes]:
    """Each text as UTF-8 with ASCII letters lower-cased and everything but letters and
    digits (quote marks and dashes too) a space (see _ASCII_WORDS). The texts are joined, so
    that encoding and translating them are one call each, and split again at a byte UTF-8
    never holds (NUL, which joins them, becomes it)."""
    data = "\0".join(texts)
    for mark in _MARKS:
        if mark in data:
            data = data.replace(mark, " ")
    parts = data.encode().translate(_ASCII_WORDS_SPLIT).split(b"\xff")
    if len(parts) != len(texts):  # a text held a NUL of its own
        return [_byte_words([t.replace("\0", " ")])[0] for t in texts]
    return parts


def _chains(table: list[list[Found]]) -> list[list[Found]]:
    """Every way to find all parts in order within one passage, or running on from one passage
    into the next (one chain per starting place of the first part)."""
    if not table or any(not found for found in table):
        return []
    by_passage = [{f.passage.id: f for f in found} for found in table]
    chains = []
    for head in table[0]:
        chain = [head]
        for nxt in by_passage[1:]:
            prev = chain[-1]
            same = nxt.get(prev.passage.id)
            if same is not None and same.al.start >= prev.al.end:
                chain.append(same)
                continue
            follow = nxt.get(prev.passage.id + 1)
            if follow is not None and _runs_on(prev, follow):
                chain.append(follow)
                continue
            break
        if len(chain) == len(table):
            chains.append(chain)
    return chains


def _short_parts_at_home(table: list[list[Found]], qs: list[Tokens]) -> list[list[Found]]:
    """A short part ("we will") is found almost anywhere: keep its findings only in documents
    where a longer part of the quote was found."""
    long_docs = {f.passage.doc_id for found, q in zip(table, qs)
                 if len(q.words) > SHORT_PART_WORDS for f in found}
    return [found if len(q.words) > SHORT_PART_WORDS
            else [f for f in found if f.passage.doc_id in long_docs]
            for found, q in zip(table, qs)]


def _runs_on(a: Found, b: Found) -> bool:
    """Part *a* ends its passage and part *b* opens the next one, same document and speaker:
    one quote running over a paragraph break. (Skipping words across passages is a splice.)"""
    pa, pb = a.passage, b.passage
    return (pa.doc_id == pb.doc_id and pb.start >= pa.end and pa.speaker == pb.speaker
            and not normalize(pa.text[a.al.end:]) and not normalize(pb.text[:b.al.start]))


def _chain_kind(chain: list[Found], unmarked_gap: float, whole_sentence: bool) -> str:
    kinds = {f.al.kind for f in chain}
    if "altered" in kinds or unmarked_gap > 0.5:
        return "altered"
    if "close" in kinds or unmarked_gap:
        return "close"
    return "verbatim" if whole_sentence else "partial"


def _rank(f: Found) -> tuple:
    """Best first: higher score, an official before a reporter's question, more words kept."""
    return (-round(f.al.score, 1), f.passage.speaker == QUESTION_SPEAKER, -f.al.coverage,
            f.passage.id)


def _weighted(scores: list[float], qs: list[Tokens]) -> float:
    weights = [max(len(q.words), 1) for q in qs][: len(scores)]
    return sum(s * w for s, w in zip(scores, weights)) / max(sum(weights), 1)


def merge_matches(first: list[Match], second: list[Match], limit: int) -> list[Match]:
    """Two result lists as one: a good kind before a poor one, then by score; no duplicates."""
    order = {"verbatim": 0, "partial": 0, "close": 1, "spliced": 2, "altered": 3}
    seen, out = set(), []
    for m in sorted(first + second, key=lambda m: (order.get(m.kind, 4), -m.score)):
        key = tuple((p.doc.id, p.start, p.end) for p in m.parts)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out[:limit]

"""Align a quote inside one passage: the span it comes from, a word diff, a score and a kind.

rapidfuzz does the work: ``fuzz.partial_ratio_alignment`` finds where the quote sits in the
passage (on folded words joined by single spaces, so punctuation, case, quote style and runs of
spaces do not count), then ``Levenshtein.opcodes`` on the two word lists gives the diff, and the
diff decides the kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from workbench.corpus.match import DiffOp
from workbench.corpus.tokens import Tokens, flatten, tokenize

FUNCTION_WORDS = frozenset("""
a an the and or but of to in on at by for with from as that this these those it its is are was
were be been so then than there here we our us you your i me my he him his she her they them
their do does did will would shall should can could may might must have has had not no very
just also now well oh
""".split())
"""Words whose insertion or removal is a small edit (it rarely changes what was said)."""

MAX_EDIT_SHARE = 1 / 3
SHORT_EDIT_SHARE = 0.25
SHARE_FROM_WORDS = 10
MIN_EDITS_ALLOWED = 1
MIN_SIMILARITY = 65.0
"""A span is reported only if the quote differs from it by at most a third of its words
(word-level Levenshtein distance, a contraction one word; a quarter for quotes under
SHARE_FROM_WORDS words; one is always allowed: two of a five-word quote made "no later than next
spring" a finding in "no later than December 1") and their character similarity is at least
65: no match beats a weak lookalike. Calibrated with ``benchmarks/search.py`` (see
benchmarks/README.md): news quotes absent from the corpus differ from their nearest passage by
0.4 of their words or more (three quarters at the median; formulaic ones like "the report of
the Commissioner of Indian Affairs" by about a third), quotes with five words changed in fifteen
by a third. From ten words, not twelve: a sentence of twelve the article cut to ten or eleven
words with three changed was no finding (at 1M: 6 more of 1,100 quotes with three to five
edits found, none lost; of 400 news sentences of 9-11 words that are not in the corpus, 5
reported altered, 3 with twelve, 8 with nine)."""

LEAD_EDIT_SHARE = 0.45
LEAD_MIN_WORDS = 8
LEAD_MIN_SIMILARITY = 55.0
"""Below the finding threshold, a span is a weak lead (shown as such, never a finding) when the
quote has LEAD_MIN_WORDS words or more and differs from it by at most this share of them: of
200 absent news quotes, one had a nearest passage that close (measured at 200k passages)."""

SHORT_QUOTE_WORDS = 4
"""A quote this short proves nothing unless it is found word for word."""

LOOK_CUTOFF = 50.0
"""rapidfuzz gives up on a candidate below this at once (it then cannot be a match anyway)."""

_OPENERS = "\"'“”‘’«»„‚([{ \t\n"
_SENTENCE_END = ".!?…"


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in one passage; offsets are into the passage text."""

    start: int
    end: int
    score: float       # 0-100: the mean of similarity and 100 * coverage
    similarity: float  # character similarity of the quote and the span (folded words), 0-100
    coverage: float    # share of the quote's words found unchanged
    edits: int         # word edits (Levenshtein distance) between the quote and the span,
                       # a contraction one word (see _words)
    words: int         # words in the quote
    kind: str          # verbatim | partial | close | altered
    diff: tuple[DiffOp, ...]

    span_words: int = 0  # words in the source span

    @property
    def is_finding(self) -> bool:
        # A share of the longer side: words the article dropped count as the source's.
        words = max(self.words, self.span_words)
        share = MAX_EDIT_SHARE if words >= SHARE_FROM_WORDS else SHORT_EDIT_SHARE
        return self.kind in ("verbatim", "partial") or (
            self.edits <= max(MIN_EDITS_ALLOWED, share * words)
            and self.similarity >= MIN_SIMILARITY)

    @property
    def is_lead(self) -> bool:
        """Not a finding, but clearly closer than chance (see LEAD_EDIT_SHARE)."""
        return (not self.is_finding and self.words >= LEAD_MIN_WORDS
                and self.edits <= LEAD_EDIT_SHARE * max(self.words, self.span_words)
                and self.similarity >= LEAD_MIN_SIMILARITY)


def align(quote: Tokens, passage: str, window: tuple[int, int] | None = None
          ) -> Alignment | None:
    """The best alignment of *quote* inside *passage* (within the character *window* of it, if
    given: see :func:`locate`), or None when either has no words."""
    p = tokenize(passage, *window) if window else tokenize(passage)
    if not quote.words or not p.words:
        return None
    lo, hi = _exact_window(quote, p) or _best_window(quote, p, *_rough_window(quote, p))
    base = lo  # opcode offsets are relative to the window's first word
    ops = Levenshtein.opcodes(quote.words, p.words[lo:hi])
    ops, lo, hi = _trim(list(ops), lo, hi)
    if hi <= lo:  # not one word of the passage lines up with the quote
        return None
    diff = tuple(_diff_op(op, quote, p, base) for op in ops)
    similarity = fuzz.ratio(quote.joined, " ".join(p.words[lo:hi]))
    equal = sum(op.src_end - op.src_start for op in ops if op.tag == "equal")
    coverage = equal / len(quote.words)
    score = (similarity + 100 * coverage) / 2
    start, end = p.span(lo, hi)
    kind = _kind(quote, ops, diff, passage, start, end)
    if kind in ("close", "altered") and len(quote.words) <= SHORT_QUOTE_WORDS:
        return None  # a changed short phrase is no evidence
    # Edits counted in the article's words: a contraction or a possessive ("we’re", "today’s")
    # changed is one change, though the tokens split it in two. (Without one, the same count
    # as the opcodes'. The lengths stay in tokens, as the thresholds were calibrated.)
    edits = Levenshtein.distance(_words(quote, 0, len(quote.words)), _words(p, lo, hi))
    return Alignment(start, end, score, similarity, coverage, edits, len(quote.words), kind, diff,
                     hi - lo)


_APOSTROPHES = frozenset("'’‘ʼ")


def _words(t: Tokens, first: int, last: int) -> list[str]:
    """Tokens first..last - 1 of *t* as words: tokens joined by an apostrophe alone (we|re,
    today|s, don|t) make one."""
    out: list[str] = []
    for k in range(first, last):
        joined = t.starts[k] - t.ends[k - 1] == 1 and t.text[t.starts[k] - 1] in _APOSTROPHES
        if k > first and joined:
            out[-1] += "'" + t.words[k]
        else:
            out.append(t.words[k])
    return out


@dataclass(frozen=True)
class Located:
    """A quick first look at a candidate passage: how well the quote fits, and where."""

    score: float
    window: tuple[int, int]
    flat: str  # the flattened passage, for further quick comparisons


def locate(quote_flat: str, passage: str) -> Located:
    """Where in *passage* the quote roughly is, and how well it fits, from a comparison of
    flattened copies (:func:`~workbench.corpus.tokens.flatten`: same length, so offsets carry
    over) done entirely in rapidfuzz. *quote_flat* is the flattened quote with single spaces.
    The window has room on both sides for words the article dropped."""
    flat = flatten(passage)
    if len(flat) <= len(quote_flat):
        return Located(fuzz.ratio(quote_flat, " ".join(flat.split())), (0, len(passage)), flat)
    al = fuzz.partial_ratio_alignment(quote_flat, flat, score_cutoff=LOOK_CUTOFF)
    if al is None:
        return Located(0.0, (0, len(passage)), flat)
    pad = len(quote_flat) // 2 + 40
    lo, hi = max(0, al.dest_start - pad), min(len(passage), al.dest_end + pad)
    # Widen to whitespace so no word is cut in two.
    while lo > 0 and not flat[lo - 1].isspace():
        lo -= 1
    while hi < len(flat) and not flat[hi].isspace():
        hi += 1
    return Located(al.score, (lo, hi), flat)


def _exact_window(quote: Tokens, p: Tokens) -> tuple[int, int] | None:
    """The first place the quote's words occur in the passage one for one, or None: what the
    window search finds for them (no edits), at a fraction of its cost (most quotes that are
    found are found word for word in several candidates)."""
    at = f" {p.joined} ".find(f" {quote.joined} ")
    if at < 0:
        return None
    first = p.word_at(at)
    return first, first + len(quote.words)


def _rough_window(quote: Tokens, p: Tokens) -> tuple[int, int]:
    """Word range of the passage where the quote roughly sits, with a margin for dropped words."""
    q_str, p_str = quote.joined, p.joined
    if len(p_str) <= len(q_str):
        # partial_ratio would slide the passage inside the quote and call "the u s" a perfect
        # match; a passage no longer than the quote is compared whole instead.
        return 0, len(p.words)
    al = fuzz.partial_ratio_alignment(q_str, p_str)
    first = p.word_at(al.dest_start)
    last = p.word_at(max(al.dest_end - 1, al.dest_start))
    margin = 3 + len(quote.words) // 4
    return max(0, first - margin), min(len(p.words), last + 1 + margin)


def _best_window(quote: Tokens, p: Tokens, lo: int, hi: int) -> tuple[int, int]:
    """The stretch of words lo..hi that the quote is closest to (fewest word edits).

    Levenshtein over the whole rough window charges the margin words as deletions, and where the
    quote's first word ("the") also occurs in the margin it may as well match that one and call
    the words in between deleted: a tie it breaks the wrong way. So starts at a word equal to one
    of the quote's first two words are tried, with ends at a word equal to one of its last two
    or about the quote's length further on (for a quote whose last words were changed).
    """
    q, words = quote.words, p.words
    heads, tails = set(q[:2]), set(q[-2:])
    starts = {lo} | {i for i in range(lo, hi) if words[i] in heads}
    ends = {hi} | {j + 1 for j in range(lo, hi) if words[j] in tails}
    best = None
    for a in sorted(starts):
        # Ends at a known last word, or where a quote with its last words changed would end.
        for b in ends | {a + len(q) + k for k in range(-2, 3) if a + len(q) + k <= hi}:
            if b > a:
                key = (Levenshtein.distance(q, words[a:b]), a - b)  # ties: the longer
                if best is None or key < best[0]:
                    best = (key, a, b)
    return (best[1], best[2]) if best else (lo, hi)


def _trim(ops: list, lo: int, hi: int) -> tuple[list, int, int]:
    """Drop source-only words at either edge of the window (they are margin, not quote)."""
    while ops and ops[0].tag == "insert":
        ops.pop(0)
    while ops and ops[-1].tag == "insert":
        ops.pop()
    if not ops:
        return ops, lo, lo
    return ops, lo + ops[0].dest_start, lo + ops[-1].dest_end


_TAGS = {"equal": "equal", "replace": "replace", "delete": "insert", "insert": "delete"}
"""rapidfuzz opcodes turn the quote into the source; ours say what the article did to the
source, so its "delete" (quote-only words) is our "insert" and the other way round."""


def _diff_op(op, quote: Tokens, p: Tokens, lo: int) -> DiffOp:
    article = _surface(quote, op.src_start, op.src_end)
    source = _surface(p, lo + op.dest_start, lo + op.dest_end)
    return DiffOp(_TAGS[op.tag], article, source)


def _surface(t: Tokens, first: int, last: int) -> str:
    """The original text of words ``first`` to ``last - 1`` (punctuation between them kept)."""
    if last <= first:
        return ""
    start, end = t.span(first, last)
    return " ".join(t.text[start:end].split())


def _kind(quote: Tokens, ops, diff: tuple[DiffOp, ...], passage: str, start: int, end: int) -> str:
    changes = [(op, d) for op, d in zip(ops, diff) if op.tag != "equal"]
    if not changes:
        return "verbatim" if is_whole_sentence(passage, start, end) else "partial"
    allowed = 2 if len(quote.words) < 30 else 3
    if len(changes) <= allowed and all(_small(op, quote, d) for op, d in changes):
        return "close"
    return "altered"


def _small(op, quote: Tokens, d: DiffOp) -> bool:
    """A typo, a spelling variant, an inflection, or one function word added or dropped."""
    if op.tag == "replace":
        a, s = " ".join(quote.words[op.src_start:op.src_end]), _fold_join(d.source)
        return Levenshtein.distance(a, s) <= min(2, max(1, len(a) // 3))
    words = (d.article or d.source).split()
    return len(words) == 1 and _fold_join(words[0]) in FUNCTION_WORDS


def _fold_join(text: str) -> str:
    return tokenize(text).joined


def is_whole_sentence(passage: str, start: int, end: int) -> bool:
    """True when passage[start:end] starts and ends at sentence boundaries (or the passage's)."""
    return starts_sentence(passage, start) and ends_sentence(passage, end)


def starts_sentence(passage: str, start: int) -> bool:
    """Nothing but a sentence end (or a colon) before *start*, quote marks and spaces aside."""
    before = passage[:start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_END + ":"


def ends_sentence(passage: str, end: int) -> bool:
    """A sentence end (or the end of the passage) right after *end*, quote marks aside."""
    after = passage[end:].lstrip(_OPENERS)
    return not after or after[0] in _SENTENCE_END

"""Cut an article into pieces of whole paragraphs, to parse one piece at a time.

A cut never falls inside a quote that runs over several paragraphs, nor before a short dash
line that signs the quote above it ("― Jane Doe"), so every quote is attributed with all the
text its rules read in one parsed piece. Only a quote longer than ``HARD_FACTOR`` pieces is cut
(its parts beyond the piece are then read as unclosed), so a piece stays bounded by the largest
paragraph whatever the input.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.quotes.marks import QuoteRegion

PIECE_CHARS = 20_000  # about 4,000 tokens: parse cost per character is flat from here on
HARD_FACTOR = 4
_DASHES = "―—–-"
_BYLINE_CHARS = 60  # as attribute._MAX_BYLINE_CHARS


@dataclass(frozen=True)
class Piece:
    """Paragraphs [para_lo, para_hi) of the article, as the text [start, end)."""

    start: int
    end: int
    para_lo: int
    para_hi: int


def plan(text: str, paras: list[tuple[int, int]], regions: list[QuoteRegion],
         piece_chars: int | None = PIECE_CHARS) -> list[Piece]:
    """Pieces covering ``text`` end to end (one when ``piece_chars`` is None or the text is short)."""
    if piece_chars is None or len(text) <= piece_chars or len(paras) < 2:
        return [Piece(0, len(text), 0, len(paras))]
    spans = sorted((r.open_mark, r.close_mark + 1 if r.close_mark is not None else r.end)
                   for r in regions)
    cuts = [0]  # paragraph numbers where pieces start
    k, reach = 0, 0  # regions opened so far, and the furthest end among them
    for j in range(1, len(paras)):
        at = paras[j][0]
        while k < len(spans) and spans[k][0] < at:
            reach = max(reach, spans[k][1])
            k += 1
        size = at - (paras[cuts[-1]][0] if len(cuts) > 1 else 0)
        if size < piece_chars:
            continue
        free = reach <= at and not _signs_above(text, paras[j])
        if free or size >= HARD_FACTOR * piece_chars:
            cuts.append(j)
    starts = [0] + [paras[j][0] for j in cuts[1:]]
    ends = starts[1:] + [len(text)]
    his = cuts[1:] + [len(paras)]
    return [Piece(s, e, lo, hi) for s, e, lo, hi in zip(starts, ends, cuts, his)]


def _signs_above(text: str, para: tuple[int, int]) -> bool:
    lo, hi = para
    return text[lo] in _DASHES and hi - lo <= _BYLINE_CHARS


def clip(region: QuoteRegion, piece: Piece) -> QuoteRegion | None:
    """The region as seen from inside the piece (offsets relative to its start), or None."""
    lo, hi = piece.start, piece.end
    parts = tuple((max(s, lo) - lo, min(e, hi) - lo) for s, e in region.parts if e > lo and s < hi)
    if not parts:
        return None
    open_mark = region.open_mark - lo if lo <= region.open_mark < hi else None
    close = region.close_mark
    close_mark = close - lo if close is not None and lo <= close < hi else None
    return QuoteRegion(parts, region.family, region.closed and close_mark is not None,
                       open_mark, close_mark)

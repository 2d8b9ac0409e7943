"""Cut a cleaned document text into passages: the units the search indexes and returns.

* Transcripts (speaker-labelled turns, see :mod:`workbench.corpus.transcript`): each turn
  becomes passages of at most ``MAX_PARAGRAPHS`` paragraphs / ``MAX_CHARS`` characters, split at
  paragraph boundaries, each with the turn's resolved speaker; the label is not in the span.
* Other texts: one passage a paragraph; very short paragraphs (headings, datelines) are merged
  with the next, very long ones are split at sentence boundaries.

Passages are ``(start, end, speaker)`` spans of the text; none starts or ends with whitespace.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add

from workbench.corpus.transcript import REPORTER, LabelResolver, Turn, find_turns

__all__ = ["MAX_CHARS", "MAX_PARAGRAPHS", "SHORT_CHARS", "Segmentation", "paragraph_spans",
           "split_long", "segment", "segment_known"]

MAX_CHARS = 1500
MAX_PARAGRAPHS = 3
SHORT_CHARS = 100  # a paragraph shorter than this is merged with the next (non-transcripts)

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
# Anything but the cleaned form's plain "\n\n" between paragraphs: a blank line holding a space,
# a third newline, or whitespace beside a paragraph break. (The pattern starts with a literal
# newline, so the search is fast.)
_NOT_PLAIN_BREAKS = re.compile(r"\n(?: \n|\n(?:\s|(?<=\s\n\n)))")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")

Span = tuple[int, int, "str | None"]


@dataclass
class Segmentation:
    """The passages of a text, whether it is a transcript, and who speaks how much."""

    passages: list[tuple[int, int, str | None]]
    transcript: bool
    resolver: LabelResolver
    speaker_chars: Counter = field(default_factory=Counter)

    def main_speaker(self) -> str | None:
        """The named speaker with the most words (reporters and unlabelled text left out)."""
        ranked = [(name, n) for name, n in self.speaker_chars.most_common() if name != REPORTER]
        return ranked[0][0] if ranked else None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of a text (separated by blank lines) as ``(start, end)``, without the
    whitespace around them."""
    plain_breaks = _NOT_PLAIN_BREAKS.search(text) is None
    if "\t" in text or "\r" in text or not plain_breaks and ("\n\n\n" in text or "\n \n" in text):
        return [m.span() for m in _PARAGRAPH.finditer(text) if m.group().strip()]  # uncleaned
    if plain_breaks and not (text[:1].isspace() or text[-1:].isspace()):
        # The cleaned form, no whitespace to trim: the spans follow from the lengths alone.
        if not text:
            return []
        lengths = list(map(len, text.split("\n\n")))
        starts = list(accumulate(map(add, lengths, repeat(2)), initial=0))
        return list(zip(starts, map(add, starts, lengths)))
    spans = []
    pos = 0
    for piece in text.split("\n\n"):  # the cleaned form: fast
        start, end = pos, pos + len(piece)
        pos = end + 2
        if piece and (piece[0].isspace() or piece[-1].isspace()):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def split_long(text: str, start: int, end: int, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most *limit* characters, at sentence ends where
    possible, else at a space, else anywhere; the whitespace between pieces is left out."""
    pieces = []
    pos = start
    while end - pos > limit:
        cut = _cut_point(text, pos, pos + limit)
        piece_end = cut
        while piece_end > pos and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((pos, piece_end))
        pos = cut
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _cut_point(text: str, pos: int, limit_end: int) -> int:
    best = None
    for m in _SENTENCE_END.finditer(text, pos, limit_end + 1):
        if m.end() > limit_end + 1:
            break
        best = m.end()
    if best is not None and best > pos:
        return best
    space = text.rfind(" ", pos + 1, limit_end + 1)
    if space > pos:
        return space + 1
    return limit_end


def segment(text: str, title: str | None = None, *, ucsb: bool = False,
            aliases: dict[str, str] | None = None, written: bool = False) -> Segmentation:
    """The passages of *text*; a transcript when it has speaker-labelled turns (*written*:
    written labels open turns however few, see :func:`find_turns`)."""
    resolver = LabelResolver(text, title, aliases)
    paragraphs = paragraph_spans(text)
    turns = find_turns(text, paragraphs, ucsb=ucsb, written=written)
    if turns is None:
        return Segmentation(_prose_passages(text, paragraphs), False, resolver)
    resolver.note_labels([turn.label for turn in turns if turn.label is not None])
    seg = Segmentation([], True, resolver)
    passages = seg.passages
    chars = seg.speaker_chars
    # The resolver caches each label's name too; a dict here spares two calls a turn.
    speakers: dict[str | None, str | None] = {None: None}
    for turn in turns:
        speaker = speakers.get(turn.label, _UNSEEN)
        if speaker is _UNSEEN:
            speaker = speakers[turn.label] = _turn_speaker(turn, resolver)
        spans = turn.spans
        if len(spans) == 1 and spans[0][1] - spans[0][0] <= MAX_CHARS:
            chunks = spans  # the common turn: one paragraph, one passage (as _chunk gives)
        else:
            chunks = _chunk(text, spans)
        for start, end in chunks:
            passages.append((start, end, speaker))
            if speaker is not None:
                chars[speaker] += end - start
    return seg


def segment_known(text: str, speakers: list[str | None], title: str | None = None
                  ) -> Segmentation:
    """The passages of *text* whose paragraphs' speakers the source says (*speakers*: one a
    paragraph, None for no one's: a heading, a procedural line), as turns: a speaker's
    consecutive paragraphs are one turn. (Hansard XML names the speaker of every speech.)"""
    paragraphs = paragraph_spans(text)
    if len(paragraphs) != len(speakers):
        raise ValueError(f"{len(speakers)} speakers for {len(paragraphs)} paragraphs")
    seg = Segmentation([], True, LabelResolver(text, title))
    start = 0
    for i in range(1, len(paragraphs) + 1):
        if i < len(paragraphs) and speakers[i] == speakers[start]:
            continue
        speaker = speakers[start]
        for s, e in _chunk(text, paragraphs[start:i]):
            seg.passages.append((s, e, speaker))
            if speaker is not None:
                seg.speaker_chars[speaker] += e - s
        start = i
    return seg


_UNSEEN = object()


def _turn_speaker(turn: Turn, resolver: LabelResolver) -> str | None:
    if turn.label is None:
        return None
    return resolver.resolve(turn.label, turn.spans[0][0] if turn.spans else 0)


def _chunk(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One turn's paragraphs grouped into passages (paragraph boundaries, size limits)."""
    out: list[tuple[int, int]] = []
    group: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start > MAX_CHARS:
            if group:
                out.append((group[0][0], group[-1][1]))
                group = []
            out.extend(split_long(text, start, end))
            continue
        if group and (len(group) >= MAX_PARAGRAPHS or end - group[0][0] > MAX_CHARS):
            out.append((group[0][0], group[-1][1]))
            group = []
        group.append((start, end))
    if group:
        out.append((group[0][0], group[-1][1]))
    return out


def _prose_passages(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, None]]:
    out: list[tuple[int, int, None]] = []
    current: list[int] | None = None
    for start, end in paragraphs:
        if current is not None and end - current[0] > MAX_CHARS:
            out.extend((s, e, None) for s, e in split_long(text, *current))
            current = None
        if current is None:
            current = [start, end]
        else:
            current[1] = end
        if current[1] - current[0] >= SHORT_CHARS:
            out.extend((s, e, None) for s, e in split_long(text, *current))
            current = None
    if current is not None:
        out.extend((s, e, None) for s, e in split_long(text, *current))
    return out

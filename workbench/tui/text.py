"""Article text as the terminal shows it, with offsets kept.

Offsets from the extraction point into ``Article.text``; the screen shows the text as
:func:`workbench.render.safe_text` makes it (control sequences, control characters and bidi
formatting characters removed).
:class:`DisplayText` does both: ``text`` equals ``safe_text(original)`` (a test checks it), and
``to_display(offset)`` maps an original offset onto it. :func:`wrap` breaks the display text
into screen lines, each a ``[start, end)`` range of it, so highlights are computed per line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rich.cells import cell_len

from workbench.controls import CONTROL_CHAR, CONTROL_SEQUENCE  # the one definition of "unsafe"


class DisplayText:
    """*original* made safe to show, with a map from original offsets to displayed ones."""

    def __init__(self, original: str) -> None:
        self.original = original
        if not CONTROL_CHAR.search(original):  # the usual case: nothing to remove
            self.text = original.replace("\t", " ")
            self._starts: list[int] = []
            self._removed: list[int] = []
            return
        removed: list[tuple[int, int]] = []
        pos = 0
        for m in CONTROL_SEQUENCE.finditer(original):
            removed += _single_chars(original, pos, m.start())
            if m.end() > m.start():
                removed.append((m.start(), m.end()))
            pos = m.end()
        removed += _single_chars(original, pos, len(original))
        self._starts = [s for s, _ in removed]
        self._removed, total = [], 0
        pieces, pos = [], 0
        for s, e in removed:
            pieces.append(original[pos:s])
            total += e - s
            self._removed.append(total)  # removed chars up to the end of this range
            pos = e
        pieces.append(original[pos:])
        self._ends = [e for _, e in removed]
        self.text = "".join(pieces).replace("\t", " ")

    def to_display(self, offset: int) -> int:
        """The displayed offset of original *offset* (a removed character maps to where it was)."""
        if not self._starts:
            return offset
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0:
            return offset
        before = self._removed[k - 1] if k > 0 else 0
        if offset < self._ends[k]:  # inside a removed range
            return self._starts[k] - before
        return offset - self._removed[k]


def _single_chars(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in CONTROL_CHAR.finditer(text, start, end)]


@dataclass(frozen=True)
class Line:
    """One screen line: ``text[start:end]`` of the display text (trailing spaces included)."""

    start: int
    end: int


_WORD = re.compile(r"\S+\s*|\s+")


def wrap(text: str, width: int) -> list[Line]:
    """Greedy word wrap of *text* at *width* cells; ``\\n`` ends a line; a word wider than the
    line is broken by characters. Every character of *text* but the newlines is in one line."""
    width = max(width, 1)
    lines: list[Line] = []
    pos = 0
    ascii_only = text.isascii()
    for para in text.split("\n"):
        p_start = pos
        pos += len(para) + 1
        if not para:
            lines.append(Line(p_start, p_start))
            continue
        if (len(para) if ascii_only else cell_len(para)) <= width:
            lines.append(Line(p_start, p_start + len(para)))
            continue
        line_start, used = p_start, 0
        for m in _WORD.finditer(para):
            word = m.group()
            w_start = p_start + m.start()
            stripped = word.rstrip()
            w_cells = len(stripped) if ascii_only else cell_len(stripped)
            full = len(word) if ascii_only else cell_len(word)
            if used and used + w_cells > width:
                lines.append(Line(line_start, w_start))
                line_start, used = w_start, 0
            while w_cells > width:  # one word longer than a line
                cut, cells = _fit(word, width, ascii_only)
                lines.append(Line(w_start, w_start + cut))
                word, w_start = word[cut:], w_start + cut
                stripped = word.rstrip()
                w_cells = len(stripped) if ascii_only else cell_len(stripped)
                full = len(word) if ascii_only else cell_len(word)
                line_start, used = w_start, 0
            used += full
        lines.append(Line(line_start, p_start + len(para)))
    return lines


def _fit(word: str, width: int, ascii_only: bool) -> tuple[int, int]:
    if ascii_only:
        return width, width
    cells = 0
    for i, ch in enumerate(word):
        c = cell_len(ch)
        if cells + c > width:
            return max(i, 1), cells
        cells += c
    return len(word), cells

"""The quote list: a status mark, the speaker and the first words of every quote.

A line-API widget (one screen line per quote, rendered on demand), so moving the cursor over
hundreds of quotes redraws two lines, and a filter is a list of visible indices. Every string
shown comes from the article: rows are built as :class:`rich.text.Text` from
:func:`workbench.render.one_line`, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from workbench.render import NO_SPEAKER, one_line
from workbench.tui.text import wrap
from workbench.tui.widgets._styles import LineView

MARKS = {"unreviewed": "·", "confirmed": "✓", "disputed": "✗", "unverifiable": "?",
         "skipped": "»", "recheck": "↻"}
"""The status mark of each status (also in the help screen); ``recheck``: a verdict carried
over from an earlier version of the article whose quote changed."""


@dataclass(frozen=True)
class Row:
    """What one line of the list shows."""

    status: str
    speaker: str | None
    text: str
    short: str | None = None  # the speaker's surname, when the full name does not fit
    edited_speaker: bool = False
    has_note: bool = False
    has_evidence: bool = False


class QuoteList(LineView):
    """The quotes of the article, one a line; ``cursor`` is an index into the quotes."""

    COMPONENT_CLASSES = {
        "quote-list--cursor", "quote-list--unreviewed", "quote-list--confirmed",
        "quote-list--disputed", "quote-list--unverifiable", "quote-list--skipped",
        "quote-list--recheck",
        "quote-list--speaker", "quote-list--message",
    }

    DEFAULT_CSS = """
    QuoteList {
        & > .quote-list--cursor { background: $accent 40%; text-style: bold; }
        & > .quote-list--unreviewed { color: $text-muted; }
        & > .quote-list--confirmed { color: $success; text-style: bold; }
        & > .quote-list--disputed { color: $error; text-style: bold; }
        & > .quote-list--unverifiable { color: $warning; text-style: bold; }
        & > .quote-list--skipped { color: $text-muted; }
        & > .quote-list--recheck { color: $warning; text-style: bold; }
        & > .quote-list--speaker { color: $text-secondary; }
        & > .quote-list--message { color: $text-muted; text-style: italic; }
    }
    """

    class Clicked(Message):
        """A row was clicked: the quote *index*."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = []
        self._visible: list[int] = []
        self._position: dict[int, int] = {}  # quote index -> line
        self.cursor: int | None = None
        self.message: str = ""

    # ----------------------------------------------------------------- data

    @property
    def visible(self) -> list[int]:
        """Quote indices shown, in order (all of them unless filtered)."""
        return self._visible

    def set_message(self, message: str) -> None:
        """Show *message* (loading, an error, no quotes) instead of the rows."""
        self.message = message
        self.refresh()

    def set_rows(self, rows: list[Row]) -> None:
        self._rows = list(rows)
        self.message = ""
        self.set_visible(list(range(len(rows))))

    def set_visible(self, indices: list[int]) -> None:
        self._visible = list(indices)
        self._position = {q: k for k, q in enumerate(self._visible)}
        self.virtual_size = Size(self.size.width, len(self._visible))
        self.refresh()
        self._scroll_to_cursor()

    def update_row(self, index: int, row: Row) -> None:
        if 0 <= index < len(self._rows) and self._rows[index] != row:
            self._rows[index] = row
            self._refresh_quote(index)

    def set_cursor(self, index: int | None) -> None:
        old, self.cursor = self.cursor, index
        if old is not None:
            self._refresh_quote(old)
        if index is not None:
            self._refresh_quote(index)
        self._scroll_to_cursor()

    def _refresh_quote(self, index: int) -> None:
        line = self._position.get(index)
        if line is not None:
            self.refresh_line(line - round(self.scroll_y))

    def _scroll_to_cursor(self) -> None:
        line = self._position.get(self.cursor) if self.cursor is not None else None
        if line is None:
            return
        height = self.scrollable_content_region.height or self.size.height
        top = round(self.scroll_y)
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif height and line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self._visible))
        self._scroll_to_cursor()

    # ----------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.style_of()
        if self.message and not self._visible:
            return self._render_message(y, width, base)
        line = round(self.scroll_y) + y
        if line >= len(self._visible):
            return Strip.blank(width, base)
        index = self._visible[line]
        return self._render_row(index, width, base)

    def _render_message(self, y: int, width: int, base: Style) -> Strip:
        """The message, word-wrapped, from the second line down."""
        message = " ".join(one_line(self.message).split())
        lines = wrap(message, max(width - 2, 1))
        if not 1 <= y <= len(lines):
            return Strip.blank(width, base)
        line = lines[y - 1]
        text = Text(" " + message[line.start:line.end].rstrip(), no_wrap=True, end="",
                    style=self.style_of("quote-list--message"))
        return self.text_strip(text, width, base)

    def _render_row(self, index: int, width: int, base: Style) -> Strip:
        row = self._rows[index]
        mark_style = self.style_of(f"quote-list--{row.status}")
        speaker_width = max(8, min(22, width * 9 // 20))
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(" " + MARKS.get(row.status, "·") + " ", mark_style)
        speaker = one_line(row.speaker) if row.speaker else NO_SPEAKER
        if row.short and cell_len(speaker) > speaker_width - 1:
            speaker = one_line(row.short)
        if row.edited_speaker:
            speaker = "*" + speaker
        speaker = _clip_cells(speaker, speaker_width - 1) + " "
        text.append(speaker.ljust(speaker_width - cell_len(speaker) + len(speaker)),
                    self.style_of("quote-list--speaker"))
        flags = ("✎" if row.has_note else "") + ("§" if row.has_evidence else "")
        rest = width - text.cell_len - (len(flags) + 1 if flags else 0)
        text.append(_clip_cells("“" + one_line(row.text), max(rest, 0)).ljust(max(rest, 0)))
        if flags:
            text.append(" " + flags, mark_style)
        if index == self.cursor:
            text.stylize(self.style_of("quote-list--cursor"))
        return self.text_strip(text, width, base)

    # ----------------------------------------------------------------- mouse

    def on_click(self, event: events.Click) -> None:
        cell = self.clicked_cell(event)
        line = -1 if cell is None else cell[0]
        if 0 <= line < len(self._visible):
            event.stop()
            self.post_message(self.Clicked(self._visible[line]))


def _clip_cells(s: str, width: int) -> str:
    """*s* cut to *width* cells, ending in … when cut."""
    if cell_len(s) <= width:
        return s
    if width <= 0:
        return ""
    out, cells = [], 0
    for ch in s:
        c = cell_len(ch)
        if cells + c > width - 1:
            break
        out.append(ch)
        cells += c
    return "".join(out) + "…"


__all__ = ["QuoteList", "Row", "MARKS"]

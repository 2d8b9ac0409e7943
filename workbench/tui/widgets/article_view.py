"""The article, with every quote marked and the current one highlighted in place.

A line-API widget: the text is wrapped once per width (:func:`workbench.tui.text.wrap`) into
line ranges, and each visible line is styled when drawn, so moving from quote to quote costs
the few lines on screen whatever the article's length. Offsets from the extraction point into
``Article.text``; :class:`~workbench.tui.text.DisplayText` maps them onto the text shown, which
has control sequences removed and is never parsed as markup.
"""

from __future__ import annotations

import bisect

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from workbench.models import Quote
from workbench.tui.text import DisplayText, Line, wrap
from workbench.tui.widgets._styles import LineView


class ArticleView(LineView):
    """The article text; :meth:`show_quote` highlights one quote, its speaker mention and cue."""

    COMPONENT_CLASSES = {"article--quote", "article--current", "article--mention",
                         "article--cue", "article--label"}

    DEFAULT_CSS = """
    ArticleView {
        padding: 0 0 0 1;
        & > .article--quote { color: $text; text-style: underline; }
        & > .article--current { background: $warning 35%; color: $text; text-style: bold; }
        & > .article--mention { background: $secondary 45%; text-style: bold underline; }
        & > .article--cue { background: $success 35%; text-style: italic bold; }
        & > .article--label { color: $accent; text-style: bold; }
    }
    """

    class Clicked(Message):
        """A quote in the article was clicked: its *index*."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Painted(Message):
        """The article's text was drawn for the first time."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.painted = False
        self.display_text = DisplayText("")
        self._lines: list[Line] = []
        self._line_starts: list[int] = []
        self._width = 0
        self._quote_spans: list[tuple[int, int, int]] = []  # (start, end, quote index)
        self._span_starts: list[int] = []
        self._current: list[tuple[int, int, str]] = []  # (start, end, component class)
        self._current_index: int | None = None

    # ----------------------------------------------------------------- data

    def set_text(self, text: str) -> None:
        self.display_text = DisplayText(text)
        self._width = 0
        self._rewrap()

    def set_quotes(self, quotes: list[Quote]) -> None:
        d = self.display_text.to_display
        spans = [(d(s), d(e), i) for i, q in enumerate(quotes) for s, e in q.parts]
        self._quote_spans = sorted(spans)
        self._span_starts = [s for s, _, _ in self._quote_spans]
        self.refresh()

    def show_quote(self, index: int | None, quote: Quote | None, scroll: bool = True) -> None:
        """Highlight *quote* (the quote at *index*), scrolled into view."""
        current: list[tuple[int, int, str]] = []
        if quote is not None:
            current += [(s, e, "article--current") for s, e in quote.parts]
            if quote.mention is not None:
                current.append((quote.mention.start, quote.mention.end, "article--mention"))
            if quote.cue is not None:
                current.append((quote.cue.start, quote.cue.end, "article--cue"))
        self._current_index = index
        self.highlight(current, scroll=scroll and quote is not None)

    def highlight(self, spans: list[tuple[int, int, str]], scroll: bool = True) -> None:
        """Style each ``(start, end, component class)`` span (offsets into the text given);
        the ``article--current`` ones are scrolled into view."""
        d = self.display_text.to_display
        self._current = [(d(s), d(e), cls) for s, e, cls in spans]
        self.refresh()
        if scroll:
            self._scroll_into_view()

    # ----------------------------------------------------------------- layout

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if not width:
            return  # not laid out yet: on_resize wraps it once, at the real width
        width = max(width, 10)
        if width == self._width and self._lines:
            return
        self._width = width
        self._lines = wrap(self.display_text.text, width)
        self._line_starts = [line.start for line in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        self._scroll_into_view()

    def line_of(self, offset: int) -> int:
        """The screen line (0-based, in the whole text) holding display *offset*."""
        return max(bisect.bisect_right(self._line_starts, offset) - 1, 0)

    def _scroll_into_view(self) -> None:
        spans = [(s, e) for s, e, cls in self._current if cls == "article--current"]
        if not spans or not self._lines:
            return
        first, last = self.line_of(spans[0][0]), self.line_of(max(spans[-1][1] - 1, spans[-1][0]))
        height = self.scrollable_content_region.height or self.size.height or 1
        top = round(self.scroll_y)
        if first >= top and last < top + height:
            return
        # Put the quote a little below the top (with its lead-in), or at the top if it is long.
        target = first - min(2, max(height - (last - first + 1), 0))
        self.scroll_to(y=max(target, 0), animate=False, immediate=True)

    # ----------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.style_of()
        index = round(self.scroll_y) + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        if not self.painted:
            self.painted = True
            self.post_message(self.Painted())
        line = self._lines[index]
        s, e = line.start, line.end
        text = Text(self.display_text.text[s:e].rstrip("\n"), no_wrap=True, end="")
        if self._quote_spans:
            style = self.style_of("article--quote")
            hi = bisect.bisect_left(self._span_starts, e)
            for k in range(hi - 1, -1, -1):
                qs, qe, _ = self._quote_spans[k]
                if qe > s:
                    text.stylize(style, max(qs, s) - s, min(qe, e) - s)
                elif s - qs > 20_000:  # quotes are never this long: stop looking back
                    break
        for cs, ce, cls in self._current:
            if cs < e and ce > s:
                text.stylize(self.style_of(cls), max(cs, s) - s, min(ce, e) - s)
        return self.text_strip(text, width, base)

    # ----------------------------------------------------------------- mouse

    def on_click(self, event: events.Click) -> None:
        cell = self.clicked_cell(event)
        if cell is None or not 0 <= cell[0] < len(self._lines):
            return
        index, column = cell
        line = self._lines[index]
        chars = self.display_text.text[line.start:line.end]
        cells, pos = 0, line.start
        for ch in chars:
            cells += cell_len(ch)
            if cells > column:
                break
            pos += 1
        for qs, qe, q in self._quote_spans:
            if qs <= pos < qe:
                event.stop()
                self.post_message(self.Clicked(q))
                return

"""What the line-API widgets share (:class:`LineView`): their scrolling CSS, a memo of rich
styles, one line of text as a strip, and the text line a click landed on.

``Widget.rich_style`` walks the ancestors on every call; a line widget wants it (and its
component styles) for every line it draws. The memo is cleared whenever Textual updates the
widget's styles (CSS, theme, pseudo-classes).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.scroll_view import ScrollView
from textual.strip import Strip


class StyleMemo:
    def style_of(self, component: str | None = None) -> Style:
        memo = self.__dict__.setdefault("_style_memo", {})
        style = memo.get(component)
        if style is None:
            style = memo[component] = (self.rich_style if component is None
                                       else self.get_component_rich_style(component))
        return style

    def text_strip(self, text: Text, width: int, base: Style) -> Strip:
        """*text* as one screen line of *width* cells (cut or padded) over the *base* style."""
        text.truncate(width, pad=True)
        return Strip(list(text.render(self.app.console)), width).apply_style(base)

    def clicked_cell(self, event: events.Click) -> tuple[int, int] | None:
        """(line of the whole scrolled content, cell in it) a click landed on, or None (the
        border)."""
        offset = event.get_content_offset(self)
        return None if offset is None else (round(self.scroll_y) + offset.y, offset.x)

    def notify_style_update(self) -> None:
        self.__dict__.get("_style_memo", {}).clear()
        super().notify_style_update()


class LineView(StyleMemo, ScrollView, can_focus=False):
    """A scrolling line-API view: the quote list, the article, the evidence."""

    DEFAULT_CSS = """
    LineView {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    """

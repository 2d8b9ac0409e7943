"""A per-widget memo of rich styles for line-API widgets.

``Widget.rich_style`` walks the ancestors on every call; a line widget wants it (and its
component styles) for every line it draws. The memo is cleared whenever Textual updates the
widget's styles (CSS, theme, pseudo-classes).
"""

from __future__ import annotations

from rich.style import Style


class StyleMemo:
    def style_of(self, component: str | None = None) -> Style:
        memo = self.__dict__.setdefault("_style_memo", {})
        style = memo.get(component)
        if style is None:
            style = memo[component] = (self.rich_style if component is None
                                       else self.get_component_rich_style(component))
        return style

    def notify_style_update(self) -> None:
        self.__dict__.get("_style_memo", {}).clear()
        super().notify_style_update()

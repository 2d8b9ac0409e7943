"""The footer, without a key cut in half under the command palette's key.

Textual's footer lets the keys that do not fit scroll under the palette key docked at its
right, so a narrow terminal showed their first letters beside it, and the cell the dock leaves
uncovered showed a letter after it ("…z Undo ▏^p paletteE" at 80 and 60 columns). This one
hides every key that does not fit whole before the palette key (they are all in the help and
the palette).
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FittingFooter(Footer):
    _hidden: frozenset = frozenset()  # the actions hidden at the last measure

    def on_resize(self, event) -> None:
        # Show every key, then measure again once laid out.
        self._hidden = frozenset()
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self._hide_overflow)

    async def recompose(self) -> None:
        # New keys (the bindings changed, a dialog opened): hide what the last measure hid at
        # once (under a dialog nothing is laid out to measure), then measure when possible.
        await super().recompose()
        for key in self.query(FooterKey):
            key.display = key.action not in self._hidden
        self.call_after_refresh(self._hide_overflow)

    def _hide_overflow(self) -> None:
        palette = [k for k in self.query(FooterKey) if k.has_class("-command-palette")]
        if palette and not palette[0].region:
            return  # not laid out
        limit = palette[0].region.x if palette else self.region.right
        hidden = set(self._hidden)
        for key in self.query(FooterKey):
            if key not in palette and key.region and key.region.right >= limit:
                key.display = False
                hidden.add(key.action)
        self._hidden = frozenset(hidden)

    def shown_keys(self) -> list[str]:
        """The keys on show, as their text (for tests)."""
        return [str(k.render()).strip() for k in self.query(FooterKey) if k.display]

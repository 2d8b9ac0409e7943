"""The quote list's filter: typing filters at once, enter keeps it, escape clears it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS = [Binding("escape", "clear", "Clear filter", id="filter_clear")]

    def action_clear(self) -> None:
        self.value = ""
        self.screen.close_filter()

"""The help screen: every key (as remapped by the config), the status marks, the colours."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.keymap import GROUPS, KEYMAP, key_label, keys_of
from workbench.tui.widgets.quote_list import MARKS


MOUSE = (
    ("click", "a quote in the list or in the article: go to it"),
    ("wheel", "scroll the pane under the pointer (list, article, evidence, source, help)"),
    ("footer", "click a key shown at the bottom to run it; ^p opens the command palette"),
    ("dialogs", "click a reason, a speaker, a format or a button"),
)


def help_table(keymap: Mapping[str, str] | None = None) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("key", style="bold", no_wrap=True, min_width=9)
    table.add_column("action", ratio=1)
    for group, title in GROUPS.items():
        table.add_row(Text(title, style="bold underline"), "")
        for spec in KEYMAP:
            if spec.group == group:
                keys = " ".join(key_label(k) for k in keys_of(spec, keymap))
                table.add_row(Text(keys), Text(spec.help))
    table.add_row(Text("ctrl+p"), Text("Command palette: every action by name"))
    table.add_row("", "")
    table.add_row(Text("Marks", style="bold underline"), "")
    for status, mark in MARKS.items():
        table.add_row(Text(mark), Text("changed since the last version: look again"
                                       if status == "recheck" else status))
    table.add_row(Text("✎ §"), Text("has a note · has evidence taken"))
    table.add_row(Text("*name"), Text("speaker changed by the reviewer"))
    table.add_row("", "")
    table.add_row(Text("Mouse", style="bold underline"), "")
    for where, what in MOUSE:
        table.add_row(Text(where), Text(what))
    table.add_row("", "")
    table.add_row(Text("Colours", style="bold underline"), "")
    table.add_row(Text("article"), Text("current quote highlighted; its speaker mention and "
                                        "cue marked; other quotes underlined"))
    table.add_row(Text("evidence"), Text.assemble(
        ("struck", "strike red"), ": source words the article dropped or changed; ",
        ("marked", "bold underline green"), ": words only the article has"))
    return table


class HelpScreen(ModalScreen[None]):
    """All keys. Any of escape, q, ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help_close"),
                Binding("j", "scroll(1)", "Down", show=False),
                Binding("k", "scroll(-1)", "Up", show=False)]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = dict(keymap or {})
        self.table = help_table(self.keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(self.table, id="help-body")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # arrows and page keys scroll it

    def action_scroll(self, step: int) -> None:
        box = self.query_one("#help-box")
        box.scroll_to(y=box.scroll_y + step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

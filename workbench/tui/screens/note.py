"""One-line text dialogs: the note editor (e), the corpus query editor (f) and the reviewer's
name (asked once, at the first verdict, when the config names nobody)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TextPromptScreen(ModalScreen[str | None]):
    """Edit one line of text: enter returns it, escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]
    TITLE_TEXT = "Edit"
    HINT = ""

    def __init__(self, value: str = "", placeholder: str = "", cursor_blink: bool = True) -> None:
        super().__init__()
        self.value = value
        self.placeholder = placeholder
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt-box") as box:
            box.border_title = self.TITLE_TEXT
            box.border_subtitle = "enter saves · esc cancels"
            if self.HINT:
                yield Static(self.HINT, classes="dialog-text")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input",
                        select_on_focus=False)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.cursor_blink
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteScreen(TextPromptScreen):
    TITLE_TEXT = "Note"
    HINT = "A note for this quote (empty removes it):"


class QueryScreen(TextPromptScreen):
    TITLE_TEXT = "Search the corpus"
    HINT = "Search for these words (cut or edit the quote):"


class NameScreen(TextPromptScreen):
    TITLE_TEXT = "Who reviews?"
    HINT = ("Your name goes on every verdict and in the exports. It is saved in the config, "
            "so this is asked once (esc: no name on these verdicts):")

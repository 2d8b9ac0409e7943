"""Text dialogs: the note editor (e; several lines), and the one-line corpus query editor (f)
and reviewer's name (asked once, at the first verdict, when the config names nobody)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea


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


class NoteScreen(ModalScreen[str | None]):
    """The note on a quote, several lines: enter starts a new line, ctrl+s saves (so does the
    Save button), escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel", priority=True),
                Binding("ctrl+s", "save", "Save", id="note_save", priority=True)]

    def __init__(self, value: str = "", placeholder: str = "", cursor_blink: bool = True) -> None:
        super().__init__()
        self.value = value
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt-box", id="note-box") as box:
            box.border_title = "Note"
            box.border_subtitle = "ctrl+s saves · esc cancels"
            yield Static("A note for this quote (empty removes it; enter starts a new line):",
                         classes="dialog-text")
            yield TextArea(self.value, id="note-text", soft_wrap=True, show_line_numbers=False,
                           tab_behavior="focus")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="note-save")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = self.cursor_blink
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QueryScreen(TextPromptScreen):
    TITLE_TEXT = "Search the corpus"
    HINT = "Search for these words (cut or edit the quote):"


class NameScreen(TextPromptScreen):
    TITLE_TEXT = "Who reviews?"
    HINT = ("Your name goes on every verdict and in the exports. It is saved in the config, "
            "so this is asked once (esc: no name on these verdicts):")


class AddQuoteScreen(TextPromptScreen):
    TITLE_TEXT = "Add a quote"
    HINT = ("The quote's words, typed or pasted (part of them will do; case, spacing and quote "
            "marks do not matter). The occurrence nearest the current quote is taken:")

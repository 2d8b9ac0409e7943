"""The export dialog (format and path) and the overwrite confirmation."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

FORMAT_LABELS = {"json": "JSON (the whole review)", "claimreview": "ClaimReview (schema.org)",
                 "gold": "Gold JSONL line (score.py)"}


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Returns (format, path), or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
                Binding("up", "cycle_format(-1)", "Previous format", show=False),
                Binding("down", "cycle_format(1)", "Next format", show=False)]

    def __init__(self, formats: tuple[str, ...], default_path: Callable[[str], str],
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.formats = formats
        self.default_path = default_path
        self.cursor_blink = cursor_blink
        self.fmt = formats[0]
        self._auto_path = default_path(self.fmt)

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export"
            box.border_subtitle = "enter exports · esc cancels"
            with RadioSet(id="export-format") as formats:
                # The keyboard stays in the file name (arrows change the format there); the
                # buttons are for the mouse.
                formats.can_focus = False
                for k, fmt in enumerate(self.formats):
                    yield RadioButton(FORMAT_LABELS.get(fmt, fmt), value=k == 0, id=f"fmt-{fmt}")
            yield Static("Write to (↑/↓ change the format):", classes="dialog-text")
            # Not selected on focus: a first key typed (a space) must not replace the name.
            yield Input(self._auto_path, id="export-path", select_on_focus=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.cursor_blink
        field.focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = self.formats[event.index]
        field = self.query_one(Input)
        if field.value == self._auto_path:  # not edited: follow the format
            self._auto_path = field.value = self.default_path(self.fmt)

    def action_cycle_format(self, step: int) -> None:
        k = (self.formats.index(self.fmt) + step) % len(self.formats)
        self.set_format(self.formats[k])

    def set_format(self, fmt: str) -> None:
        """Pick *fmt* (what a click on its radio button does)."""
        self.query_one(f"#fmt-{fmt}", RadioButton).value = True

    def _submit(self) -> None:
        path = self.query_one(Input).value.strip()
        if not path:
            self.notify("Give a file to write to.", severity="warning")
            return
        self.dismiss((self.fmt, path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or enter is yes, n or escape is no."""

    BINDINGS = [Binding("y", "answer(True)", "Yes", id="confirm_yes"),
                Binding("n,escape", "answer(False)", "No", id="confirm_no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = "Confirm"
            yield Static(Text(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", variant="warning", id="confirm-yes")
                yield Button("No (n)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

"""The speaker picker: one of the article's speakers, or a name typed in."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.models import Speaker
from workbench.render import clip, one_line

TYPED = "__typed__"


class SpeakerScreen(ModalScreen[str | None]):
    """Returns the speaker's name, or None on escape. Typing filters the list; enter takes the
    highlighted entry; the last entry is the typed name itself when no speaker has it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, speakers: list[Speaker], current: str | None,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.speakers = speakers
        self.current = current
        self.cursor_blink = cursor_blink
        self.choices: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="speaker-box", classes="dialog") as box:
            box.border_title = "Speaker"
            box.border_subtitle = "type to filter or name someone · enter picks · esc cancels"
            yield Static(Text("Now: " + (one_line(self.current) if self.current else "—")),
                         classes="dialog-text")
            yield Input(placeholder="a name", id="speaker-input")
            yield OptionList(id="speaker-options")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.cursor_blink
        field.focus()
        self._fill("")

    def _fill(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self.choices = []
        folded = typed.strip().casefold()
        names = [s for s in self.speakers if folded in one_line(s.name).casefold()]
        for k, s in enumerate(names):
            self.choices.append(s.name)
            mentions = len(s.mentions)
            options.add_option(Option(Text.assemble(
                (clip(one_line(s.name), 50), "bold"),
                (f"  {s.kind} · {mentions} mention{'s' if mentions != 1 else ''}", "dim")),
                id=f"s{k}"))
        # The typed name comes after the speakers it matches: enter on "zelen" picks Zelensky.
        if folded and not any(one_line(s.name).casefold() == folded for s in self.speakers):
            self.choices.append(typed.strip())
            options.add_option(Option(Text.assemble("use ", (f"“{clip(one_line(typed), 60)}”",
                                                             "bold")), id=TYPED))
        if self.choices:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.highlighted < len(self.choices):
            self.dismiss(self.choices[options.highlighted])
        elif event.value.strip():
            self.dismiss(event.value.strip())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)

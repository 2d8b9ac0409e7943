"""The dispute dialog: why the quote is disputed (a number key or enter picks a reason)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

REASON_HELP = {
    "misquoted": "the words are not what was said",
    "altered": "words changed, added or dropped",
    "spliced": "parts from different places joined",
    "out_of_context": "accurate words, misleading context",
    "wrong_speaker": "someone else said it",
    "fabricated": "no source has it",
    "other": "see the note",
}


def reason_label(reason: str) -> str:
    return reason.replace("_", " ")


class DisputeScreen(ModalScreen[str | None]):
    """Returns the reason picked, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")] + [
        Binding(str(k), f"pick({k - 1})", show=False) for k in range(1, 10)]

    def __init__(self, reasons: tuple[str, ...], current: str | None = None) -> None:
        super().__init__()
        self.reasons = reasons
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dispute-box", classes="dialog") as box:
            box.border_title = "Dispute: why?"
            box.border_subtitle = "1-7 or enter · esc cancels"
            yield Static("The quote does not stand. Pick the reason:", classes="dialog-text")
            yield OptionList(*[
                Option(f"{k}  {reason_label(r):<15} {REASON_HELP.get(r, '')}", id=r)
                for k, r in enumerate(self.reasons, 1)], id="reasons")

    def on_mount(self) -> None:
        options = self.query_one("#reasons", OptionList)
        options.focus()
        if self.current in self.reasons:
            options.highlighted = self.reasons.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, k: int) -> None:
        if 0 <= k < len(self.reasons):
            self.dismiss(self.reasons[k])

    def action_cancel(self) -> None:
        self.dismiss(None)

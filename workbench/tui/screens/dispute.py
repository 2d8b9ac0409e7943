"""The dispute dialog: why the quote is disputed (a number key or enter picks a reason).

The reason the evidence suggests (an altered or spliced match, another speaker) is highlighted
first. "fabricated" is offered only when a search found nothing, with what the corpus holds by
the speaker shown beside it; when it holds nothing by them, picking it asks for a confirm."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.dating import date_gap, is_old_quote
from workbench.render import one_line

REASON_HELP = {
    "misquoted": "the words are not what was said",
    "altered": "words changed, added or dropped",
    "spliced": "parts from different places joined",
    "out_of_context": "accurate words, misleading context",
    "wrong_speaker": "someone else said it",
    "fabricated": "no source has it",
    "wrong_date_or_venue": "said long before, or elsewhere",
    "other": "see the note",
}


FABRICATED = "fabricated"


def reason_label(reason: str) -> str:
    return reason.replace("_", " ")


def suggested_reason(evidence, article_date: str | None = None) -> str | None:
    """The reason a match (a :class:`~workbench.tui.backend.Evidence`, or None) points to:
    another speaker first, then a spliced or altered text, then a source dated well before the
    article (an old quote presented as new: :func:`workbench.dating.is_old_quote`)."""
    if evidence is None:
        return None
    if evidence.check.verdict == "other":
        return "wrong_speaker"
    words = {"spliced": "spliced", "altered": "altered"}.get(evidence.match.kind)
    if words is None and is_old_quote(date_gap(evidence.match.doc.date, article_date)):
        return "wrong_date_or_venue"
    return words


class DisputeScreen(ModalScreen[str | None]):
    """Returns the reason picked, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")] + [
        Binding(str(k), f"pick({k - 1})", show=False) for k in range(1, 10)]

    def __init__(self, reasons: tuple[str, ...], current: str | None = None,
                 suggested: str | None = None, absence=None) -> None:
        super().__init__()
        self.reasons = reasons
        self.current = current
        self.suggested = suggested
        self.absence = absence  # backend.Absence: the search found nothing (else None)

    def compose(self) -> ComposeResult:
        with Vertical(id="dispute-box", classes="dialog") as box:
            box.border_title = "Dispute: why?"
            box.border_subtitle = f"1-{len(self.reasons)} or enter · esc cancels"
            yield Static("The quote does not stand. Pick the reason:", classes="dialog-text")
            yield OptionList(*[self._option(k, r) for k, r in enumerate(self.reasons, 1)],
                             id="reasons")

    def _option(self, k: int, reason: str) -> Option:
        label = f"{k}  {reason_label(reason):<15} {REASON_HELP.get(reason, '')}"
        if reason == self.suggested:
            label += " ◂ suggested"
        if reason != FABRICATED:
            return Option(label, id=reason)
        if self.absence is None:
            return Option(label + " (only when nothing is found)", id=reason,
                          disabled=True)
        return Option(Text.assemble(label + "\n   ", (one_line(self.absence.note), "italic")),
                      id=reason)

    def on_mount(self) -> None:
        options = self.query_one("#reasons", OptionList)
        options.focus()
        for pick in (self.current, self.suggested):
            if pick in self.reasons and self._offered(pick):
                options.highlighted = self.reasons.index(pick)
                break

    def _offered(self, reason: str) -> bool:
        return reason != FABRICATED or self.absence is not None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_pick(self, k: int) -> None:
        if 0 <= k < len(self.reasons):
            self._choose(self.reasons[k])

    def _choose(self, reason: str) -> None:
        if not self._offered(reason):
            self.notify("“fabricated” needs a search that found nothing.", severity="warning",
                        timeout=3)
            return
        if reason != FABRICATED or not self.absence.nothing:
            self.dismiss(reason)
            return
        from workbench.tui.screens.export import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(reason)

        self.app.push_screen(ConfirmScreen(
            f"{one_line(self.absence.note)}. Dispute the quote as fabricated anyway?"), answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

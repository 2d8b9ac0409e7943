"""Review progress: reviewed/total and a bar, drawn with text (no animation)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BAR_CELLS = 12


class ReviewProgress(Static):
    """``3/11 reviewed ███░░░░░░░░ 27%``, or what the app is busy with while it loads."""

    DEFAULT_CSS = """
    ReviewProgress { width: 38; padding: 0 1; text-align: right; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.reviewed, self.total, self.busy = 0, 0, ""

    def set_progress(self, reviewed: int, total: int) -> None:
        self.reviewed, self.total, self.busy = reviewed, total, ""
        self.update(progress_text(reviewed, total), layout=False)

    def set_busy(self, message: str) -> None:
        self.busy = message
        self.update(Text(message, style="italic"), layout=False)


def progress_text(reviewed: int, total: int, cells: int = BAR_CELLS) -> Text:
    share = reviewed / total if total else 0.0
    filled = round(share * cells)
    text = Text()
    text.append(f"{reviewed}/{total} reviewed ")
    text.append("█" * filled, "bold green")
    text.append("░" * (cells - filled), "dim")
    text.append(f" {share:4.0%}")
    return text

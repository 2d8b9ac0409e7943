"""Safe display of untrusted (article-derived) text in the terminal.

Article text, titles, speaker names and JSONL ids come from outside and may
hold terminal control sequences (colour changes, window-title OSC sequences,
cursor movement, bells), bidi formatting characters (which reorder what is shown)
or rich markup (``[link=...]``).  Nothing
article-derived reaches a console without going through :func:`safe_text`,
and nothing reaches a markup string without :func:`escape_markup`.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.markup import escape as _rich_escape
from rich.table import Table
from rich.text import Text

from workbench.controls import CONTROL_CHAR, CONTROL_SEQUENCE
from workbench.models import Extraction, Quote

__all__ = ["safe_text", "escape_markup", "one_line", "clip", "quote_table", "extraction_header", "indented",
           "output_console", "append_change", "NO_SPEAKER", "QUOTE_CHARS"]

NO_SPEAKER = "—"
QUOTE_CHARS = 80
"""How much of a quote the table shows."""

UNWRAPPED_WIDTH = 100_000
"""The width of a console that is not a terminal: wide enough that no line is ever cut."""


def safe_text(s: str) -> str:
    """*s* without terminal control sequences, control characters (``\\n`` and ``\\t`` are
    kept) or bidi formatting characters (see :mod:`workbench.controls`).

    ANSI CSI and OSC sequences (and the other ESC / C1 control strings) are
    removed whole, so their parameters do not leak into the display; then any
    remaining C0/C1 control character (BEL, backspace, ``\\r``, a lone ESC ...)
    and any bidi embedding, override, isolate or mark is dropped.
    """
    if not isinstance(s, str):
        s = str(s)
    return CONTROL_CHAR.sub("", CONTROL_SEQUENCE.sub("", s))


def escape_markup(s: str) -> str:
    """:func:`safe_text`, then rich markup escaped: fit to put inside a markup string."""
    return _rich_escape(safe_text(s))


def one_line(s: str) -> str:
    """:func:`safe_text` with every run of whitespace (newlines too) collapsed to one space."""
    return " ".join(safe_text(s).split())


def clip(s: str, limit: int) -> str:
    """*s* cut to at most *limit* characters, ending in ``…`` when cut."""
    if len(s) <= limit:
        return s
    return s[: max(limit - 1, 0)].rstrip() + "…"


def append_change(text: Text, source: str, article: str, limit: int | None = None,
                  removed: str = "red", added: str = "green") -> None:
    """One word change of a diff in the plain-text notation ``workbench check`` prints:
    ``[-source words-]{+article words+}`` (either side left out when empty), so a change reads
    without colour too. *limit* clips each side; the texts are made one safe line."""
    for words, opening, closing, style in ((source, "[-", "-]", removed),
                                           (article, "{+", "+}", added)):
        words = one_line(words)
        if words:
            text.append(opening + (clip(words, limit) if limit else words) + closing, style=style)


def indented(line: Text) -> RenderableType:
    """*line*, which starts with spaces, with the lines a narrow window wraps it into
    indented as much (not back at the margin, where they read as the next result)."""
    n = len(line.plain) - len(line.plain.lstrip(" "))
    return Padding(line[n:], (0, 0, 0, n), expand=False) if n else line


def output_console(file: IO[str]) -> Console:
    """The console a command prints its results on. On a terminal: colour, lines wrapped to
    the window. Anywhere else (a pipe, a file): plain text whose lines are never hard-wrapped,
    whatever the width of the terminal, ``$COLUMNS`` or a path's length; a table takes the
    width its cells need, so each field stays whole on its line for grep and diff."""
    isatty = getattr(file, "isatty", None)
    try:
        terminal = bool(isatty and isatty())
    except (OSError, ValueError):
        terminal = False
    if terminal:
        return Console(file=file, highlight=False, emoji=False)
    return Console(file=file, highlight=False, emoji=False, force_terminal=False,
                   color_system=None, width=UNWRAPPED_WIDTH, soft_wrap=True)


def _quote_cell(quote: Quote) -> Text:
    text = Text()
    text.append("“" + clip(one_line(quote.text), QUOTE_CHARS) + "”")
    if quote.cue is not None:
        text.append(" — ")
        text.append(one_line(quote.cue.text), style="italic cyan")
    if quote.alternatives:
        listed = ", ".join(f"{one_line(a.name)} {a.confidence:.2f}" for a in quote.alternatives)
        text.append("\nalternatives: " + listed, style="dim")
    return text


def quote_table(extraction: Extraction, narrow: bool = True) -> Table:
    """The quotes of *extraction* as a table: #, speaker, confidence, quote (with cue,
    alternatives). *narrow* (for a terminal) keeps the speaker column narrow, folding long names;
    otherwise (a pipe, a file) each name stays on one line."""
    table = Table(show_lines=True, expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("speaker", overflow="fold", min_width=10, max_width=20 if narrow else None)
    table.add_column("confidence", justify="right", no_wrap=True)
    table.add_column("quote", overflow="fold", ratio=1, min_width=30)
    for number, quote in enumerate(extraction.quotes, 1):
        if quote.speaker_name is None:
            speaker, confidence = Text(NO_SPEAKER, style="dim"), Text(NO_SPEAKER, style="dim")
        else:
            speaker = Text(one_line(quote.speaker_name), style="bold")
            confidence = Text(f"{quote.confidence:.2f}")
        table.add_row(str(number), speaker, confidence, _quote_cell(quote))
    return table


def extraction_header(extraction: Extraction) -> str:
    """A markup string naming the article, the model and the counts (article parts escaped)."""
    a = extraction.article
    quotes, speakers = len(extraction.quotes), len(extraction.speakers)
    return (f"[bold]{escape_markup(one_line(a.title))}[/bold]\n"
            f"[dim]{escape_markup(one_line(a.path))} · {a.chars:,} chars · "
            f"model {escape_markup(extraction.model_name)} {escape_markup(extraction.model_version)} · "
            f"{quotes} quote{'s' if quotes != 1 else ''}, "
            f"{speakers} speaker{'s' if speakers != 1 else ''}[/dim]")

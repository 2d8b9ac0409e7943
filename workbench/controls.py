"""What counts as a control in untrusted text: terminal control sequences, control characters
and bidi formatting characters (the one definition, for display and for corpus ingest).

* Terminal control sequences (ANSI CSI, OSC, DCS and the other ESC / C1 control strings) go
  whole, so their parameters (an OSC title, a hyperlink's URL) do not leak in as words.
* C0 and C1 control characters (BEL, backspace, NUL, a lone ESC ...).
* Bidi formatting characters (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates,
  U+200E/U+200F marks, U+061C): they reorder what a terminal shows, so a quote could be made
  to read as something else ("Trojan Source").

No third-party imports: the ingest workers use this module too.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "CONTROL_SEQUENCE", "CONTROL_CHAR", "strip_controls",
           "strip_html_controls"]

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_CLASS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

# Terminators of control strings: BEL, ESC \ (ST) and the 8-bit ST.
_ST = r"(?:\x07|\x1b\\|\x9c)"


def _sequence_pattern(payload: str) -> re.Pattern[str]:
    return re.compile("|".join((
        # OSC, DCS, SOS, PM, APC (7- and 8-bit introducers): everything up to the terminator,
        # or, unterminated, as far as *payload* goes.
        rf"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]){payload}{_ST}?",
        # CSI (7- and 8-bit): parameters, intermediates, final byte.
        r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?",
        # Other escape sequences: ESC, intermediates, a final byte (ESC c, ESC 7, ESC ( B ...).
        r"\x1b[ -/]*[0-~]?",
    )))


CONTROL_SEQUENCE = _sequence_pattern(r"[^\x07\x1b\x9c]*")
"""A terminal control sequence, for display: an unterminated control string runs to the next
ESC or the end of the text (as a terminal would swallow it)."""

_LINE_CONTROL_SEQUENCE = _sequence_pattern(r"[^\x07\x1b\x9c\n]*")
"""The same, but an unterminated control string ends at the end of its line: a stray OSC
introducer in a stored document must not take the rest of the document with it."""

_HTML_CONTROL_SEQUENCE = _sequence_pattern(r"[^\x07\x1b\x9c\n<]*")
"""The same in HTML source: an unterminated control string also ends at the next tag."""

CONTROL_CHAR = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CLASS}]")
"""What display removes after the sequences: C0 controls but tab and newline, DEL, C1, bidi."""

_INGEST_CHAR = re.compile(rf"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f{_BIDI_CLASS}]")
"""What ingest removes after the sequences: the controls that are not whitespace (tab, the
line and form feeds, CR, the separators U+001C-U+001F and U+0085 are whitespace, which the
cleaner makes spaces and paragraph breaks of), and bidi."""


def strip_controls(text: str) -> str:
    """*text* without terminal control sequences (whole), control characters that are not
    whitespace, and bidi formatting characters: how a corpus document is stored. Unchanged
    (the same object) when it has none, which one regex search finds out."""
    if _INGEST_CHAR.search(text) is None:
        return text
    return _INGEST_CHAR.sub("", _LINE_CONTROL_SEQUENCE.sub("", text))


def strip_html_controls(html: str) -> str:
    """HTML source without terminal control sequences (whole), before it is parsed: the HTML
    parser drops a lone ESC but keeps the rest, so ``ESC[31m`` would become the word ``[31m``
    and an OSC title its payload. Control characters go too; the same object when it has none."""
    if _INGEST_CHAR.search(html) is None:
        return html
    return _INGEST_CHAR.sub("", _HTML_CONTROL_SEQUENCE.sub("", html))

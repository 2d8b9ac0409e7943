"""Tests for workbench.render: untrusted article text shown safely in the terminal."""

from __future__ import annotations

import io
import re

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from workbench.models import Alternative, Article, Extraction, Quote, TextSpan
from workbench.render import (NO_SPEAKER, QUOTE_CHARS, clip, escape_markup, extraction_header,
                              one_line, quote_table, safe_text)

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
UNSAFE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}]")


def record_console(**kwargs) -> Console:
    return Console(record=True, file=io.StringIO(), width=120, **kwargs)


# --------------------------------------------------------------------------- safe_text


def test_csi_colour_sequences_are_stripped():
    """An ANSI colour (CSI ... m) sequence is removed whole, its text kept."""
    assert safe_text("\x1b[31mred\x1b[0m") == "red"
    assert safe_text("a\x1b[1;38;5;196mb\x1b[2J\x1b[Hc") == "abc"


def test_osc_title_sequence_is_stripped_with_its_payload():
    """An OSC window-title sequence (BEL-terminated) disappears, payload included."""
    assert safe_text("\x1b]0;pwned\x07") == ""
    assert safe_text("before\x1b]0;pwned\x07after") == "beforeafter"


def test_osc_hyperlink_with_st_terminator_is_stripped():
    """An OSC 8 hyperlink terminated by ESC \\ leaves only the visible text."""
    assert safe_text("\x1b]8;;http://e.vil\x1b\\click\x1b]8;;\x1b\\") == "click"


def test_eight_bit_csi_is_stripped():
    """The 8-bit CSI introducer (U+009B) and its parameters are removed."""
    assert safe_text("\x9b31m") == ""
    assert safe_text("x\x9b31my") == "xy"


def test_bell_backspace_and_other_controls_are_stripped():
    """BEL, backspace, CR, NUL, DEL, a lone ESC and C1 controls are dropped."""
    assert safe_text("a\x07b\x08c") == "abc"
    assert safe_text("a\rb\x00c\x7fd\x85e\x1b") == "abcde"
    assert safe_text("unterminated \x1b]0;title") == "unterminated "


def test_newlines_tabs_and_unicode_are_kept():
    """Newlines, tabs and ordinary Unicode (curly quotes, accents, CJK, emoji) pass unchanged."""
    text = "“Ça va,” she said.\n\tNext line — 東京 🙂"
    assert safe_text(text) == text


def test_bidi_formatting_characters_are_stripped():
    """Embeddings, overrides, isolates and marks (which reorder what a terminal shows) go."""
    assert safe_text("a\u202edlrow\u202c b\u2066c\u2069 \u200ed\u200f\u061c") == "adlrow bc d"
    assert escape_markup("[b]\u202ex") == "\\[b]x"


@given(st.lists(st.characters(codec="utf-8") | st.sampled_from(BIDI), max_size=200).map("".join))
def test_safe_text_never_leaves_a_control_character(text):
    """Whatever the input, the output holds no C0/C1 control except \\n and \\t, no bidi
    control, and is stable."""
    cleaned = safe_text(text)
    assert not UNSAFE.search(cleaned)
    assert safe_text(cleaned) == cleaned


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc",),
                                      exclude_characters=BIDI), max_size=200))
def test_safe_text_keeps_text_without_controls(text):
    """Text with no control characters (or bidi controls) comes back unchanged."""
    assert safe_text(text) == text


# --------------------------------------------------------------------------- escape_markup


def test_bold_markup_prints_literally():
    """Escaped "[bold]x[/bold]" prints as those characters, not as bold x."""
    console = record_console()
    console.print(escape_markup("[bold]x[/bold]"))
    assert console.export_text() == "[bold]x[/bold]\n"


def test_link_markup_prints_literally_and_makes_no_hyperlink():
    """Escaped "[link=...]" prints literally and no OSC 8 hyperlink reaches a colour terminal."""
    console = Console(record=True, file=io.StringIO(), width=120, force_terminal=True,
                      color_system="truecolor")
    console.print(escape_markup("[link=http://e.vil]x[/link]"))
    assert console.export_text() == "[link=http://e.vil]x[/link]\n"
    assert "\x1b]8" not in console.file.getvalue()


def test_escape_markup_also_strips_control_sequences():
    """escape_markup removes control sequences before escaping markup."""
    assert "\x1b" not in escape_markup("\x1b[31m[red]x\x1b[0m")
    console = record_console()
    hostile = "\x1b[31m[red]x\x1b[0m\\"
    console.print(f"[bold]{escape_markup(hostile)}[/bold]")
    assert console.export_text() == "[red]x\\\n"  # a trailing backslash does not eat [/bold]


def test_one_line_and_clip():
    """one_line collapses whitespace; clip cuts to the limit with an ellipsis."""
    assert one_line("a\n\n b\t c\x07") == "a b c"
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"


# --------------------------------------------------------------------------- the quote table

HOSTILE = "\x1b]0;pwned\x07[bold]Evil\x1b[31m[/bold] :smile: \u202elive\u202c"


def hostile_extraction() -> Extraction:
    text = "x" * 400
    article = Article(path="evil\x1b[2J.txt", title="Title [link=http://e.vil]x[/link]\x07",
                      text=text, sha256="0" * 64, format="txt")
    long_quote = "word " * 60
    quotes = [
        Quote(id="q1", parts=[(0, 20)], text=HOSTILE + "\nsecond line", speaker_id="s1",
              speaker_name="[i]Mallory[/i]\x1b[5m", mention=TextSpan(30, 37, "Mallory"),
              cue=TextSpan(40, 44, "said\x1b[8m"), confidence=0.8123,
              alternatives=[Alternative("s2", "[u]Eve[/u]\x9b2J", 0.25)]),
        Quote(id="q2", parts=[(100, 400)], text=long_quote),
    ]
    return Extraction(article, "en_core_web_sm", "3.8.0", [], quotes)


def test_quote_table_shows_hostile_text_literally_without_controls():
    """Article-derived strings in the table lose control sequences and keep markup literal."""
    console = record_console(force_terminal=True, color_system="truecolor")
    console.print(quote_table(hostile_extraction()))
    raw = console.file.getvalue()
    shown = console.export_text()
    assert "pwned" not in raw and "\x1b]" not in raw and "\x07" not in raw
    assert "[bold]Evil[/bold]" in shown and ":smile:" in shown
    assert "[i]Mallory[/i]" in shown and "[u]Eve[/u] 0.25" in shown
    assert "\x1b[2J" not in raw and "\x1b[5m" not in raw and "\x1b[8m" not in raw
    assert not any(c in raw for c in BIDI) and ":smile: live" in shown


def test_quote_table_columns_cue_alternatives_and_missing_speaker():
    """The table has #/speaker/confidence/quote, shows the cue, alternatives and "—" for no speaker."""
    console = record_console()
    console.print(quote_table(hostile_extraction()))
    shown = console.export_text()
    header = shown.splitlines()[1]
    for column in ("#", "speaker", "confidence", "quote"):
        assert column in header
    assert "0.81" in shown and "said" in shown and "alternatives:" in shown
    row2 = [line for line in shown.splitlines() if line.startswith("│ 2 ")][0]
    assert row2.count(NO_SPEAKER) == 2  # no speaker, no confidence


def test_quote_table_clips_long_quotes():
    """A long quote is shown as its first ~80 characters and an ellipsis."""
    console = record_console()
    console.print(quote_table(hostile_extraction()))
    flat = " ".join(console.export_text().replace("│", " ").split())
    assert "word " * 10 in flat
    assert flat.count("word") <= QUOTE_CHARS // 5 + 1
    assert "…”" in flat


def test_quote_table_prints_plain_when_not_a_terminal():
    """Printed to a non-terminal file, the table has no escape codes at all."""
    out = io.StringIO()
    Console(file=out, width=100).print(quote_table(hostile_extraction()))
    assert "\x1b" not in out.getvalue() and "speaker" in out.getvalue()


def test_extraction_header_escapes_title_and_path():
    """The header shows the hostile title and path literally, without control sequences."""
    console = record_console(force_terminal=True)
    console.print(extraction_header(hostile_extraction()))
    shown = console.export_text()
    raw = console.file.getvalue()
    assert "Title [link=http://e.vil]x[/link]" in shown
    assert "evil.txt" in shown and "2 quotes, 0 speakers" in shown
    assert "\x1b]8" not in raw and "\x1b[2J" not in raw and "\x07" not in raw

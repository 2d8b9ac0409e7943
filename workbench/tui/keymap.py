"""The review UI's keys as data: one :class:`KeySpec` per action, with a stable id.

Every binding of the main screen is made from :data:`KEYMAP` (:func:`bindings`), so the footer,
the help screen and the command palette all list the same actions, and a user's ``[keys]``
table in the config file (binding id -> key or comma-separated keys) remaps any of them through
Textual's keymap (:meth:`textual.app.App.set_keymap`). This module does not import textual at
module level: it is data, readable by the config loader and the tests without a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["KeySpec", "KEYMAP", "KEYMAP_BY_ID", "bindings", "check_keymap", "keys_of",
           "key_label"]


@dataclass(frozen=True)
class KeySpec:
    """One action of the main screen.

    ``id`` is the binding id users remap in ``[keys]``; ``keys`` the default key(s), Textual key
    names, comma-separated; ``action`` the screen action it runs; ``footer`` whether the footer
    shows it (the help screen and the command palette show them all).
    """

    id: str
    keys: str
    action: str
    description: str
    help: str
    footer: bool = False
    group: str = "review"


KEYMAP: tuple[KeySpec, ...] = (
    # First, so that the footer shows it even at 80 columns.
    KeySpec("help", "question_mark", "help", "Help", "Show every key", footer=True, group="app"),
    # moving
    KeySpec("cursor_down", "j,down", "cursor_down", "Next", "Move to the next quote", group="move"),
    KeySpec("cursor_up", "k,up", "cursor_up", "Previous", "Move to the previous quote",
            group="move"),
    KeySpec("first", "g,home", "first", "First", "Move to the first quote", group="move"),
    KeySpec("last", "G,end", "last", "Last", "Move to the last quote", group="move"),
    KeySpec("next_unreviewed", "n", "next_unreviewed", "Next open",
            "Move to the next open quote (no decision yet, skipped, or to look again)", footer=True, group="move"),
    KeySpec("article_page_down", "pagedown", "article_page(1)", "Article down",
            "Scroll the article one page down", group="move"),
    KeySpec("article_page_up", "pageup", "article_page(-1)", "Article up",
            "Scroll the article one page up", group="move"),
    # verdicts
    KeySpec("confirm", "c", "confirm", "Confirm", "Mark the quote as confirmed", footer=True),
    KeySpec("dispute", "d", "dispute", "Dispute",
            "Mark the quote as disputed, with a reason (misquoted, altered, spliced, ...)",
            footer=True),
    KeySpec("unverifiable", "u", "unverifiable", "Unverif.",
            "Mark the quote as unverifiable", footer=True),
    KeySpec("skip", "space", "skip", "Skip", "Skip the quote for now (it stays open)", footer=True),
    KeySpec("final", "F", "final", "Final",
            "Make your decision on the quote the final verdict (an editor's; the export uses it)"),
    KeySpec("speaker", "s", "speaker", "Speaker",
            "Change the speaker: pick one of the article's speakers or type a name"),
    KeySpec("note", "e", "note", "Note", "Edit the note on the quote"),
    KeySpec("undo", "z", "undo", "Undo", "Undo the last change (many levels)", footer=True),
    KeySpec("redo", "Z,ctrl+y", "redo", "Redo", "Redo the change last undone"),
    # correcting the engine (rules: workbench.review.corrections; all undoable with undo)
    KeySpec("add_quote", "a", "add_quote", "Add quote",
            "Add a quote the engine missed: type or paste (part of) its words, then pick its "
            "speaker", group="correct"),
    KeySpec("merge", "m", "merge", "Merge",
            "Merge the quote with the next one (one statement, two parts)", group="correct"),
    KeySpec("extend_start", "left_square_bracket", "resize('start', True)", "Extend start",
            "Extend the quote by a word at its start", group="correct"),
    KeySpec("extend_end", "right_square_bracket", "resize('end', True)", "Extend end",
            "Extend the quote by a word at its end", group="correct"),
    KeySpec("trim_start", "left_curly_bracket", "resize('start', False)", "Trim start",
            "Trim a word (or stray quote mark) off the quote's start", group="correct"),
    KeySpec("trim_end", "right_curly_bracket", "resize('end', False)", "Trim end",
            "Trim a word (or stray quote mark) off the quote's end", group="correct"),
    KeySpec("not_quote", "X,delete", "not_quote", "Not a quote",
            "Mark the span not a quote: it leaves the list, stays in the record (exported as "
            "rejected)", group="correct"),
    # list and evidence
    KeySpec("filter", "slash", "filter", "Filter",
            "Filter the quote list (words of the quote or speaker; is:disputed, is:open ...)",
            footer=True, group="list"),
    KeySpec("doubtful_first", "exclamation_mark", "doubtful_first", "Doubtful first",
            "Sort the quote list with the least sure speakers first (no speaker, then lowest "
            "confidence); again for text order", group="list"),
    KeySpec("search", "f", "search", "Search",
            "Search the corpus for the quote with an edited query", group="evidence"),
    KeySpec("next_match", "tab", "cycle_match(1)", "Next match",
            "Show the next corpus match of the quote", group="evidence"),
    KeySpec("previous_match", "shift+tab", "cycle_match(-1)", "Previous match",
            "Show the previous corpus match of the quote", group="evidence"),
    KeySpec("evidence_down", "J", "evidence_scroll(1)", "Evidence down",
            "Scroll the evidence pane down", group="evidence"),
    KeySpec("evidence_up", "K", "evidence_scroll(-1)", "Evidence up",
            "Scroll the evidence pane up", group="evidence"),
    KeySpec("source", "o", "open_source", "Source",
            "Open the whole source document of the match shown, at its span (y copies the URL)",
            group="evidence"),
    KeySpec("plain_diff", "p", "toggle_plain_diff", "Plain diff",
            "Show the changes as [-source-]{+article+} too, not by colour only (on with NO_COLOR)",
            group="evidence"),
    KeySpec("take_evidence", "enter", "take_evidence", "Take evidence",
            "Take the match shown as the evidence for the quote", group="evidence"),
    # the app
    KeySpec("export", "x", "export", "Export",
            "Export the review as JSON, ClaimReview or a gold JSONL line", footer=True, group="app"),
    KeySpec("quit", "q", "quit", "Quit", "Quit (everything is already saved)", footer=False,
            group="app"),
)

KEYMAP_BY_ID: dict[str, KeySpec] = {spec.id: spec for spec in KEYMAP}

GROUPS = {"move": "Moving", "review": "Reviewing", "correct": "Correcting the engine",
          "list": "The list",
          "evidence": "Evidence", "app": "The app"}

_KEY_LABELS = {"question_mark": "?", "slash": "/", "space": "space", "down": "↓", "up": "↑",
               "pagedown": "pgdn", "pageup": "pgup", "enter": "enter", "tab": "tab",
               "shift+tab": "shift+tab", "home": "home", "end": "end",
               "left_square_bracket": "[", "right_square_bracket": "]",
               "left_curly_bracket": "{", "right_curly_bracket": "}", "delete": "del",
               "exclamation_mark": "!"}


def key_label(key: str) -> str:
    """A short label for one Textual key name: ``question_mark`` -> ``?``."""
    return _KEY_LABELS.get(key, key)


def keys_of(spec: KeySpec, keymap: Mapping[str, str] | None = None) -> list[str]:
    """The keys bound to *spec* once *keymap* (id -> keys) is applied."""
    keys = (keymap or {}).get(spec.id, spec.keys)
    return [k.strip() for k in keys.split(",") if k.strip()]


def check_keymap(keys: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """A user's ``[keys]`` table made safe: (keymap for ``App.set_keymap``, problems).

    Unknown ids, values that are not strings and empty values are dropped with a message each,
    so a typo in the config file costs that one key, not the whole UI.
    """
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if binding_id not in KEYMAP_BY_ID:
            problems.append(f"[keys] {binding_id!r}: no such action "
                            f"(known: {', '.join(sorted(KEYMAP_BY_ID))})")
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"[keys] {binding_id!r}: expected a key such as \"c\" or \"c,ctrl+k\"")
            continue
        keymap[binding_id] = ",".join(_textual_key(k) for k in value.split(",") if k.strip())
    return keymap, problems


_CHAR_KEYS = {"?": "question_mark", "/": "slash", " ": "space", ",": "comma", ".": "full_stop",
              "-": "minus", "+": "plus", "[": "left_square_bracket", "]": "right_square_bracket",
              "{": "left_curly_bracket", "}": "right_curly_bracket",
              ";": "semicolon", ":": "colon", "'": "apostrophe", "!": "exclamation_mark",
              "#": "number_sign", "*": "asterisk", "=": "equals_sign", "<": "less_than_sign",
              ">": "greater_than_sign"}


def _textual_key(key: str) -> str:
    """A key as users write it ("?", "/") in Textual's naming ("question_mark", "slash")."""
    key = key.strip() if key.strip() else key
    return _CHAR_KEYS.get(key, key)


def bindings(specs: Iterable[KeySpec] = KEYMAP) -> list:
    """Textual ``Binding`` objects for *specs* (textual is imported here, not at module level)."""
    from textual.binding import Binding

    out = []
    for spec in specs:
        out.append(Binding(spec.keys, spec.action, spec.description, show=spec.footer,
                           id=spec.id, tooltip=spec.help))
    return out

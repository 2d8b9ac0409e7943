"""Scan text for quotation marks and pair them into quoted regions.

Pure Python, no spaCy: it works on the raw article text so every offset is a character offset
into the text exactly as loaded. The scanner never raises: stray, unbalanced or ambiguous marks
are resolved locally (an apostrophe is skipped, a lone closer is ignored, an opener left open at
the end of a paragraph either continues into the next paragraph or ends there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE = '"“”„‟«»'
SINGLE = "'‘’‚‛‹›"
MARKS = DOUBLE + SINGLE
# '' and `` stand for double marks in some wire copy and in typewriter-style text
_MARK_RE = re.compile(f"''|``|[{re.escape(MARKS)}]")
# Where a mark may open: after space or opening punctuation; where it may close: before space or
# closing punctuation. Quote marks count on both sides so nested marks (“‘…’”) flank correctly.
_OPEN_PREV = set("([{<—–-/:;,…") | set(MARKS)
_CLOSE_NEXT = set(".,;:!?)]}>—–-/…") | set(MARKS)
_ELISIONS = ("em", "til", "tis", "twas", "cause", "n", "bout", "round", "s", "t")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_RE = re.compile(r"\n\s*")
_WRAP_WIDTH = 100  # lines this short are typical of hard-wrapped text (72-80 columns)


@dataclass(frozen=True)
class QuoteRegion:
    """One quotation: its parts (content offsets, marks excluded) and how it was delimited."""

    parts: tuple[tuple[int, int], ...]
    family: str  # "double" or "single"
    closed: bool  # False when the closing mark was missing and the end was recovered
    open_mark: int  # offset of the first opening mark
    close_mark: int | None  # offset of the last closing mark, None when unclosed

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class _Open:
    pos: int
    family: str
    straight: bool
    parts: list  # earlier parts of a quote continued from previous paragraphs
    width: int = 1  # 2 for '' and ``
    first: int | None = None  # offset of the opening mark of a quote's first paragraph
    children: list = field(default_factory=list)  # double quotes closed inside this one


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: split at blank lines, and at every newline unless lines are hard-wrapped."""
    splitter = _PARA_RE if _hard_wrapped(text) else _LINE_RE
    spans, pos = [], 0
    for m in splitter.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _hard_wrapped(text: str) -> bool:
    """True when most lines are short and end mid-sentence: newlines then are not paragraphs."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    lengths = sorted(len(ln) for ln in lines)
    return lengths[len(lengths) // 2] <= _WRAP_WIDTH and len(lengths) > 2 * text.count("\n\n") + 2


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == ""


def _classify(text: str, i: int, lo: int, hi: int, width: int = 1) -> str | None:
    """'open', 'close', 'either' or None (not a quote mark here: apostrophe or lone mark)."""
    ch = text[i] if width == 1 else '"'
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + width] if i + width < hi else ""
    if _is_space(prev) and _is_space(nxt):
        # a lone mark between spaces: a curly one keeps its direction (“ … as cut); a straight
        # one closes after a nested closing mark ('Clinton,' ") and opens before a nested
        # opening one (" 'We), else it is nothing
        if ch == '"' and width == 1:
            if i - 2 >= lo and text[i - 2] in "'’":
                return "close"
            if i + 2 < hi and text[i + 2] in "'‘":
                return "open"
        return {"“": "open", "„": "open", "«": "open", "”": "close", "»": "close"}.get(ch)
    can_open = (_is_space(prev) or prev in _OPEN_PREV) and not _is_space(nxt)
    can_close = (_is_space(nxt) or nxt in _CLOSE_NEXT) and not _is_space(prev)
    if ch == "`":
        return "open"
    if ch in "'’‛‘":
        if prev in "nN" and i >= 2 and text[i - 2] in "'’" and _is_space(nxt):
            return None  # the second mark of rock ’n’ roll
        if prev.isalnum() and nxt.isalnum():
            return None  # don't, Kyiv’s
        if not prev.isalnum() and _apostrophe_ahead(text, i + 1, hi):
            return None  # ’90s, ’em, rock ’n’ roll
    if ch == "‘" and not prev.isalnum() and nxt.isdigit() and _apostrophe_ahead(text, i + 1, hi):
        return None  # a misturned ‘90s
    if ch in "„‚":
        return "open"
    if ch in "“‘‹«":
        return "open" if can_open or not can_close else "close"
    if ch == "”" and prev in ",.!?" and nxt.isalpha():
        return "close"  # “…,”Smith said -- a closer glued to the next word
    if ch in "”’›»":
        return "close" if can_close or not can_open else "open"
    # straight marks
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _apostrophe_ahead(text: str, j: int, hi: int) -> bool:
    """True when the text after a mark reads as an elision: ’90s, ’em, ’til."""
    m = re.match(r"(\d\d)s?\b|([A-Za-z]+)\b", text[j:min(hi, j + 8)])
    if not m:
        return False
    if m.group(1):
        return True
    return m.group(2).lower() in _ELISIONS


_ATTRIBUTION_TAIL_RE = re.compile(
    r"[,—–]\s+(?:[\w.’'-]+\s+){1,6}?(?:said|says|added|adds|told|tells|asked|asks|continued|"
    r"explained|explains|noted|notes|wrote|writes|argued|argues|insisted|insists|warned|warns|"
    r"stated|states|declared|declares|recalled|recalls|replied|replies)(?:\s+[\w.’'-]+){0,4}?"
    r"\s*[,:]?\s*$")
_NEXT_CHAR_RE = re.compile(r"\s*(\S?)")
_LATER_CLOSER_RE = re.compile(r"\S['’](?=[\s.,;:!?)”\"]|$)")


def _plural_possessive(text: str, i: int, hi: int) -> bool:
    """students’ union inside a single-quoted passage: an apostrophe when a lowercase word
    follows and another closing mark comes later in the paragraph."""
    if text[i - 1:i] not in ("s", "S") or not text[i + 1:i + 2].isspace():
        return False
    nxt = _NEXT_CHAR_RE.match(text, i + 1, hi).group(1)  # not text[i + 1:hi]: a copy per mark
    return nxt.islower() and _LATER_CLOSER_RE.search(text, i + 1, hi) is not None


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _next_para_opens(text: str, para: tuple[int, int] | None, family: str,
                     typewriter: bool) -> bool:
    """Does the next paragraph start with an opening mark of this family (a continued quote)?"""
    if para is None:
        return False
    s, e = para
    if text[s:s + 2] in ("''", "``"):
        return typewriter and family == "double"
    return text[s] in (DOUBLE if family == "double" else SINGLE) and _classify(text, s, s, e) in ("open", "either")


def scan(text: str, typewriter: bool = False) -> list[QuoteRegion]:
    """All top-level quoted regions of ``text``, in order. Never raises.

    ``typewriter``: read doubled apostrophes and backticks ('' and ``) as double quote marks, as
    in some wire copy. Off by default: in most text '' is a typo or two apostrophes.
    """
    regions: list[QuoteRegion] = []
    carry: _Open | None = None  # a quote left open at the end of the previous paragraph
    paras = paragraphs(text)
    for k, (lo, hi) in enumerate(paras):
        carry = _scan_paragraph(text, lo, hi, carry, paras[k + 1] if k + 1 < len(paras) else None,
                                regions, typewriter)
    return regions


def _scan_paragraph(text, lo, hi, carry, next_para, regions, typewriter) -> _Open | None:
    stack: list[_Open] = []
    if carry is not None and not _next_para_opens(text, (lo, hi), carry.family, typewriter):
        _emit_unclosed(carry, regions)  # the expected opener is not there: end the quote here
        carry = None
    for m in _MARK_RE.finditer(text, lo, hi):
        i, width = m.start(), len(m.group())
        if width == 2 and not typewriter:
            continue
        kind = _classify(text, i, lo, hi, width)
        if kind is None:
            continue
        family = "double" if width == 2 or text[i] in DOUBLE else "single"
        straight = text[i] in "\"'`"
        match = next((o for o in reversed(stack) if o.family == family), None)
        if kind == "either":
            kind = "close" if match is not None and match.straight == straight else "open"
        if kind == "open":
            parts = []
            first = None
            if carry is not None and not stack and carry.family == family and i == lo:
                parts, first, carry = carry.parts, _first_open(carry), None  # a continued quote
            stack.append(_Open(i, family, straight, parts, width, first))
        elif match is not None:
            if family == "single" and _plural_possessive(text, i, hi):
                continue
            _close(text, stack, match, i, i, regions)
        # a closer with nothing to close: an apostrophe (students’) or a stray mark; ignore it
    if not stack:
        return None
    bottom = stack[0]
    if bottom.children:
        # “A, he said. “B.” -- the first quote lost its closing mark; end it where the next opens,
        # or before the attribution that stands there (“A, he added, “B.”)
        s, e = _trim(text, bottom.pos + bottom.width, bottom.children[0].open_mark)
        cut = _ATTRIBUTION_TAIL_RE.search(text, s, e)
        if cut is not None and cut.start() > s:
            e = cut.start() + 1  # keep the comma inside, as in “A,” he said
        parts = bottom.parts + ([(s, e)] if e > s else [])
        if parts:
            regions.append(QuoteRegion(tuple(parts), bottom.family, False, _first_open(bottom), None))
        regions.extend(bottom.children)
        return None
    s, e = _trim(text, bottom.pos + bottom.width, hi)
    parts = bottom.parts + ([(s, e)] if e > s else [])
    if _next_para_opens(text, next_para, bottom.family, typewriter) and parts:
        return _Open(bottom.pos, bottom.family, bottom.straight, parts, bottom.width, _first_open(bottom))
    if bottom.family == "double" and parts:
        regions.append(QuoteRegion(tuple(parts), bottom.family, False, _first_open(bottom), None))
    return None


def _emit_unclosed(o: _Open, regions: list[QuoteRegion]) -> None:
    if o.parts and o.family == "double":
        regions.append(QuoteRegion(tuple(o.parts), o.family, False, _first_open(o), None))


def _first_open(o: _Open) -> int:
    return o.first if o.first is not None else o.pos


def _close(text, stack, match, end, close_mark, regions) -> None:
    """Pop ``match`` (and anything opened inside it); emit it when it was at the top level."""
    idx = stack.index(match)
    del stack[idx:]
    s, e = _trim(text, match.pos + match.width, end)
    parts = match.parts + ([(s, e)] if e > s else [])
    if not parts:
        return
    region = QuoteRegion(tuple(parts), match.family, close_mark is not None, _first_open(match),
                         close_mark)
    if idx == 0:
        regions.append(region)
    elif match.family == "double" and stack[idx - 1].family == "double":
        # nested double marks: kept aside in case the outer quote turns out to be unclosed
        stack[idx - 1].children.append(region)

"""Text cleaning shared by the readers: the stored text is the cleaned text.

Paragraphs are separated by one blank line (``\\n\\n``); hard-wrapped lines inside a paragraph
are joined with a space; runs of spaces (no-break spaces too) become one space; zero-width
characters go, and so do terminal control sequences (whole: an OSC title or link is not words
of the text), control characters that are not whitespace and bidi formatting characters
(:func:`workbench.controls.strip_controls`), before any offset is taken.  Markdown
additionally loses its markup: escapes (``\\[`` -> ``[``), emphasis, links (``[t](u)`` ->
``t``), headings' ``#``, list bullets, fences, raw HTML tags and entities.

A line that opens a speaker turn (``Q:``, ``MR. KIRBY:``; ``Jens Stoltenberg:`` in a document
whose lines read as a conversation) starts a new paragraph even without a blank line before it,
so turns written one a line are not glued together. A heading written
like a label (``THE ECONOMY: TOWARD A NEW PROSPERITY``, see
:func:`~workbench.corpus.transcript.line_kind`) stands alone as its own paragraph, so the text
under it is not read as a speaker's turn.
"""

from __future__ import annotations

import html
import re
from itertools import compress, filterfalse

from workbench.controls import strip_controls
from workbench.corpus.transcript import has_written_turns, line_kind, match_written
from workbench.provenance import normalize_date  # (shared with the article loader)

__all__ = ["clean_plain", "clean_markdown", "normalize_date", "meta_text"]

_ZERO_WIDTH = ("\u200b", "\u2060", "\u00ad", "\ufeff")
# Whitespace other than " " and "\n" (no-break spaces, tabs, the Unicode spaces).
_ODD_SPACE = re.compile(r"[\t\f\v\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r"  +")
_BLANK_LINES = re.compile(r"\n{3,}")
# Characters that can open Markdown block syntax; a line starting otherwise is plain text.
_BLOCK_STARTS = frozenset("#>-*+_=|`~[0123456789\\")
_TERMINAL = tuple(".?!…:;”\"’')]—-")

# Markdown blocks.
_FENCE = re.compile(r"(`{3,}|~{3,})")
_HEADING = re.compile(r"#{1,6}(?:\s+|$)")
_RULE = re.compile(r"(?:[-*_][ \t]*){3,}$")
_SETEXT = re.compile(r"=+$")
_QUOTE = re.compile(r"(?:>[ \t]?)+")
_BULLET = re.compile(r"[-*+][ \t]+")
_NUMBERED = re.compile(r"\d{1,3}[.)][ \t]+")
_REFERENCE = re.compile(r"\[[^\]]+\]:\s*\S")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# Markdown inline markup (never across a newline, so paragraph breaks survive).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDER_BASE = 0xE000  # escaped characters hide in the private use area during inline work
_LINK_REST = r"\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)"
_IMAGE_OR_LINK = re.compile("!?" + _LINK_REST)
# Patterns that start with a literal character are searched many times faster (re skips ahead
# to that character): these stand for the ones above in a text without the other opening.
_LINK = re.compile(_LINK_REST)  # _IMAGE_OR_LINK where there is no "!["
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STRONG_STARS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")  # _STRONG where there is no "__"
_STRONG_UNDERSCORES = re.compile(r"__(?=\S)(.+?)(?<=\S)__")  # _STRONG where there is no "**"
# The marker comes first so the regex engine can search for it (a leading look-behind is slow).
_EM_STAR = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"_(?<![\w_]_)(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`(`*)(.+?)`\1")  # (`+)(.+?)\1 with a literal start


def clean_plain(text: str) -> str:
    """Plain text (also the text of HTML pages, JSONL records): paragraphs and spaces tidied."""
    return _finish(_join_lines(_drop_invisible(text), markdown=False))


def clean_markdown(body: str) -> str:
    """A Markdown body (front matter already removed) as plain text without markup."""
    body = _drop_invisible(body)
    if "<" in body and "<!--" in body:  # (one character is found much faster than several)
        body = _COMMENT.sub("", body)
    joined = _join_lines(body, markdown=True)
    return _finish(_inline_markdown(joined))


def _drop_invisible(text: str) -> str:
    """*text* without zero-width characters, control sequences and characters, bidi controls."""
    text = strip_controls(text)
    for ch in _ZERO_WIDTH:
        if ch in text:  # str.replace is far faster than str.translate on long texts
            text = text.replace(ch, "")
    return text


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# A later line of a paragraph that may open a speaker turn or be a heading (a capital, then no
# lower-case letter up to a colon; or Q), or (Markdown) block syntax; group "written":
# capitalised words or numbers up to a colon, bracket or number, which may be a mixed-case
# label ("Jens Stoltenberg:", "Speaker 1 (00:12)"; one such line is enough to look further, so
# labels with particles, "Secretary of State …", need not pass). Possessive quantifiers: prose
# fails at its first lower-case word without backtracking. The pattern starts with a literal
# newline so the search is fast.
_CAPS_OR_WRITTEN = (r"[^\W\d_a-z](?:[^\n:a-z]{0,60}:|(?P<written>[\w.’'\-]*+"
                    r"(?: [^\W_a-z][\w.’'\-]*+)*+(?: ?[(\[]|:| \d)))")
_CARE_PLAIN = re.compile(r"\n[^\S\n]*(?:Q[\s:.]|" + _CAPS_OR_WRITTEN + ")")
_CARE_MARKDOWN = re.compile(r"\n[^\S\n]*(?:[#>\-*+_=|`~\[\d\\]|Q[\s:.]|" + _CAPS_OR_WRITTEN + ")")
# The same without group "written".
_CARE_PLAIN_ONLY = re.compile(r"\n[^\S\n]*(?:Q[\s:.]|[^\W\d_a-z][^\n:a-z]{0,60}:)")
_CARE_MARKDOWN_ONLY = re.compile(r"\n[^\S\n]*(?:[#>\-*+_=|`~\[\d\\]|Q[\s:.]|"
                                 r"[^\W\d_a-z][^\n:a-z]{0,60}:)")


# (Markdown) a paragraph whose first non-space character may open block syntax, and a
# backslash line break: at the end of a line or of the paragraph.
_MARKDOWN_HEAD = re.compile(r"\s*[#>\-*+_=|`~\[0-9\\]")
_BACKSLASH_BREAK = re.compile(r"\\(?:\n|\s*\Z)")
# A paragraph whose first line may be a heading written like a label ("THE ECONOMY:", no lower
# case) with more lines under it: the heading must stand alone (see line_kind).
_HEADING_FIRST_LINE = re.compile(r"[^\S\n]*[^\W\d_a-z][^\n:a-z]{0,60}:[^\na-z]*\n")
# Both, for one pass over the paragraphs of Markdown (whichever matches, the paragraph needs care).
_MARKDOWN_HEAD_OR_HEADING = re.compile(_MARKDOWN_HEAD.pattern + "|" + _HEADING_FIRST_LINE.pattern)
_SEPARATOR = "\x01"  # stands between the paragraphs while their lines are joined in one go


def _join_lines(text: str, markdown: bool) -> str:
    """Paragraphs (blank-line separated) with their lines joined: a fast path for the many
    paragraphs of plain prose, the line-by-line path for the others.

    The fast path works on all paragraphs at once (no Python code runs per paragraph, only
    per paragraph that needs care): which ones need care is found by mapping compiled
    patterns over them, and the lines of the others are joined with one ``str.replace``."""
    if markdown and (("`" in text and "```" in text) or ("~" in text and "~~~" in text)):
        # A fence can hold blank lines. (Rare: the whole text is looked at for written turns.)
        return _join_lines_slow(text, markdown, ":" in text and has_written_turns(text))
    paragraphs = _BLANK_LINE.split(text)
    indexes = range(len(paragraphs))
    hits = list(map((_CARE_MARKDOWN if markdown else _CARE_PLAIN).search, paragraphs))
    care = set(compress(indexes, hits))
    heads = _MARKDOWN_HEAD_OR_HEADING if markdown else _HEADING_FIRST_LINE
    care.update(compress(indexes, map(heads.match, paragraphs)))
    if markdown and "\\" in text:
        care.update(compress(indexes, map(_BACKSLASH_BREAK.search, paragraphs)))
    written = _written_lines(text, paragraphs, hits, care, markdown)
    if _SEPARATOR in text:
        joined = [p.replace("\n", " ") for p in paragraphs]
    else:
        joined = _SEPARATOR.join(paragraphs).replace("\n", " ").split(_SEPARATOR)
    for i in care:
        joined[i] = _join_lines_slow(paragraphs[i], markdown, written)
    return "\n\n".join(filterfalse(str.isspace, filter(None, joined)))


def _written_lines(text: str, paragraphs: list[str], hits: list[re.Match | None], care: set[int],
                   markdown: bool) -> bool:
    """Whether turns with mixed-case labels ("Jens Stoltenberg: …") are written one a line here:
    only in a document whose lines read as a conversation (elsewhere such a line is prose).
    Then every paragraph of several lines is in *care*; otherwise the paragraphs there only for
    a line that looked like such a label leave it (they need no care)."""
    maybe = [i for i in care if hits[i] is not None and hits[i].group("written") is not None]
    if not maybe:
        return False
    # The whole text is looked at only when such a line opens with a label (rare in prose).
    if any(map(_opens_written, map(paragraphs.__getitem__, maybe), map(hits.__getitem__, maybe))) \
            and has_written_turns(text):
        care.update(i for i, paragraph in enumerate(paragraphs) if "\n" in paragraph)
        return True
    others = (_CARE_MARKDOWN_ONLY if markdown else _CARE_PLAIN_ONLY).search
    care.difference_update(i for i in maybe if others(paragraphs[i]) is None
                           and not _HEADING_FIRST_LINE.match(paragraphs[i])
                           and not (markdown and _markdown_care(paragraphs[i])))
    return False


def _opens_written(paragraph: str, hit: re.Match) -> bool:
    """Whether the line of *hit* opens with a written label after a line that ends a sentence
    (as _join_lines_slow needs to split there; a hard wrap mid-sentence is no turn)."""
    line = hit.group()
    if not paragraph[:hit.start()].rstrip().endswith(_TERMINAL):
        return False
    return match_written(paragraph, hit.start() + len(line) - len(line.lstrip())) is not None


def _markdown_care(paragraph: str) -> bool:
    return bool(_MARKDOWN_HEAD.match(paragraph) or _BACKSLASH_BREAK.search(paragraph))


def _join_lines_slow(text: str, markdown: bool, written: bool = False) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if markdown:
            if fence is not None:
                if line.startswith(fence):
                    fence = None
                    flush()
                elif line:
                    current.append("\n" + line)  # code keeps its lines
                continue
            if line and line[0] in _BLOCK_STARTS or line.endswith("\\"):
                line, kind = _markdown_line(line, bool(current))
            else:
                kind = "text"
            if kind == "fence":
                flush()
                fence = line
                continue
            if kind == "break":
                flush()
                continue
            if kind == "heading":
                flush()
                paragraphs.append(line)
                continue
            if kind == "item":
                current.append("\n" + line if current else line)
                continue
        if not line:
            flush()
            continue
        if line[0].isupper() and (not current or current[-1].endswith(_TERMINAL)
                                  or _label_then_gap(line)):
            kind = line_kind(_one_space(line), written)
            if kind == "heading":  # stands alone, so the text under it gets no speaker label
                flush()
                paragraphs.append(line)
                continue
            if kind == "label":
                flush()
        current.append(line)
    flush()
    return "\n\n".join(paragraphs)


def _one_space(line: str) -> str:
    if _ODD_SPACE.search(line):
        line = _ODD_SPACE.sub(" ", line)
    return _SPACE_RUN.sub(" ", line) if "  " in line else line


def _label_then_gap(line: str) -> bool:
    colon = line.find(":")
    return colon > 0 and line[colon + 1:colon + 3].isspace() and len(line) > colon + 2


def _markdown_line(line: str, in_paragraph: bool) -> tuple[str, str]:
    """(*line* without its block markup, what it is: text|fence|break|heading|item)."""
    fence = _FENCE.match(line)
    if fence:
        return fence.group(1), "fence"
    if _RULE.match(line) or (in_paragraph and _SETEXT.match(line)):
        return "", "break"  # a rule, or the underline of a setext heading
    heading = _HEADING.match(line)
    if heading:
        return line[heading.end():].rstrip("#").strip(), "heading"
    quote = _QUOTE.match(line)
    if quote:
        line = line[quote.end():].strip()
    if _REFERENCE.match(line):
        return "", "break"
    bullet = _BULLET.match(line)
    if bullet:
        return line[bullet.end():], "item"
    if _NUMBERED.match(line) or line.startswith("|"):
        return line, "item"
    if line.endswith("\\") and not line.endswith("\\\\"):
        line = line[:-1].rstrip()  # a hard line break
    return line, "text"


def _inline_markdown(text: str) -> str:
    # Each substitution runs only when its marker is there: most texts have little markup.
    # Escaped characters hide in the private use area meanwhile (a private-use character in the
    # source itself, vanishingly rare, would come out as punctuation). A marker of several
    # characters is only looked for when its first one is there: Python finds one character
    # many times faster than a string of them.
    escaped = set(_ESCAPE.findall(text)) if "\\" in text else set()
    if escaped:
        text = _ESCAPE.sub(lambda m: chr(_PLACEHOLDER_BASE + ord(m.group(1))), text)
    if "]" in text:
        if "](" in text:
            text = (_IMAGE_OR_LINK if "![" in text else _LINK).sub(r"\1", text)
        if "][" in text:
            text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _TAG.sub("", text)
    if "`" in text:
        text = _CODE.sub(lambda m: m.group(2).strip(), text)
    star = "*" in text
    underscore = "_" in text
    stars = star and "**" in text
    underscores = underscore and "__" in text
    if stars and underscores:
        text = _STRONG.sub(r"\2", text)
    elif stars or underscores:
        text = (_STRONG_STARS if stars else _STRONG_UNDERSCORES).sub(r"\1", text)
    if star and "*" in text:
        text = _EM_STAR.sub(r"\1", text)
    if underscore and "_" in text:
        text = _EM_UNDERSCORE.sub(r"\1", text)
    if "~" in text and "~~" in text:
        text = _STRIKE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    for ch in escaped:
        text = text.replace(chr(_PLACEHOLDER_BASE + ord(ch)), ch)
    return text


def _has_odd_space(text: str) -> bool:
    """Whether *text* has whitespace other than " " and "\\n". Every such character is
    unprintable, so text that is printable once its newlines are spaces (the common case,
    checked at C speed: one copy, no list of lines) has none; only other text is searched
    with the (slower) character class."""
    return not text.replace("\n", " ").isprintable() and _ODD_SPACE.search(text) is not None


def _finish(text: str) -> str:
    """One space for any run of spaces; no spaces at line ends; one blank line between paragraphs."""
    if "\xa0" in text:
        text = text.replace("\xa0", " ")  # the common odd space: str.replace is much faster
    if _has_odd_space(text):
        text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if "\n" in text:
        # No space at either end of a line (a line has one at most by now): str.strip over
        # the lines costs less than looking for " \n" and "\n " and replacing them.
        text = "\n".join(map(str.strip, text.split("\n")))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# --------------------------------------------------------------------------- metadata


def meta_text(value: object, limit: int = 500) -> str | None:
    """A metadata value as one line of text (None when absent or empty)."""
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return None
    text = " ".join(_drop_invisible(str(value)).split())
    return text[:limit].rstrip() or None

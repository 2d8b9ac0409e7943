"""PDF transcripts and releases (``.pdf``), their text layer read with pypdf (pure Python, BSD).

What a PDF's text layer gives is lines, page by page. Made into a document's text:

* page furniture goes: a line at the top or bottom of the pages (its digits aside) that comes
  back on at least half of them (a running head, "Committee on the Judiciary", "Page 3 of 12")
  and a page number alone on a line (``12``, ``- 12 -``, ``Page 12``);
* lines are joined into paragraphs, a word hyphenated at a line's end made whole again
  (``legis-`` + ``lation``); a paragraph ends at a blank line, after a line clearly shorter
  than the page's lines that ends a sentence, and before a line opening with a speaker label
  (``MR. SMITH:``, ``Mr. SMITH.``, ``Chairman JONES.``), so turns are read as in other
  transcripts (:mod:`workbench.corpus.transcript`);
* the title is the PDF's own (its metadata), else its first line; the date is the first date
  written in its first lines (a release's or hearing's date), else none (the file's creation
  date says when the PDF was made, not when the words were said).

A PDF without text (a scan) is refused with "no text layer: a scanned PDF needs OCR first",
never stored empty; an encrypted one that opens only with a password, and a malformed one, are
refused in one line too. :func:`read_bytes` reads a PDF's bytes from anywhere (a fetched URL).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections import Counter
from statistics import median

from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Source, file_bytes, written_date
from workbench.corpus.transcript import line_kind
from workbench.errors import ArticleError, show_path

__all__ = ["read", "read_bytes", "page_lines", "pages_text", "MAX_BYTES", "NO_TEXT"]

MAX_BYTES = 256 << 20
MAX_PAGES = 5000
MAX_TEXT_CHARS = 5_000_000  # as the article loader's limit
NO_TEXT = "no text layer: a scanned PDF needs OCR first"
EDGE_LINES = 2  # lines looked at, at the top and at the bottom of each page, for furniture
DATE_LINES = 15
SHORT_LINE = 0.75  # of the page's usual line length: a line ending a paragraph is shorter
HEADING_LINE = 0.6  # and a heading's shorter still
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"(?:page\s+)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s+of\s+\d{1,4})?", re.I)
_HYPHENATED = re.compile(r"[^\W\d_]-$")
# Words that keep their hyphen at a line end: the first halves of compounds, not syllables.
_HYPHEN_PREFIXES = frozenset("self well non ex co anti pro multi cross long short high low "
                             "full half all mid post pre semi vice so-called".split())
_SENTENCE_END = re.compile(r"[.!?:…][\"”’')\]]*$")

# pypdf reports what it repairs (a wrong xref offset) through logging: no part of our output.
_LOG = logging.getLogger("pypdf")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the PDF file *path* (its bytes *raw* if already read), stored under
    *key*. Raises ArticleError."""
    return read_bytes(file_bytes(path, raw, MAX_BYTES), path, key=key, sha256=sha256)


def read_bytes(data: bytes, name: str, *, key: str | None = None, sha256: str | None = None,
               url: str | None = None) -> Source:
    """The document in a PDF's bytes *data* (named *name* in messages). Raises ArticleError."""
    shown = show_path(name)
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{shown}: too large for a PDF ({len(data):,} bytes; at most "
                           f"{MAX_BYTES:,})")
    if not data.lstrip()[:5] == b"%PDF-":
        raise ArticleError(f"{shown}: not a PDF (no %PDF header)")
    pages, title = page_lines(data, shown)
    text = clean_plain(pages_text(pages))
    if not text:
        raise ArticleError(f"{shown}: {NO_TEXT}")
    first_lines = [line for lines in pages for line in lines if line][:DATE_LINES]
    if not title:
        title = first_lines[0]
    return Source(path=key or name, sha256=sha256 or hashlib.sha256(data).hexdigest(), text=text,
                  title=meta_text(title, 200), date=written_date(first_lines),
                  url=url, default_kind="other", source_kind="pdf")


def page_lines(data: bytes, shown: str) -> tuple[list[list[str]], str | None]:
    """The text lines of each page of the PDF *data*, and its metadata title. Raises
    ArticleError (encrypted, malformed, too long)."""
    try:
        from pypdf import PdfReader
    except ImportError:  # (a dependency; an install without it says so rather than failing)
        raise ArticleError(f"{shown}: reading PDFs needs pypdf (pip install pypdf)") from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ArticleError(f"{shown}: encrypted PDF (it needs a password): skipped")
        if len(reader.pages) > MAX_PAGES:
            raise ArticleError(f"{shown}: too many pages ({len(reader.pages):,}; at most "
                               f"{MAX_PAGES:,})")
        pages: list[list[str]] = []
        chars = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            chars += len(text)
            if chars > MAX_TEXT_CHARS:
                raise ArticleError(f"{shown}: too much text for one document (over "
                                   f"{MAX_TEXT_CHARS:,} characters)")
            pages.append([" ".join(line.split()) for line in text.split("\n")])
        title = _metadata_title(reader)
    except ArticleError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a broken file
        reason = "encrypted PDF (it needs a password)" if "crypt" in type(exc).__name__.lower() \
            or "AES" in str(exc) else f"not a readable PDF ({type(exc).__name__})"
        raise ArticleError(f"{shown}: {reason}: skipped") from None
    return pages, title


def _metadata_title(reader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # noqa: BLE001 - a broken info dictionary is no reason to skip the text
        return None
    if not isinstance(title, str) or not title.strip() or title.lower().startswith(
            ("microsoft word", "untitled")) or title.lower().endswith((".doc", ".docx", ".pdf")):
        return None
    return title


# --------------------------------------------------------------------------- text


def pages_text(pages: list[list[str]]) -> str:
    """The pages' lines (furniture left out) as paragraphs separated by blank lines."""
    furniture = _furniture(pages)
    paragraphs: list[str] = []
    current: list[str] = []
    for lines in pages:
        kept = _strip_page(lines, furniture)
        usual = _usual_length(kept)
        for line in kept:
            if not line:
                _flush(current, paragraphs)
                continue
            if current and (_opens_turn(line) or line[:1].isupper() and _heading_like(
                    current[-1], usual)):
                _flush(current, paragraphs)
            if current and _HYPHENATED.search(current[-1]) and line[:1].islower():
                # "legis-" "lation"; "self-" "employed" keeps its hyphen
                keep = current[-1].rsplit(" ", 1)[-1][:-1].lower() in _HYPHEN_PREFIXES
                current[-1] = (current[-1] if keep else current[-1][:-1]) + line
            else:
                current.append(line)
            if _SENTENCE_END.search(line) and len(line) < SHORT_LINE * usual:
                _flush(current, paragraphs)
    _flush(current, paragraphs)
    return "\n\n".join(paragraphs)


def _heading_like(line: str, usual: float) -> bool:
    """A short line not ending in mid-sentence punctuation: a title or heading, when the next
    line starts with a capital."""
    return len(line) < HEADING_LINE * usual and not line.endswith((",", ";", "-", "—", "–"))


def _flush(current: list[str], paragraphs: list[str]) -> None:
    if current:
        paragraphs.append(" ".join(current))
        current.clear()


def _opens_turn(line: str) -> bool:
    """Whether *line* opens with a speaker label in any style, or is a heading written like
    one (a PDF has no blank lines to say where turns begin)."""
    return line_kind(line, written=True) is not None


def _usual_length(lines: list[str]) -> float:
    lengths = [len(line) for line in lines if len(line) > 20]
    return median(lengths) if lengths else 0.0


def _shape(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def _furniture(pages: list[list[str]]) -> set[str]:
    """The shapes (:func:`_shape`) of lines at the pages' tops and bottoms that come back on
    at least half of the pages (two pages at least)."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        seen.update({_shape(line) for line in content[:EDGE_LINES] + content[-EDGE_LINES:]})
    need = max(2, (len(pages) + 1) // 2)
    return {shape for shape, n in seen.items() if n >= need}


def _strip_page(lines: list[str], furniture: set[str]) -> list[str]:
    """A page's lines without its furniture and page number at the top and bottom."""
    lines = list(lines)
    for edge in (0, -1):
        for _ in range(EDGE_LINES + 1):
            while lines and not lines[edge]:
                lines.pop(edge)
            if lines and (_shape(lines[edge]) in furniture or _PAGE_NUMBER.fullmatch(lines[edge])):
                lines.pop(edge)
            else:
                break
    return lines

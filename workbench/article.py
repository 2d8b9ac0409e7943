"""Load an article from a file (plain text, Markdown or HTML) into an :class:`Article`.

``Article.text`` is the text *exactly as loaded*: decoded, with a leading BOM
removed and newlines normalised (``\\r\\n`` and ``\\r`` become ``\\n``).  Every
offset computed downstream points into that string.

* txt / md: the decoded, newline-normalised source, unchanged otherwise
  (Markdown keeps its markup and front matter so offsets match the source).
* html: the main article text found by trafilatura (menus, footers, scripts
  left out), one paragraph per block, paragraphs separated by a blank line.

``Article.url`` and ``Article.date`` are what the file says of itself (the HTML
head's canonical link and publication meta tags; YAML front matter in Markdown
and plain text), read by :mod:`workbench.provenance`; None when it says nothing.

Every problem with the input is raised as :class:`ArticleError` with one line
that names the path.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
import stat
from pathlib import Path

from workbench.controls import strip_html_controls
from workbench.errors import ArticleError, os_reason as _reason, show_path as _show
from workbench.models import Article
from workbench.provenance import FRONT_MATTER, front_matter_meta, page_meta, split_front_matter

__all__ = ["MAX_CHARS", "load_article", "article_from_text"]

MAX_CHARS = 5_000_000
"""Default limit on the length of ``Article.text`` in characters."""

BYTES_PER_CHAR_LIMIT = 4
"""A file larger than ``BYTES_PER_CHAR_LIMIT * max_chars`` bytes is refused without reading it."""

TITLE_MAX_CHARS = 200
SNIFF_CHARS = 1024        # how far into an unknown file we look for HTML markers
BINARY_SAMPLE = 8192      # how much of a file the binary check looks at
BINARY_CONTROL_RATIO = 0.10

FORMATS = ("txt", "md", "html")
_EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|body|p)(?=[\s>/])", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

# Bytes that never occur in text: C0 controls other than \t \n \f \r, and DEL.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\f\r") + b"\x7f"
_CONTROL_CHARS = frozenset(chr(b) for b in _CONTROL_BYTES) | frozenset(map(chr, range(0x80, 0xA0)))


# --------------------------------------------------------------------------- public API


def load_article(path: str | os.PathLike, max_chars: int = MAX_CHARS) -> Article:
    """Read, decode and (for HTML) extract the article at *path*.

    Raises :class:`ArticleError` for a missing file, a directory, a file that
    cannot be read, an empty, binary, undecodable or too large file, and an
    HTML page with no readable text.
    """
    try:
        path_str = os.fsdecode(os.fspath(path))
    except TypeError:
        raise ArticleError(f"{path!r}: not a file path") from None
    shown = _show(path_str)

    raw = _read_bytes(path_str, shown, max_chars)
    sha256 = hashlib.sha256(raw).hexdigest()

    fmt = _EXTENSIONS.get(Path(path_str).suffix.lower())
    html_hint = fmt == "html" or (fmt is None and _looks_like_html(raw[:SNIFF_CHARS].decode("latin-1")))
    text = _decode(raw, shown, html_hint=html_hint)
    if not text.strip():
        raise ArticleError(f"{shown}: the article is empty")
    if fmt is None:
        fmt = "html" if _looks_like_html(text[:SNIFF_CHARS]) else "txt"

    return _build(path_str, shown, text, sha256, fmt, None, max_chars)


def article_from_text(text: str, path: str = "<text>", fmt: str = "txt",
                      title: str | None = None, max_chars: int = MAX_CHARS) -> Article:
    """Make an :class:`Article` from an in-memory string (e.g. a JSONL record).

    *text* is treated like the decoded content of a file of format *fmt*:
    newlines are normalised, a leading BOM is removed, Markdown titles are
    guessed from the heading/front matter, and ``fmt="html"`` means *text* is
    HTML source whose main text is extracted.  ``sha256`` is the hash of the
    UTF-8 encoding of *text* as given.  *title*, if given, is used as is.
    """
    shown = _show(str(path))
    if not isinstance(text, str):
        raise ArticleError(f"{shown}: the article text must be a string, not {type(text).__name__}")
    if fmt not in FORMATS:
        raise ArticleError(f"{shown}: unknown article format {fmt!r} (expected one of {', '.join(FORMATS)})")
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ArticleError(f"{shown}: the article is empty")
    return _build(str(path), shown, text, sha256, fmt, title, max_chars)


# --------------------------------------------------------------------------- reading & decoding


def _read_bytes(path: str, shown: str, max_chars: int) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ArticleError(f"{shown}: no such file") from None
    except PermissionError:
        raise ArticleError(f"{shown}: permission denied") from None
    except (OSError, ValueError) as exc:  # ValueError: embedded NUL in the path
        raise ArticleError(f"{shown}: cannot read the file ({_reason(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ArticleError(f"{shown}: is a directory, not an article file")
    if not stat.S_ISREG(st.st_mode):
        raise ArticleError(f"{shown}: not a regular file")

    limit = BYTES_PER_CHAR_LIMIT * max_chars
    if st.st_size > limit:
        raise ArticleError(f"{shown}: too large ({st.st_size:,} bytes; the limit is {max_chars:,} characters)")
    if st.st_size == 0:
        raise ArticleError(f"{shown}: the article is empty")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)  # the file may have grown since stat()
    except PermissionError:
        raise ArticleError(f"{shown}: permission denied") from None
    except IsADirectoryError:
        raise ArticleError(f"{shown}: is a directory, not an article file") from None
    except OSError as exc:
        raise ArticleError(f"{shown}: cannot read the file ({_reason(exc)})") from None
    if len(raw) > limit:
        raise ArticleError(f"{shown}: too large (more than {limit:,} bytes; the limit is {max_chars:,} characters)")
    if not raw:
        raise ArticleError(f"{shown}: the article is empty")
    return raw


def _looks_binary_bytes(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > BINARY_CONTROL_RATIO


def _looks_binary_text(sample: str) -> bool:
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch in _CONTROL_CHARS)
    return "\x00" in sample or controls / len(sample) > BINARY_CONTROL_RATIO


def _decode(raw: bytes, shown: str, *, html_hint: bool = False) -> str:
    """UTF-8 (BOM stripped), UTF-16 with a BOM, else the page's declared charset (HTML), else cp1252."""
    binary = ArticleError(f"{shown}: not a text file (binary data)")
    if raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(f"{shown}: cannot decode the text (invalid UTF-16)") from None
        if _looks_binary_text(text[:BINARY_SAMPLE]):
            raise binary
        return _normalise(text)

    body = raw[len(_UTF8_BOM):] if raw.startswith(_UTF8_BOM) else raw
    if _looks_binary_bytes(body[:BINARY_SAMPLE]):
        raise binary
    text = None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        declared = _declared_charset(body) if html_hint else None
        for encoding in filter(None, (declared, "cp1252")):
            try:
                text = body.decode(encoding)
                break
            except (UnicodeDecodeError, LookupError):
                continue
    if text is None:
        raise ArticleError(f"{shown}: cannot decode the text (neither UTF-8 nor Windows-1252)")
    if _looks_binary_text(text[:BINARY_SAMPLE]):
        raise binary
    return _normalise(text)


def _declared_charset(raw: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag near the start, unless it is one we try anyway."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read latin-1/ascii labels as windows-1252; utf-8 has already failed.
    if name in {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"} or name.startswith("utf-"):
        return None
    return name


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_html(head: str) -> bool:
    return bool(_HTML_SNIFF.search(head[:SNIFF_CHARS]))


# --------------------------------------------------------------------------- building the Article


def _build(path: str, shown: str, source: str, sha256: str, fmt: str,
           title: str | None, max_chars: int) -> Article:
    source = _normalise(source)
    if fmt == "html":
        source = strip_html_controls(source)  # untrusted: no escape sequence becomes words
        text, guessed = _html_to_text(source, shown)
    elif fmt == "md":
        text, guessed = source, _markdown_title(source)
    else:
        text, guessed = source, _first_line(source)
    if len(text) > max_chars:
        raise ArticleError(f"{shown}: too large ({len(text):,} characters; the limit is {max_chars:,})")
    if title is None:
        # Only a Markdown file holding nothing but front matter has no guess: use the file name.
        title = guessed or _first_line(text if fmt != "md" else "") or _clip(Path(path).name)
    date, url = _provenance(source, fmt)
    return Article(path=path, title=title, text=text, sha256=sha256, format=fmt, url=url, date=date)


def _provenance(source: str, fmt: str) -> tuple[str | None, str | None]:
    """(date, URL) the file states: the HTML head's tags, else YAML front matter."""
    if fmt == "html":
        return page_meta(source)
    if source.startswith("---"):
        return front_matter_meta(split_front_matter(source)[0])
    return None, None


def _clip(title: str) -> str:
    return title.strip()[:TITLE_MAX_CHARS].rstrip()


def _first_line(text: str, skip: re.Pattern | None = None) -> str:
    """The first line that is not blank (nor matches *skip*), clipped to a title's length."""
    for line in text.split("\n"):
        if line.strip() and not (skip and skip.fullmatch(line)):
            return _clip(line)
    return ""


# --------------------------------------------------------------------------- Markdown

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A rule (``---``, ``***``, ``_ _ _``): never a title, e.g. front matter that is not closed.
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__|\*|`")


def _markdown_title(text: str) -> str:
    """Front matter ``title:``, else the first level-1 ATX heading, else any ATX heading, else the first line."""
    body = text
    match = FRONT_MATTER.match(text)
    if match:
        title = _front_matter_title(match.group(1))
        if title:
            return title
        body = text[match.end():]

    headings: list[tuple[int, str]] = []
    fence = None
    for line in body.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        heading = _ATX.match(line)
        if heading and heading.group(2) and heading.group(2).strip():
            headings.append((len(heading.group(1)), heading.group(2)))
            if len(heading.group(1)) == 1:
                break
    if headings:
        level_one = [h for level, h in headings if level == 1]
        return _clean_md_inline(level_one[0] if level_one else headings[0][1])
    return _clean_md_inline(_first_line(body, skip=_THEMATIC_BREAK))


def _clean_md_inline(title: str) -> str:
    title = _MD_LINK.sub(r"\1", title)
    title = _MD_EMPHASIS.sub("", title)
    return _clip(" ".join(title.split()))


def _front_matter_title(block: str) -> str:
    lines = block.split("\n")
    for i, line in enumerate(lines):
        match = re.match(r"^title[ \t]*:[ \t]*(.*)$", line)
        if not match:
            continue
        value = match.group(1).strip()
        if value and value[0] in "|>":
            # Block scalar: the following indented lines.
            parts = []
            for nxt in lines[i + 1:]:
                if nxt.strip() and not nxt[:1].isspace():
                    break
                parts.append(nxt.strip())
            return _clip(" ".join(p for p in parts if p))
        if value.startswith('"'):
            try:
                value = json.loads(value[: value.rindex('"') + 1])
            except (ValueError, json.JSONDecodeError):
                value = value.strip('"')
        elif value.startswith("'"):
            end = value.rfind("'")
            value = value[1:end if end > 0 else None].replace("''", "'")
        else:
            value = re.sub(r"[ \t]+#.*$", "", value)
        return _clip(" ".join(str(value).split()))
    return ""


# --------------------------------------------------------------------------- HTML

_TRAFILATURA = None

# Tags that start a new paragraph in trafilatura's XML output and in raw HTML.
_XML_BLOCKS = frozenset("doc main comments p head quote list item code table row cell div graphic".split())
_HTML_BLOCKS = frozenset("""address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav
    ol p pre section summary table tbody td tfoot th thead tr ul""".split())
_HTML_DROP = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
              "canvas", "select", "button")
_LINE_BREAKS = frozenset(("br", "lb"))
_PARAGRAPH = object()
_LINE = object()


def _trafilatura():
    """Import trafilatura on first use (it is slow to import) and silence its logging."""
    global _TRAFILATURA
    if _TRAFILATURA is None:
        for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
            logger = logging.getLogger(name)
            if logger.level == logging.NOTSET:
                logger.setLevel(logging.CRITICAL)
        import trafilatura

        _TRAFILATURA = trafilatura
    return _TRAFILATURA


def _html_to_text(html: str, shown: str) -> tuple[str, str]:
    html = _XML_DECLARATION.sub("", html, count=1)
    text, title = "", ""
    try:
        text, title = _trafilatura_text(html)
    except Exception:  # noqa: BLE001 - a parser crash just means: use the fallback
        text, title = "", ""

    if not (text and title):
        tree = _parse_html(html)
        if tree is not None:
            if not title:
                title = _html_title(tree)
            if not text:
                text = _html_dump(tree)  # after the title: the dump removes <head>
    if not text:
        raise ArticleError(f"{shown}: no readable text found in the HTML page")
    return text, _clip(" ".join(title.split())) if title else _first_line(text)


def _trafilatura_text(html: str) -> tuple[str, str]:
    from lxml import etree

    trafilatura = _trafilatura()
    xml = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        include_formatting=False,
        include_links=False,
        include_images=False,
        deduplicate=False,
        with_metadata=True,
        output_format="xml",
    )
    if not xml:
        return "", ""
    doc = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    if doc is None:
        return "", ""
    main = doc.find("main")
    text = _blocks_to_text(main if main is not None else doc, _XML_BLOCKS)
    return text, doc.get("title") or ""


def _parse_html(html: str):
    import lxml.html

    try:
        return lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises ParserError/ValueError on junk
        return None


def _html_title(tree) -> str:
    for xpath in ("//title", "//h1"):
        for element in tree.xpath(xpath):
            title = " ".join(element.text_content().split())
            if title:
                return title
    return ""


def _html_dump(tree) -> str:
    """All the text of ``<body>``, block elements separated by blank lines."""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _HTML_DROP)):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the element's tail text
    bodies = tree.xpath("//body")
    return _blocks_to_text(bodies[0] if bodies else tree, _HTML_BLOCKS)


def _blocks_to_text(root, blocks: frozenset[str]) -> str:
    """Text of *root*: whitespace collapsed, one paragraph per block, ``\\n\\n`` between paragraphs."""
    from lxml import etree

    pieces: list = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: comment / PI
        if event == "start":
            if tag is None:
                continue
            if tag in blocks:
                pieces.append(_PARAGRAPH)
            elif tag in _LINE_BREAKS:
                pieces.append(_LINE)
            if element.text:
                pieces.append(element.text)
        else:
            if tag in blocks:
                pieces.append(_PARAGRAPH)
            if element.tail and element is not root:
                pieces.append(element.tail)

    paragraphs: list[str] = []
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        line = " ".join("".join(current).split())
        current.clear()
        if line:
            lines.append(line)

    for piece in pieces + [_PARAGRAPH]:
        if piece is _PARAGRAPH:
            end_line()
            if lines:
                paragraphs.append("\n".join(lines))
                lines.clear()
        elif piece is _LINE:
            end_line()
        else:
            current.append(piece)
    return "\n\n".join(paragraphs)

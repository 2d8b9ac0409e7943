"""Word documents (``.docx``): the paragraphs of ``word/document.xml`` (tables' cells and text
boxes too), read with the standard library's zipfile and XML parser (no third-party package).

Each Word paragraph is a paragraph of the text; a line break inside one is a line (so a turn
written after a break, ``MR. SMITH: …``, still opens a paragraph, see
:func:`~workbench.corpus.ingest.clean.clean_plain`). Speaker labels are read as in other
transcripts. The title is the document's own (``docProps/core.xml``), else its first
paragraph; the date the first one written in its first paragraphs.

A .docx is a zip archive, so it is opened with care: at most :data:`MAX_XML_BYTES` of
``document.xml`` are inflated whatever its header claims (a zip bomb stops there), and XML
declaring a DTD or entities (how XML bombs work; Word never writes one) is refused. A file
that is no zip (an old ``.doc``, or a password-protected document, which Word stores
encrypted in another container) is one line, and skipped.
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Source, file_bytes, parse_xml, written_date
from workbench.errors import ArticleError, show_path

__all__ = ["read", "read_bytes", "paragraphs", "MAX_BYTES", "MAX_XML_BYTES"]

MAX_BYTES = 64 << 20
MAX_XML_BYTES = 64 << 20  # of document.xml once inflated (a 500-page transcript is ~10 MB)
MAX_MEMBERS = 10_000
DATE_PARAGRAPHS = 15
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _BR, _CR = _W + "p", _W + "t", _W + "tab", _W + "br", _W + "cr"
_SKIP = frozenset({_W + "del", _W + "instrText", _W + "delText"})  # deleted text, field codes
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the Word file *path* (its bytes *raw* if already read), stored under
    *key*. Raises ArticleError."""
    return read_bytes(file_bytes(path, raw, MAX_BYTES), path, key=key, sha256=sha256)


def read_bytes(data: bytes, name: str, *, key: str | None = None, sha256: str | None = None,
               url: str | None = None) -> Source:
    """The document in a .docx file's bytes *data* (named *name* in messages). Raises
    ArticleError."""
    shown = show_path(name)
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{shown}: too large for a Word document ({len(data):,} bytes; at "
                           f"most {MAX_BYTES:,})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        hint = " (a password-protected document: save it without the password)" \
            if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise ArticleError(f"{shown}: not a .docx file (no zip archive){hint}") from None
    with archive:
        if len(archive.infolist()) > MAX_MEMBERS:
            raise ArticleError(f"{shown}: not a .docx file (too many parts)")
        body = _member(archive, "word/document.xml", shown)
        if body is None:
            raise ArticleError(f"{shown}: not a .docx file (no word/document.xml)")
        core = _member(archive, "docProps/core.xml", shown)
    found = paragraphs(_parse(body, shown))
    text = clean_plain("\n\n".join(found))
    if not text:
        raise ArticleError(f"{shown}: the Word document has no text")
    title = _core_title(core, shown) if core is not None else None
    first = [p.strip() for p in found if p.strip()][:DATE_PARAGRAPHS]
    return Source(path=key or name, sha256=sha256 or hashlib.sha256(data).hexdigest(), text=text,
                  title=meta_text(title or first[0].split("\n")[0], 200),
                  date=written_date(first), url=url, default_kind="other", source_kind="docx")


def _member(archive: zipfile.ZipFile, member: str, shown: str) -> bytes | None:
    """A part of the archive, inflated up to MAX_XML_BYTES (refused beyond), or None."""
    try:
        with archive.open(member) as fh:
            data = fh.read(MAX_XML_BYTES + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            ValueError) as exc:  # (zipfile raises these for broken, encrypted, odd parts)
        raise ArticleError(f"{shown}: not a readable .docx file ({member}: "
                           f"{type(exc).__name__})") from None
    if len(data) > MAX_XML_BYTES:
        raise ArticleError(f"{shown}: too large ({member} inflates to over {MAX_XML_BYTES:,} "
                           f"bytes)")
    return data


def _parse(data: bytes, shown: str) -> ET.Element:
    return parse_xml(data, shown, "not a .docx file (its XML declares a DTD or entities)",
                     "not a readable .docx file (document.xml: {})")


def _core_title(data: bytes, shown: str) -> str | None:
    try:
        root = _parse(data, shown)
    except ArticleError:
        return None  # a broken docProps part is no reason to skip the text
    found = root.find(_DC_TITLE)
    return found.text.strip() if found is not None and found.text and found.text.strip() else None


def paragraphs(root: ET.Element) -> list[str]:
    """The text of each Word paragraph (``w:p``) under *root*, in document order: a paragraph
    inside another's text box comes before the one holding it; tabs are spaces, breaks
    newlines, deleted text and field codes left out."""
    out: list[str] = []
    # An explicit stack rather than recursion: XML nests as deep as a file likes.
    stack: list[tuple[ET.Element, list[str], bool]] = [(root, [], False)]
    iterators = [iter(root)]
    while iterators:
        child = next(iterators[-1], None)
        element, buffer, is_paragraph = stack[-1]
        if child is None:
            iterators.pop()
            stack.pop()
            if is_paragraph:
                out.append("".join(buffer))
            continue
        tag = child.tag
        if tag == _P:
            stack.append((child, [], True))
            iterators.append(iter(child))
        elif tag == _T:
            buffer.append(child.text or "")
        elif tag == _TAB:
            buffer.append(" ")
        elif tag in (_BR, _CR):
            buffer.append("\n")
        elif tag not in _SKIP:
            stack.append((child, buffer, False))
            iterators.append(iter(child))
    return out

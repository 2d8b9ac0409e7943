"""The Congressional Record as GovInfo publishes it: a CREC package folder (``CREC-1997-01-28/``
with ``mods.xml`` and ``html/CREC-…-PgS699-5.htm``, one page a granule: a speech, a debate, a
bill's introduction).

* A granule's text is its ``<pre>`` block. Its lines are hard-wrapped, and a new paragraph (and
  a speaker's turn: ``  Mr. LOTT. Mr. President, …``) starts at an indented line, so the lines
  are joined into paragraphs there, and the label opens its paragraph. The page furniture
  (``[Congressional Record Volume …]``, ``[[Page S700]]``, the GPO line, ``____`` rules) goes.
* Speakers: ``Mr. GRASSLEY.``, ``Mrs. BOXER.``, ``Mr. SMITH of Texas.`` open turns (the written
  period labels of :mod:`workbench.corpus.transcript`, however few). ``mods.xml`` lists for each
  granule the members who speak in it, each with the label the Record prints (``<name
  type="parsed">Mr. GRASSLEY</name>``) and the full name (``authority-fnf``: "Chuck Grassley",
  the name as GovInfo spells it, first name first); a label resolves to that name, else to the
  one name the package gives that label elsewhere, else as other transcripts resolve it
  (``Mr. Grassley``). ``The PRESIDING OFFICER (Mr. KYL).`` is the member in the chair, named
  so (``Jon Kyl``) through the package, and so are the chair's next turns on the page (see
  :func:`workbench.corpus.transcript.match_period`).
* Each document: the granule's title with its chamber (``MORNING BUSINESS (Congressional
  Record, Senate)``), its date (the granule's, else the package's), its GovInfo HTML URL.

The key of each document is its ``.htm`` file, and its sha256 that of the file's bytes and
its package's ``mods.xml`` (:func:`page_sha256`): a changed ``mods.xml`` alone (a speaker's
name corrected) reloads the package's pages on the next ``corpus add``.
"""

from __future__ import annotations

import functools
import hashlib
import html as _html
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Source, file_bytes, parse_xml, written_date
from workbench.corpus.transcript import match_written
from workbench.errors import ArticleError, os_reason, show_path
from workbench.provenance import normalize_date

__all__ = ["MODS", "Granule", "Package", "package_of", "is_package", "load_package", "page_sha256",
           "parse_mods", "record_text", "read", "read_bytes"]

MODS = "mods.xml"
MAX_MODS_BYTES = 64 << 20  # a day's mods.xml is under 1 MB; a year of the Record's would not be
MAX_PAGE_BYTES = 16 << 20
_NS = "{http://www.loc.gov/mods/v3}"
_PRE = re.compile(r"<pre[^>]*>(.*?)(?:</pre>|$)", re.S | re.I)
_TAG = re.compile(r"<[^<>]{0,500}>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_FURNITURE = re.compile(r"\s*(?:\[\[?[^\]\n]{0,100}\]\]?|_{3,}|From the Congressional Record "
                        r"Online through the Government (?:Publishing|Printing) Office.*)\s*$")
_PAGE_BREAK = re.compile(r"\n[ \t]*\n\s*\[\[Page [^\]\n]{1,20}\]\][ \t]*\n(?:[ \t]*\n)*")
_CHAMBERS = {"SENATE": "Senate", "HOUSE": "House", "EXTENSIONS": "Extensions of Remarks",
             "DAILYDIGEST": "Daily Digest"}


@dataclass(frozen=True)
class Granule:
    """What ``mods.xml`` says of one page: title, chamber, date, URL, speakers (label -> name)."""

    title: str | None
    chamber: str | None
    date: str | None
    url: str | None
    speakers: dict[str, str] = field(default_factory=dict)


@dataclass
class Package:
    """A CREC package's metadata: its date, its granules by access id (the page's file name
    without ``.htm``) and the names of labels that mean one member across the package."""

    date: str | None
    granules: dict[str, Granule]
    speakers: dict[str, str]


# --------------------------------------------------------------------------- the package


def is_package(folder: str) -> bool:
    """Whether *folder* is a CREC package: a ``mods.xml`` and an ``html`` folder."""
    return os.path.isfile(os.path.join(folder, MODS)) and os.path.isdir(os.path.join(folder, "html"))


def package_of(path: str) -> str | None:
    """The package folder of a granule page *path* (``PKG/html/X.htm``), or None."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.basename(folder) != "html" or not path.lower().endswith((".htm", ".html")):
        return None
    return _package_folder(os.path.dirname(folder))


@functools.lru_cache(maxsize=64)
def _package_folder(folder: str) -> str | None:
    return folder if os.path.isfile(os.path.join(folder, MODS)) else None


def load_package(folder: str) -> Package:
    """The metadata in *folder*'s ``mods.xml`` (read once a process while unchanged). Raises
    ArticleError when it cannot be read or parsed."""
    path = os.path.join(folder, MODS)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ArticleError(f"{show_path(path)}: cannot read ({os_reason(exc)})") from None
    return _load(path, st.st_mtime_ns, st.st_size)


def page_sha256(path: str, raw: bytes) -> str:
    """The sha256 a granule page *path* (its bytes *raw*) is stored with: of its bytes, then
    its package's ``mods.xml`` (where the page's speakers, title and date come from), so that
    either changing reloads it. A page whose ``mods.xml`` cannot be read gets its own bytes'
    (reading the page then reports the problem)."""
    digest = hashlib.sha256(raw)
    folder = package_of(path)
    if folder:
        mods = os.path.join(folder, MODS)
        try:
            st = os.stat(mods)
            digest.update(_mods_digest(mods, st.st_mtime_ns, st.st_size))
        except OSError:
            pass
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _mods_digest(path: str, mtime: int, size: int) -> bytes:
    """(Read once a process while unchanged, as _load; a file too large to be a package's
    mods.xml is not read: reading the page reports it.)"""
    if size > MAX_MODS_BYTES:
        return b"too large"
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: int, size: int) -> Package:
    if size > MAX_MODS_BYTES:
        raise ArticleError(f"{show_path(path)}: too large for a package's mods.xml "
                           f"({size:,} bytes; at most {MAX_MODS_BYTES:,})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_MODS_BYTES + 1)
    except OSError as exc:
        raise ArticleError(f"{show_path(path)}: cannot read ({os_reason(exc)})") from None
    return parse_mods(data, show_path(path))


def parse_mods(data: bytes, shown: str = MODS) -> Package:
    """A package's ``mods.xml`` bytes as a :class:`Package`. Raises ArticleError."""
    root = parse_xml(data, shown, "not a GovInfo mods.xml (it declares a DTD or entities)",
                     "not well-formed XML ({})")
    if root.tag != _NS + "mods":
        raise ArticleError(f"{shown}: not a GovInfo mods.xml (no <mods> root)")
    date = _text(root.find(f"{_NS}originInfo/{_NS}dateIssued"))
    granules: dict[str, Granule] = {}
    names: dict[str, set[str]] = {}
    for item in root.findall(f"{_NS}relatedItem[@type='constituent']"):
        access = _text(item.find(f"{_NS}extension/{_NS}accessId"))
        if not access:
            continue
        granule = _granule(item)
        granules[access] = granule
        for label, name in granule.speakers.items():
            names.setdefault(label, set()).add(name)
    unique = {label: next(iter(found)) for label, found in names.items() if len(found) == 1}
    return Package(date, granules, unique)


def _granule(item: ET.Element) -> Granule:
    ext = item.find(f"{_NS}extension")
    speakers: dict[str, str] = {}
    for member in ext.findall(f"{_NS}congMember") if ext is not None else ():
        parsed = full = None
        for name in member.findall(f"{_NS}name"):
            kind = name.get("type")
            if kind == "parsed":
                parsed = _text(name)
            elif kind == "authority-fnf":
                full = _text(name)
        label = _label(parsed)
        if label and full:
            speakers.setdefault(label, full)
    url = None
    for link in item.findall(f"{_NS}location/{_NS}url"):
        if link.get("displayLabel") == "HTML rendition":
            url = _text(link)
    chamber = _text(ext.find(f"{_NS}chamber")) if ext is not None else None
    return Granule(title=_text(item.find(f"{_NS}titleInfo/{_NS}title")),
                   chamber=_CHAMBERS.get((chamber or "").upper(), chamber.title() if chamber else None),
                   date=_text(ext.find(f"{_NS}granuleDate")) if ext is not None else None,
                   url=url, speakers=speakers)


def _label(parsed: str | None) -> str | None:
    """The label the transcript reader makes of the Record's ``Mr. SMITH of Texas``."""
    if not parsed:
        return None
    found = match_written(parsed.strip().rstrip(".") + ".", 0)
    return found.label if found is not None else None


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


# --------------------------------------------------------------------------- the pages


def record_text(page: str) -> str:
    """The text of a granule page: its ``<pre>`` lines joined into paragraphs, the page
    furniture left out.

    A paragraph (and a turn) starts at a line indented more than the lines that continue
    paragraphs: the Record's own paragraphs open with 2 spaces and go on at 0; an inserted
    article or letter is set 5 deeper (7, and 5); headings are centred (more still)."""
    found = _PRE.search(page)
    body = found.group(1) if found else page
    body = _html.unescape(_TAG.sub("", body)).replace("\x00", "").replace("\r\n", "\n")
    # A page break falls anywhere, mid-sentence too, between blank lines: the line after it
    # goes on with the paragraph before it (if not indented).
    body = _PAGE_BREAK.sub("\n", body)
    paragraphs: list[list[str]] = []
    current: list[str] | None = None
    base = 0  # the indent of the lines that continue a paragraph, in this block
    for line in body.split("\n"):
        if not line.strip() or _FURNITURE.fullmatch(line):
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        if current is None:
            base = max(indent - 2, 0)  # (until a continued line shows it)
        elif indent <= base:
            base = indent
            current.append(line.strip())
            continue
        current = [line.strip()]
        paragraphs.append(current)
    return "\n\n".join(map(_join, paragraphs))


def _join(lines: list[str]) -> str:
    """A paragraph's lines joined by spaces, but with none after a hyphen or dash at a line's
    end: the Record breaks lines only at the hyphens words have ("one-" "third", "veterans--"
    "the")."""
    out = lines[0]
    for line in lines[1:]:
        out += line if out.endswith("-") else " " + line
    return out


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The granule page *path* of a CREC package (its bytes *raw* if already read), stored
    under *key*. Raises ArticleError."""
    folder = package_of(path)
    raw = file_bytes(path, raw, MAX_PAGE_BYTES)
    package = load_package(folder) if folder else None
    return read_bytes(raw, path, package, key=key, sha256=sha256 or page_sha256(path, raw))


def read_bytes(data: bytes, name: str, package: Package | None = None, *, key: str | None = None,
               sha256: str | None = None) -> Source:
    """A granule page's bytes *data* (named *name*), with its package's metadata if known.
    Raises ArticleError."""
    if len(data) > MAX_PAGE_BYTES:
        raise ArticleError(f"{show_path(name)}: too large for a Record page "
                           f"({len(data):,} bytes; at most {MAX_PAGE_BYTES:,})")
    page = data.decode("utf-8", errors="replace")
    text = clean_plain(record_text(page))
    if not text:
        raise ArticleError(f"{show_path(name)}: no text in this Record page")
    access = os.path.splitext(os.path.basename(name))[0]
    granule = package.granules.get(access) if package else None
    title_tag = _TITLE.search(page)
    page_title = _html.unescape(title_tag.group(1)) if title_tag else None
    title = granule.title if granule and granule.title else page_title
    if granule and granule.chamber and title:
        title = f"{title} (Congressional Record, {granule.chamber})"
    aliases = dict(package.speakers) if package else {}
    if granule:
        aliases.update(granule.speakers)
    return Source(path=key or name, sha256=sha256 or hashlib.sha256(data).hexdigest(), text=text,
                  title=meta_text(title),
                  date=normalize_date((granule and granule.date) or (package and package.date))
                  or written_date([page_title or ""]),  # "(Tuesday, January 28, 1997)"
                  url=granule.url if granule else None, kind="transcript",
                  aliases=aliases, written_labels=True, source_kind="congressional-record")

"""UK Hansard as TheyWorkForYou publishes it (ParlParse XML: ``debates2020-01-07a.xml``,
``lords…``, ``westminhall…``; ``rsync data.theyworkforyou.com::parldata/scrapedxml/debates/``).

A file is a day's sitting: ``<major-heading>`` opens a debate, ``<minor-heading>`` a part of it,
each ``<speech speakername="Peter Hain">`` holds ``<p>`` paragraphs. Each debate (the speeches
under one major heading) is one document, keyed ``FILE#ID`` (the heading's id), its title the
heading with the chamber (``Brexit (House of Commons)``), its date the file's, its URL the
debate's TheyWorkForYou page. The XML names every speech's speaker, so no labels are read: each
paragraph has its speaker as the file gives it, and headings and speeches without a speaker
(procedure, divisions) belong to no one. Debates gone from a file are removed on the next add,
as JSONL lines are. A file that is not such XML (or declares a DTD or entities) is one line.
"""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Skip, Source, file_bytes, parse_xml
from workbench.errors import ArticleError, show_path
from workbench.provenance import normalize_date

__all__ = ["read", "is_hansard_name", "MAX_BYTES"]

MAX_BYTES = 64 << 20
_NAME = re.compile(r"(?P<chamber>[a-z]+?)(?P<date>\d{4}-\d{2}-\d{2})[a-z]?\.xml$", re.I)
_CHAMBERS = {"debates": ("House of Commons", "debates"), "lords": ("House of Lords", "lords"),
             "westminhall": ("Westminster Hall", "whall"),
             "wms": ("Written Ministerial Statements", "wms"),
             "wrans": ("Written Answers", "wrans"), "sp": ("Scottish Parliament", "sp"),
             "ni": ("Northern Ireland Assembly", "ni"), "senedd": ("Senedd", "senedd")}


def is_hansard_name(name: str) -> bool:
    """Whether a file name is a ParlParse day file's (``debates2020-01-07a.xml``): in a folder,
    only those of ``.xml`` files are read (a folder may hold any other XML)."""
    return _NAME.match(name) is not None


def read(path: str, key: str, position: object | None = None) -> Iterator[Source | Skip]:
    """The debates of the Hansard file *path* (keys ``KEY#ID``). Raises ArticleError when it
    is not ParlParse XML. *position*: its ``offset`` is set to the file's size once read."""
    shown = show_path(path)
    data = file_bytes(path, None, MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{shown}: too large (the limit is {MAX_BYTES // 1_000_000} MB)")
    if position is not None:
        position.offset = len(data)
    root = parse_xml(data, shown, "not TheyWorkForYou Hansard XML (it declares a DTD or entities)",
                     "not well-formed XML ({})")
    if root.tag != "publicwhip":
        raise ArticleError(f"{shown}: not TheyWorkForYou Hansard XML (no <publicwhip> root)")
    found = _NAME.match(os.path.basename(path))
    date = normalize_date(found.group("date")) if found else None
    chamber, section = _CHAMBERS.get(found.group("chamber").lower(), (None, None)) \
        if found else (None, None)
    for number, debate in enumerate(_debates(root), 1):
        yield _source(debate, number, key, shown, date, chamber, section)


def _debates(root: ET.Element) -> Iterator[tuple[str | None, str | None, list]]:
    """(heading id, heading, [(speaker or None, paragraph text)]) of each major heading's part
    of the file (what comes before the first heading is a part of its own)."""
    ident = heading = None
    paragraphs: list[tuple[str | None, str]] = []
    for element in root:
        if element.tag == "major-heading":
            if paragraphs or heading:
                yield ident, heading, paragraphs
            ident, heading, paragraphs = element.get("id"), _text(element), []
        elif element.tag == "minor-heading":
            paragraphs.append((None, _text(element)))
        elif element.tag == "speech":
            speaker = element.get("speakername")
            speaker = None if element.get("nospeaker") == "true" or not speaker else speaker
            parts = element.findall("p") or [element]
            paragraphs += [(speaker, _text(p)) for p in parts]
    if paragraphs or heading:
        yield ident, heading, paragraphs


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _source(debate: tuple, number: int, key: str, shown: str, date: str | None,
            chamber: str | None, section: str | None) -> Source | Skip:
    ident, heading, paragraphs = debate
    pieces: list[str] = []
    speakers: list[str | None] = []
    for speaker, text in paragraphs:
        for piece in clean_plain(text).split("\n\n"):
            if piece.strip():
                pieces.append(piece.strip())
                speakers.append(meta_text(speaker, 200))
    short = ident.rsplit("/", 1)[-1] if ident else str(number)
    if not pieces:
        return Skip(f"{shown}: debate {short}: no speeches")
    text = "\n\n".join(pieces)
    title = heading or "Hansard"
    if chamber:
        title = f"{title} ({chamber})"
    url = f"https://www.theyworkforyou.com/{section}/?id={short}" if section and ident else None
    sha = hashlib.sha256(repr((title, pieces, speakers)).encode("utf-8", "surrogatepass"))
    return Source(path=f"{key}#{short}", sha256=sha.hexdigest(), text=text,
                  title=meta_text(title, 300), date=date, url=url, kind="transcript",
                  source_kind="hansard", paragraph_speakers=speakers)

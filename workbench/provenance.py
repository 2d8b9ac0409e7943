"""Where an article comes from: its public URL and publication date, as the file states them.

Shared by :mod:`workbench.article` (an article's own provenance, in exports) and the corpus
readers (:mod:`workbench.corpus.ingest`), so a date or URL reads the same in both.

* HTML: ``<link rel="canonical">``, else ``<meta property="og:url">``; the date from the
  publication ``<meta>`` tags (``article:published_time``, ``og:published_time``, schema.org
  microdata ``itemprop="datePublished"``, Dublin Core ``dc.date``/``dcterms.date``, ``date``,
  ``pubdate``...). Only the page's head (:data:`HEAD_CHARS`) is read. JSON-LD and ``<time>``
  elements are not: a page's ``<time>`` tags and JSON-LD blocks also date comments, related
  stories and updates, so a date taken from them would be a guess.
* Markdown and plain text with YAML front matter: ``url``/``canonical_url``/``source_url``/
  ``link``/``source`` and ``date``/``published``/``published_time``/``published_at``/
  ``created``/``created_at``.

Dates become ``yyyy-mm-dd`` (:func:`normalize_date`); a value that is not a recognisable date
is None, never an error. URLs are kept only when absolute ``http(s)`` with a host
(:func:`web_url`): a ``javascript:`` or relative URL from an untrusted page is dropped.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import re
from urllib.parse import urlsplit

__all__ = ["HEAD_CHARS", "web_url", "normalize_date", "split_front_matter", "front_matter_meta",
           "page_meta", "warm_up"]

HEAD_CHARS = 65536  # the <head> is near the start; never scan a whole large page for it
URL_MAX_CHARS = 2000

# --------------------------------------------------------------------------- URLs

# Whitespace, controls and the characters that cannot stand in a URL unescaped.
_URL_REFUSED = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"\\`{}|^\u2028\u2029]")


def web_url(value: object) -> str | None:
    """*value* when it is an absolute ``http://`` or ``https://`` URL with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > URL_MAX_CHARS or _URL_REFUSED.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None


# --------------------------------------------------------------------------- dates

_MONTHS = {name: i for i, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"))) for name in names}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})$")
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})$")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? +([A-Za-z]+)\.?,? +(\d{4})$")


def normalize_date(value: object) -> str | None:
    """*value* as ``yyyy-mm-dd`` (ISO dates and datetimes, ``2022/01/04``, ``20220104``,
    ``January 4, 2022``, ``4 Jan 2022``), or None when it is not a recognisable date."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_MONTH_FIRST, "mdy"),
                           (_DAY_FIRST, "dmy")):
        m = pattern.match(s)
        if m:
            parts = dict(zip(order, m.groups()))
            return _valid(parts["y"], parts["m"], parts["d"])
    return None


def _valid(year: str, month: str, day: str) -> str | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if month_number is None:
        return None
    try:
        return _dt.date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- front matter

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)
DATE_KEYS = ("date", "published", "published_time", "published_at", "created", "created_at")
URL_KEYS = ("url", "canonical_url", "source_url", "link", "source")


def front_matter_meta(meta: dict) -> tuple[str | None, str | None]:
    """(yyyy-mm-dd date, web URL) from parsed front matter: the first key of each that holds one."""
    date = next((d for d in (normalize_date(meta.get(k)) for k in DATE_KEYS) if d), None)
    url = next((u for u in (web_url(meta.get(k)) for k in URL_KEYS) if u), None)
    return date, url


def bad_date(meta: dict) -> str | None:
    """The first front-matter date value that is no date (``2022-13-45``) when no key holds a
    real one: what a reader reports as ignored."""
    given = [meta[k] for k in DATE_KEYS if meta.get(k) not in (None, "")]
    if not given or any(normalize_date(v) for v in given):
        return None
    return str(given[0])


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as a dict, the body after it); ``({}, text)`` when there is none."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    return _parse_yaml(m.group(1)), text[m.end():]


def _parse_yaml(block: str) -> dict:
    simple = _simple_yaml(block)
    if simple is not None:
        return simple
    try:
        data = _yaml().load(block, Loader=_Loader)  # noqa: S506 - a safe loader
    except Exception:  # noqa: BLE001 - any YAML failure: ignore the front matter
        return {}
    return data if isinstance(data, dict) else {}


_Loader = None  # YAML's safe loader, impossible dates read as text (see _yaml)


def _yaml():
    """The yaml module, with :data:`_Loader` made on first use."""
    global _Loader
    import yaml

    if _Loader is None:
        class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass

        Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
        _Loader = Loader
    return yaml


def _timestamp_or_text(constructor, node) -> object:
    """YAML's date for a timestamp, or its text when it is not a real date (``2022-13-45``,
    ``2022-02-30``): YAML raises for it, which lost the whole front matter; now only the date
    is dropped (the caller may report it)."""
    try:
        return constructor.construct_yaml_timestamp(node)
    except ValueError:
        return constructor.construct_scalar(node)


# The front matter most files have: one ``key: value`` a line, the value plain, 'single-quoted'
# on that line, or "double-quoted" (on that line or continued on indented ones).
# _simple_yaml reads it as YAML does, several times faster than the YAML parser (which builds a
# node tree first); anything else goes to the parser.
_SIMPLE_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*):(?: +(.*))?")
_PLAIN_START_NOT = frozenset("-?:,[]{}#&*!|>'\"%@`")  # YAML indicators: no plain scalar here
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]++|\\(?:[0abtnvfre "\\/N_LP\n]|x[0-9A-Fa-f]{2}'
                            r'|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*+)"')
# In a double-quoted scalar: an escaped line break (dropped, with the next line's indent), an
# escape, a line break (one space, or the empty lines that follow it) with the spaces around it.
_DOUBLE_PART = re.compile(r"\\\n *((?:\n *)*)|\\(x..|u....|U........|.)| *\n *((?:\n *)*)")
_ESCAPES = {"\\": "\\", '"': '"', "_": "\xa0", "/": "/", " ": " ", "t": "\t", "n": "\n",
            "0": "\0", "a": "\x07", "b": "\x08", "e": "\x1b", "f": "\x0c", "r": "\r",
            "v": "\x0b", "N": "\x85", "L": "\u2028", "P": "\u2029"}
# Characters YAML refuses (controls, surrogates, U+FFFE/U+FFFF) or reads as a tab, a line break
# (CR, U+0085, U+2028/9) or a byte order mark: front matter holding one goes to the parser.
_YAML_AWKWARD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_yaml_scalar = None  # reads a plain scalar (see _plain); made on first use
# The plain scalars that go through the YAML resolver, read before: the same keys ("title",
# "tags", "type") and values ("press-briefings", "true") come in file after file, and the
# resolver costs about 10 us a scalar. What it gives (str, int, float, bool, None, dates) is
# immutable, so one object can serve every file.
_scalar_cache: dict[str, object] = {}
_SCALAR_CACHE_SIZE = 10_000


def _simple_yaml(block: str) -> dict | None:
    """The mapping in *block* when it is simple front matter (see above), else None."""
    if _YAML_AWKWARD.search(block):
        return None
    out: dict = {}
    lines = block.split("\n")
    if lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = _SIMPLE_ENTRY.fullmatch(line)
        if m is None:
            return None  # a blank line, a comment, a list, an indented line...
        key, value = m.groups()
        key = _plain(key)
        if value is not None:
            value = value.rstrip(" ")
        if not value:
            value = _plain("")
        elif value[0] == "'":
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != "'" or "'" in inner.replace("''", ""):
                return None
            value = inner.replace("''", "'")
        elif value[0] == '"':
            quoted = _DOUBLE_QUOTED.fullmatch(value)
            if quoted is None:  # continued on the next lines (indented)?
                value = line[m.start(2):]
                while quoted is None and i < len(lines) and lines[i][:1] == " ":
                    value += "\n" + lines[i]
                    i += 1
                    quoted = _DOUBLE_QUOTED.fullmatch(value.rstrip(" "))
                if quoted is None:
                    return None
            value = _DOUBLE_PART.sub(_double_part, quoted.group(1))
        elif value[0] in _PLAIN_START_NOT or ": " in value or " #" in value or value[-1] == ":":
            return None
        else:
            value = _plain(value)
        if key is _UNSET or value is _UNSET:
            return None
        out[key] = value
    return out


_UNSET = object()  # a plain scalar YAML would read with a tag we leave to the parser


def _double_part(m: re.Match) -> str:
    escaped_break, escape, line_break = m.groups()
    if escape is not None:
        return _ESCAPES[escape] if len(escape) == 1 else chr(int(escape[1:], 16))
    if escaped_break is not None:
        return "\n" * escaped_break.count("\n")
    return "\n" * line_break.count("\n") or " "


def _plain(value: str) -> object:
    """A plain scalar as YAML's safe loader reads it (str, int, float, bool, None, date...)."""
    global _yaml_scalar
    if _yaml_scalar is None:
        yaml = _yaml()
        resolver = yaml.resolver.Resolver()
        constructor = yaml.constructor.SafeConstructor()
        constructors = _Loader.yaml_constructors  # the safe ones, with _timestamp_or_text
        # YAML picks the resolvers to try by the first character: others are plain strings.
        typed_starts = set(resolver.yaml_implicit_resolvers)
        any_start = None in typed_starts

        def resolve(text: str) -> object:
            if text and text[0] not in typed_starts and not any_start:
                return text
            found = _scalar_cache.get(text, _UNSET)
            if found is _UNSET:
                found = _resolve_typed(text)
                if len(_scalar_cache) < _SCALAR_CACHE_SIZE:
                    _scalar_cache[text] = found
            return found

        def _resolve_typed(text: str) -> object:
            tag = resolver.resolve(yaml.ScalarNode, text, (True, False))
            make = constructors.get(tag)
            if make is None or tag.endswith((":merge", ":value")):
                return _UNSET
            return make(constructor, yaml.ScalarNode(tag, text))  # a bad date: its text

        _yaml_scalar = resolve
    return _yaml_scalar(value)


def warm_up() -> None:
    """Import the YAML parser now: called before worker processes are forked, they share it
    instead of each importing it (about 45 ms of CPU a worker)."""
    _plain("")


# --------------------------------------------------------------------------- HTML

_TAG = re.compile(r"<(meta|link)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_PAGE_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "dc.date",
                   "dcterms.date", "date", "pubdate", "publish-date", "sailthru.date")


def page_meta(head: str) -> tuple[str | None, str | None]:
    """(yyyy-mm-dd publication date, canonical URL) from the ``<meta>``/``<link>`` tags in
    *head* (the start of an HTML page), when given: the canonical link, else ``og:url``."""
    found: dict[str, str] = {}
    canonical: list[str] = []
    for m in _TAG.finditer(head[:HEAD_CHARS]):
        attrs = {a.lower(): _html.unescape(next((v for v in vals if v), ""))
                 for a, *vals in _ATTR.findall(m.group(2))}
        if m.group(1).lower() == "link":
            if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
                canonical.append(attrs["href"])
            continue
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if name and "content" in attrs:
            found.setdefault(name, attrs["content"])
    date = next((d for d in (normalize_date(found[k]) for k in _PAGE_DATE_KEYS if k in found)
                 if d), None)
    url = next((u for u in map(web_url, canonical + [found.get("og:url")]) if u), None)
    return date, url

"""Markdown files (``.md``): YAML front matter for the metadata, the body without markup.

Front matter keys read: ``title``, ``date`` (else ``published``/``published_time``/``created``),
``speaker``, ``url``/``source_url``/``link``, ``kind``/``type``, ``tags``/``categories``.
Dates become ``yyyy-mm-dd``; one that is not a date (``2022-13-45``) is left out with a
warning. A front matter block that is not valid YAML is dropped from the text and ignored (the
document still goes in); one without its closing ``---`` is text.
"""

from __future__ import annotations

import re

from workbench.article import BYTES_PER_CHAR_LIMIT, MAX_CHARS, article_from_text, load_article
from workbench.corpus.ingest.clean import clean_markdown, meta_text, normalize_date
from workbench.corpus.ingest.common import Source, fast_decode
from workbench.errors import ArticleError, show_path

__all__ = ["read", "split_front_matter", "warm_up"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_DATE_KEYS = ("date", "published", "published_time", "published_at", "created", "created_at")
_URL_KEYS = ("url", "source_url", "link", "source", "canonical_url")


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the Markdown file *path* (its bytes *raw* if already read), stored
    under *key* (*sha256*: of *raw*, when already known). Raises ArticleError."""
    decoded = fast_decode(raw, BYTES_PER_CHAR_LIMIT * MAX_CHARS, sha256)
    if decoded is None:
        article = load_article(path)
        decoded = article.text, article.sha256
    source, sha256 = decoded
    meta, body = split_front_matter(source)
    text = clean_markdown(body)
    if not text:
        raise ArticleError(f"{show_path(path)}: the file has no text (only front matter)")
    title = meta_text(meta.get("title")) or _heading_title(source)
    date, warnings = _date(meta, path)
    url = next((u for u in (meta_text(meta.get(k)) for k in _URL_KEYS) if u), None)
    return Source(path=key, sha256=sha256, text=text, title=title,
                  speaker=meta_text(meta.get("speaker"), 200), date=date, url=url,
                  kind=meta_text(meta.get("kind") or meta.get("type"), 100),
                  tags=_tags(meta.get("tags") or meta.get("categories")), default_kind="article",
                  warnings=warnings)


def _date(meta: dict, path: str) -> tuple[str | None, list[str]]:
    """The first date of the front matter as yyyy-mm-dd; when there is none, a warning about
    the first value that is not a date (``2022-13-45``), if any."""
    given = [meta[k] for k in _DATE_KEYS if meta.get(k) not in (None, "")]
    date = next((d for d in map(normalize_date, given) if d), None)
    if date is not None or not given:
        return date, []
    shown = meta_text(str(given[0]), 60)
    return None, [f"{show_path(path)}: ignored date {shown!r} (not a date)"]


def _heading_title(source: str) -> str | None:
    """The first heading (or line) as :mod:`workbench.article` finds it."""
    try:
        return meta_text(article_from_text(source, fmt="md").title)
    except ArticleError:
        return None


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as a dict, the body after it); ``({}, text)`` when there is none."""
    m = _FRONT_MATTER.match(text)
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
    ``2022-02-30``): YAML raises for it, which lost the whole document; now only the date
    is dropped (``_date`` reports it)."""
    try:
        return constructor.construct_yaml_timestamp(node)
    except ValueError:
        return constructor.construct_scalar(node)


def _plain(value: str) -> object:
    """A plain scalar as YAML's safe loader reads it (str, int, float, bool, None, date...),
    an impossible date as text (see :func:`_timestamp_or_text`)."""
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
            return make(constructor, yaml.ScalarNode(tag, text))

        _yaml_scalar = resolve
    return _yaml_scalar(value)


def warm_up() -> None:
    """Import the YAML parser now: called before worker processes are forked, they share it
    instead of each importing it (about 45 ms of CPU a worker)."""
    _plain("")


def _tags(value: object) -> list[str]:
    if isinstance(value, str):
        return [t for t in (meta_text(v, 100) for v in re.split(r"[,;]", value)) if t]
    if isinstance(value, (list, tuple)):
        return [t for t in (meta_text(v, 100) for v in value) if t]
    return []

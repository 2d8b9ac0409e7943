"""Markdown files (``.md``): YAML front matter for the metadata, the body without markup.

Front matter keys read: ``title``, ``date`` (else ``published``/``published_time``/``created``),
``speaker``, ``url``/``source_url``/``link``, ``kind``/``type``, ``tags``/``categories``.
Dates become ``yyyy-mm-dd``.  A front matter block that is not valid YAML is dropped from the
text and ignored (the document still goes in).
"""

from __future__ import annotations

import re

from workbench.article import BYTES_PER_CHAR_LIMIT, MAX_CHARS, article_from_text, load_article
from workbench.corpus.ingest.clean import clean_markdown, meta_text, normalize_date
from workbench.corpus.ingest.common import Source, fast_decode
from workbench.errors import ArticleError

__all__ = ["read", "split_front_matter"]

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
        shown = path if path.isprintable() else repr(path)
        raise ArticleError(f"{shown}: the file has no text (only front matter)")
    title = meta_text(meta.get("title")) or _heading_title(source)
    date = next((d for d in (normalize_date(meta.get(k)) for k in _DATE_KEYS) if d), None)
    url = next((u for u in (meta_text(meta.get(k)) for k in _URL_KEYS) if u), None)
    return Source(path=key, sha256=sha256, text=text, title=title,
                  speaker=meta_text(meta.get("speaker"), 200), date=date, url=url,
                  kind=meta_text(meta.get("kind") or meta.get("type"), 100),
                  tags=_tags(meta.get("tags") or meta.get("categories")), default_kind="article")


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
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(block, Loader=loader)  # noqa: S506 - a safe loader
    except Exception:  # noqa: BLE001 - any YAML failure: ignore the front matter
        return {}
    return data if isinstance(data, dict) else {}


def _tags(value: object) -> list[str]:
    if isinstance(value, str):
        return [t for t in (meta_text(v, 100) for v in re.split(r"[,;]", value)) if t]
    if isinstance(value, (list, tuple)):
        return [t for t in (meta_text(v, 100) for v in value) if t]
    return []

"""Markdown files (``.md``): YAML front matter for the metadata, the body without markup.

Front matter keys read: ``title``, ``speaker``, ``kind``/``type``, ``tags``/``categories``, and
the date and URL as :mod:`workbench.provenance` reads them for articles (``date``/``published``...,
made ``yyyy-mm-dd``; one that is not a date, ``2022-13-45``, is left out with a warning;
``url``/``source_url``..., absolute http(s) only), which also parses the front matter. A front
matter block that is not valid YAML is dropped from the text and ignored (the document still
goes in); one without its closing ``---`` is text.
"""

from __future__ import annotations

import re

from workbench.article import BYTES_PER_CHAR_LIMIT, MAX_CHARS, article_from_text, load_article
from workbench.corpus.ingest.clean import clean_markdown, meta_text
from workbench.corpus.ingest.common import Source, fast_decode
from workbench.errors import ArticleError, show_path
from workbench.provenance import bad_date, front_matter_meta, split_front_matter, warm_up

__all__ = ["read", "split_front_matter", "warm_up"]


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
    date, url = front_matter_meta(meta)
    ignored = bad_date(meta)
    warnings = [f"{show_path(path)}: ignored date {meta_text(ignored, 60)!r} (not a date)"
                ] if ignored else []
    return Source(path=key, sha256=sha256, text=text, title=title,
                  speaker=meta_text(meta.get("speaker"), 200), date=date, url=url,
                  kind=meta_text(meta.get("kind") or meta.get("type"), 100),
                  tags=_tags(meta.get("tags") or meta.get("categories")), default_kind="article",
                  warnings=warnings)


def _heading_title(source: str) -> str | None:
    """The first heading (or line) as :mod:`workbench.article` finds it."""
    try:
        return meta_text(article_from_text(source, fmt="md").title)
    except ArticleError:
        return None


def _tags(value: object) -> list[str]:
    if isinstance(value, str):
        return [t for t in (meta_text(v, 100) for v in re.split(r"[,;]", value)) if t]
    if isinstance(value, (list, tuple)):
        return [t for t in (meta_text(v, 100) for v in value) if t]
    return []

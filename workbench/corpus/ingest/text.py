"""Plain-text files (``.txt``): decoded (UTF-8, else as :func:`workbench.article.load_article`
decodes: cp1252 fallback, clear errors), then cleaned. The title is the first line."""

from __future__ import annotations

from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Source, decode_file
from workbench.errors import ArticleError, show_path as _show

__all__ = ["read"]

TITLE_CHARS = 200


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the text file *path* (its bytes *raw* if already read), stored under
    *key*. *sha256*: of *raw*, when already known. Raises ArticleError."""
    decoded = decode_file(path, raw, sha256)
    text, sha256 = decoded
    cleaned = clean_plain(text)
    if not cleaned:
        raise ArticleError(f"{_show(path)}: the file has no text")
    first_line = cleaned.split("\n", 1)[0]
    return Source(path=key, sha256=sha256, text=cleaned, title=meta_text(first_line, TITLE_CHARS),
                  default_kind="other")

"""HTML pages (``.html``/``.htm``): the main text as :mod:`workbench.article` extracts it
(menus, footers and scripts left out), plus the publication date and canonical URL the article
loader reads from the page's ``<meta>``/``<link>`` tags (:mod:`workbench.provenance`)."""

from __future__ import annotations

from workbench.article import load_article
from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Source
from workbench.errors import ArticleError

__all__ = ["read"]


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the HTML page *path*, stored under *key*. Raises ArticleError."""
    article = load_article(path)
    text = clean_plain(article.text)
    if not text:
        raise ArticleError(f"{article.path}: no readable text found in the HTML page")
    return Source(path=key, sha256=article.sha256, text=text, title=meta_text(article.title),
                  date=article.date, url=article.url, default_kind="article")

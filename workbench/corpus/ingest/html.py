"""HTML pages (``.html``/``.htm``): the main text as :mod:`workbench.article` extracts it
(menus, footers and scripts left out), plus the publication date and canonical URL from the
page's ``<meta>``/``<link>`` tags when it has them."""

from __future__ import annotations

import html as html_lib
import re

from workbench.article import load_article
from workbench.corpus.ingest.clean import clean_plain, meta_text, normalize_date
from workbench.corpus.ingest.common import Source
from workbench.errors import ArticleError

__all__ = ["read", "page_meta"]

HEAD_BYTES = 65536  # the <head> is near the start; never scan a whole large page for it
_TAG = re.compile(r"<(meta|link)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DATE_KEYS = ("article:published_time", "datepublished", "date", "dc.date", "dcterms.date",
              "pubdate", "publish-date", "og:published_time", "sailthru.date")
_URL_KEYS = ("og:url",)


def read(path: str, key: str, raw: bytes | None = None, sha256: str | None = None) -> Source:
    """The document in the HTML page *path*, stored under *key*. Raises ArticleError."""
    article = load_article(path)
    text = clean_plain(article.text)
    if not text:
        raise ArticleError(f"{article.path}: no readable text found in the HTML page")
    date, url = _head_meta(path)
    return Source(path=key, sha256=article.sha256, text=text, title=meta_text(article.title),
                  date=date, url=url, default_kind="article")


def _head_meta(path: str) -> tuple[str | None, str | None]:
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None, None
    return page_meta(head)


def page_meta(head: str) -> tuple[str | None, str | None]:
    """(yyyy-mm-dd publication date, canonical URL) from the tags in *head*, when given."""
    found: dict[str, str] = {}
    canonical = None
    for m in _TAG.finditer(head):
        attrs = {a.lower(): html_lib.unescape(next((v for v in vals if v), ""))
                 for a, *vals in _ATTR.findall(m.group(2))}
        if m.group(1).lower() == "link":
            if attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
                canonical = canonical or attrs["href"]
            continue
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if name and "content" in attrs:
            found.setdefault(name, attrs["content"])
    date = next((d for d in (normalize_date(found[k]) for k in _DATE_KEYS if k in found) if d), None)
    url = canonical or next((found[k] for k in _URL_KEYS if k in found), None)
    return date, meta_text(url) if url and url.startswith(("http://", "https://")) else None

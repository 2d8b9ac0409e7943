"""Tests for an article's own provenance: its URL and publication date as the file states them
(workbench.provenance, read by workbench.article), and what `extract --json` shows of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.article import article_from_text, load_article
from workbench.provenance import normalize_date, page_meta, web_url

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
BODY = "<p>“We will not give up,” said Mary Smith, the union leader, on Tuesday morning.</p>"


def page(head: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Strike</title>{head}</head><body>{BODY}</body></html>"


def load_html(tmp_path: Path, head: str):
    path = tmp_path / "page.html"
    path.write_text(page(head), encoding="utf-8")
    return load_article(path)


# --------------------------------------------------------------------------- HTML


def test_html_canonical_link_and_published_time(tmp_path):
    """<link rel="canonical"> is the URL (over og:url); article:published_time the date."""
    article = load_html(tmp_path, """
        <meta property="og:url" content="https://m.example.com/strike?utm=x">
        <link rel="canonical" href="https://news.example.com/2026/strike">
        <meta property="article:published_time" content="2026-11-30T18:05:00+01:00">""")
    assert article.url == "https://news.example.com/2026/strike"
    assert article.date == "2026-11-30"


def test_html_og_url_and_other_date_tags(tmp_path):
    """No canonical link: og:url; og:published_time, or microdata datePublished, for the date."""
    article = load_html(tmp_path, """
        <meta property="og:url" content="https://news.example.com/strike">
        <meta property="og:published_time" content="2026-11-29">""")
    assert (article.url, article.date) == ("https://news.example.com/strike", "2026-11-29")
    article = load_html(tmp_path, '<meta itemprop="datePublished" content="November 28, 2026">')
    assert (article.url, article.date) == (None, "2026-11-28")


def test_html_without_provenance(tmp_path):
    """A page that states neither: both None (the <time> of a comment is not the article's)."""
    article = load_html(tmp_path, "")
    assert (article.url, article.date) == (None, None)
    path = tmp_path / "t.html"
    path.write_text(page("").replace(BODY, BODY + '<p><time datetime="2020-01-01">old</time></p>'),
                    encoding="utf-8")
    assert load_article(path).date is None


@pytest.mark.parametrize("canonical", [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/relative/strike",
    "//news.example.com/strike",
    "https://",
    "https://news.example.com/a b",
    "https://news.example.com/&#10;x",
])
def test_html_unsafe_or_relative_url_is_refused(tmp_path, canonical):
    """Only an absolute http(s) URL with a host is kept: a javascript: (or relative, or
    broken) canonical link is dropped, and og:url is used instead when it is a web URL."""
    escaped = canonical.replace("<", "&lt;").replace(">", "&gt;")
    article = load_html(tmp_path, f'<link rel="canonical" href="{escaped}">')
    assert article.url is None
    article = load_html(tmp_path, f'<link rel="canonical" href="{escaped}">'
                                  '<meta property="og:url" content="https://news.example.com/ok">')
    assert article.url == "https://news.example.com/ok"


def test_html_bad_date_is_none_not_an_error(tmp_path):
    """An unparseable or impossible date is None; the article still loads."""
    for value in ("yesterday", "2026-02-30", "", "31/31/2026"):
        article = load_html(tmp_path, f'<meta property="article:published_time" content="{value}">')
        assert article.date is None and article.text


def test_page_meta_reads_only_the_head_window():
    """Tags far down a huge page are not searched for (the head is near the start)."""
    late = "x" * 70_000 + '<link rel="canonical" href="https://news.example.com/late">'
    assert page_meta(late) == (None, None)


# --------------------------------------------------------------------------- front matter


@pytest.mark.parametrize("front, url, date", [
    ("url: https://news.example.com/a\ndate: 2026-11-30\n", "https://news.example.com/a",
     "2026-11-30"),
    ("source_url: https://news.example.com/b\npublished: 'November 29, 2026'\n",
     "https://news.example.com/b", "2026-11-29"),
    ("canonical_url: https://news.example.com/c\npublished_time: 2026-11-28T08:00:00Z\n",
     "https://news.example.com/c", "2026-11-28"),
    ("title: No provenance here\n", None, None),
    ("url: javascript:alert(1)\ndate: not a date\n", None, None),
    ("url: news.example.com/no-scheme\ndate: 2026-13-01\n", None, None),
    ("url: [https://a.example.com]\ndate: [2026-11-30]\n", None, None),  # lists: not a value
    ("title: a: b\nurl: https://news.example.com/a\n", None, None),  # not YAML: ignored
])
def test_markdown_front_matter(tmp_path, front, url, date):
    """Markdown front matter gives url/source_url/canonical_url and date/published/
    published_time; a bad date or a non-web URL is None, never an error."""
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}---\n# Strike\n\n“We will not give up,” said Mary Smith.\n",
                    encoding="utf-8")
    article = load_article(path)
    assert (article.url, article.date) == (url, date)
    assert article.text.startswith("---\n")  # offsets still point into the source as is


def test_plain_text_front_matter_and_none_without_it():
    """A .txt with YAML front matter has provenance too; text without it has none, even when
    a line looks like a key."""
    article = article_from_text("---\nurl: https://news.example.com/t\ndate: 2026-11-30\n---\n"
                                "Strike goes on.\n")
    assert (article.url, article.date) == ("https://news.example.com/t", "2026-11-30")
    article = article_from_text("Strike goes on.\nurl: https://news.example.com/t\n")
    assert (article.url, article.date) == (None, None)


def test_sample_markdown_article_has_its_date():
    article = load_article(SAMPLES / "city-council-budget.md")
    assert (article.url, article.date) == (None, "2025-03-14")


# --------------------------------------------------------------------------- the helpers


def test_web_url():
    assert web_url("https://news.example.com/a?b=c#d") == "https://news.example.com/a?b=c#d"
    assert web_url("  HTTP://news.example.com  ") == "HTTP://news.example.com"
    for bad in ("javascript:alert(1)", "ftp://example.com/x", "mailto:a@example.com",
                "http:/example.com", "http://[::1", "https://exa\u2028mple.com", None, 3):
        assert web_url(bad) is None, bad


def test_normalize_date_is_strict():
    assert normalize_date("2026-11-30T23:59:59-05:00") == "2026-11-30"
    assert normalize_date(dt.date(2026, 11, 30)) == "2026-11-30"
    assert normalize_date("30 Nov 2026") == "2026-11-30"
    for bad in ("2026-11-31", "Nov 2026", "soon", "", None, 20261130):
        assert normalize_date(bad) is None, bad


# --------------------------------------------------------------------------- extract --json


def test_extraction_json_carries_url_and_date():
    """`extract --json`'s article object has url and date (null when unknown)."""
    from workbench.models import Extraction

    article = article_from_text("---\nurl: https://news.example.com/t\n---\nStrike goes on.\n")
    doc = Extraction(article, "m", "1", [], []).to_dict()
    assert doc["article"]["url"] == "https://news.example.com/t" and doc["article"]["date"] is None


def test_corpus_markdown_reader_shares_the_front_matter_code(tmp_path):
    """The corpus reader reads dates and URLs the same way; a date YAML cannot build
    (month 13) made it raise ValueError before; now that date is simply absent."""
    from workbench.corpus.ingest.markdown import read

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ndate: 2026-13-01\nurl: javascript:alert(1)\n---\nHello there.\n",
                    encoding="utf-8")
    source = read(str(path), "a.md")
    assert (source.title, source.date, source.url) == ("T", None, None)

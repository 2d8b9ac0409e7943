"""Tests for workbench.article: loading txt / md / html files into an Article."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.article import MAX_CHARS, article_from_text, load_article
from workbench.errors import ArticleError
from workbench.models import Article

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"

NEWS_PAGE = """<!DOCTYPE html>
<html>
<head>
  <title>Ferry fares to rise in autumn | The Example Gazette</title>
  <style>body { color: black; }</style>
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News menu link</a></li></ul></nav>
  <header><p>Example Gazette masthead slogan</p></header>
  <article>
    <h1>Ferry fares to rise in autumn</h1>
    <p>Ferry fares between the two islands will rise by a tenth in October,
       the operator announced on Monday, citing higher fuel costs.</p>
    <p>“We held prices for three years, but we cannot hold them for a fourth,”
       said operations manager Ruth Calloway.</p>
    <p>Passenger groups said the rise would hit commuters hardest and asked
       the operator to keep the cheaper season ticket.</p>
  </article>
  <footer><p>Copyright footer text, all rights reserved.</p></footer>
  <script>var trackingScriptText = "analytics";</script>
</body>
</html>
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def raises_naming(path: Path | str, match: str, **kwargs) -> ArticleError:
    with pytest.raises(ArticleError, match=match) as info:
        load_article(path, **kwargs)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    return info.value


# --------------------------------------------------------------------------- txt & decoding


def test_txt_utf8(tmp_path):
    """A UTF-8 .txt file loads unchanged, titled by its first non-empty line, hashed by its bytes."""
    data = "\n  Storm closes coastal road  \n\n“It’s the worst in years,” a ranger said.\n"
    path = write(tmp_path, "storm.txt", data)
    article = load_article(path)
    assert isinstance(article, Article)
    assert article.text == data
    assert article.title == "Storm closes coastal road"
    assert article.format == "txt"
    assert article.path == str(path)
    assert article.sha256 == hashlib.sha256(data.encode("utf-8")).hexdigest()


def test_path_as_given_str(tmp_path, monkeypatch):
    """The Article keeps the path exactly as given (a relative str stays relative)."""
    write(tmp_path, "a.txt", "Hello there.")
    monkeypatch.chdir(tmp_path)
    assert load_article("a.txt").path == "a.txt"


def test_utf8_bom_is_stripped(tmp_path):
    """A UTF-8 BOM is removed, so offset 0 is the first real character."""
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf\xe2\x80\x9cHi,\xe2\x80\x9d she said.")
    article = load_article(path)
    assert article.text == "“Hi,” she said."
    assert article.text[0] == "“"
    assert article.text.index("she") == 6
    assert article.title == "“Hi,” she said."


def test_cp1252_fallback(tmp_path):
    """Bytes that are not UTF-8 are decoded as Windows-1252 (curly quotes survive)."""
    raw = b"\x93Hello,\x94 she said. It\x92s fine."
    path = write(tmp_path, "old.txt", raw)
    article = load_article(path)
    assert article.text == "“Hello,” she said. It’s fine."
    assert article.sha256 == hashlib.sha256(raw).hexdigest()


def test_undecodable_bytes(tmp_path):
    """Bytes that are neither UTF-8 nor Windows-1252 raise ArticleError naming the path."""
    path = write(tmp_path, "bad.txt", b"Caf\xe9 \x81 bar \x9d.")
    raises_naming(path, "cannot decode")


def test_utf16_with_bom(tmp_path):
    """A UTF-16 file with a BOM is decoded rather than reported as binary."""
    path = write(tmp_path, "wide.txt", "\ufeff“Yes,” he said.\r\n".encode("utf-16-le"))
    assert load_article(path).text == "“Yes,” he said.\n"


def test_crlf_and_cr_normalised(tmp_path):
    """\\r\\n and lone \\r become \\n; the normalised text is what offsets point into."""
    path = write(tmp_path, "crlf.txt", b"Title line\r\n\r\nFirst para.\rSecond line.\r\n")
    article = load_article(path)
    assert article.text == "Title line\n\nFirst para.\nSecond line.\n"
    assert "\r" not in article.text
    assert article.title == "Title line"


def test_txt_title_truncated(tmp_path):
    """A txt title is the first non-empty line, stripped and cut to 200 characters."""
    path = write(tmp_path, "long.txt", "   \n" + "x" * 500 + "\nbody")
    assert load_article(path).title == "x" * 200


# --------------------------------------------------------------------------- Markdown


def test_md_title_from_heading(tmp_path):
    """A Markdown title comes from the first '# ' heading and the source text is kept as is."""
    data = "Intro line before the heading\n\n## Section\n\n# Budget *passes* [council](http://x)\n\nText.\n"
    path = write(tmp_path, "story.md", data)
    article = load_article(path)
    assert article.format == "md"
    assert article.text == data
    assert article.title == "Budget passes council"


def test_md_title_from_front_matter(tmp_path):
    """YAML front matter 'title:' gives the Markdown title; the front matter stays in the text."""
    data = ('---\ntitle: "Council \\"approves\\" plan"\ndate: 2025-01-01\n---\n\n'
            "# A different heading\n\nBody.\n")
    path = write(tmp_path, "fm.markdown", data)
    article = load_article(path)
    assert article.format == "md"
    assert article.title == 'Council "approves" plan'
    assert article.text == data


def test_md_front_matter_without_title_uses_heading(tmp_path):
    """Front matter with no title falls through to the first heading (skipping the front matter)."""
    data = "---\ndate: 2025-01-01\n---\n```\n# not a heading\n```\n# Real heading #\n\nBody.\n"
    assert load_article(write(tmp_path, "x.md", data)).title == "Real heading"


def test_md_title_first_line_fallback(tmp_path):
    """A Markdown file with no heading is titled by its first non-empty line."""
    path = write(tmp_path, "plain.md", "\n\nJust a line\nand more\n")
    assert load_article(path).title == "Just a line"


# --------------------------------------------------------------------------- HTML


def test_html_main_text_extracted(tmp_path):
    """HTML yields the article text only: no menu, header, footer, style or script text."""
    article = load_article(write(tmp_path, "ferry.html", NEWS_PAGE))
    assert article.format == "html"
    assert "Ferry fares between the two islands" in article.text
    assert "“We held prices for three years, but we cannot hold them for a fourth,”" in article.text
    for boilerplate in ("News menu link", "masthead slogan", "Copyright footer", "trackingScriptText",
                        "analytics", "color: black"):
        assert boilerplate not in article.text
    assert "Ferry fares to rise in autumn" in article.title


def test_html_paragraphs_separated_by_blank_lines(tmp_path):
    """Each HTML paragraph becomes one line, and paragraphs are separated by a blank line."""
    article = load_article(write(tmp_path, "ferry.htm", NEWS_PAGE))
    paragraphs = article.text.split("\n\n")
    assert any(p.startswith("Ferry fares between") and p.endswith("fuel costs.") for p in paragraphs)
    assert any(p.startswith("Passenger groups said") for p in paragraphs)
    assert all(p.strip() == p and p and "\n" not in p for p in paragraphs)
    assert "\n\n\n" not in article.text


@pytest.mark.parametrize("failure", ["none", "crash"])
def test_html_fallback_dump_when_trafilatura_finds_nothing(tmp_path, monkeypatch, failure):
    """If trafilatura finds nothing (or crashes), the body text is dumped, blocks split by blank lines."""
    import trafilatura

    def fake_extract(*args, **kwargs):
        if failure == "crash":
            raise RuntimeError("parser exploded")
        return None

    monkeypatch.setattr(trafilatura, "extract", fake_extract)
    page = ("<html><head><title>Short note</title><script>nope()</script></head><body>"
            "<div>First <b>bit</b>.</div><p>Second<br>line.</p><script>alsoNot()</script>tail</body></html>")
    article = load_article(write(tmp_path, "tiny.html", page))
    assert article.text == "First bit.\n\nSecond\nline.\n\ntail"
    assert article.title == "Short note"


def test_html_without_text_raises(tmp_path):
    """An HTML page with no readable text raises ArticleError naming the path."""
    path = write(tmp_path, "blank.html", "<html><head><script>x()</script></head><body> </body></html>")
    raises_naming(path, "no readable text")


def test_html_title_falls_back_to_h1(tmp_path):
    """Without a <title>, the first <h1> gives the HTML title."""
    page = "<html><body><h1>Harbour reopens</h1><p>Boats are back.</p></body></html>"
    assert load_article(write(tmp_path, "h1.html", page)).title == "Harbour reopens"


# --------------------------------------------------------------------------- sniffing


def test_unknown_extension_sniffed_as_html(tmp_path):
    """A file with an unknown or no extension that starts like HTML is treated as HTML."""
    for name in ("page", "page.dat"):
        article = load_article(write(tmp_path, name, NEWS_PAGE))
        assert article.format == "html"
        assert "News menu link" not in article.text


def test_txt_extension_is_never_sniffed(tmp_path):
    """A .txt file is plain text even if it contains HTML markup."""
    article = load_article(write(tmp_path, "markup.txt", "<p>Not parsed.</p>"))
    assert (article.format, article.text) == ("txt", "<p>Not parsed.</p>")


def test_html_declared_charset_used_when_not_utf8(tmp_path):
    """A non-UTF-8 HTML page is decoded with the charset its <meta> tag declares."""
    page = ('<html><head><meta charset="koi8-r"><title>Новости</title></head>'
            "<body><p>Мэр сказал, что бюджет принят.</p></body></html>")
    article = load_article(write(tmp_path, "ru.html", page.encode("koi8-r")))
    assert "Мэр сказал" in article.text
    assert article.title == "Новости"


def test_trafilatura_logging_silenced(tmp_path, caplog):
    """Loading HTML that trafilatura cannot use emits no log records from trafilatura."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ArticleError):
        load_article(write(tmp_path, "blank.html", "<html><body><script>x()</script></body></html>"))
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]


def test_unknown_extension_sniffed_as_txt(tmp_path):
    """A file with an unknown or no extension that does not look like HTML is plain text."""
    for name in ("notes", "notes.log"):
        article = load_article(write(tmp_path, name, "Plain words, a < b > c.\n"))
        assert article.format == "txt"
        assert article.text == "Plain words, a < b > c.\n"


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path):
    """A missing file raises ArticleError naming the path."""
    raises_naming(tmp_path / "nope.txt", "no such file")


def test_directory(tmp_path):
    """A directory raises ArticleError naming the path."""
    raises_naming(tmp_path, "directory")


@pytest.mark.skipif(sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="needs POSIX permissions and a non-root user")
def test_permission_denied(tmp_path):
    """An unreadable file raises ArticleError naming the path."""
    path = write(tmp_path, "secret.txt", "hidden")
    path.chmod(0)
    try:
        raises_naming(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_permission_denied_on_open(tmp_path, monkeypatch):
    """A PermissionError when opening the file becomes ArticleError (works even as root)."""
    path = write(tmp_path, "secret.txt", "hidden")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", deny)
    raises_naming(path, "permission denied")


def test_empty_file(tmp_path):
    """A zero-byte file raises 'the article is empty'."""
    raises_naming(write(tmp_path, "empty.txt", b""), "the article is empty")


def test_whitespace_only_file(tmp_path):
    """A file of whitespace (even with a BOM and CRLFs) raises 'the article is empty'."""
    raises_naming(write(tmp_path, "ws.md", b"\xef\xbb\xbf \r\n\t\r\n  "), "the article is empty")


def test_binary_nul_bytes(tmp_path):
    """A file with NUL bytes is reported as binary."""
    raises_naming(write(tmp_path, "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), r"not a text file \(binary data\)")


def test_binary_control_characters(tmp_path):
    """A file that is mostly control characters (no NULs) is reported as binary."""
    raises_naming(write(tmp_path, "ctl.dat", bytes(range(1, 32)) * 10 + b"text"), "binary data")


def test_too_large_by_characters(tmp_path):
    """Decoded text longer than max_chars raises with the count and the limit."""
    path = write(tmp_path, "big.txt", "é" * 60)  # 120 bytes: under 4*50, but 60 characters
    error = raises_naming(path, "too large", max_chars=50)
    assert "60 characters; the limit is 50" in str(error)


def test_too_large_by_bytes_without_reading(tmp_path, monkeypatch):
    """A file over 4*max_chars bytes is refused from its size alone, before it is opened."""
    path = write(tmp_path, "huge.txt", "a" * 401)

    def no_open(*args, **kwargs):
        raise AssertionError("the file should not be opened")

    monkeypatch.setattr("builtins.open", no_open)
    raises_naming(path, "too large", max_chars=100)


def test_too_large_message_uses_default_limit(tmp_path, monkeypatch):
    """The default limit is 5,000,000 characters and is written with thousands separators."""
    assert MAX_CHARS == 5_000_000
    path = write(tmp_path, "big.txt", "abc")
    import workbench.article as article_module

    monkeypatch.setattr(article_module, "_read_bytes", lambda *a: b"x" * (MAX_CHARS + 1))
    error = raises_naming(path, "too large")
    assert "(5,000,001 characters; the limit is 5,000,000)" in str(error)


def test_only_article_error_for_bad_path_types(tmp_path):
    """A path with a NUL or a non-path argument still raises ArticleError, not another type."""
    with pytest.raises(ArticleError):
        load_article(str(tmp_path / "a\x00b.txt"))
    with pytest.raises(ArticleError):
        load_article(3.5)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\r\n\t"),
               min_size=1))
def test_txt_roundtrip_property(text):
    """Any UTF-8 text file loads as exactly its text with newlines normalised (or is rejected as empty)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.txt"
        path.write_bytes(text.encode("utf-8"))
        expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        if not expected.strip():
            with pytest.raises(ArticleError, match="empty"):
                load_article(path)
        else:
            article = load_article(path)
            assert article.text == expected
            assert article.title == article.title.strip() and len(article.title) <= 200


# --------------------------------------------------------------------------- article_from_text


def test_article_from_text():
    """In-memory text becomes an Article: normalised newlines, guessed title, sha256 of its UTF-8."""
    text = "Headline here\r\n\r\n“Quote,” she said.\n"
    article = article_from_text(text)
    assert article.path == "<text>"
    assert article.format == "txt"
    assert article.text == "Headline here\n\n“Quote,” she said.\n"
    assert article.title == "Headline here"
    assert article.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_article_from_text_title_path_and_md():
    """article_from_text honours an explicit title and path, and guesses Markdown titles."""
    article = article_from_text("Body only.", path="records.jsonl#3", title="Given title")
    assert (article.path, article.title) == ("records.jsonl#3", "Given title")
    assert article_from_text("# Heading\n\nBody.", fmt="md").title == "Heading"


def test_article_from_text_html_is_extracted():
    """article_from_text with fmt='html' extracts the main text of the HTML source."""
    article = article_from_text(NEWS_PAGE, fmt="html")
    assert "Passenger groups said" in article.text
    assert "News menu link" not in article.text


def test_article_from_text_errors():
    """Empty text, an unknown format and too long a text raise ArticleError naming the path."""
    with pytest.raises(ArticleError, match="<text>: the article is empty"):
        article_from_text("  \n ")
    with pytest.raises(ArticleError, match="rec-1: unknown article format"):
        article_from_text("text", path="rec-1", fmt="pdf")
    with pytest.raises(ArticleError, match=r"rec-2: too large \(11 characters; the limit is 10\)"):
        article_from_text("x" * 11, path="rec-2", max_chars=10)


# --------------------------------------------------------------------------- sample articles


def test_sample_markdown_article():
    """The Markdown sample loads with its front-matter title and its quotes intact."""
    article = load_article(SAMPLES / "city-council-budget.md")
    assert article.format == "md"
    assert article.title == "Marrowby council passes leaner budget after late-night debate"
    assert article.text.startswith("---\ntitle:")
    assert "“This is not the budget anyone wanted, but it is the budget we can afford,” Mayor Helena Voss said" \
        in article.text
    assert "don’t" in article.text and "’90s" in article.text
    assert article.sha256 == hashlib.sha256((SAMPLES / "city-council-budget.md").read_bytes()).hexdigest()


def test_sample_html_article():
    """The HTML sample yields the story text in paragraphs, without menu/footer/script text."""
    article = load_article(SAMPLES / "harbour-strike.html")
    assert article.format == "html"
    assert article.title == "Harbour strike enters third day as talks stall"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) >= 12
    assert paragraphs[-1] == "Mediation talks are expected to begin on Monday, union officials said."
    assert "“We will look at any name they put forward,” he added." in paragraphs
    # The quote that runs over two paragraphs keeps its paragraph break.
    assert any(p.startswith("“I was a young man") and p.endswith("every single day.") for p in paragraphs)
    for boilerplate in ("Subscribe today", "Local news since 1921", "All rights reserved", "Most read",
                        "tracking page view", "dataLayer", "font-family"):
        assert boilerplate not in article.text
    assert "don’t" in article.text and "’90s" in article.text

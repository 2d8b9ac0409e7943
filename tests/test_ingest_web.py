"""``workbench corpus add URL...`` / ``--urls FILE`` against a local HTTP server on 127.0.0.1:
a page goes in with its URL, title, date and canonical URL and how it was fetched; a second add
revalidates (If-None-Match, 304) and changes nothing; each failure (404, timeout, too large,
not text, redirect loop, DNS) is one line and the rest go in. Nothing here reaches the network
(the DNS failure is a ``.invalid`` host, which never resolves)."""

from __future__ import annotations

import io
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pdf_helpers import make_pdf
from workbench.cli import main
from workbench.corpus.ingest import web
from workbench.corpus.store import SCHEMA_VERSION, CorpusStore, open_store

PAGE = """<!doctype html><html><head><title>Remarks by Mayor Ana Ortiz at the River</title>
<meta property="article:published_time" content="2016-05-01T10:00:00Z">
<link rel="canonical" href="https://example.org/remarks">{extra}</head>
<body><nav>Home | News | About</nav><article>
<p>The mayor said the bridge would be finished by the end of the year, and that the city had
the money to pay for every part of it without raising taxes.</p>
<p>"We are going to build it and we are going to build it well," she told the crowd that had
gathered at the river on a cold morning.</p>
</article><footer>Copyright 2016</footer></body></html>"""

PLAIN = "Statement on the harbour\n\nThe harbour will reopen on Monday, the port authority said.\n"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n>> MAYOR ORTIZ: We will open the bridge.\n"

SLOW_SECONDS = 2.0  # the slow handler's sleep; the tests' timeout is a fraction of it


class Site:
    """What the test server serves, and what it was asked (request headers by path)."""

    def __init__(self) -> None:
        self.page = PAGE.format(extra="")
        self.etag = '"v1"'
        self.requests: list[tuple[str, dict]] = []
        self.barrier = threading.Barrier(web.WORKERS, timeout=5)

    def asked(self, path: str) -> list[dict]:
        return [headers for p, headers in self.requests if p == path]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def send(self, status: int, body: bytes = b"", content_type: str = "text/html",
                 headers: dict | None = None, length: int | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requests.append((self.path, dict(self.headers)))
            path = self.path
            if path == "/page.html":
                if self.headers.get("If-None-Match") == site.etag:
                    self.send(304, headers={"ETag": site.etag})
                else:
                    self.send(200, site.page.encode(), "text/html; charset=utf-8",
                              {"ETag": site.etag, "Last-Modified": "Sun, 01 May 2016 10:00:00 GMT"})
            elif path == "/noisy.html":  # no validators; a new token in the head on every request
                token = f'<meta name="csrf" content="{time.monotonic_ns()}">'
                self.send(200, PAGE.format(extra=token).encode())
            elif path == "/moved":
                self.send(301, headers={"Location": "/plain.txt"})
            elif path == "/loop":
                self.send(302, headers={"Location": "/loop"})
            elif path == "/plain.txt":
                self.send(200, PLAIN.replace("harbour", "harbour café").encode("latin-1"),
                          "text/plain; charset=iso-8859-1")
            elif path == "/talk.vtt":
                self.send(200, VTT.encode(), "text/vtt")
            elif path == "/hearing.pdf":
                self.send(200, make_pdf([["Hearing on the harbour, March 3, 2022",
                                          "Mr. SMITH. The harbour will reopen on Monday."]],
                                        title="Harbour hearing"), "application/pdf")
            elif path == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
            elif path == "/huge.html":  # says it is huge: refused before its body is read
                self.send(200, b"<p>x</p>", length=10 ** 9)
            elif path == "/endless.html":  # no length: refused once past the limit
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for _ in range(100):
                        self.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")
                except OSError:
                    pass
                self.close_connection = True
            elif path == "/blank.html":  # HTML with no text in it
                self.send(200, b"<html><head><title></title></head><body><nav></nav></body></html>")
            elif path.startswith("/together/"):  # answers only once 4 requests wait at once
                try:
                    site.barrier.wait()
                    self.send(200, PLAIN.replace("harbour", path).encode(), "text/plain")
                except threading.BrokenBarrierError:
                    self.send(503, b"alone", "text/plain")
            elif path == "/slow.html":
                time.sleep(SLOW_SECONDS)
                self.send(200, site.page.encode())
            else:
                self.send(404, b"not here", "text/plain")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hung up (a timeout, a refused body) is expected here: no traceback on
        stderr, where it could land in a later test's captured output."""


@pytest.fixture
def site(monkeypatch):
    """A local server (random port) serving :class:`Site`; ``site.url(path)``."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # (a proxy would be asked for 127.0.0.1)
    monkeypatch.delenv(web.TIMEOUT_ENV, raising=False)
    state = Site()
    server = _QuietServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, db, *targets: str) -> tuple[int, str, str]:
    return run(capsys, "corpus", "add", "--db", str(db), "--timeout", "0.5", *targets)


def documents(db) -> list:
    with open_store(str(db)) as store:
        return list(store.documents(with_text=True))


# --------------------------------------------------------------------------- a page


def test_a_page_goes_in_with_its_url_title_date_and_how_it_was_fetched(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    url = site.url("/page.html")
    code, out, err = add(capsys, db, url)
    assert (code, err) == (0, "")
    assert out.startswith("added 1, replaced 0, unchanged 0, skipped 0")
    [doc] = documents(db)
    assert doc.path == url  # the key: the URL as given
    assert doc.title == "Remarks by Mayor Ana Ortiz at the River"
    assert doc.date == "2016-05-01"
    assert doc.url == "https://example.org/remarks"  # the page's own canonical URL
    assert "finished by the end of the year" in doc.text and "Home | News" not in doc.text
    with open_store(str(db)) as store:
        fetch = store.fetch_of(url)
    assert (fetch.url, fetch.etag, fetch.last_modified) == (
        url, '"v1"', "Sun, 01 May 2016 10:00:00 GMT")
    assert fetch.fetched_at.endswith("Z")
    [headers] = site.asked("/page.html")
    assert headers["User-Agent"] == web.USER_AGENT and web.USER_AGENT.startswith("workbench/")


def test_a_fragment_names_a_place_in_the_page_not_another_document(site, tmp_path, capsys):
    """A link to a highlight (``#:~:text=…``) or an anchor is the same page: one document, under
    the URL without the fragment, and the next add with another fragment changes nothing."""
    db = tmp_path / "c.db"
    url = site.url("/page.html")
    code, out, err = add(capsys, db, url + "#:~:text=the%20bridge", url + "#top")
    assert (code, err) == (0, "") and out.startswith("added 1, replaced 0, unchanged 0")
    code, out, err = add(capsys, db, url + "#section-2")
    assert (code, err) == (0, "") and out.startswith("added 0, replaced 0, unchanged 1")
    assert [doc.path for doc in documents(db)] == [url]
    assert len(site.asked("/page.html")) == 2


def test_a_second_add_revalidates_and_changes_nothing(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    url = site.url("/page.html")
    assert add(capsys, db, url)[0] == 0
    with CorpusStore(db) as store:
        before = (store.content_hashes(), list(store.documents()), store.fetch_of(url))
    code, out, err = add(capsys, db, url)
    assert (code, err) == (0, "")
    assert out.startswith("added 0, replaced 0, unchanged 1, skipped 0; 0 passages written")
    second = site.asked("/page.html")[1]
    assert second["If-None-Match"] == '"v1"'
    assert second["If-Modified-Since"] == "Sun, 01 May 2016 10:00:00 GMT"
    with CorpusStore(db) as store:
        assert (store.content_hashes(), list(store.documents()), store.fetch_of(url)) == before


def test_a_changed_page_replaces_its_document(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    url = site.url("/page.html")
    add(capsys, db, url)
    site.page = site.page.replace("end of the year", "end of the decade")
    site.etag = '"v2"'
    code, out, _ = add(capsys, db, url)
    assert code == 0 and out.startswith("added 0, replaced 1, unchanged 0")
    [doc] = documents(db)
    assert "end of the decade" in doc.text
    with CorpusStore(db) as store:
        assert store.fetch_of(url).etag == '"v2"'


def test_new_bytes_with_the_same_text_are_unchanged(site, tmp_path, capsys):
    """A page without validators whose head changes on every request (a token) is fetched
    again, but its document is the same: unchanged, nothing written."""
    db = tmp_path / "c.db"
    url = site.url("/noisy.html")
    add(capsys, db, url)
    code, out, _ = add(capsys, db, url)
    assert code == 0 and out.startswith("added 0, replaced 0, unchanged 1")
    assert len(site.asked("/noisy.html")) == 2


def test_force_fetches_again_without_asking_and_stores_again(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    url = site.url("/page.html")
    add(capsys, db, url)
    code, out, _ = run(capsys, "corpus", "add", "--db", str(db), url, "--force")
    assert code == 0 and out.startswith("added 0, replaced 1")
    assert "If-None-Match" not in site.asked("/page.html")[1]


def test_a_removed_page_is_fetched_in_full_again(site, tmp_path, capsys):
    """The validators go with the document: once it is removed, a 304 must not leave the
    corpus without it."""
    db = tmp_path / "c.db"
    url = site.url("/page.html")
    add(capsys, db, url)
    assert run(capsys, "corpus", "remove", "--db", str(db), url)[0] == 0
    with CorpusStore(db) as store:
        assert store.fetch_of(url) is None
    code, out, _ = add(capsys, db, url)
    assert code == 0 and out.startswith("added 1")
    assert "If-None-Match" not in site.asked("/page.html")[1]


def copy_then_add_again(site, capsys, source: str, target: str) -> str:
    """Add the page to *source*, copy *source* to *target*, add the page to *target*: the
    copy's output."""
    url = site.url("/page.html")
    assert add(capsys, source, url)[0] == 0
    code, out, err = run(capsys, "corpus", "copy", source, target)
    assert code == 0, err
    code, again, _ = add(capsys, target, url)
    assert code == 0 and again.startswith("added 0, replaced 0, unchanged 1, skipped 0")
    with open_store(target) as store:
        assert store.fetch_of(url).etag == '"v1"'
    return out


def test_a_copied_corpus_revalidates_its_pages(site, tmp_path, capsys):
    """``corpus copy`` takes the fetch records along: the next add on the copy asks with the
    page's validators (a 304) instead of fetching it in full; copying again writes none."""
    source, target = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    out = copy_then_add_again(site, capsys, source, target)
    assert out.startswith("added 1, replaced 0, unchanged 0") and out.rstrip().endswith("passages written, 1 fetch record")
    assert site.asked("/page.html")[1]["If-None-Match"] == '"v1"'
    code, out, _ = run(capsys, "corpus", "copy", source, target)
    assert code == 0 and "fetch record" not in out


def test_a_copy_to_and_from_postgres_keeps_the_fetch_records(site, pg_url, tmp_path, capsys):
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    with connect(pg_url) as conn:
        init_database(conn)
    copy_then_add_again(site, capsys, str(tmp_path / "a.db"), pg_url)
    assert site.asked("/page.html")[1]["If-None-Match"] == '"v1"'
    copy_then_add_again(site, capsys, pg_url, str(tmp_path / "back.db"))
    # (the add on PostgreSQL was a revalidation; so is the one on the copy back)
    assert [h.get("If-None-Match") for h in site.asked("/page.html")] == [None, '"v1"', '"v1"', '"v1"']


def test_a_redirect_is_followed_and_the_final_url_kept(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    code, _, err = add(capsys, db, site.url("/moved"))
    assert (code, err) == (0, "")
    [doc] = documents(db)
    assert doc.path == site.url("/moved") and doc.url == site.url("/plain.txt")
    assert "harbour café" in doc.text  # decoded as the header's charset says (Latin-1)
    assert doc.title == "Statement on the harbour café"


def test_captions_are_read_by_content_type(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    assert add(capsys, db, site.url("/talk.vtt"))[0] == 0
    [doc] = documents(db)
    assert doc.kind == "transcript" and "[00:00:01] We will open the bridge." in doc.text


def test_a_pdf_is_read_by_content_type_and_counted_as_a_web_source(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    assert add(capsys, db, site.url("/hearing.pdf"))[0] == 0
    [doc] = documents(db)
    assert doc.title == "Harbour hearing" and "will reopen on Monday" in doc.text
    assert doc.source_kind == "web"


# --------------------------------------------------------------------------- failures

FAILURES = {
    "/missing.html": "HTTP 404",
    "/slow.html": "timed out (no answer within 0.5 s)",
    "/huge.html": "too large (1,000,000,000 bytes; the limit is",
    "/image.png": "not a text page (image/png)",
    "/loop": "too many redirects (more than 5)",
    "/blank.html": "no readable text found in the HTML page",  # (not the reader's temporary file)
}


def test_each_failure_is_one_line_and_the_rest_go_in(site, tmp_path, capsys):
    """A list file with comments and blank lines: the good pages go in, each bad one is one
    line ``skipped URL: reason`` on stderr, exit 1."""
    db = tmp_path / "c.db"
    dns = "http://no-such-host.invalid/page.html"
    bad = [site.url(path) for path in FAILURES] + [dns]
    listing = tmp_path / "urls.txt"
    listing.write_text("# sources for the river story\n\n" + site.url("/page.html") + "\n"
                       + "\n".join(f"  {u}  " for u in bad) + "\n# the end\n")
    code, out, err = run(capsys, "corpus", "add", "--db", str(db), "--urls", str(listing),
                         site.url("/talk.vtt"), "--timeout", "0.5")
    assert code == 1
    assert out.startswith(f"added 2, replaced 0, unchanged 0, skipped {len(bad)}")
    lines = err.splitlines()
    assert len(lines) == len(bad), err
    for line, (path, reason) in zip(lines, list(FAILURES.items())):
        assert line.startswith(f"skipped {site.url(path)}: {reason}"), line
    assert lines[-1] == f"skipped {dns}: host not found (DNS lookup failed)"
    assert sorted(d.path for d in documents(db)) == sorted([site.url("/page.html"),
                                                            site.url("/talk.vtt")])


def test_a_body_past_the_limit_is_refused_while_it_streams(site):
    """No Content-Length: the body is read up to the limit, then the page is refused."""
    limits = web.Limits(timeout=5, max_bytes=50_000)
    with web.make_client(limits) as client:
        result = web.fetch_page(client, site.url("/endless.html"), None, limits)
    assert result.message == (f"skipped {site.url('/endless.html')}: too large (more than "
                              f"50,000 bytes; the limit is 50,000)")


def test_the_timeout_comes_from_the_environment(site, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(web.TIMEOUT_ENV, "0.3")
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"),
                       site.url("/slow.html"))
    assert code == 1 and err.strip().endswith("timed out (no answer within 0.3 s)")


@pytest.mark.parametrize("target, message", [
    ("ftp://example.org/a.txt", "ftp://example.org/a.txt: only http:// and https:// URLs can be added"),
    ("http://", "http://: not a valid URL"),
])
def test_a_bad_url_is_one_line(target, message, tmp_path, capsys):
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"), target)
    assert code == 1 and err.splitlines() == [message]


def test_a_bad_line_of_the_list_names_its_line_and_its_text(tmp_path, capsys):
    """Each bad line: FILE:LINE, its text (one safe line, quoted, cut), why; counted in
    ``skipped``; exit 1; no corpus made for nothing."""
    listing = tmp_path / "urls.txt"
    long = "www.example.org/" + "x" * 100
    listing.write_text("# none good\nnot a url\nftp://h/\x1b[31mred\n" + long + "\n")
    code, out, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"),
                         "--urls", str(listing))
    shown = "'" + long[:79] + "…'"
    assert code == 1 and err.splitlines() == [
        f"{listing}:2: 'not a url': only http:// and https:// URLs can be added",
        f"{listing}:3: 'ftp://h/red': only http:// and https:// URLs can be added",
        f"{listing}:4: {shown}: only http:// and https:// URLs can be added"]
    assert out.startswith("added 0, replaced 0, unchanged 0, skipped 3;")
    assert not (tmp_path / "c.db").exists()


def test_an_empty_list_says_there_is_nothing_to_add(tmp_path, capsys):
    """A list of blank lines and comments only: one line on stderr, exit 1 (as a bad line:
    the command was right, its list had nothing), no corpus made."""
    listing = tmp_path / "urls.txt"
    listing.write_text("# to do\n\n")
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"),
                       "--urls", str(listing))
    assert code == 1 and err.splitlines() == [
        f"{listing}: no URLs in the list (blank lines and # comments only): nothing to add"]
    assert not (tmp_path / "c.db").exists()


def test_the_list_of_urls_can_come_on_standard_input(site, tmp_path, capsys, monkeypatch):
    """``--urls -`` reads the list from stdin: the pages go in, a bad line is named by its
    line on ``<stdin>``; stdin that is no UTF-8 is one line, exit 2."""
    listing = f"# pages\n{site.url('/page.html')}\nftp://x\n{site.url('/plain.txt')}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(listing.encode())))
    code, out, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"), "--urls", "-")
    assert code == 1 and out.startswith("added 2, replaced 0, unchanged 0")
    assert err.splitlines() == ["<stdin>:3: 'ftp://x': only http:// and https:// URLs can be added"]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"http://x/\xff\n")))
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"), "--urls", "-")
    assert code == 2 and err.splitlines() == [
        "workbench: error: <stdin>: not UTF-8 text (the list of URLs)"]


def test_a_missing_list_or_nothing_to_add_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"),
                       "--urls", str(tmp_path / "none.txt"))
    assert code == 2 and err.splitlines() == [
        f"workbench: error: {tmp_path / 'none.txt'}: no such file (the list of URLs)"]
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"))
    assert code == 2 and "nothing to add" in err
    assert not (tmp_path / "c.db").exists()


def test_a_bad_timeout_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "corpus", "add", "--db", str(tmp_path / "c.db"),
                       "--timeout", "-1", "http://example.org/")
    assert code == 2 and "the fetch timeout must be a positive number" in err


# --------------------------------------------------------------------------- storage


def test_a_corpus_of_schema_1_gains_the_fetch_table(tmp_path, capsys):
    """A corpus made before fetches were stored is upgraded when opened; its documents stay."""
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text("A line of text about the river.\n")
    assert run(capsys, "corpus", "add", "--db", str(db), str(tmp_path / "a.txt"))[0] == 0
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE fetches")
    conn.execute("ALTER TABLE documents DROP COLUMN source_kind")
    conn.execute("DROP TABLE term_counts")
    conn.execute("DELETE FROM meta WHERE key = 'term_counts'")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with CorpusStore(db) as store:
        assert len(list(store.documents())) == 1
        assert store.fetch_of(str(tmp_path / "a.txt")) is None
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),)
    assert conn.execute("SELECT count(*) FROM fetches").fetchone() == (0,)
    conn.close()


def test_pages_on_postgres_are_revalidated_too(site, pg_url, capsys):
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    with connect(pg_url) as conn:
        init_database(conn)
    url = site.url("/page.html")
    assert add(capsys, pg_url, url)[0] == 0
    code, out, _ = add(capsys, pg_url, url)
    assert code == 0 and out.startswith("added 0, replaced 0, unchanged 1")
    assert site.asked("/page.html")[1]["If-None-Match"] == '"v1"'
    with open_store(pg_url) as store:
        assert store.fetch_of(url).etag == '"v1"'
        assert store.remove(url) == 1
        assert store.fetch_of(url) is None


def test_a_postgres_database_of_schema_1_is_upgraded_by_db_init(pg_url, capsys):
    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    with connect(pg_url) as conn:
        init_database(conn)
        conn.execute("DROP TABLE fetches")
        conn.execute("ALTER TABLE documents DROP COLUMN source_kind")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    code, out, err = run(capsys, "db", "init", pg_url)
    assert code == 0, err
    assert "schema: upgraded from version 1 to 3" in out
    with open_store(pg_url) as store:
        assert store.fetch_of("http://example.org/") is None


def test_files_and_urls_go_in_together_with_one_summary(site, tmp_path, capsys):
    db = tmp_path / "c.db"
    note = tmp_path / "notes" / "a.txt"
    note.parent.mkdir()
    note.write_text("A line of text about the river crossing.\n")
    code, out, err = add(capsys, db, str(note.parent), site.url("/page.html"))
    assert (code, err) == (0, "")
    assert out.startswith("added 2, replaced 0, unchanged 0, skipped 0")
    assert sorted(d.path for d in documents(db)) == sorted([str(note), site.url("/page.html")])


def test_pages_are_fetched_several_at_a_time(site, tmp_path, capsys):
    """The server answers these pages only when WORKERS requests wait at once (a barrier):
    fetched one after the other, each would fail."""
    db = tmp_path / "c.db"
    urls = [site.url(f"/together/{n}") for n in range(web.WORKERS)]
    code, out, err = run(capsys, "corpus", "add", "--db", str(db), *urls, "--timeout", "10")
    assert (code, err) == (0, "")
    assert out.startswith(f"added {web.WORKERS}, replaced 0")


def test_a_match_in_a_page_shows_its_url(site, tmp_path, capsys):
    """search (and check, through the same line) name the page's address to cite: its
    canonical URL (the document's ``url``), not the address it was fetched from."""
    db = tmp_path / "c.db"
    add(capsys, db, site.url("/page.html"))
    code, out, _ = run(capsys, "search", "--db", str(db),
                       "we are going to build it and we are going to build it well")
    assert code == 0
    assert ("Remarks by Mayor Ana Ortiz at the River · 2016-05-01 · Ana Ortiz · "
            "https://example.org/remarks" in out)
    assert site.url("/page.html") not in out

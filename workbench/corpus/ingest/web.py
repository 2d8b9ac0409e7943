"""Web pages as corpus documents: ``workbench corpus add URL...`` and ``--urls FILE``.

* :func:`fetch_page` GETs one URL with httpx: timeouts (:class:`Limits`), at most
  ``max_redirects`` redirects, a body of at most ``max_bytes`` (the corpus's file limit), a
  User-Agent that says who asks (:data:`USER_AGENT`). The body is read by the reader of its
  content type (:data:`CONTENT_TYPES`: a media type -> the file suffix whose reader of
  :data:`~workbench.corpus.ingest.READERS` reads it, so a reader added for files, e.g. PDF, is
  one line here). A page keeps its URL as its key (the document's identity), the final URL
  after redirects (or the page's own canonical URL) as its ``url``, and its own title and date.
* A page stored before is revalidated: its ETag / Last-Modified (:class:`WebFetch`, stored with
  the document) go out as If-None-Match / If-Modified-Since, and a 304 changes nothing. Pages
  carry per-request noise (tokens, timestamps, ads), so a web document's sha256 is of what is
  stored (text and metadata), not of the bytes: a page whose text did not change is unchanged.
* Whatever fails (DNS, refused, HTTP 4xx/5xx, timeout, too large, not text, redirect loop) is
  one line, ``skipped URL: reason``, and the rest go in.
* :func:`ingest_urls` fetches a few pages at a time (:data:`WORKERS` threads: the time is the
  network's) and stores each page, with how it was fetched, in one transaction.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from workbench import __version__
from workbench.corpus.ingest import MAX_FILE_BYTES, READERS, Summary
from workbench.corpus.ingest.common import Skip, Source, build
from workbench.errors import ArticleError, WorkbenchError, os_reason, show_path
from workbench.provenance import web_url
from workbench.render import clip, one_line
from workbench.storage.records import WebFetch

__all__ = ["CONTENT_TYPES", "Limits", "USER_AGENT", "WORKERS", "ingest_urls", "fetch_page",
           "names_url", "split_targets", "read_url_list"]

# A media type -> the suffix of the file reader that reads its body (READERS). Posts (JSON) are
# not here: an archive is many documents, read from a file.
CONTENT_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md", "text/x-markdown": ".md",
    "text/vtt": ".vtt", "application/x-subrip": ".srt", "text/srt": ".srt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
# Servers that do not know a format send these: then the URL's own suffix says.
_UNKNOWN_TYPES = ("", "application/octet-stream", "binary/octet-stream")

PROJECT_URL = ""  # (none published yet: the User-Agent then names the program only)
USER_AGENT = f"workbench/{__version__}" + (f" (+{PROJECT_URL})" if PROJECT_URL else "")
WORKERS = 4
TIMEOUT_ENV = "WORKBENCH_FETCH_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
_CHUNK = 64 << 10
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Limits:
    """How long a fetch may wait for the server (seconds: connecting, and between two reads;
    the whole page gets :data:`TOTAL_FACTOR` times that), how many bytes and redirects a page
    may take."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_FILE_BYTES
    max_redirects: int = 5


TOTAL_FACTOR = 4


def timeout_from(value: float | None) -> float:
    """The timeout given (``--timeout``), else ``$WORKBENCH_FETCH_TIMEOUT``, else the default.
    Raises WorkbenchError for one that is not a positive number."""
    given = value if value is not None else os.environ.get(TIMEOUT_ENV)
    if given is None or given == "":
        return DEFAULT_TIMEOUT
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 1e6:
        raise WorkbenchError(f"the fetch timeout must be a positive number of seconds, "
                             f"not {one_line(str(given))!r}")
    return seconds


# --------------------------------------------------------------------------- naming URLs


def names_url(target: str) -> bool:
    """Whether a command-line target names a URL (``scheme://...``) rather than a file."""
    return bool(_SCHEME.match(target))


def page_url(url: str) -> str:
    """*url* without its ``#fragment``: the page it names, which the key is."""
    return url.strip().split("#", 1)[0]


def split_targets(targets: Iterable[str], warn: Warn) -> tuple[list[str], list[str], int]:
    """(file paths, http(s) URLs, how many targets were bad URLs: reported)."""
    paths, urls, bad = [], [], 0
    for target in targets:
        if not names_url(target):
            paths.append(target)
        elif _check_url(target, target, warn):
            urls.append(target.strip())
        else:
            bad += 1
    return paths, urls, bad


def _check_url(url: str, where: str, warn: Warn) -> bool:
    if web_url(url) is None:
        scheme = url.split(":", 1)[0].lower()
        warn(f"{one_line(where)}: " + ("not a valid URL" if scheme in ("http", "https")
                                         else "only http:// and https:// URLs can be added"))
        return False
    return True


LINE_CHARS = 80
"""A bad line of a list is shown cut to this many characters."""


def read_url_list(path: str, warn: Warn, stdin: BinaryIO | None = None) -> tuple[list[str], int]:
    """The URLs of a list file (``-``: *stdin*), one a line (blank lines and ``#`` comments
    left out), and how many lines were not URLs (reported as ``FILE:LINE: 'the line': why``,
    the line made one safe line and cut). A list with no line at all says so ("nothing to
    add"). Raises WorkbenchError when the list cannot be read."""
    shown = "<stdin>" if path == "-" else show_path(path)
    try:
        if path == "-":
            data = stdin.read(MAX_FILE_BYTES + 1) if stdin is not None else b""
        else:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        lines = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise WorkbenchError(f"{shown}: no such file (the list of URLs)") from None
    except UnicodeDecodeError:
        raise WorkbenchError(f"{shown}: not UTF-8 text (the list of URLs)") from None
    except (OSError, ValueError) as exc:
        raise WorkbenchError(f"{shown}: cannot read the list of URLs ({os_reason(exc)})") from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkbenchError(f"{shown}: too large for a list of URLs")
    urls, bad = [], 0
    for number, line in enumerate(lines.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _check_url(line, f"{shown}:{number}: {clip(one_line(line), LINE_CHARS)!r}", warn):
            urls.append(line)
        else:
            bad += 1
    if not urls and not bad:
        warn(f"{shown}: no URLs in the list (blank lines and # comments only): nothing to add")
    return urls, bad


# --------------------------------------------------------------------------- fetching


@dataclass
class Page:
    """A fetched page, read: the document to store and how it was fetched."""

    source: Source
    fetch: WebFetch
    size: int  # bytes of the body


NOT_MODIFIED = "not modified"


def make_client(limits: Limits):
    """An httpx client for :func:`fetch_page` (one for all threads: it pools connections)."""
    import httpx

    return httpx.Client(
        follow_redirects=True, max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.timeout), headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=WORKERS * 2))


def fetch_page(client, url: str, known: WebFetch | None, limits: Limits) -> Page | str | Skip:
    """*url* fetched and read: a :class:`Page`, :data:`NOT_MODIFIED` (a 304 to the validators
    of *known*), or a Skip saying ``skipped URL: reason``. Never raises for a page's fault."""
    try:
        return _fetch(client, url, known, limits)
    except _Refused as exc:
        return Skip(f"skipped {url}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one odd page must not stop the others
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        return Skip(f"skipped {url}: {_reason(exc, limits)}")


class _Refused(Exception):
    """A page that is not taken (its reason is the message)."""


def _fetch(client, url: str, known: WebFetch | None, limits: Limits) -> Page | str:
    headers = {}
    if known is not None:
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
    fetched_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    deadline = time.monotonic() + limits.timeout * TOTAL_FACTOR
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status == 304 and known is not None:
            return NOT_MODIFIED
        if not 200 <= status < 300:
            raise _Refused(f"HTTP {status} {one_line(response.reason_phrase or '')}".rstrip())
        final = str(response.url)
        media, charset = _media_type(response.headers.get("content-type", ""))
        suffix = _reader_suffix(media, final)
        if suffix is None:
            raise _Refused(f"not a text page ({one_line(media)[:80]})")
        _check_length(response.headers.get("content-length"), limits)
        body = _read_body(response, limits, deadline)
        fetch = WebFetch(url=final, fetched_at=fetched_at, etag=response.headers.get("etag"),
                         last_modified=response.headers.get("last-modified"))
    source = _read(url, suffix, _as_utf8(body, charset), final)
    return Page(source, fetch, len(body))


def _media_type(header: str) -> tuple[str, str | None]:
    """(media type, lower-case; charset or None) of a Content-Type header."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media.strip().lower(), charset


def _reader_suffix(media: str, url: str) -> str | None:
    """The suffix whose reader reads a body of type *media* (for an unknown type: the URL's
    own suffix, when a reader takes it), or None when none does."""
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    if media in _UNKNOWN_TYPES:
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        if suffix in CONTENT_TYPES.values():
            return suffix
    return None


def _check_length(header: str | None, limits: Limits) -> None:
    try:
        declared = int(header) if header else None
    except ValueError:
        declared = None
    if declared is not None and declared > limits.max_bytes:
        raise _Refused(_too_large(limits, declared))


def _too_large(limits: Limits, size: int | None = None) -> str:
    said = f"{size:,} bytes" if size is not None else f"more than {limits.max_bytes:,} bytes"
    return f"too large ({said}; the limit is {limits.max_bytes:,})"


def _read_body(response, limits: Limits, deadline: float) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes(_CHUNK):
        body += chunk
        if len(body) > limits.max_bytes:
            raise _Refused(_too_large(limits))
        if time.monotonic() > deadline:
            raise _Refused(f"timed out (the page took more than "
                           f"{limits.timeout * TOTAL_FACTOR:g} s)")
    if not body:
        raise _Refused("the page is empty")
    return bytes(body)


def _as_utf8(body: bytes, charset: str | None) -> bytes:
    """The body in UTF-8 when the server names another charset and the bytes are not UTF-8
    already (the readers guess a file's charset; the header is better than a guess)."""
    if not charset:
        return body
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return body
    if name == "utf-8" or name.startswith("utf-16"):  # (UTF-16 has its BOM: readers read it)
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    try:
        return body.decode(name).encode("utf-8")
    except (UnicodeDecodeError, LookupError):
        return body


def _read(url: str, suffix: str, body: bytes, final: str) -> Source:
    """The document in *body*, read as a file of that suffix is; keyed by *url*."""
    with tempfile.TemporaryDirectory(prefix="workbench-page-") as folder:
        path = os.path.join(folder, "page" + suffix)
        with open(path, "wb") as fh:
            fh.write(body)
        try:
            source = READERS[suffix].read(path, url, body, None)
        except ArticleError as exc:
            # The reader names its (temporary) file: say the URL's part only.
            message = str(exc)
            for name in (show_path(path), path):
                if message.startswith(name + ": "):
                    message = message[len(name) + 2:]
            raise _Refused(message) from None
    # A page's own canonical URL where it gives one, else where it came from.
    source = replace(source, url=source.url or web_url(final) or url, source_kind="web",
                     warnings=[w.replace(path, url) for w in source.warnings])
    return replace(source, sha256=_content_sha(source))


def _content_sha(source: Source) -> str:
    what = [source.text, source.title, source.date, source.url, source.speaker, source.kind]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode("utf-8",
                                                                       "surrogatepass")).hexdigest()


def _reason(exc: BaseException, limits: Limits) -> str:
    """What went wrong with a fetch, in a few words."""
    import httpx

    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {limits.max_redirects})"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (no answer within {limits.timeout:g} s)"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "redirected to a URL that is not http(s)"
    causes = list(_causes(exc))
    if any(isinstance(c, socket.gaierror) for c in causes):
        return "host not found (DNS lookup failed)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({_words(exc)})"
    if isinstance(exc, httpx.HTTPError):
        return f"the connection failed ({_words(exc)})"
    return f"{type(exc).__name__}: {_words(exc)}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """*exc*, what it was raised from, and exceptions among their args (httpx wraps httpcore's
    errors, which hold the socket's)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [x for x in (e.__cause__, e.__context__, *e.args) if isinstance(x, BaseException)]


def _words(exc: BaseException) -> str:
    return one_line(str(exc) or type(exc).__name__)[:200]


# --------------------------------------------------------------------------- storing


def ingest_urls(store, urls: list[str], *, warn: Warn,
                advance: Callable[[int], None] | None = None, force: bool = False,
                limits: Limits = Limits(), workers: int = WORKERS) -> Summary:
    """Fetch and store every page of *urls* (a few at a time); report and skip the ones that
    fail. A page stored before is revalidated (not with *force*: then it is fetched and stored
    again)."""
    summary = Summary()
    started = time.perf_counter()
    advance = advance or (lambda n: None)
    # A URL named twice is fetched once; a #fragment (an anchor, a browser's "link to
    # highlight") names a place in the page, not another page: it is not part of the key.
    urls = list(dict.fromkeys(page_url(u) for u in urls))
    known = {url: None if force or store.sha256_of(url) is None else store.fetch_of(url)
             for url in urls}
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fetch")
    try:
        with make_client(limits) as client:
            results = pool.map(lambda u: fetch_page(client, u, known[u], limits), urls)
            for url, result in zip(urls, results):
                _store_page(store, url, result, known[url], summary, warn, force)
                advance(1)
    finally:
        # Ctrl-C: the pages not started yet are dropped, not waited for.
        pool.shutdown(wait=False, cancel_futures=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _store_page(store, url: str, result: Page | str | Skip, known: WebFetch | None,
                summary: Summary, warn: Warn, force: bool) -> None:
    if isinstance(result, Skip):
        warn(result.message)
        summary.skipped += 1
        return
    if result == NOT_MODIFIED:
        summary.count("unchanged", 0)
        return
    for message in result.source.warnings:
        warn(message)
    doc, passages = build(result.source)
    summary.bytes += result.size
    with store.batch():  # the document and how it was fetched: both or neither
        outcome = store.add_document(doc, passages, force=force)
        if outcome != "unchanged" or _validators(known) != _validators(result.fetch):
            store.set_fetch(url, result.fetch)
    summary.count(outcome, len(passages))
    if outcome != "unchanged":
        summary.stored_bytes += result.size


def _validators(fetch: WebFetch | None) -> tuple | None:
    return None if fetch is None else (fetch.url, fetch.etag, fetch.last_modified)

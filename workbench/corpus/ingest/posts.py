"""Social media posts, one document a post, the author as its speaker:

* the X/Twitter archive's ``tweets.js`` (``window.YTD.tweets.part0 = [{"tweet": {...}}]``):
  ``full_text``, ``created_at``, ``id_str``; the author's name and handle from ``account.js``
  beside it when the archive has one; the post's URL ``https://x.com/HANDLE/status/ID``;
* a generic ``.json`` file of posts: a list of objects (or ``{"posts": [...]}``) with ``text``
  and ``author``/``speaker``, ``date``, ``url``, ``id``, ``title``.

A post's key is ``FILE#id`` (else ``FILE#N``, its place in the list); its sha256 is that of the
post's JSON, so an edited post replaces its old version, and posts gone from the file are
removed on the next add (as for JSONL lines). A bad post is one line and skipped; a file that
is not such a list is one line (:class:`ArticleError`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Iterator

from workbench.article import BYTES_PER_CHAR_LIMIT, MAX_CHARS
from workbench.corpus.ingest.clean import clean_plain, meta_text
from workbench.corpus.ingest.common import Skip, Source
from workbench.errors import ArticleError, json_reason
from workbench.provenance import normalize_date

__all__ = ["read"]

MAX_BYTES = BYTES_PER_CHAR_LIMIT * MAX_CHARS
_YTD = "window.YTD."


class _Position:
    offset = 0


def read(path: str, key: str, position: object | None = None) -> Iterator[Source | Skip]:
    """The posts of *path* (keys ``KEY#id``), a :class:`Skip` for each bad one. Raises
    ArticleError when the file is not a list of posts. *position*: its ``offset`` is set to
    the file's size once read (the progress bar)."""
    shown = path if path.isprintable() else repr(path)
    records = _records(path, shown)
    if position is not None:
        position.offset = os.path.getsize(path)
    account = _account(os.path.join(os.path.dirname(path), "account.js")) \
        if path.endswith(".js") else {}
    seen: set[str] = set()
    for number, record in enumerate(records, 1):
        item = _post(record, number, shown, key, account)
        if isinstance(item, Source):
            if item.path in seen:
                item = Skip(f"{shown}: post {number}: duplicate id")
            seen.add(item.path)
        yield item


def _load(path: str, shown: str) -> object:
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise ArticleError(f"{shown}: too large (the limit is {MAX_BYTES // 1_000_000} MB)")
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(f"{shown}: not valid UTF-8") from None
    except OSError as exc:
        raise ArticleError(f"{shown}: cannot read the file ({exc.strerror or exc})") from None
    if text.lstrip().startswith(_YTD):
        text = text.split("=", 1)[1] if "=" in text else ""
    elif path.endswith(".js"):
        raise ArticleError(f"{shown}: not an X/Twitter archive file (no window.YTD... = [...])")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ArticleError(f"{shown}: {json_reason(exc)}") from None


def _records(path: str, shown: str) -> list:
    data = _load(path, shown)
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        data = data["posts"]
    if not isinstance(data, list):
        raise ArticleError(f"{shown}: expected a list of posts")
    return data


def _account(path: str) -> dict:
    """``{"name", "handle"}`` from an archive's ``account.js``, {} when it has none."""
    try:
        data = _load(path, path)
        found = data[0]["account"]
        return {"name": meta_text(found.get("accountDisplayName"), 200),
                "handle": meta_text(found.get("username"), 100)}
    except (ArticleError, LookupError, TypeError, AttributeError):
        return {}


def _post(record: object, number: int, shown: str, key: str, account: dict) -> Source | Skip:
    where = f"{shown}: post {number}"
    if isinstance(record, dict) and isinstance(record.get("tweet"), dict):
        return _tweet(record["tweet"], where, key, account, _sha(record))
    if not isinstance(record, dict):
        return Skip(f"{where}: expected a JSON object")
    ident = record.get("id")
    return _source(record.get("text"), where, key, ident, _sha(record),
                   speaker=meta_text(record.get("author") or record.get("speaker"), 200),
                   date=normalize_date(record.get("date")), url=meta_text(record.get("url")),
                   title=meta_text(record.get("title")))


def _tweet(tweet: dict, where: str, key: str, account: dict, sha: str) -> Source | Skip:
    ident = tweet.get("id_str") or tweet.get("id")
    handle = account.get("handle")
    url = None
    if ident is not None:
        url = f"https://x.com/{handle or 'i/web'}/status/{ident}"
    return _source(tweet.get("full_text") or tweet.get("text"), where, key, ident, sha,
                   speaker=account.get("name") or handle, date=_tweet_date(tweet.get("created_at")),
                   url=url, title=None)


def _tweet_date(value: object) -> str | None:
    """``Wed Oct 10 20:19:24 +0000 2018`` -> ``2018-10-10``."""
    if not isinstance(value, str):
        return None
    try:
        return _dt.datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").date().isoformat()
    except ValueError:
        return normalize_date(value)


def _source(text: object, where: str, key: str, ident: object, sha: str, **meta) -> Source | Skip:
    if not isinstance(text, str):
        return Skip(f"{where}: " + ('missing "text"' if text is None else '"text" must be a string'))
    if len(text) > MAX_CHARS:
        return Skip(f"{where}: \"text\" too long")
    cleaned = clean_plain(text)
    if not cleaned:
        return Skip(f"{where}: empty \"text\"")
    if isinstance(ident, bool) or not isinstance(ident, (str, int, type(None))):
        return Skip(f"{where}: \"id\" must be a string or a whole number")
    suffix = str(ident) if ident is not None and str(ident).strip() else where.rsplit(" ", 1)[1]
    speaker = meta.pop("speaker")
    return Source(path=f"{key}#{suffix}", sha256=sha, text=cleaned, speaker=speaker,
                  title=meta.pop("title") or (f"Post by {speaker}" if speaker else "Post"),
                  default_kind="other", **meta)


def _sha(record: object) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8", "surrogatepass")
                          ).hexdigest()

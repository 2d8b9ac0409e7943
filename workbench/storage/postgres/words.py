"""The words of a passage as SQLite's FTS5 indexes them, for the ``tsvector`` of PostgreSQL.

The search must find the same passages on both backends, so PostgreSQL must index exactly the
words FTS5's ``unicode61 remove_diacritics 2`` tokenizer makes (letters, digits and private-use
characters; case folded and accents removed by SQLite's own tables, which differ from both
PostgreSQL's parser and ``unaccent``: "ß" stays, "3.5" is two words, "e-mail" is two). Rather
than imitate it, we ask it: texts with anything beyond ASCII go through a contentless FTS5
table in memory and come back as (word, offset) from its vocabulary; ASCII texts take a fast
path that is the same rule in ASCII (runs of [0-9A-Za-z], lower-cased). The words are then
written as a ``tsvector`` literal (:func:`tsvector`), never re-parsed by PostgreSQL.
Query words go through the same function (:func:`query_words`)."""

from __future__ import annotations

import re
import sqlite3
import threading

__all__ = ["passage_words", "tsvector", "tsquery", "query_words"]

_ASCII_WORD = re.compile(r"[a-z0-9]+")
MAX_LEXEME_BYTES = 2047  # PostgreSQL's longest lexeme; a longer "word" is left out
MAX_LEXEME_TOTAL = 1_000_000  # a tsvector's lexemes must fit in 1 MB: the rest is left out
MAX_POSITIONS = 256  # positions a tsvector keeps per lexeme
MAX_POSITION = 16383  # the largest position it stores

_local = threading.local()


def _tokenizer() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, content='', "
                     "tokenize='unicode61 remove_diacritics 2')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        _local.conn = conn
    return conn


def passage_words(texts: list[str]) -> list[dict[str, list[int]]]:
    """For each text, its words (as FTS5 indexes them) with their 0-based offsets."""
    out: list[dict[str, list[int]]] = [{} for _ in texts]
    other = []
    for i, text in enumerate(texts):
        if text.isascii():
            words = out[i]
            for at, word in enumerate(_ASCII_WORD.findall(text.lower())):
                words.setdefault(word, []).append(at)
        else:
            other.append(i)
    if other:
        conn = _tokenizer()
        conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)",
                         [(i, texts[i]) for i in other])
        for term, i, at in conn.execute("SELECT term, doc, offset FROM v ORDER BY doc, offset"):
            out[i].setdefault(term, []).append(at)
        conn.execute("INSERT INTO t(t) VALUES ('delete-all')")
    return out


def query_words(term: str) -> list[str]:
    """The words FTS5 makes of one query word (usually the word itself, lower-cased)."""
    return list(passage_words([term])[0])


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(words: dict[str, list[int]]) -> str:
    """The ``tsvector`` literal of :func:`passage_words`'s words (positions 1-based), within
    PostgreSQL's limits (see the constants)."""
    parts, total = [], 0
    for word, offsets in words.items():
        size = len(word.encode("utf-8"))
        if size > MAX_LEXEME_BYTES or total + size > MAX_LEXEME_TOTAL:
            continue
        total += size
        positions = ",".join(str(min(at + 1, MAX_POSITION)) for at in offsets[:MAX_POSITIONS])
        parts.append(f"{_lexeme(word)}:{positions}")
    return " ".join(parts)


def tsquery(groups: list[list[str]]) -> str | None:
    """The ``tsquery`` literal of an OR of ANDs of query words; None when no group can match
    (a word FTS5 would make nothing of)."""
    ors = []
    for group in groups:
        ands: list[str] = []
        for term in group:
            words = query_words(term)
            if not words:
                break
            ands += [_lexeme(w) for w in words]
        else:
            if ands:
                ors.append("(" + " & ".join(ands) + ")")
    return " | ".join(ors) if ors else None

"""The words of a passage as SQLite's FTS5 indexes them, for the ``tsvector`` of PostgreSQL.

The search must find the same passages on both backends, so PostgreSQL must index exactly the
words FTS5's ``unicode61 remove_diacritics 2`` tokenizer makes (letters, digits and private-use
characters; case folded and accents removed by SQLite's own tables, which differ from both
PostgreSQL's parser and ``unaccent``: "ß" stays, "3.5" is two words, "e-mail" is two). Rather
than imitate it, we ask it: texts with anything beyond ASCII go through a contentless FTS5
table in memory and come back from its vocabulary; ASCII texts take a fast path that is the
same rule in ASCII (runs of [0-9A-Za-z], lower-cased). The words are then written as a
``tsvector`` literal (:func:`tsvector`), never re-parsed by PostgreSQL.
Query words go through the same function (:func:`query_words`)."""

from __future__ import annotations

import re
import sqlite3
import threading

from workbench.storage.at_least import nested_at_least

__all__ = ["passage_words", "indexed", "tsvector", "tsquery", "at_least_tsquery", "query_words"]

_ASCII_WORD = re.compile(r"[a-z0-9]+")
MAX_LEXEME_BYTES = 2047  # PostgreSQL's longest lexeme; a longer "word" is left out
MAX_LEXEME_TOTAL = 1_000_000  # a tsvector's lexemes must fit in 1 MB: the rest is left out

_local = threading.local()
_SEPARATOR_CANDIDATES = ("’‘“”—–…\xa0•€£©®™·«»„‚′″\u200b\u2009\u202f\xad§°±×÷¶\u2028\u2029"
                         "\u2002\u2003\u2010\u2011\u2012\u2015\ufeff")
"""Characters beyond ASCII common in English text: a text with no others, of those FTS5 treats
as separators (checked with FTS5 itself, once), takes the ASCII path (they separate words
there too: [a-z0-9]+ never spans them)."""
_separators: re.Pattern | None = None


def _others() -> re.Pattern:
    """A character that is neither ASCII nor one of the separators FTS5 and we agree on."""
    global _separators
    if _separators is None:
        found = _fts5_words(["a" + c + "b" for c in _SEPARATOR_CANDIDATES])
        agreed = "".join(c for c, words in zip(_SEPARATOR_CANDIDATES, found)
                         if sorted(words) == ["a", "b"])
        _separators = re.compile(f"[^\\x00-\\x7f{re.escape(agreed)}]")
    return _separators


def _tokenizer() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, content='', "
                     "tokenize='unicode61 remove_diacritics 2')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        _local.conn = conn
    return conn


def passage_words(texts: list[str]) -> list[list[str]]:
    """For each text, its words as FTS5 indexes them, in text order (repeats included)."""
    out: list[list[str]] = []
    other = []
    others = _others()
    for i, text in enumerate(texts):
        if text.isascii() or not others.search(text):
            out.append(_ASCII_WORD.findall(text.lower()))
        else:
            out.append([])
            other.append(i)
    if other:
        for i, words in zip(other, _fts5_words([texts[i] for i in other])):
            out[i] = words
    return out


def _fts5_words(texts: list[str]) -> list[list[str]]:
    """:func:`passage_words` by FTS5 itself (an in-memory contentless table)."""
    out: list[list[str]] = [[] for _ in texts]
    conn = _tokenizer()
    conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(texts))
    for term, i in conn.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
        out[i].append(term)
    conn.execute("INSERT INTO t(t) VALUES ('delete-all')")
    return out


def query_words(term: str) -> list[str]:
    """The distinct words FTS5 makes of one query word (usually the word itself, lower-cased)."""
    return list(dict.fromkeys(passage_words([term])[0]))


def _lexeme(word: str) -> str:
    if word.isalnum():
        return f"'{word}'"
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def indexed(words: list[str]) -> list[str]:
    """The distinct words of a passage a ``tsvector`` can hold: a word longer than
    PostgreSQL's longest lexeme, or past 1 MB of words, is left out."""
    distinct = list(dict.fromkeys(words))
    # (UTF-8 takes at most 4 bytes a character): the common case needs no loop in Python
    if (max(map(len, distinct), default=0) * 4 <= MAX_LEXEME_BYTES
            and sum(map(len, distinct)) * 4 <= MAX_LEXEME_TOTAL):
        return distinct
    out, total = [], 0
    for word in distinct:
        size = len(word.encode("utf-8"))
        if size <= MAX_LEXEME_BYTES and total + size <= MAX_LEXEME_TOTAL:
            out.append(word)
            total += size
    return out


def tsvector(distinct: list[str]) -> str:
    """The ``tsvector`` literal of :func:`indexed` words, without positions (the search
    asks which passages hold a word, never where)."""
    if not distinct:
        return ""
    if all(map(str.isalnum, distinct)):  # no quote or backslash to escape
        return "'" + "' '".join(distinct) + "'"
    return " ".join(map(_lexeme, distinct))


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


def at_least_tsquery(words: list[str], held: int) -> str:
    """The ``tsquery`` literal of "at least *held* (>= 1) of *words*" (distinct words as
    :func:`query_words` makes them), nested as SQLite's ``match_at_least`` (see
    :mod:`workbench.storage.at_least`)."""
    return nested_at_least([_lexeme(w) for w in words], held, " & ", " | ")

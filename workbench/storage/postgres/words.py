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

__all__ = ["passage_words", "indexed", "tsvector", "tsquery", "query_words"]

_ASCII_WORD = re.compile(r"[a-z0-9]+")
MAX_LEXEME_BYTES = 2047  # PostgreSQL's longest lexeme; a longer "word" is left out
MAX_LEXEME_TOTAL = 1_000_000  # a tsvector's lexemes must fit in 1 MB: the rest is left out
MAX_POSITIONS = 256  # positions a tsvector keeps per lexeme
MAX_POSITION = 16383  # the largest position it stores

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


def passage_words(texts: list[str]) -> list[dict[str, list[int]]]:
    """For each text, its words (as FTS5 indexes them) with their 1-based positions."""
    out: list[dict[str, list[int]]] = [{} for _ in texts]
    other = []
    others = _others()
    for i, text in enumerate(texts):
        if text.isascii() or not others.search(text):
            words = out[i]
            for at, word in enumerate(_ASCII_WORD.findall(text.lower()), 1):
                if word in words:
                    words[word].append(at)
                else:
                    words[word] = [at]
        else:
            other.append(i)
    if other:
        for i, words in zip(other, _fts5_words([texts[i] for i in other])):
            out[i] = words
    return out


def _fts5_words(texts: list[str]) -> list[dict[str, list[int]]]:
    """:func:`passage_words` by FTS5 itself (an in-memory contentless table)."""
    out: list[dict[str, list[int]]] = [{} for _ in texts]
    conn = _tokenizer()
    conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(texts))
    for term, i, at in conn.execute("SELECT term, doc, offset + 1 FROM v ORDER BY doc, offset"):
        out[i].setdefault(term, []).append(at)
    conn.execute("INSERT INTO t(t) VALUES ('delete-all')")
    return out


def query_words(term: str) -> list[str]:
    """The words FTS5 makes of one query word (usually the word itself, lower-cased)."""
    return list(passage_words([term])[0])


def _lexeme(word: str) -> str:
    if word.isalnum():
        return f"'{word}'"
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def indexed(words: dict[str, list[int]]) -> list[tuple[str, list[int]]]:
    """:func:`passage_words`'s words as a ``tsvector`` can hold them (see the constants): a
    word too long, or past 1 MB of words, is left out; positions are capped."""
    counts = list(map(len, words.values()))
    if (max(map(len, words), default=0) * 4 <= MAX_LEXEME_BYTES
            and sum(map(len, words)) * 4 <= MAX_LEXEME_TOTAL
            and sum(counts) <= MAX_POSITION and max(counts, default=0) <= MAX_POSITIONS):
        # (UTF-8 takes at most 4 bytes a character; a position is at most the number of
        # words.) Every limit holds: the common case, without a loop over the words in Python.
        return list(words.items())
    out, total = [], 0
    for word, positions in words.items():
        size = len(word) if word.isascii() else len(word.encode("utf-8"))
        if size > MAX_LEXEME_BYTES or total + size > MAX_LEXEME_TOTAL:
            continue
        total += size
        if len(positions) > MAX_POSITIONS:
            positions = positions[:MAX_POSITIONS]
        if positions[-1] > MAX_POSITION:
            positions = [min(at, MAX_POSITION) for at in positions]
        out.append((word, positions))
    return out


def tsvector(entries: list[tuple[str, list[int]]]) -> str:
    """The ``tsvector`` literal of :func:`indexed` words (never parsed as text by PostgreSQL)."""
    return " ".join(f"{_lexeme(word)}:{','.join(map(str, positions))}"
                    for word, positions in entries)


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

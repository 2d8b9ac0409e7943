"""Corrections of the engine: the checker's edits of the quote list of one article version.

A correction is one of four operations, recorded in the undo log like a verdict (see
:meth:`workbench.review.session.Session.correct`), shared by every reviewer of the version
(like the quote list itself):

* ``add``: a quote the engine missed, found in the article by (part of) its words
  (:func:`find_words`); it gets a reviewer id (``r1``, ``r2``…), so engine ids never shift;
* ``span``: the current quote trimmed or extended by a word at either end (:func:`step_edge`);
* ``merge``: the quote and the next one are one statement, two parts;
* ``reject``: "not a quote": the quote leaves the list, and stays in the record.

The quote list a session shows is :func:`apply` of the engine's quotes and the corrections in
force (in the order they were made). Identity is stable: a corrected quote keeps its id and the
key its verdicts are stored under (the engine's offsets), so a verdict stays with a trimmed quote;
a quote merged into another or rejected keeps its verdicts in the record (as orphans).

Every rule here is pure: no storage, no UI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from workbench.errors import ReviewError
from workbench.models import Quote

__all__ = ["OPS", "REWORDING", "EDGES", "Correction", "Origin", "Applied", "apply", "find_words",
           "step_edge", "quote_text", "quote_spans", "add_op", "span_op", "merge_op",
           "reject_op", "describe", "next_reviewer_id"]

OPS = ("add", "span", "merge", "reject")
REWORDING = ("span", "merge")
"""The operations that change a quote's words: the verdicts on it are marked for a second
look, and an undo of the correction takes that mark back (:mod:`workbench.review.session`)."""
EDGES = ("start", "end")
ADDED_KEY = "added:"  # the verdict key of an added quote: "added:" + the action's id

# Quote marks and dashes are matched as one character each, whatever their style.
_FOLD = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"} | {c: "'" for c in "‘’‚‛′‹›`"}
                      | {c: "-" for c in "‐‑‒–—―"})
_SEPARATORS = " \t\r\n\f\v\u00a0\"“”„‟«»"  # not words: space and double quote marks
_WORD = re.compile(rf"[^{re.escape(_SEPARATORS)}]+")
_FIRST_TO_LAST_ALNUM = re.compile(r"[^\W_](?:.*[^\W_])?", re.S)
# Kept out of a quote when extending: double marks and opening single ones (a closing single
# mark is also an apostrophe: "the workers' union").
_QUOTE_MARKS = "\"“”„‟«»″〝〞＂‘‚‛‹›"


@dataclass(frozen=True)
class Correction:
    """One correction in force: the operation (``op``), the quote it acts on (``target``; for
    ``add``, the new quote's id), its data, and who made it when."""

    op: str
    target: str
    data: dict
    reviewer: str | None = None
    at: str | None = None

    @classmethod
    def from_action(cls, after: dict, reviewer: str | None, at: str | None) -> Correction | None:
        """The correction an undo log entry records (None: not a readable one)."""
        op, target = after.get("op"), after.get("target")
        if op not in OPS or not isinstance(target, str):
            return None
        return cls(op, target, after, reviewer, at)


@dataclass
class Origin:
    """Where a quote of the list comes from: ``engine`` or ``reviewer`` (added), what the
    engine had said (``Quote.to_dict()``; None for an added quote or one nobody corrected),
    and the corrections made to it (``trimmed``, ``merged q4``…)."""

    origin: str = "engine"
    engine: dict | None = None
    corrections: list[str] = field(default_factory=list)
    added_by: str | None = None


@dataclass(frozen=True)
class Removed:
    """A quote that left the list: rejected ("not a quote") or merged into another."""

    quote: dict  # Quote.to_dict() as it was
    key: str
    why: str  # "rejected" | "merged"
    into: str | None  # for merged: the quote it is part of now
    reviewer: str | None
    at: str | None


@dataclass
class Applied:
    """The quote list after the corrections: quotes (text order), their verdict keys, their
    origins by id, the quotes removed (rejected or merged away), and the corrections given."""

    quotes: list[Quote]
    keys: list[str]
    origins: dict[str, Origin]
    removed: list[Removed]
    made: list[Correction] = field(default_factory=list)  # the corrections it applied

    @property
    def rejected(self) -> list[Removed]:
        return [r for r in self.removed if r.why == "rejected"]


def quote_text(text: str, parts: Sequence[Sequence[int]]) -> str:
    """A quote's text: its parts joined by a space (as the engine makes it)."""
    return " ".join(text[s:e] for s, e in parts)


def apply(quotes: Sequence[Quote], keys: Sequence[str], corrections: Sequence[Correction],
          text: str) -> Applied:
    """The engine's *quotes* (with their verdict *keys*) with *corrections* applied in order.
    A correction whose quote is no longer there (undone under it) is left out."""
    live: dict[str, list] = {q.id: [q, k] for q, k in zip(quotes, keys)}
    origins = {q.id: Origin() for q in quotes}
    removed: list[Removed] = []
    for c in corrections:
        if c.op == "add":
            if c.target in live or not _valid_parts(c.data.get("parts"), len(text)):
                continue
            parts = [tuple(p) for p in c.data["parts"]]
            live[c.target] = [Quote(c.target, parts, quote_text(text, parts)),
                              c.data.get("key") or f"{ADDED_KEY}{c.target}"]
            origins[c.target] = Origin("reviewer", None, [], c.reviewer)
            continue
        entry = live.get(c.target)
        if entry is None:
            continue
        quote, key = entry
        origin = origins[c.target]
        if c.op == "span":
            # Absolute parts, made from the quote as it was: not once its parts changed under
            # it (a merge undone by another reviewer since).
            if not _valid_parts(c.data.get("parts"), len(text)) or not _made_on(c.data, quote):
                continue
            parts = [tuple(p) for p in c.data["parts"]]
            _remember(origin, quote)
            entry[0] = replace(quote, parts=parts, text=quote_text(text, parts))
            origin.corrections.append(f"{c.data.get('how', 'span')}")
        elif c.op == "merge":
            other = live.get(c.data.get("other"))
            if other is None or other[0].id == quote.id:
                continue
            _remember(origin, quote)
            parts = sorted({*quote.parts, *other[0].parts})
            entry[0] = replace(quote, parts=parts, text=quote_text(text, parts),
                               speaker_id=quote.speaker_id or other[0].speaker_id,
                               speaker_name=quote.speaker_name or other[0].speaker_name)
            origin.corrections.append(f"merged {other[0].id}")
            del live[other[0].id]
            removed.append(Removed(other[0].to_dict(), other[1], "merged", quote.id,
                                   c.reviewer, c.at))
        elif c.op == "reject":
            del live[c.target]
            removed.append(Removed(quote.to_dict(), key, "rejected", None, c.reviewer, c.at))
    ordered = sorted(live.values(), key=lambda e: (e[0].start, e[0].end, e[0].id))
    return Applied([e[0] for e in ordered], [e[1] for e in ordered],
                   {e[0].id: origins[e[0].id] for e in ordered}, removed, list(corrections))


def _made_on(data: dict, quote: Quote) -> bool:
    """Whether a span correction was made on *quote*'s parts as they are (records made before
    ``was`` was kept: on as many parts)."""
    was = data.get("was")
    if isinstance(was, list):
        return [tuple(p) for p in was if isinstance(p, list)] == [tuple(p) for p in quote.parts]
    return len(data["parts"]) == len(quote.parts)


def _remember(origin: Origin, quote: Quote) -> None:
    if origin.origin == "engine" and origin.engine is None:
        origin.engine = quote.to_dict()


def _valid_parts(parts, chars: int) -> bool:
    return (isinstance(parts, list) and bool(parts)
            and all(isinstance(p, (list, tuple)) and len(p) == 2
                    and all(isinstance(x, int) for x in p) and 0 <= p[0] < p[1] <= chars
                    for p in parts))


# --------------------------------------------------------------------------- the operations


def add_op(text: str, words: str, near: int, quote_id: str,
           quotes: Sequence[Quote] = ()) -> dict:
    """The correction adding a quote of *words* (the occurrence nearest offset *near* that is
    not already one of *quotes*)."""
    start, end = find_words(text, words, near, taken=quote_spans(text, quotes))
    return {"op": "add", "target": quote_id, "parts": [[start, end]], "how": "added"}


def quote_spans(text: str, quotes: Sequence[Quote]) -> dict[tuple[int, int], str]:
    """The words of every part of *quotes* (edge punctuation and space left out), with the
    quote's id: a span typed again is that quote, not a new one."""
    spans: dict[tuple[int, int], str] = {}
    for quote in quotes:
        for start, end in quote.parts:
            spans.setdefault(_words_of(text, start, end), quote.id)
    return spans


def _words_of(text: str, start: int, end: int) -> tuple[int, int]:
    """*start*-*end* without the punctuation and space at its edges (all of it if no word)."""
    m = _FIRST_TO_LAST_ALNUM.search(text, start, end)
    return m.span() if m else (start, end)


def span_op(text: str, quote: Quote, edge: str, grow: bool) -> dict:
    """The correction moving *quote*'s *edge* out (*grow*) or in by one word."""
    parts = step_edge(text, quote.parts, edge, grow)
    how = f"{'extended' if grow else 'trimmed'} at the {edge}"
    return {"op": "span", "target": quote.id, "parts": [list(p) for p in parts], "how": how,
            "was": [list(p) for p in quote.parts]}


def merge_op(quotes: Sequence[Quote], quote_id: str) -> dict:
    """The correction merging the quote with the next one in the list."""
    index = next((i for i, q in enumerate(quotes) if q.id == quote_id), None)
    if index is None:
        raise ReviewError(f"no quote {quote_id!r} in this article")
    if index + 1 >= len(quotes):
        raise ReviewError(f"{quote_id} is the last quote: nothing after it to merge with")
    return {"op": "merge", "target": quote_id, "other": quotes[index + 1].id, "how": "merged"}


def reject_op(quote_id: str) -> dict:
    return {"op": "reject", "target": quote_id, "how": "not a quote"}


def describe(op: dict) -> str:
    """A short line for a correction: "q3: trimmed at the end", "r1: added"."""
    if op.get("op") == "merge":
        return f"{op.get('target')}: merged with {op.get('other')}"
    return f"{op.get('target')}: {op.get('how') or op.get('op')}"


def next_reviewer_id(known: Sequence[str]) -> str:
    """The next free reviewer id ``rN`` (N above every one ever used)."""
    numbers = [int(i[1:]) for i in known if re.fullmatch(r"r\d+", i)]
    return f"r{max(numbers, default=0) + 1}"


# --------------------------------------------------------------------------- finding words


def _fold(text: str) -> tuple[str, list[int]]:
    """*text* lower-cased, quote marks and dashes folded, runs of space made one space; with
    the offset in *text* of each character of the result."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for c in ch.translate(_FOLD).lower():
            out.append(c)
            where.append(i)
    return "".join(out), where


def find_words(text: str, words: str, near: int = 0,
               taken: dict[tuple[int, int], str] | None = None) -> tuple[int, int]:
    """The span of *words* in *text* (the occurrence nearest offset *near*), matched whatever
    the case, the spacing and the style of quote marks; quote marks around *words* are not
    part of it. An occurrence whose words are a part of a quote already (*taken*, from
    :func:`quote_spans`) is skipped. Raises :class:`ReviewError` with one line when the
    article does not have them, or only as quotes already."""
    needle, _ = _fold(words.strip().strip(_SEPARATORS + "'‘’"))
    needle = needle.strip()
    if not needle:
        raise ReviewError("type (part of) the quote's words")
    hay, where = _fold(text)
    starts = [m.start() for m in re.finditer(re.escape(needle), hay)]
    if not starts:
        shown = words.strip() if len(words.strip()) <= 60 else words.strip()[:57] + "…"
        raise ReviewError(f"not in the article: {shown!r}")
    spans = [(where[s], where[s + len(needle) - 1] + 1) for s in starts]
    taken = taken or {}
    free = [span for span in spans if _words_of(text, *span) not in taken]
    if not free:
        quote = taken[_words_of(text, *spans[0])]
        raise ReviewError(f"already a quote: {quote}")
    return min(free, key=lambda span: (abs(span[0] - near), span[0]))


# --------------------------------------------------------------------------- word steps


def step_edge(text: str, parts: Sequence[Sequence[int]], edge: str, grow: bool
              ) -> list[tuple[int, int]]:
    """*parts* with the start of the first (``edge="start"``) or the end of the last moved by
    one word: out (*grow*) or in. A word is a run of characters other than space and double
    quote marks; trimming first drops stray marks or space at that edge (``worked out. “``).

    A quote's text never starts or ends with a quote mark, nor takes one in: extending steps
    over marks to the next word, and a word beyond a quote mark (``were “learning``) becomes
    a part of its own, as the engine keeps marks out of a quote's parts; trimming such a part
    of one word drops it again."""
    if edge not in EDGES:
        raise ReviewError(f"an edge is one of {', '.join(EDGES)}, not {edge!r}")
    parts = [tuple(p) for p in parts]
    start, end = parts[0] if edge == "start" else parts[-1]
    if grow:
        new_start, new_end = _grow(text, start, end, edge)
        if (edge == "start" and _has_mark(text[new_end:start])) or (
                edge == "end" and _has_mark(text[end:new_start])):
            return ([(new_start, new_end), *parts] if edge == "start"
                    else [*parts, (new_start, new_end)])
        new = new_start if edge == "start" else new_end
    else:
        new = _shrink(text, start, end, edge)
        if new is None and len(parts) > 1 and _only_marks_between(text, parts, edge):
            return parts[1:] if edge == "start" else parts[:-1]
        if new is None and len(parts) > 1:
            which = "first" if edge == "start" else "last"
            raise ReviewError(f"the quote's {which} part is one word, and a trim keeps every "
                              "part (z undoes a merge)")
        if new is None:
            raise ReviewError("a quote keeps at least one word (mark it not a quote instead)")
    if edge == "start":
        parts[0] = (new, end)
    else:
        parts[-1] = (start, new)
    return parts


def _grow(text: str, start: int, end: int, edge: str) -> tuple[int, int]:
    """The next word out from the edge, its quote marks left out: (start, end). Bits without
    a letter or digit on the way are stepped over (the comma of "Katy," goes along with the
    word after it)."""
    if edge == "end":
        m = next((w for w in _WORD.finditer(text, end) if _has_word(w.group())), None)
        if m is None:
            raise ReviewError("the quote already ends at the end of the article")
    else:
        m = next((w for w in reversed(list(_WORD.finditer(text, 0, start)))
                  if _has_word(w.group())), None)
        if m is None:
            raise ReviewError("the quote already starts at the start of the article")
    word_start, word_end = m.span()
    while text[word_start] in _QUOTE_MARKS:
        word_start += 1
    while text[word_end - 1] in _QUOTE_MARKS:
        word_end -= 1
    return word_start, word_end


def _has_mark(gap: str) -> bool:
    return any(c in _QUOTE_MARKS for c in gap)


def _only_marks_between(text: str, parts: list[tuple[int, int]], edge: str) -> bool:
    """Whether the edge part and its neighbour are split by quote marks only (no word)."""
    gap = text[parts[0][1]:parts[1][0]] if edge == "start" else text[parts[-2][1]:parts[-1][0]]
    return _has_mark(gap) and not _has_word(gap)


def _has_word(fragment: str) -> bool:
    return any(c.isalnum() for c in fragment)


def _shrink(text: str, start: int, end: int, edge: str) -> int | None:
    words = list(_WORD.finditer(text, start, end))
    if len(words) <= 1 and (not words or (words[0].start(), words[0].end()) == (start, end)):
        return None
    if edge == "end":
        if words[-1].end() < end:  # stray marks or space at the end go first
            return words[-1].end()
        return words[-2].end() if len(words) > 1 else None
    if words[0].start() > start:
        return words[0].start()
    return words[1].start() if len(words) > 1 else None

"""Carrying corrections over to a new version of an article, as verdicts are carried.

A correction names quotes by id and offsets of the version it was made on, and neither means
anything in a changed text. So each correction also records the quote(s) it is about as they
were (:func:`record`: text, the words around it, its place), and a new version replays the
earlier version's corrections in order on its own engine quotes, finding each quote again the
way :mod:`workbench.review.carry` pairs verdicts:

* ``add``: the added words are found again in the new text, the occurrence nearest the old
  place (by proportion of the article); it keeps its reviewer id when that is free;
* ``reject``, ``merge``: their quote(s) paired by text, words around and place; a merge needs
  both parts;
* ``span``: the quote paired, then the edge moved where the corrected edge's words are, when
  the new quote has them there.

What cannot be replayed (the words are gone, a part of a merge is gone, the quote's edge
changed, or the correction was recorded before it kept its quote) is returned as
:class:`Uncarried`; the earlier version keeps it in its record.

Pure functions: no storage, no UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.errors import ReviewError
from workbench.models import Quote
from workbench.review import corrections as corr
from workbench.review.carry import pair_quotes, quote_record, snapshot

__all__ = ["Uncarried", "record", "carry"]


@dataclass(frozen=True)
class Uncarried:
    """A correction of the earlier version that does not apply to the new one: what it was
    ("r1: added 'vast right-wing conspiracy'") and why."""

    correction: str
    why: str

    def to_dict(self) -> dict:
        return {"correction": self.correction, "why": self.why}

    @classmethod
    def from_dict(cls, d) -> Uncarried | None:
        if isinstance(d, dict) and isinstance(d.get("correction"), str):
            return cls(d["correction"], str(d.get("why") or ""))
        return None


class _Lost(Exception):
    """Why a correction cannot be carried over."""


def record(op: dict, quotes: Sequence[Quote], text: str) -> dict:
    """*op* with what carrying it over needs: the quote(s) it is about, as they are in
    *quotes* (the list it is made on) or, for an added quote, as it is made."""
    by_id = {q.id: q for q in quotes}
    op = dict(op)
    if op.get("op") == "add":
        parts = [tuple(p) for p in op["parts"]]
        op["quote"] = quote_record(Quote(op["target"], parts, corr.quote_text(text, parts)),
                                   text)
        return op
    quote = by_id.get(op.get("target"))
    if quote is not None:
        op["quote"] = quote_record(quote, text)
    if op.get("op") == "merge" and op.get("other") in by_id:
        op["other_quote"] = quote_record(by_id[op["other"]], text)
    if op.get("op") == "span":
        edge = _edge(op)
        part = op["parts"][0] if edge == "start" else op["parts"][-1]
        op["edge"], op["edge_text"] = edge, text[part[0]:part[1]]
    return op


def carry(corrections: Sequence[corr.Correction], quotes: Sequence[Quote],
          keys: Sequence[str], text: str) -> tuple[list[corr.Correction], list[Uncarried]]:
    """The earlier version's *corrections* (in force, in order) made again on the new
    version's engine *quotes* (with their verdict *keys*) and *text*: the new corrections (their
    data :func:`record`-ed; corrector and time kept) and those that do not carry."""
    ids: dict[str, str] = {}  # old quote id -> the new quote's id
    made: list[corr.Correction] = []
    lost: list[Uncarried] = []
    for c in corrections:
        applied = corr.apply(quotes, keys, made, text)
        try:
            op = _again(c, applied.quotes, ids, text)
        except _Lost as why:
            lost.append(Uncarried(_label(c.data), str(why)))
            continue
        op = record(op, applied.quotes, text)
        made.append(corr.Correction(op["op"], op["target"], op, c.reviewer, c.at))
    return made, lost


def _again(c: corr.Correction, quotes: list[Quote], ids: dict[str, str], text: str) -> dict:
    """The correction *c* made on the new list *quotes*; raises :class:`_Lost` when it cannot."""
    data = c.data
    if c.op == "add":
        return _add(c, quotes, ids, text)
    quote = _find(c.target, data.get("quote"), quotes, ids, text)
    how = data.get("how") or c.op
    if c.op == "reject":
        return {"op": "reject", "target": quote.id, "how": how}
    if c.op == "merge":
        other = _find(data.get("other"), data.get("other_quote"), quotes, ids, text,
                      "the other part of the merge")
        if other.id == quote.id:
            raise _Lost("both parts are one quote now")
        return {"op": "merge", "target": quote.id, "other": other.id, "how": how}
    return {"op": "span", "target": quote.id, "parts": _moved(data, quote, text), "how": how,
            "edge": _edge(data)}


def _add(c: corr.Correction, quotes: list[Quote], ids: dict[str, str], text: str) -> dict:
    was = c.data.get("quote")
    if not isinstance(was, dict) or not was.get("text"):
        raise _Lost("recorded before corrections were carried over")
    near = round(snapshot(was).position * len(text))
    try:
        start, end = corr.find_words(text, was["text"], near, corr.quote_spans(text, quotes))
    except ReviewError as exc:
        if str(exc).startswith("already a quote"):  # the engine finds it now
            raise _Lost(f"{exc} in this version") from None
        raise _Lost("its words are no longer in the article") from None
    taken = {q.id for q in quotes} | set(ids.values())
    new_id = c.target if c.target not in taken else corr.next_reviewer_id(sorted(taken))
    ids[c.target] = new_id
    return {"op": "add", "target": new_id, "parts": [[start, end]], "how": "added",
            "key": c.data.get("key") or f"{corr.ADDED_KEY}{new_id}"}


def _find(old_id, was, quotes: list[Quote], ids: dict[str, str], text: str,
          what: str = "its quote") -> Quote:
    """The new quote that old quote *old_id* (recorded as *was*) is."""
    by_id = {q.id: q for q in quotes}
    if old_id in ids:
        if ids[old_id] in by_id:
            return by_id[ids[old_id]]
        raise _Lost(f"{what} is no longer in the list")
    if not isinstance(was, dict) or not was.get("text"):
        raise _Lost("recorded before corrections were carried over")
    claimed = set(ids.values())
    free = [q for q in quotes if q.id not in claimed]
    pair = pair_quotes([snapshot(was)], [snapshot(quote_record(q, text)) for q in free])[0]
    if pair.new is None:
        raise _Lost(f"{what} is no longer in the article")
    ids[old_id] = free[pair.new].id
    return free[pair.new]


def _moved(data: dict, quote: Quote, text: str) -> list[list[int]]:
    """*quote*'s parts with the corrected edge where its recorded words are."""
    edge, words = _edge(data), data.get("edge_text")
    if not isinstance(words, str) or not words:
        raise _Lost("recorded before corrections were carried over")
    parts = [list(p) for p in quote.parts]
    if edge == "end":
        start = parts[-1][0]
        if text[start:start + len(words)] != words:
            raise _Lost("the quote's words at that edge changed")
        parts[-1][1] = start + len(words)
    else:
        end = parts[0][1]
        if end < len(words) or text[end - len(words):end] != words:
            raise _Lost("the quote's words at that edge changed")
        parts[0][0] = end - len(words)
    return parts


def _edge(data: dict) -> str:
    edge = data.get("edge")
    if edge in corr.EDGES:
        return edge
    return "start" if "start" in str(data.get("how") or "") else "end"


def _label(data: dict) -> str:
    """"r1: added 'vast right-wing conspiracy'", "q3: not a quote ('Our offer stands.')"."""
    line = corr.describe(data)
    was = data.get("quote")
    if isinstance(was, dict) and was.get("text"):
        words = str(was["text"])
        line += f" ({words[:57] + '…' if len(words) > 60 else words!r})"
    return line

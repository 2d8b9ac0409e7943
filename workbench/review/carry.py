"""Carrying verdicts over to a new version of an article: which new quote is which old one.

Offsets say nothing once a paragraph is inserted above a quote, so quotes are paired by what
they say: first by their exact text (spacing and quote style aside), then by similar text,
with the words around the quote and the speaker deciding between candidates. A pair whose text
or speaker differs is *changed*: the verdict moves, marked for a second look. An old quote no
new quote resembles is left unpaired (the caller keeps its verdict as an orphan).

Pure functions over small snapshots, so the rule is tested without a store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.models import Quote

__all__ = ["Snapshot", "Pair", "pair_quotes", "snapshot", "quote_record", "CONTEXT_CHARS"]

CONTEXT_CHARS = 80
"""Characters of article text kept on each side of a quote to tell equal quotes apart."""

# A fuzzy pair needs this much similarity of the quote's own words (0-100), or, when the words
# moved further, this much of the text together with nearly the same surroundings.
MIN_TEXT = 70.0
MIN_TEXT_WITH_CONTEXT, MIN_CONTEXT = 50.0, 75.0

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                              "‘": "'", "’": "'", "‚": "'"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Snapshot:
    """What pairing needs of a quote: its text, speaker, surroundings and place in the text."""

    text: str
    speaker: str | None = None
    before: str = ""
    after: str = ""
    position: float = 0.0  # start / article length: breaks ties between equal candidates


@dataclass(frozen=True)
class Pair:
    """Old quote *old* is new quote *new* (None: gone); *changed*: its text or speaker differ."""

    old: int
    new: int | None
    changed: bool


def snapshot(quote: dict, article_chars: int | None = None) -> Snapshot:
    """A snapshot from a stored quote (``Quote.to_dict()``, with ``context`` when recorded)."""
    context = quote.get("context") if isinstance(quote.get("context"), dict) else {}
    speaker = quote.get("speaker") if isinstance(quote.get("speaker"), dict) else {}
    start = quote.get("start") if isinstance(quote.get("start"), int) else 0
    chars = article_chars or quote.get("article_chars") or 0
    return Snapshot(text=str(quote.get("text") or ""), speaker=speaker.get("name"),
                    before=str(context.get("before") or ""), after=str(context.get("after") or ""),
                    position=start / chars if chars else 0.0)


def quote_record(quote: Quote, text: str) -> dict:
    """The quote as a verdict or a correction keeps it (``Quote.to_dict()``), with the words
    around it and the article's length: what :func:`snapshot` needs to find it again in a
    changed article."""
    data = quote.to_dict()
    data["context"] = {"before": text[max(quote.start - CONTEXT_CHARS, 0):quote.start],
                       "after": text[quote.end:quote.end + CONTEXT_CHARS]}
    data["article_chars"] = len(text)
    return data


def normal(text: str) -> str:
    """The text as compared for an exact pair: one space between words, one quote style."""
    return _SPACES.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def pair_quotes(old: list[Snapshot], new: list[Snapshot]) -> list[Pair]:
    """One :class:`Pair` per old quote, in order; every new quote is used at most once."""
    taken: set[int] = set()
    found: dict[int, Pair] = {}
    by_text: dict[str, list[int]] = {}
    for j, quote in enumerate(new):
        by_text.setdefault(normal(quote.text), []).append(j)
    # Exact text first: most quotes survive an edit word for word.
    for score, i, j in sorted(_exact_candidates(old, new, by_text), reverse=True):
        if i not in found and j not in taken:
            found[i] = Pair(i, j, changed=_speaker_changed(old[i], new[j]))
            taken.add(j)
    # Then similar text, best pairs first.
    rest_new = [j for j in range(len(new)) if j not in taken]
    candidates = []
    for i, quote in enumerate(old):
        if i in found:
            continue
        for j in rest_new:
            score = _fuzzy_score(quote, new[j])
            if score is not None:
                candidates.append((score, i, j))
    for score, i, j in sorted(candidates, reverse=True):
        if i not in found and j not in taken:
            found[i] = Pair(i, j, changed=True)
            taken.add(j)
    return [found.get(i, Pair(i, None, changed=True)) for i in range(len(old))]


def _exact_candidates(old: list[Snapshot], new: list[Snapshot], by_text: dict[str, list[int]]):
    for i, quote in enumerate(old):
        for j in by_text.get(normal(quote.text), ()):
            yield _context_score(quote, new[j]) - abs(quote.position - new[j].position), i, j


def _fuzzy_score(old: Snapshot, new: Snapshot) -> float | None:
    text = fuzz.ratio(normal(old.text).casefold(), normal(new.text).casefold())
    context = _context_score(old, new)
    if text < MIN_TEXT and not (text >= MIN_TEXT_WITH_CONTEXT and context >= MIN_CONTEXT):
        return None
    same_speaker = 5.0 if old.speaker and old.speaker == new.speaker else 0.0
    return text + 0.25 * context + same_speaker


def _context_score(old: Snapshot, new: Snapshot) -> float:
    """How alike the surroundings are (0-100); 50 when the old quote recorded none."""
    if not (old.before or old.after):
        return 50.0
    return (fuzz.ratio(old.before[-CONTEXT_CHARS:], new.before[-CONTEXT_CHARS:])
            + fuzz.ratio(old.after[:CONTEXT_CHARS], new.after[:CONTEXT_CHARS])) / 2


def _speaker_changed(old: Snapshot, new: Snapshot) -> bool:
    return bool(old.speaker and new.speaker and old.speaker != new.speaker)

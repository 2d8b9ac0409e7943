"""``export --format gold``: a reviewed article as one line of the scorer's gold JSONL.

The line is ``{"id", "text", "quotes": [{"start", "end", "text", "speaker", "speaker_start",
"speaker_end", "quote_id", "origin"}]}``, the shape ``score.py`` (the project's scorer) reads
as gold: the quotes as the review left them (corrections applied, "not a quote" left out), one
entry per part (a statement in two parts is two gold spans, as the scorer matches parts), and
the speaker the desk settled on: the desk's verdict's override, else this reviewer's, else the
engine's. ``speaker_start``/``speaker_end`` is a mention of that speaker in the article (the
engine's when it is the engine's speaker, else the mention of a speaker of that name nearest
the quote; null when the article names nobody so). A folder of such lines is an evaluation set.
Validated by ``gold.schema.json``.
"""

from __future__ import annotations

import json
import os
from importlib import resources

from workbench.models import Quote, TextSpan
from workbench.review.session import Session

__all__ = ["export_gold", "gold_id", "load_gold_schema"]


def load_gold_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one gold line, shipped with the package."""
    schema = resources.files("workbench.export").joinpath("gold.schema.json")
    return json.loads(schema.read_text(encoding="utf-8"))


def gold_id(path: str) -> str:
    """The line's id by default: the article's file name without its extension."""
    name = os.path.basename(path.replace("\\", "/").rstrip("/"))
    stem, _ = os.path.splitext(name)
    return stem or name or path


def export_gold(session: Session, doc_id: str | None = None) -> dict:
    """The reviewed article as one gold line (a plain dict; ``json.dumps`` it on one line)."""
    text = session.article.text
    outcomes = session.outcomes()
    own = session.verdicts()
    quotes = []
    for quote, outcome, mine in zip(session.quotes, outcomes, own):
        name = outcome.verdict.speaker or mine.speaker
        mention = quote.mention if not name or name == quote.speaker_name else None
        name = name or quote.speaker_name
        if mention is None and name:
            mention = _nearest_mention(session, name, quote)
        origin = session.origins.get(quote.id)
        for start, end in quote.parts:
            quotes.append({"start": start, "end": end, "text": text[start:end],
                           "speaker": name,
                           "speaker_start": mention.start if mention else None,
                           "speaker_end": mention.end if mention else None,
                           "quote_id": quote.id,
                           "origin": origin.origin if origin is not None else "engine"})
    return {"id": doc_id or gold_id(session.article.path), "text": text, "quotes": quotes}


def _nearest_mention(session: Session, name: str, quote: Quote) -> TextSpan | None:
    mentions = [m for s in session.speakers if s.name == name for m in s.mentions]
    return min(mentions, key=lambda m: abs(m.start - quote.start), default=None)

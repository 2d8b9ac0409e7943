"""The order the review list shows quotes in: text order, or the least sure speakers first.

A speaker's confidence (``Quote.confidence``, calibrated in ``workbench.speakers.confidence``)
says how often a speaker found that way proved right; reviewing the doubtful ones first spends
the checker's time where the extractor is likeliest wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.models import Quote
from workbench.review.verdicts import Verdict

__all__ = ["speaker_doubt", "doubtful_first"]


def speaker_doubt(quote: Quote, verdict: Verdict | None = None) -> float:
    """How unsure the quote's speaker is, 0 (sure) .. 1 (none found). A speaker the checker set
    is sure: a person said so."""
    if verdict is not None and verdict.speaker:
        return 0.0
    if quote.speaker_name is None:
        return 1.0
    return 1.0 - max(0.0, min(1.0, quote.confidence))


def doubtful_first(indices: Sequence[int], quotes: Sequence[Quote],
                   verdicts: Sequence[Verdict] | None = None) -> list[int]:
    """``indices`` (into ``quotes``) reordered: no speaker first, then lowest confidence; ties
    keep text order."""
    def doubt(i: int) -> float:
        return speaker_doubt(quotes[i], verdicts[i] if verdicts is not None else None)

    return sorted(indices, key=lambda i: (-doubt(i), i))

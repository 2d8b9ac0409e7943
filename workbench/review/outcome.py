"""What a team's review says about one quote: every reviewer's verdict, the editor's final one,
and from them the desk's verdict (its *outcome*), which the export and ClaimReview publish.

* ``final``: an editor recorded the final verdict: it stands, whatever the reviewers said;
* ``agreed``: no final verdict, and every reviewer who decided made the same decision (one
  reviewer alone agrees with themself): the latest of those verdicts stands;
* ``disputed_internally``: no final verdict, and two reviewers decided differently: nothing is
  published until an editor decides;
* ``open``: nobody decided (the latest verdict anyone touched is kept: a skip, a note).

A decision is a status of DECISIONS not marked for a second look; two decisions differ in their
status or, for a dispute, their reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.review.verdicts import Verdict

__all__ = ["Outcome", "OUTCOMES", "disagree", "outcome_of"]

OUTCOMES = ("final", "agreed", "disputed_internally", "open")


@dataclass(frozen=True)
class Outcome:
    """The desk's verdict on a quote (``kind``: one of OUTCOMES), the editor's final verdict
    (or None) and every reviewer's verdict by name."""

    kind: str
    verdict: Verdict
    final: Verdict | None = None
    reviews: dict[str, Verdict] = field(default_factory=dict)

    @property
    def decided(self) -> bool:
        """Whether the desk has a decision to publish."""
        return self.kind in ("final", "agreed") and self.verdict.decided


def disagree(by_reviewer: dict[str, Verdict]) -> bool:
    """Whether two reviewers' decisions differ (status, and the reason of a dispute); a skip, an
    unreviewed quote or one marked for a second look is no decision and disagrees with none."""
    return len({(v.status, v.reason) for v in by_reviewer.values() if v.decided}) > 1


def outcome_of(quote_id: str, by_reviewer: dict[str, Verdict],
               final: Verdict | None = None) -> Outcome:
    """The outcome of one quote from its reviewers' verdicts and its final verdict."""
    if final is not None and final.touched:
        return Outcome("final", final, final, by_reviewer)
    if disagree(by_reviewer):
        return Outcome("disputed_internally", Verdict(quote_id), None, by_reviewer)
    decided = [v for v in by_reviewer.values() if v.decided]
    if decided:
        return Outcome("agreed", _latest(decided), None, by_reviewer)
    touched = list(by_reviewer.values())
    return Outcome("open", _latest(touched) if touched else Verdict(quote_id), None, by_reviewer)


def _latest(verdicts: list[Verdict]) -> Verdict:
    return max(verdicts, key=lambda v: v.updated_at or "")

"""The verdict taxonomy: what a checker can say about a quote, and its ClaimReview rating.

A verdict has a *status*; a ``disputed`` quote may also have a *reason* saying what is wrong
with it. Each (status, reason) maps to a schema.org ``Rating`` for ClaimReview export:
``alternateName`` is the verdict in words, ``ratingValue`` sits on a 1 (false) .. 5 (accurate)
scale. ``unverifiable`` gets a name but no value: the checker found no source either way, and a
number would claim a judgement that was not made. ``unreviewed`` and ``skipped`` get no rating
at all (they are not reviews and are left out of ClaimReview).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import ReviewError

__all__ = ["STATUSES", "REASONS", "REVIEWED", "DECISIONS", "BEST_RATING", "WORST_RATING", "Rating", "Verdict",
           "rating_for", "check_status"]

STATUSES = ("unreviewed", "confirmed", "disputed", "unverifiable", "skipped")
REASONS = ("misquoted", "altered", "spliced", "out_of_context", "wrong_speaker", "fabricated",
           "wrong_date_or_venue", "other")
REVIEWED = ("confirmed", "disputed", "unverifiable")
"""Statuses that are a judgement, and so a ClaimReview."""
DECISIONS = REVIEWED
"""Statuses that count as done: progress, ``n`` and the export count these; ``skipped`` is
not one (the checker put the quote off, it is still open)."""

BEST_RATING, WORST_RATING = 5, 1


@dataclass(frozen=True)
class Rating:
    """A ClaimReview ``reviewRating``: the verdict in words and, when it has one, its value."""

    name: str
    value: int | None

    def to_claimreview(self) -> dict:
        rating = {"@type": "Rating", "alternateName": self.name,
                  "bestRating": BEST_RATING, "worstRating": WORST_RATING}
        if self.value is not None:
            rating["ratingValue"] = self.value
        return rating


# Values follow common fact-checking scales: words the speaker never said (fabricated) at the
# bottom; real words made to say something else (misquoted, altered, spliced, misattributed)
# next; real words that are right but misleading without their context in the middle.
_RATINGS: dict[tuple[str, str | None], Rating] = {
    ("confirmed", None): Rating("Accurate", 5),
    ("disputed", None): Rating("Disputed", 2),
    ("disputed", "misquoted"): Rating("Misquoted", 2),
    ("disputed", "altered"): Rating("Altered quote", 2),
    ("disputed", "spliced"): Rating("Spliced quote", 2),
    ("disputed", "out_of_context"): Rating("Out of context", 3),
    ("disputed", "wrong_speaker"): Rating("Misattributed", 2),
    ("disputed", "fabricated"): Rating("Fabricated", 1),
    # The words were said, but not when or where the article says (an old quote sold as new):
    # misleading as words out of their context are.
    ("disputed", "wrong_date_or_venue"): Rating("Wrong date or venue", 3),
    ("disputed", "other"): Rating("Disputed", 2),
    ("unverifiable", None): Rating("Unverifiable", None),
}


def check_status(status: str, reason: str | None) -> None:
    """Raise :class:`ReviewError` unless (*status*, *reason*) is a valid pair: a reason is
    only given with ``disputed`` (and may be left out there until the checker picks one)."""
    if status not in STATUSES:
        raise ReviewError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
    if reason is None:
        return
    if status != "disputed":
        raise ReviewError(f"a reason is only given with 'disputed', not with {status!r}")
    if reason not in REASONS:
        raise ReviewError(f"unknown reason {reason!r} (expected one of {', '.join(REASONS)})")


def rating_for(status: str, reason: str | None = None) -> Rating | None:
    """The ClaimReview rating of a verdict; None for ``unreviewed`` and ``skipped``."""
    check_status(status, reason)
    return _RATINGS.get((status, reason))


@dataclass(frozen=True)
class Verdict:
    """What the checker decided about one quote. ``speaker`` is the checker's override of the
    extracted speaker (None: the extraction stands); ``evidence`` the chosen corpus match as a
    plain dict (an evidence record, or ``Match.to_dict()`` in sessions saved before records
    existed). ``reviewer`` and ``updated_at`` (ISO-8601 UTC) are None for a quote nobody has
    touched. ``recheck``: the decision is about other words: carried over from an earlier
    version of the article whose quote changed, or a correction (trim, extend, merge) changed
    the quote's words since; the checker should look again (any new status clears it)."""

    quote_id: str
    status: str = "unreviewed"
    reason: str | None = None
    note: str = ""
    speaker: str | None = None
    evidence: dict | None = None
    reviewer: str | None = None
    updated_at: str | None = None
    recheck: bool = False

    @property
    def reviewed(self) -> bool:
        """Anything but ``unreviewed`` (the checker saw the quote, a skip included)."""
        return self.status != "unreviewed"

    @property
    def decided(self) -> bool:
        """A decision (confirmed, disputed, unverifiable) that needs no second look."""
        return self.status in DECISIONS and not self.recheck

    @property
    def owes_evidence(self) -> bool:
        """A decision with no evidence recorded: decided while its corpus search still ran
        (perhaps in an earlier run of the app); the match the search shows is recorded once it
        is done."""
        return self.decided and self.evidence is None

    @property
    def rating(self) -> Rating | None:
        return rating_for(self.status, self.reason)

    @property
    def touched(self) -> bool:
        """True when the verdict holds anything the checker entered."""
        return (self.status != "unreviewed" or bool(self.note) or self.speaker is not None
                or self.evidence is not None)

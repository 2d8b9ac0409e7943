"""Reviewing an article: verdicts (the taxonomy) and sessions (saved action by action).

Headless: the command line and the review UI both build on :class:`SessionStore`.
"""

from workbench.review.session import Orphan, Session, SessionInfo, SessionStore
from workbench.review.verdicts import REASONS, STATUSES, Rating, Verdict, rating_for

__all__ = ["SessionStore", "Session", "SessionInfo", "Orphan", "Verdict", "Rating", "STATUSES",
           "REASONS", "rating_for"]

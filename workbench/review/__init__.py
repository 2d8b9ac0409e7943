"""Reviewing an article: verdicts (the taxonomy) and sessions (saved action by action).

Headless: the command line and the review UI both build on :class:`SessionStore`. The names
below load on first use, so that the command line's parser does not import the session store.
"""

from __future__ import annotations

from workbench.lazy import lazy_getattr

_LAZY = {name: "session" for name in ("Orphan", "Session", "SessionInfo", "SessionStore")}
_LAZY.update({name: "verdicts" for name in ("REASONS", "STATUSES", "Rating", "Verdict",
                                            "rating_for")})

__all__ = ["SessionStore", "Session", "SessionInfo", "Orphan", "Verdict", "Rating", "STATUSES",
           "REASONS", "rating_for"]

__getattr__ = lazy_getattr(__name__, _LAZY)

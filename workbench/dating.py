"""When a source was said against when the article ran: "said 6 weeks before the article", and a
source dated after the article flagged (the article cannot have quoted it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DateGap:
    """The article's date minus the source's, in days: positive when the source came first."""

    days: int

    @property
    def after_article(self) -> bool:
        return self.days < 0

    def words(self) -> str:
        if self.days == 0:
            return "said the day of the article"
        span = _span(abs(self.days))
        if self.after_article:
            return f"dated {span} after the article"
        return f"said {span} before the article"


OLD_QUOTE_DAYS = 180
"""A source this many days or more before the article is "an old quote presented as new" unless
the article says when it was said: news quotes come from the same news cycle (days, a few
weeks), and half a year is well outside any; the reviewer confirms (a suggestion only)."""


def is_old_quote(gap: DateGap | None) -> bool:
    """The source came OLD_QUOTE_DAYS or more before the article."""
    return gap is not None and gap.days >= OLD_QUOTE_DAYS


def parse_day(text: str | None) -> date | None:
    """The day an ISO date (or date-time) names; None for none or anything else."""
    try:
        return date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None


def date_gap(source_date: str | None, article_date: str | None) -> DateGap | None:
    """The gap between the two dates; None when either is missing or unreadable."""
    source, article = parse_day(source_date), parse_day(article_date)
    if source is None or article is None:
        return None
    return DateGap((article - source).days)


def _span(days: int) -> str:
    if days < 14:
        n, unit = days, "day"
    elif days < 61:
        n, unit = round(days / 7), "week"
    elif days < 730:
        n, unit = round(days / 30.44), "month"
    else:
        n, unit = round(days / 365.25), "year"
    return f"{n} {unit}{'s' if n != 1 else ''}"

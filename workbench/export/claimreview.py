"""``export --format claimreview``: schema.org ClaimReview JSON-LD, one review per judged quote.

The output is ONE JSON-LD document, ``{"@context": "https://schema.org", "@graph": [...]}``,
rather than a bare list: a single ``@context`` instead of one per review, and it is what
JSON-LD processors and structured-data testing tools read as is (paste it into a
``<script type="application/ld+json">`` block).

A quote is reviewed when the desk's verdict on it (:mod:`workbench.review.outcome`: the
editor's final verdict, else the one the reviewers agree on) is ``confirmed``, ``disputed`` or
``unverifiable`` (``unreviewed`` and ``skipped`` are not reviews, and a quote the reviewers
disagree on with no final verdict is not published: all are left out). Verdicts on quotes the
current extraction no longer has (orphans) are reviews of the same article's words, so they are
included too. Each review:

* ``claimReviewed``: the quote's text;
* ``itemReviewed``: a ``Claim`` whose ``author`` is the speaker (the checker's override if set;
  a ``Person``, or an ``Organization`` for organisations and groups; left out when unknown) and
  whose ``appearance`` is the article: a ``CreativeWork`` with its title as ``headline`` and,
  when known, its ``url`` (``--url``, else the file's canonical URL) and ``datePublished``
  (the article's publication date);
* ``reviewRating``: see :mod:`workbench.review.verdicts`;
* ``author``: the organisation from the config, else the reviewer who made the verdict (or the
  one the config names) as a ``Person``, else left out (never the login name);
* ``datePublished``: when the verdict was made (ISO-8601 UTC);
* ``reviewBody``: the checker's note, when there is one.

There is no ClaimReview ``url``: schema.org and Google's fact-check guide define it as the page
that publishes the fact check, which the desk knows only once it publishes; the reviewed
article's URL belongs to ``appearance`` (Google's ``claimAppearances``).
"""

from __future__ import annotations

from workbench.config import Config
from workbench.models import Speaker
from workbench.review.session import Session
from workbench.review.verdicts import Verdict

__all__ = ["CONTEXT", "export_claimreview"]

CONTEXT = "https://schema.org"
_ORGANIZATION_KINDS = {"organization", "group"}


def export_claimreview(session: Session, config: Config, *, article_url: str | None = None
                       ) -> dict:
    """The reviewed quotes of *session* as one JSON-LD document; *article_url* (checked by
    the caller) stands for the URL the article file states."""
    pairs = [(q.to_dict(), o.verdict) for q, o in zip(session.quotes, session.outcomes())]
    pairs += [(o.quote, o.verdict) for o in session.orphans(everyone=True)]
    pairs.sort(key=lambda p: (p[0].get("start", 0), p[0].get("end", 0)))
    article = session.article
    appearance = _appearance(article.title, article_url or article.url, article.date)
    graph = [_review(quote, verdict, session.speakers, appearance, config)
             for quote, verdict in pairs if verdict.rating is not None]
    return {"@context": CONTEXT, "@graph": graph}


def _review(quote: dict, verdict: Verdict, speakers: list[Speaker], appearance: dict,
            config: Config) -> dict:
    claim: dict = {"@type": "Claim"}
    author = _claim_author(quote, verdict, speakers)
    if author is not None:
        claim["author"] = author
    claim["appearance"] = appearance
    review = {"@type": "ClaimReview", "claimReviewed": quote.get("text", ""),
              "itemReviewed": claim, "reviewRating": verdict.rating.to_claimreview()}
    author = _review_author(config, verdict)
    if author is not None:
        review["author"] = author
    review["datePublished"] = verdict.updated_at
    if verdict.note.strip():
        review["reviewBody"] = verdict.note.strip()
    return review


def _claim_author(quote: dict, verdict: Verdict, speakers: list[Speaker]) -> dict | None:
    """Who said it: the override, else the extracted speaker; None when neither is known."""
    extracted = quote.get("speaker") or {}
    name = verdict.speaker or extracted.get("name")
    if not name:
        return None
    kind = _kind_of(name, extracted.get("id") if not verdict.speaker else None, speakers)
    return {"@type": "Organization" if kind in _ORGANIZATION_KINDS else "Person", "name": name}


def _kind_of(name: str, speaker_id: str | None, speakers: list[Speaker]) -> str:
    for speaker in speakers:
        if speaker.id == speaker_id or (speaker_id is None and speaker.name == name):
            return speaker.kind
    return "unknown"


def _review_author(config: Config, verdict: Verdict) -> dict | None:
    if config.organization_name:
        author = {"@type": "Organization", "name": config.organization_name}
        if config.organization_url:
            author["url"] = config.organization_url
        return author
    name = verdict.reviewer or config.reviewer
    return {"@type": "Person", "name": name} if name else None


def _appearance(title: str, url: str | None, date: str | None) -> dict:
    work = {"@type": "CreativeWork", "headline": title}
    if url:
        work["url"] = url
    if date:
        work["datePublished"] = date
    return work

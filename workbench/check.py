"""Fact-check an article against the corpus: every quote, where it comes from, and who said it.

``check_article(nlp, article, store)`` extracts the quotes (:func:`workbench.extract.extract`),
searches the corpus for each (:func:`workbench.corpus.search.search`, part by part for a quote
the article interrupts), and judges two things per quote:

* the words: found verbatim (a faithful cut counts), found with changes, spliced, not found;
* the speaker: the source passage's speaker is the same person as the article's speaker, another
  person, or unknown (no source, no speaker on either side, or a group we cannot compare).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.controls import strip_controls
from workbench.corpus.match import Match
from workbench.corpus.search import QUESTION_SPEAKER, Searcher, merge_matches
from workbench.corpus.tokens import tokenize
from workbench.dating import DateGap, date_gap
from workbench.models import Article, Extraction, Quote, Speaker
from workbench.speakers.names import name_tokens, role_key, same_speaker

ASSESSMENTS = {"verbatim": "found verbatim", "changed": "found with changes",
               "spliced": "spliced", "not_found": "not found"}
SPEAKER_VERDICTS = {"same": "same person", "other": "another person", "unknown": "unknown"}
_ASSESSMENT_OF_KIND = {"verbatim": "verbatim", "partial": "verbatim", "close": "changed",
                       "altered": "changed", "spliced": "spliced"}
TOO_SHORT_WORDS = 2
"""A quote of this many words or fewer ("inflation", "fake news") is searched (word for word
only), but finding it proves nothing: anyone says such words. The check says so."""
TOO_SHORT_NOTE = "too short to judge a quote on"

SHORT_TO_PLACE = 5
"""Quotes of this many words or fewer are common enough to be lost in the whole corpus: with no
speaker to narrow the search, "not found" says so rather than "no match"."""
SHORT_TO_PLACE_NOTE = "too short to place without a speaker"


@dataclass(frozen=True)
class SpeakerCheck:
    """Whether the source's speaker is the article's, and the two names compared."""

    verdict: str  # same | other | unknown
    article: str | None
    source: str | None
    note: str = ""

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "article": self.article, "source": self.source,
                "note": self.note or None}


@dataclass
class QuoteCheck:
    """One quote of the article with its best matches and the two verdicts."""

    quote: Quote
    matches: list[Match]
    assessment: str  # verbatim | changed | spliced | not_found
    speaker: SpeakerCheck
    words: int  # in the quote, as the search counts them
    date_gap: DateGap | None = None  # the best match's source date against the article's
    lead: Match | None = None  # when nothing is found: a weak lead, never a finding

    @property
    def too_short(self) -> bool:
        """Too few words for a finding to confirm anything (see TOO_SHORT_WORDS)."""
        return self.words <= TOO_SHORT_WORDS

    @property
    def note(self) -> str | None:
        if not self.matches and not self.quote.speaker_name and self.words <= SHORT_TO_PLACE:
            return f"{SHORT_TO_PLACE_NOTE} ({self.words} words)"
        if self.too_short:
            return f"{TOO_SHORT_NOTE} ({self.words} word{'s' if self.words != 1 else ''})"
        return None

    def to_dict(self) -> dict:
        out = self.quote.to_dict()
        out["assessment"] = self.assessment
        out["too_short"] = self.too_short
        out["note"] = self.note
        out["speaker_check"] = self.speaker.to_dict()
        out["date_gap_days"] = self.date_gap.days if self.date_gap else None
        out["source_after_article"] = bool(self.date_gap and self.date_gap.after_article)
        out["matches"] = [m.to_dict() for m in self.matches]
        out["lead"] = self.lead.to_dict() if self.lead else None
        return out


@dataclass
class CheckReport:
    """Everything ``workbench check`` found for one article."""

    extraction: Extraction
    checks: list[QuoteCheck]

    def to_dict(self) -> dict:
        out = self.extraction.to_dict()
        out["quotes"] = [c.to_dict() for c in self.checks]
        return out


def check_article(nlp, article: Article, store, limit: int = 3,
                  progress: Callable[[int], None] | None = None) -> CheckReport:
    """Extract the quotes of *article* and check each against *store*."""
    from workbench.extract import extract  # spaCy: only once the caller has checked its input

    return check_extraction(extract(nlp, article), store, limit=limit, progress=progress)


def check_extraction(extraction: Extraction, store, limit: int = 3,
                     progress: Callable[[int], None] | None = None) -> CheckReport:
    """Check every quote of an existing extraction against *store*."""
    searcher = Searcher(store)
    speakers = {s.id: s for s in extraction.speakers}
    checks = []
    for done, quote in enumerate(extraction.quotes, 1):
        checks.append(check_quote(searcher, extraction.article, quote,
                                  speakers.get(quote.speaker_id or ""), limit))
        if progress is not None:
            progress(done)
    return CheckReport(extraction, checks)


def check_quote(searcher: Searcher, article: Article, quote: Quote, speaker: Speaker | None,
                limit: int = 3) -> QuoteCheck:
    """Search one quote (part by part when the article interrupts it) and judge it."""
    parts = [article.text[s:e] for s, e in quote.parts]
    split = parts if len(parts) > 1 else None
    name = quote.speaker_name
    # The credited speaker's own passages first: a short quote of common words is lost among
    # everyone's in the whole corpus. The whole corpus still competes (a better match said by
    # someone else is a misattribution to report).
    own, own_lead = (searcher.search_with_lead(quote.text, speaker=name, limit=limit, parts=split)
                     if name else ([], None))
    anyone, lead = searcher.search_with_lead(quote.text, limit=limit, parts=split)
    matches = merge_matches(own, anyone, limit)
    kind = speaker.kind if speaker is not None else None
    matches = _prefer_same_speaker(matches, name, kind)
    assessment = _ASSESSMENT_OF_KIND.get(matches[0].kind, "changed") if matches else "not_found"
    check = speaker_check(name, kind, matches[0]) if matches else SpeakerCheck(
        "unknown", name, None, "no source found")
    words = len(tokenize(strip_controls(quote.text)).words)  # as the search counted them
    gap = date_gap(matches[0].parts[0].doc.date, article.date) if matches else None
    return QuoteCheck(quote, matches, assessment, check, words, gap,
                      None if matches else own_lead or lead)


def speaker_check(article_speaker: str | None, kind: str | None, match: Match) -> SpeakerCheck:
    """Same, other or unknown: the article's speaker against the speaker of every part of the
    source (a splice from two people is "other" if either is)."""
    verdicts = [_one_speaker(article_speaker, kind, p.speaker, p.doc.title, p.doc.speaker)
                for p in match.parts]
    sources = list(dict.fromkeys(p.speaker for p in match.parts if p.speaker))
    source = "; ".join(sources) or None
    if any(v == "other" for v, _ in verdicts):
        note = next(n for v, n in verdicts if v == "other")
        return SpeakerCheck("other", article_speaker, source, note)
    if verdicts and all(v == "same" for v, _ in verdicts):
        return SpeakerCheck("same", article_speaker, source)
    note = next((n for v, n in verdicts if v == "unknown" and n), "")
    return SpeakerCheck("unknown", article_speaker, source, note)


def _one_speaker(article: str | None, kind: str | None, source: str | None,
                 title: str | None, doc_speaker: str | None) -> tuple[str, str]:
    if not article:
        return "unknown", "the article names no speaker"
    if not source:
        return "unknown", "the source does not say who speaks"
    if source == QUESTION_SPEAKER:
        return "other", "the words are a reporter's question in the source"
    if same_speaker(article, source, title, doc_speaker):
        return "same", ""
    if role_key(article) is not None or role_key(source) is not None:
        return "unknown", "a role the source document does not give to anyone by name"
    if kind not in (None, "person", "unknown") or not name_tokens(article):
        return "unknown", f"the article's speaker is a {kind or 'description'}, not a named person"
    return "other", ""


def _prefer_same_speaker(matches: list[Match], name: str | None, kind: str | None
                         ) -> list[Match]:
    """Of equally good matches (the same words said twice, or quoted back), the article's
    speaker's own comes first."""
    if not matches or not name:
        return matches
    best = matches[0]
    for k, m in enumerate(matches[1:], 1):
        if m.kind != best.kind or m.score < best.score - 0.5:
            break
        if (speaker_check(name, kind, m).verdict == "same"
                and speaker_check(name, kind, best).verdict != "same"):
            return [m] + matches[:k] + matches[k + 1:]
    return matches

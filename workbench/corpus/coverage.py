"""What the corpus holds by whom and when: the honest side of "no match".

A quote not found in a corpus that holds nothing by its speaker (or nothing from the article's
time, or nothing of the kind of source it came from: a hearing's PDF, a video's captions)
proves nothing. :func:`coverage_rows` counts documents and passages by speaker, month and
source kind (``workbench corpus coverage``; the kinds are
:data:`~workbench.storage.records.SOURCE_KINDS`, "unknown" for a document stored without one); :func:`speaker_coverage` gives one speaker's documents and date
range, matched as ``search --speaker`` matches (by name, or by a role the document's title
gives: :func:`workbench.speakers.names.same_speaker`); :func:`absence_note` says it in a line
("the corpus has nothing by Katy Tur", "nothing by Donald Trump after 2016-01-12"). The
counts come from the store's :meth:`~workbench.storage.protocols.CorpusStore.speaker_documents`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from workbench.speakers.names import same_speaker

__all__ = ["CoverageRow", "SpeakerCoverage", "corpus_coverage", "coverage_rows",
           "speaker_coverage", "holdings", "absence_note", "NO_DATE", "REPORTER",
           "UNKNOWN_SOURCE"]

REPORTER = "Q"
"""A reporter's question in a transcript: no one's words, left out of the counts."""
NO_DATE = "undated"
"""The month of documents that have no date."""
UNKNOWN_SOURCE = "unknown"
"""The source kind of documents stored without one."""


@dataclass(frozen=True)
class CoverageRow:
    """Documents and passages of one speaker in one month (``yyyy-mm`` or :data:`NO_DATE`)
    from one kind of source (``pdf``, ``captions``, ...)."""

    speaker: str
    month: str
    documents: int
    passages: int
    source: str = UNKNOWN_SOURCE

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SpeakerCoverage:
    """What the corpus holds by one speaker (as the article names them)."""

    speaker: str
    documents: int
    passages: int
    first: str | None  # the earliest dated document, yyyy-mm-dd
    last: str | None
    sources: tuple[tuple[str, int], ...] = ()  # (source kind, documents), most first

    def to_dict(self) -> dict:
        out = asdict(self)
        out["sources"] = dict(self.sources)
        return out


def _spoken_by(row: tuple, speaker: str) -> bool:
    _, title, doc_speaker, _, who = row[:5]
    return same_speaker(speaker, who, title, doc_speaker)


def _source(row: tuple) -> str:
    """A :meth:`speaker_documents` row's source kind (rows of 6 come from before it was kept)."""
    return (row[6] if len(row) > 6 else None) or UNKNOWN_SOURCE


def corpus_coverage(store, speaker: str | None = None
                    ) -> tuple[list[CoverageRow], SpeakerCoverage | None]:
    """(documents and passages by speaker and month, *speaker*'s coverage or None) of the
    corpus in *store*, read with one query."""
    rows = store.speaker_documents()
    return (coverage_rows(rows, speaker),
            speaker_coverage(rows, speaker) if speaker is not None else None)


def coverage_rows(rows: list[tuple], speaker: str | None = None) -> list[CoverageRow]:
    """The store's :meth:`speaker_documents` rows (*rows*) as documents and passages by speaker,
    month and source kind, by speaker, month, kind; *speaker*: only the rows of that person
    (name or role)."""
    counts: dict[tuple[str, str, str], list] = {}
    for row in rows:
        if speaker is not None and not _spoken_by(row, speaker):
            continue
        doc_id, _, _, date, who, passages = row[:6]
        if who == REPORTER:
            continue
        key = (" ".join(who.split()), date[:7] if date else NO_DATE, _source(row))
        docs, total = counts.setdefault(key, [set(), 0])
        docs.add(doc_id)
        counts[key][1] = total + passages
    return [CoverageRow(who, month, len(docs), passages, source)
            for (who, month, source), (docs, passages) in sorted(
                counts.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1], kv[0][2]))]


def speaker_coverage(rows: list[tuple], speaker: str) -> SpeakerCoverage:
    """The documents by *speaker* among *rows* (the store's :meth:`speaker_documents`)."""
    docs: set[int] = set()
    passages = 0
    dates: list[str] = []
    sources: Counter = Counter()
    for row in rows:
        if _spoken_by(row, speaker):
            if row[0] not in docs:
                if row[3]:
                    dates.append(row[3])
                if len(row) > 6:
                    sources[_source(row)] += 1
            docs.add(row[0])
            passages += row[5]
    return SpeakerCoverage(speaker, len(docs), passages, min(dates, default=None),
                           max(dates, default=None), tuple(sources.most_common()))


def holdings(coverage: SpeakerCoverage) -> str:
    """What the corpus holds by the speaker, in words: "the corpus has nothing by Katy Tur",
    "the corpus has 3 documents by Donald Trump (2015-06-16 to 2016-01-12)"."""
    who = " ".join(coverage.speaker.split())
    if not coverage.documents:
        return f"the corpus has nothing by {who}"
    n = coverage.documents
    held = f"the corpus has {n} document{'s' if n != 1 else ''} by {who}"
    if coverage.first is None:
        return held + " (undated)"
    return held + (f" ({coverage.first})" if coverage.first == coverage.last
                   else f" ({coverage.first} to {coverage.last})")


def absence_note(coverage: SpeakerCoverage, article_date: str | None) -> str:
    """One line on what a quote's absence from the corpus can mean, for its speaker and the
    article's date (yyyy-mm-dd, or None)."""
    who = " ".join(coverage.speaker.split())
    held = holdings(coverage)
    if not coverage.documents:
        return held + ": its silence proves nothing"
    if coverage.first is None:
        return held
    if article_date is None:
        return held + "; the article's date is not known"
    dated = f"and the article is of {article_date}"
    if article_date > coverage.last:
        return f"{held}; nothing by {who} after {coverage.last}, {dated}"
    if article_date < coverage.first:
        return f"{held}; nothing by {who} before {coverage.first}, {dated}"
    return f"{held}, which spans the article's date ({article_date})"

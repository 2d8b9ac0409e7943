"""A reviewed article with evidence for every verdict, exported, for the evidence and verify
tests: a small corpus (``SAMPLE_DOCS``), an article file quoting it (verbatim, in two parts,
altered, not at all, and spliced from two documents), a session with verdicts and evidence
recorded through the session's own API, and the JSON export written next to the article.
No spaCy: the quotes are built by hand from the article text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from corpus_helpers import SAMPLE_DOCS, build_store
from review_helpers import span
from workbench.article import load_article
from workbench.corpus.search import search
from workbench.export.json_export import CorpusInfo, export_json
from workbench.models import Quote
from workbench.review import SessionStore
from workbench.review.evidence import corpus_identity, evidence_record

ARTICLE_TEXT = (
    "Biden digs in\n\n"
    "“We don't back down, and we won't start now,” the president said on Tuesday.\n\n"
    "“Nobody should have to choose between paying for medicine and putting food on the "
    "table,” he said. “That is not who we are as a nation.”\n\n"
    "He promised to “rebuild the backbone of this country: the roads, the bridges, the "
    "harbours and the airports that carry our goods to market.”\n\n"
    "“The moon landing was filmed in a studio in the desert of Nevada,” a caller said.\n\n"
    "“I have never been more optimistic about the future of America than I am tonight,” he "
    "went on. “The bill has support from both parties, and we expect it to pass this year.”\n"
)

PIECES = [
    ["We don't back down, and we won't start now,"],
    ["Nobody should have to choose between paying for medicine and putting food on the table,",
     "That is not who we are as a nation."],
    ["rebuild the backbone of this country: the roads, the bridges, the harbours and the "
     "airports that carry our goods to market."],
    ["The moon landing was filmed in a studio in the desert of Nevada,"],
    ["I have never been more optimistic about the future of America than I am tonight,",
     "The bill has support from both parties, and we expect it to pass this year."],
]
STATUSES = [("confirmed", None), ("confirmed", None), ("disputed", "altered"),
            ("unverifiable", None), ("disputed", "spliced")]
RECORDED_AT = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)


def article_quotes(text: str = ARTICLE_TEXT) -> list[Quote]:
    quotes = []
    for i, pieces in enumerate(PIECES, 1):
        parts = [span(text, p) for p in pieces]
        quotes.append(Quote(id=f"q{i}", parts=[(p.start, p.end) for p in parts],
                            text=" ".join(p.text for p in parts)))
    return quotes


@dataclass
class Reviewed:
    """The files of a published check: the article, the corpus, the export (and its dict)."""

    article: Path
    corpus: Path
    export: Path
    document: dict

    def rewrite(self, document: dict) -> None:
        self.export.write_text(json.dumps(document, ensure_ascii=False, indent=2),
                               encoding="utf-8")


def review(tmp_path: Path) -> Reviewed:
    """Review the article: each quote's best match (or "no match") recorded as its evidence
    with the existing ``Session.set_evidence``, then the verdict; export to JSON."""
    article_file = tmp_path / "article.txt"
    article_file.write_text(ARTICLE_TEXT, encoding="utf-8")
    article = load_article(article_file)
    corpus_path = tmp_path / "corpus.db"
    corpus = build_store(corpus_path, SAMPLE_DOCS)
    try:
        identity = corpus_identity(corpus)
        with SessionStore(tmp_path / "sessions.db", reviewer="ana") as sessions:
            session = sessions.open(article, article_quotes(article.text), [], model="fake")
            for quote, (status, reason) in zip(session.quotes, STATUSES):
                parts = [article.text[s:e] for s, e in quote.parts]
                matches = search(corpus, quote.text, parts=parts if len(parts) > 1 else None)
                record = evidence_record(matches[0] if matches else None, query=quote.text,
                                         speaker=None, store=corpus, corpus=identity,
                                         now=RECORDED_AT)
                session.set_evidence(quote.id, record)
                session.set_status(quote.id, status, reason)
            document = export_json(session, model_version="9.9",
                                   corpus=CorpusInfo(identity["path"], identity["documents"]))
    finally:
        corpus.close()
    export = tmp_path / "article.review.json"
    reviewed = Reviewed(article_file, corpus_path, export, document)
    reviewed.rewrite(document)
    return reviewed

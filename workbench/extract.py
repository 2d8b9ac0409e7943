"""Extraction as plain functions over the spaCy pipeline: what the CLI and the TUI call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from workbench.models import Article, Extraction, Quote, Speaker
from workbench.nlp import model_info
from workbench.quotes.component import COMPONENT_NAME


def _spans_key(nlp) -> str:
    return nlp.get_pipe(COMPONENT_NAME).spans_key if COMPONENT_NAME in nlp.pipe_names else "quotes"


def quotes_from_doc(doc, spans_key: str = "quotes") -> list[Quote]:
    """The quotes the component found, in text order."""
    return [span._.quote for span in doc.spans.get(spans_key, []) if span._.quote is not None]


def speakers_from_doc(doc) -> list[Speaker]:
    return list(doc._.speakers or [])


def extract(nlp, article: Article) -> Extraction:
    """Quotes and speakers of one article."""
    doc = nlp(article.text)
    name, version = model_info(nlp)
    return Extraction(article, name, version, speakers_from_doc(doc),
                      quotes_from_doc(doc, _spans_key(nlp)))


def extract_records(nlp, records: Iterable[tuple[str, str]], batch_size: int = 16
                    ) -> Iterator[tuple[str, list[Quote], list[Speaker]]]:
    """Stream (id, text) pairs through ``nlp.pipe``; yield (id, quotes, speakers) in order."""
    key = _spans_key(nlp)
    for doc, rid in nlp.pipe(((text, rid) for rid, text in records), as_tuples=True,
                             batch_size=batch_size):
        yield rid, quotes_from_doc(doc, key), speakers_from_doc(doc)

"""Extraction as plain functions over the spaCy pipeline: what the CLI and the TUI call.

An article is parsed in pieces of whole paragraphs (``workbench.quotes.pieces``), one piece's
Doc alive at a time, so memory follows the largest paragraph rather than the article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from workbench.models import Article, Extraction, Quote, Speaker
from workbench.nlp import model_info
from workbench.quotes.component import COMPONENT_NAME, QuoteFinder
from workbench.quotes.pieces import PIECE_CHARS

PIECE_BATCH = 2  # pieces parsed together: the parser's batch, and all that is held at once


def _spans_key(nlp) -> str:
    return nlp.get_pipe(COMPONENT_NAME).spans_key if COMPONENT_NAME in nlp.pipe_names else "quotes"


def quotes_from_doc(doc, spans_key: str = "quotes") -> list[Quote]:
    """The quotes the component found, in text order."""
    return [span._.quote for span in doc.spans.get(spans_key, []) if span._.quote is not None]


def speakers_from_doc(doc) -> list[Speaker]:
    return list(doc._.speakers or [])


def find_quotes(nlp, text: str, piece_chars: int | None = PIECE_CHARS
                ) -> tuple[list[Quote], list[Speaker]]:
    """Quotes and speakers of a text, parsed piece by piece with the pipeline's own finder."""
    has_finder = COMPONENT_NAME in nlp.pipe_names
    finder = nlp.get_pipe(COMPONENT_NAME) if has_finder else QuoteFinder()
    disable = [COMPONENT_NAME] if has_finder else []

    def parse(texts: Iterable[str]):
        return nlp.pipe(texts, disable=disable, batch_size=PIECE_BATCH)

    return finder.find(text, parse, piece_chars)


def extract(nlp, article: Article) -> Extraction:
    """Quotes and speakers of one article."""
    quotes, speakers = find_quotes(nlp, article.text)
    name, version = model_info(nlp)
    return Extraction(article, name, version, speakers, quotes)


def extract_records(nlp, records: Iterable[tuple[str, str]], batch_size: int = 16
                    ) -> Iterator[tuple[str, list[Quote], list[Speaker]]]:
    """Stream (id, text) pairs; yield (id, quotes, speakers) in order. Short texts go through
    ``nlp.pipe`` in batches, a long one is parsed in pieces like an article."""
    key = _spans_key(nlp)
    batch: list[tuple[str, str]] = []

    def flush():
        for doc, rid in nlp.pipe(((text, rid) for rid, text in batch), as_tuples=True,
                                 batch_size=batch_size):
            yield rid, quotes_from_doc(doc, key), speakers_from_doc(doc)
        batch.clear()

    for rid, text in records:
        if len(text) <= PIECE_CHARS:
            batch.append((rid, text))
            if len(batch) >= batch_size:
                yield from flush()
            continue
        yield from flush()
        yield (rid, *find_quotes(nlp, text))
    yield from flush()

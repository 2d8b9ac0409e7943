"""Small corpora for the search and check tests, built through the real ``CorpusStore``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.corpus.store import CorpusStore, NewDocument


@pytest.fixture(name="store")
def open_corpus_store(db):
    """The test module's corpus (its ``db`` fixture), opened as it is for one test."""
    s = CorpusStore(db, create=False)
    yield s
    s.close()


@dataclass
class Doc:
    """A test document: its turns (speaker, text) become passages, joined by blank lines."""

    path: str
    title: str
    turns: list[tuple[str | None, str]]
    speaker: str | None = None
    date: str | None = "2022-01-04"
    url: str | None = None
    kind: str | None = "transcript"
    extra: dict = field(default_factory=dict)

    def text_and_passages(self) -> tuple[str, list[tuple[int, int, str | None]]]:
        text, passages = "", []
        for speaker, turn in self.turns:
            if text:
                text += "\n\n"
            passages.append((len(text), len(text) + len(turn), speaker))
            text += turn
        return text, passages


def build_store(path: str | Path, docs: list[Doc]) -> CorpusStore:
    """A store at *path* holding *docs* (open; the caller closes it)."""
    store = CorpusStore(path)
    for d in docs:
        text, passages = d.text_and_passages()
        store.add_document(NewDocument(
            path=d.path, title=d.title, speaker=d.speaker, date=d.date, url=d.url, kind=d.kind,
            sha256=hashlib.sha256(text.encode()).hexdigest(), text=text), passages=passages)
    return store


BRIEFING_TITLE = "Press Briefing by Press Secretary Karine Jean-Pierre"

SAMPLE_DOCS = [
    Doc(path="briefing-2022-06-01", title=BRIEFING_TITLE, kind="briefing", turns=[
        ("Karine Jean-Pierre", "Good afternoon, everyone. The President believes that every "
                               "family deserves a fair shot at the middle class, and he will keep "
                               "fighting for lower costs."),
        ("Q", "Senator Smith said the infrastructure bill is dead on arrival in the Senate. "
              "What is your response to that?"),
        ("Karine Jean-Pierre", "We disagree with the senator. The bill has support from both "
                               "parties, and we expect it to pass this year."),
        ("Karine Jean-Pierre", "Our economy added more than four hundred thousand jobs last month, "
                               "and wages are rising faster than prices for the first time in two "
                               "years."),
    ]),
    Doc(path="remarks-2022-03-01", title="Remarks by President Biden on the Economy",
        speaker="Joseph R. Biden", kind="speech", date="2022-03-01", turns=[
            ("Joseph R. Biden", "We are going to rebuild the backbone of this country: the roads, "
                                "the bridges, the ports and the airports that carry our goods to "
                                "market."),
            ("Joseph R. Biden", "Nobody should have to choose between paying for medicine and "
                                "putting food on the table. That is not who we are as a nation."),
            ("Joseph R. Biden", "We don't back down, and we won't start now."),
            ("Joseph R. Biden", "I have never been more optimistic about the future of America "
                                "than I am tonight."),
        ]),
    Doc(path="governor-2021-11-02", title="Remarks by Governor Jane Doe", speaker="Jane Doe",
        kind="speech", date="2021-11-02", turns=[
            ("Jane Doe", "The state budget will protect our schools and our hospitals from the "
                         "cuts proposed in the capital."),
            ("Jane Doe", "The U.S."),
        ]),
]

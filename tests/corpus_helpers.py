"""Small corpora for the search and check tests, built through the real ``CorpusStore``."""

from __future__ import annotations

import hashlib
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.corpus.store import CorpusStore, NewDocument, open_store

_numbers = itertools.count(1)
BACKENDS = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]
"""Params of a fixture giving a corpus on each backend (see :func:`new_corpus`)."""


@pytest.fixture(name="store")
def open_corpus_store(db):
    """The test module's corpus (its ``db`` fixture), opened as it is for one test."""
    s = open_store(db)
    yield s
    s.close()


def new_corpus(request, tmp_path_factory, backend: str) -> str | Path:
    """Where a new, empty corpus goes on *backend*: an SQLite file, or a fresh database on the
    test server made ready by ``db init`` (dropped when *request*'s scope ends)."""
    if backend == "sqlite":
        return tmp_path_factory.mktemp("corpus") / "corpus.db"
    from pg_server import TEMPLATE_DB, _admin

    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import init_database

    server = request.getfixturevalue("pg_server")
    name = f"corpus_{os.getpid()}_{next(_numbers)}"
    _admin(server, "CREATE DATABASE {} TEMPLATE {}", name, TEMPLATE_DB)
    request.addfinalizer(lambda: _admin(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name))
    with connect(server.url(name)) as conn:
        init_database(conn)
    return server.url(name)


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
    source_kind: str | None = None

    def text_and_passages(self) -> tuple[str, list[tuple[int, int, str | None]]]:
        text, passages = "", []
        for speaker, turn in self.turns:
            if text:
                text += "\n\n"
            passages.append((len(text), len(text) + len(turn), speaker))
            text += turn
        return text, passages


def build_store(path: str | Path, docs: list[Doc]) -> CorpusStore:
    """A store at *path* (a file or a URL) holding *docs* (open; the caller closes it)."""
    store = open_store(path, create=True)
    for d in docs:
        text, passages = d.text_and_passages()
        store.add_document(NewDocument(
            path=d.path, title=d.title, speaker=d.speaker, date=d.date, url=d.url, kind=d.kind,
            sha256=hashlib.sha256(text.encode()).hexdigest(), text=text,
            source_kind=d.source_kind), passages=passages)
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

"""A small hand-made article with its quotes and speakers, for the review and export tests.

No spaCy: the Article, Quote and Speaker dataclasses are built directly, with offsets computed
from the text so they always point at the right words.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workbench.models import Article, Quote, Speaker, TextSpan

TEXT = (
    "Harbour strike goes ahead\n\n"
    "“We will not give up,” said Mary Smith, the union leader.\n\n"
    "“The talks failed,” she said. “We go on strike on Monday.”\n\n"
    "The Harbour Company said: “Our offer stands.”\n\n"
    "Workers want “a fair deal for every docker in this port” before the summer.\n"
)


def span(text: str, needle: str, occurrence: int = 1) -> TextSpan:
    """The *occurrence*-th place of *needle* in *text*."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return TextSpan(start, start + len(needle), needle)


def make_article(text: str = TEXT, path: str = "strike.txt", title: str = "Harbour strike goes ahead"
                 ) -> Article:
    """An Article whose sha256 is that of the UTF-8 text (what load_article gives a .txt)."""
    return Article(path=path, title=title, text=text,
                   sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="txt")


def make_speakers(text: str = TEXT) -> list[Speaker]:
    return [Speaker("s1", "Mary Smith", "person", [span(text, "Mary Smith"), span(text, "she")]),
            Speaker("s2", "The Harbour Company", "organization",
                    [span(text, "The Harbour Company")])]


def _quote(qid: str, text: str, pieces: list[str], **extra) -> Quote:
    parts = [span(text, p) for p in pieces]
    return Quote(id=qid, parts=[(p.start, p.end) for p in parts],
                 text=" ".join(p.text for p in parts), **extra)


def make_quotes(text: str = TEXT) -> list[Quote]:
    """Four quotes: one plain, one in two parts, one by an organisation, one with no speaker."""
    return [
        _quote("q1", text, ["We will not give up,"], speaker_id="s1", speaker_name="Mary Smith",
               mention=span(text, "Mary Smith"), cue=span(text, "said"), confidence=0.91),
        _quote("q2", text, ["The talks failed,", "We go on strike on Monday."], speaker_id="s1",
               speaker_name="Mary Smith", mention=span(text, "she"), cue=span(text, "said", 2),
               confidence=0.74),
        _quote("q3", text, ["Our offer stands."], speaker_id="s2",
               speaker_name="The Harbour Company", mention=span(text, "The Harbour Company"),
               cue=span(text, ":"), confidence=0.88),
        _quote("q4", text, ["a fair deal for every docker in this port"]),
    ]


def renumbered(quotes: list[Quote], ids: list[str]) -> list[Quote]:
    """The same quotes under other ids (a new engine version numbering them differently)."""
    return [Quote(id=i, parts=q.parts, text=q.text, speaker_id=q.speaker_id,
                  speaker_name=q.speaker_name, mention=q.mention, cue=q.cue,
                  confidence=q.confidence) for q, i in zip(quotes, ids)]


# --------------------------------------------------------------------------- CLI fixtures
# The article as a file, and a stand-in pipeline, for tests of the commands that re-extract it
# (export, verdict): import them into a test module to use them.


@pytest.fixture
def article_file(tmp_path) -> Path:
    path = tmp_path / "strike.txt"
    path.write_bytes(make_article().text.encode("utf-8"))
    return path


@pytest.fixture
def fake_model(monkeypatch):
    """A stand-in pipeline: extract() returns the hand-made quotes. Counts the model loads."""
    import workbench.extract
    import workbench.nlp
    from workbench.models import Extraction

    loads = []
    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: loads.append(model) or "nlp")

    def fake_extract(nlp, article):
        return Extraction(article, "fake_model", "9.9", make_speakers(article.text),
                          make_quotes(article.text))

    monkeypatch.setattr(workbench.extract, "extract", fake_extract)
    return loads

"""Pilot tests of the evidence pane's corpus searches: fast moves never leave a pane searching
forever, and a verdict decided before its search finished gets its evidence, even after the
app was closed in between.

Keys typed faster than the screen runs arrive together: they are posted here in one go, so a
move's search is replaced by the next move's before its worker ever started (the case that
posted no answer and left the quote "searching" for good).
"""

from __future__ import annotations

import threading

import pytest

from test_tui import make_app, ready
from tui_corpus import nato_corpus

pytest.importorskip("textual")

from textual import events  # noqa: E402

from workbench.tui import backend  # noqa: E402

pytestmark = pytest.mark.usefixtures("isolated")


class GatedCorpus(backend.Corpus):
    """The seed corpus, whose searches wait until ``gate`` is set (a slow corpus)."""

    def __init__(self, store) -> None:
        super().__init__(store, owned=False)
        self.gate = threading.Event()
        self.gate.set()

    def check_quote(self, *args, **kwargs):
        self.gate.wait(30)
        return super().check_quote(*args, **kwargs)


@pytest.fixture
def corpus(tmp_path):
    store = nato_corpus(tmp_path / "corpus.db")
    yield GatedCorpus(store)
    store.close()


def type_fast(app, *keys: str) -> None:
    """Keys that arrive together, as from a quick typist: no pause between them."""
    for key in keys:
        app.post_message(events.Key(key, key))


async def settled(app, pilot) -> None:
    """Every search answered and shown; a search that never answers fails the test."""
    try:
        await app.wait_for_searches(timeout=10)
    except TimeoutError:
        pytest.fail(f"searches never finished: {sorted(app.main.searching)}")
    await pilot.pause()


async def test_fast_moves_never_leave_the_pane_searching(tmp_path, corpus):
    app = make_app(tmp_path, corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        main = app.main
        corpus.gate.clear()  # a slow corpus: every search is still running at the next key
        type_fast(app, "j", "j", "k")
        await pilot.pause()
        corpus.gate.set()
        await settled(app, pilot)
        assert main.cursor == 1
        assert "Searching the corpus" not in main.evidence_view.plain()
        assert main.evidence_view.evidence, main.evidence_view.plain()
        # and a verdict on it records the match shown
        await pilot.press("c")
        assert main.session.verdict("q2").evidence["found"] is True


async def test_a_verdict_decided_before_its_search_gets_its_evidence_after_reopening(tmp_path,
                                                                                    corpus):
    """Confirmed while the corpus was still searching, then the app closed: the verdict owes
    its evidence, and the next run records the match its search shows."""
    corpus.gate.clear()  # q1's search never answers in the first run
    app = make_app(tmp_path, corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.wait_until_loaded()
        await pilot.pause()
        assert "Searching the corpus" in app.main.evidence_view.plain()
        await pilot.press("c")
        assert app.main.session.verdict("q1").status == "confirmed"
        assert app.main.session.verdict("q1").evidence is None
    corpus.gate.set()  # the first run's search ends with nobody left to answer

    app = make_app(tmp_path, corpus=corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        main = app.main
        assert main.cursor == 0
        v = main.session.verdict("q1")
        assert v.status == "confirmed"
        assert v.evidence is not None and v.evidence["found"] is True
        assert v.evidence["document"]["title"].startswith("Press conference")
        assert main.pending_evidence == set()
        assert main.session.verdict("q2").evidence is None  # nothing decided: nothing owed

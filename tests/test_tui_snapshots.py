"""Snapshots of the review UI at 80x24 and 120x40: the main screen, the help, the dispute dialog.

``snap_compare`` only works in plain (not async) tests. The app gets the seed article's
extraction by hand and a small corpus, so the evidence pane has a diff to show; ``run_before``
waits for the extraction and search workers (``pilot.pause()`` alone does not wait for thread
workers). Update with ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tui_corpus import nato_corpus
from tui_helpers import nato_extraction

pytest.importorskip("textual")

from workbench.tui.app import WorkbenchApp  # noqa: E402

SIZES = [(80, 24), (120, 40)]


pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def corpus(tmp_path):
    store = nato_corpus(tmp_path / "corpus.db")
    yield store
    store.close()


def make_app(tmp_path, corpus) -> WorkbenchApp:
    ex = nato_extraction()
    config = tmp_path / "config.toml"  # a named reviewer; the cursor stays after a verdict
    config.write_text('[reviewer]\nname = "t"\n[review]\nadvance = false\n', encoding="utf-8")
    return WorkbenchApp(ex.article, extractor=lambda article: ex, corpus=corpus, keymap={},
                        session_path=tmp_path / "sessions.db", export_dir=tmp_path,
                        cursor_blink=False, config_path=config)


def then(*keys: str):
    """A run_before that waits for the workers, presses *keys*, and waits again."""
    async def run_before(pilot) -> None:
        app = pilot.app
        await app.wait_until_loaded()
        await app.wait_for_searches()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.wait_for_searches()
            await pilot.pause()
    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, tmp_path, corpus, size):
    """q1 confirmed, the cursor on q2: its words differ from the source (a diff to show)."""
    assert snap_compare(make_app(tmp_path, corpus), terminal_size=size,
                        run_before=then("c", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, tmp_path, corpus, size):
    assert snap_compare(make_app(tmp_path, corpus), terminal_size=size,
                        run_before=then("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dispute_dialog(snap_compare, tmp_path, corpus, size):
    assert snap_compare(make_app(tmp_path, corpus), terminal_size=size,
                        run_before=then("j", "d"))


def test_evidence_summary_and_plain_diff(snap_compare, tmp_path, corpus):
    """80x24, q2 (altered): the summary line pinned at the top of the evidence (kind, score,
    source title, date, speaker check) and, after the plain-diff key, the changes as
    [-source-]{+article+}."""
    assert snap_compare(make_app(tmp_path, corpus), terminal_size=(80, 24),
                        run_before=then("j", "p"))


def test_evidence_summary_stays_when_scrolled(snap_compare, tmp_path, corpus, monkeypatch):
    """80x24 with NO_COLOR set: the diff is plain from the start, and scrolling the evidence
    down (J) leaves the summary line where it is."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(tmp_path, corpus), terminal_size=(80, 24),
                        run_before=then("j", "J"))


def test_source_viewer(snap_compare, tmp_path, corpus):
    """80x24: the source viewer on q4's match (o): title, date, path at the top, the turns
    labelled (Q, Karine Jean-Pierre), the span highlighted."""
    assert snap_compare(make_app(tmp_path, corpus), terminal_size=(80, 24),
                        run_before=then("j", "j", "j", "o"))

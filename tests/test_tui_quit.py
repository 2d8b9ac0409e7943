"""Quitting the review UI never waits for its workers, and keys pressed while the quotes load
say so instead of doing nothing.

The exit tests run the real command (``tests/slow_review.py``: ``workbench review`` with a
stage that never finishes) in a pseudo-terminal, press a key and give the process 10 s to end:
a correctness bound (it used to wait for the worker, here ten minutes), not a measurement.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from tui_helpers import NATO, ROOT, nato_extraction
from workbench.review import SessionStore
from workbench.tui import backend

pytest.importorskip("textual")

from workbench.tui.app import WorkbenchApp  # noqa: E402

pytestmark = pytest.mark.usefixtures("isolated")

EXIT_BOUND = 10.0  # seconds; the stalled stage lasts 600


# --------------------------------------------------------------------------- in the app (Pilot)


def stalled_app(tmp_path: Path, started: threading.Event, release: threading.Event):
    ex = nato_extraction()

    def extractor(article):
        started.set()
        release.wait(10)
        return ex

    return WorkbenchApp(ex.article, extractor=extractor, corpus=False,
                        session_path=tmp_path / "s.db", keymap={}, cursor_blink=False)


@pytest.mark.parametrize("key", ["c", "d", "n", "j"])
async def test_a_key_that_needs_the_quotes_says_they_are_still_loading(tmp_path, key):
    started, release = threading.Event(), threading.Event()
    app = stalled_app(tmp_path, started, release)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert await asyncio.to_thread(started.wait, 10)
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            # At 80 columns the top bar reads "The quotes are still loading…  finding the
            # quotes…" (or "loading the model en_core_web_sm…").
            topbar = " ".join(app.main.query_one(f"#{part}").render_line(0).text
                              for part in ("title", "progress"))
            assert app.main.said == "The quotes are still loading…"
            assert "The quotes are still loading…" in topbar
            assert "finding the quotes…" in topbar
            assert app.screen is app.main  # no dialog opened on nothing
            release.set()
            await app.wait_until_loaded()
            assert app.main.session.progress() == (0, 6)  # the key did nothing meanwhile
    finally:
        release.set()


async def test_ctrl_c_quits_while_the_quotes_load(tmp_path):
    started, release = threading.Event(), threading.Event()
    app = stalled_app(tmp_path, started, release)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert await asyncio.to_thread(started.wait, 10)
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert not app.is_running
    finally:
        release.set()


def test_the_model_step_names_the_default_model(monkeypatch):
    """What a key pressed during the model load reports ("loading the model NAME")."""
    import workbench.nlp

    monkeypatch.setattr(workbench.nlp, "default_model", lambda: "xx_default_missing")
    steps: list[str] = []
    with pytest.raises(Exception, match="xx_default_missing"):
        backend.default_extractor(None)(nato_extraction().article, steps.append)
    assert steps == ["loading the model xx_default_missing…"]


def test_closing_the_corpus_leaves_it_to_a_search_still_running():
    """Quitting during a search must not close the SQLite connection under it."""
    closed = []

    class Store:
        def close(self):
            closed.append(True)

    corpus = backend.Corpus(Store())
    with corpus.lock:  # a search holds the lock while it reads
        corpus.close()
    assert closed == []
    corpus.close()
    assert closed == [True]


# --------------------------------------------------------------------------- the real command


class Terminal:
    """A child process on a pseudo-terminal (80x24) whose output is read and discarded, so
    that it never blocks writing."""

    def __init__(self, argv: list[str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ, TERM="xterm-256color")
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
                                     env=env, start_new_session=True)
        os.close(slave)
        self.output = b""

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    time.sleep(min(left, 0.05))

    def wait_for(self, condition, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if condition():
                return True
            self.drain(0.05)
        return condition()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def run_slow_review(tmp_path: Path, stage: str, keys: list[bytes]) -> tuple[Terminal, Path]:
    """Start the review of the seed article with *stage* stalled, and press *keys* once the
    stage has begun."""
    started = tmp_path / "started"
    term = Terminal([sys.executable, str(ROOT / "tests" / "slow_review.py"), stage,
                     str(started), str(NATO)])
    try:
        assert term.wait_for(started.exists, 60), term.output[-2000:]
        term.drain(0.3)  # the UI has read the keys typed so far
        for key in keys:
            os.write(term.master, key)
            term.drain(0.3)
    except BaseException:
        term.close()
        raise
    return term, started


@pytest.mark.parametrize("key", [b"q", b"\x03"], ids=["q", "ctrl+c"])
def test_quitting_during_the_model_load_ends_the_process_at_once(tmp_path, key):
    term, _ = run_slow_review(tmp_path, "extraction", [key])
    try:
        assert term.wait_for(lambda: term.proc.poll() is not None, EXIT_BOUND), (
            "still running after the key: it waits for the model load")
        assert term.proc.returncode == 0
        assert b"\x1b[?1049l" in term.output  # the terminal was restored (alternate screen left)
    finally:
        term.close()


def test_a_bug_in_the_app_ends_it_at_once_with_an_error_code(tmp_path):
    term, _ = run_slow_review(tmp_path, "crash", [b"?"])
    try:
        assert term.wait_for(lambda: term.proc.poll() is not None, EXIT_BOUND)
        assert term.proc.returncode == 3  # internal error, as the CLI's other commands say
        assert b"a bug in the app" in term.output  # Textual's report of it
    finally:
        term.close()


def test_quitting_during_a_search_ends_at_once_and_keeps_the_verdict(tmp_path, isolated):
    import os

    # a named reviewer: the first verdict does not stop to ask for a name
    Path(os.environ["WORKBENCH_CONFIG"]).write_text('[reviewer]\nname = "t"\n', encoding="utf-8")
    term, _ = run_slow_review(tmp_path, "search", [b"c", b"q"])
    try:
        assert term.wait_for(lambda: term.proc.poll() is not None, EXIT_BOUND), (
            "still running after q: it waits for the corpus search")
        assert term.proc.returncode == 0
    finally:
        term.close()
    store = SessionStore(isolated, reviewer="t")
    try:
        assert [s.reviewed for s in store.list()] == [1]  # the confirmation made before q
    finally:
        store.close()

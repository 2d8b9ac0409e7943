"""``workbench review`` as a user runs it, with a backend that never finishes in time.

Run by tests/test_tui_quit.py in a pseudo-terminal. The stage named first blocks for ten
minutes, far longer than any test waits; the file STARTED is created once it has begun::

    python tests/slow_review.py extraction|crash|search STARTED [review arguments]

``extraction``: the model load never ends. ``crash``: the same, and the help key (``?``) is a
bug in the app. ``search``: the quotes are the seed article's, built by hand (no model needed),
and the corpus search of the first quote never ends.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's workbench, and the helpers

from workbench.commands import review as cli  # noqa: E402
from workbench.tui import backend  # noqa: E402


def main(argv: list[str]) -> int:
    stage, started, *review = argv

    def stall() -> None:
        Path(started).touch()
        threading.Event().wait(600)

    cli.check_model = lambda name: None  # no spaCy model is needed
    if stage == "crash":
        from workbench.tui.screens.main import MainScreen

        def broken_help(self):
            raise RuntimeError("a bug in the app")

        MainScreen.action_help = broken_help
    if stage in ("extraction", "crash"):
        def extractor(model=None):
            def run(article, progress):
                progress("loading the model slow…")
                stall()
                raise AssertionError("the test should have ended the process by now")
            return run
    else:
        from tui_helpers import nato_extraction

        def extractor(model=None):
            return lambda article, progress: nato_extraction(article)

        class SlowCorpus(backend.Corpus):
            def check_quote(self, *args, **kwargs):
                stall()

        backend.Corpus.open = classmethod(lambda cls, db: SlowCorpus(None, owned=False))
    backend.default_extractor = extractor

    from workbench.cli import main as workbench_main

    return workbench_main(["review", *review])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

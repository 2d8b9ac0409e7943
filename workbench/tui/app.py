"""The review app: ``WorkbenchApp(article, ...)``, run by ``workbench review ARTICLE``.

Startup is kept light: this module imports textual and the UI, never spaCy (the model is
loaded in a thread worker by :func:`workbench.tui.backend.default_extractor`). Everything the
app needs from outside can be injected, for tests and embedding:

* ``extractor``: a callable ``article -> Extraction`` used instead of the spaCy pipeline;
* ``corpus``: an open ``CorpusStore`` (or a :class:`~workbench.tui.backend.Corpus`), or False
  for none; by default the corpus at ``db`` (or the user's) is opened in the worker;
* ``session_store`` / ``session_path``: where the review is kept;
* ``keymap``: binding id -> keys, instead of the config file's ``[keys]``;
* ``plain_diff``: show the evidence's changes as ``[-…-]{+…+}`` (default: when ``NO_COLOR``
  is set).
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.article import load_article
from workbench.errors import WorkbenchError
from workbench.models import Article, Extraction
from workbench.tui import backend
from workbench.tui.keymap import KEYMAP, check_keymap, key_label, keys_of
from workbench.tui.screens.main import MainScreen


class WorkbenchApp(App[None]):
    """Review the quotes of one article against the corpus."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, article: Article | str | os.PathLike, *,
                 extractor: Callable[[Article], Extraction] | None = None,
                 model: str | None = None,
                 corpus=None, db: str | os.PathLike | None = None,
                 session_store=None, session_path: str | os.PathLike | None = None,
                 keymap: Mapping[str, str] | None = None,
                 config_path: str | os.PathLike | None = None,
                 export_dir: str | os.PathLike | None = None,
                 cursor_blink: bool = True, plain_diff: bool | None = None) -> None:
        super().__init__()
        self.article = article if isinstance(article, Article) else load_article(article)
        self.model = model
        if extractor is not None:
            injected = extractor
            self.extractor = lambda art, progress: injected(art)
        else:
            self.extractor = backend.default_extractor(model)
        self._corpus_arg = corpus
        self.db = db
        self.session_store = session_store
        self._owns_store = session_store is None
        self.session_path = session_path
        self.config, config_keys, self.config_problems = backend.load_settings(config_path)
        self.config_file = config_path  # where the reviewer's name is saved (None: the default)
        self.asked_reviewer = False
        if keymap is None:
            keymap = config_keys
        else:
            keymap, problems = check_keymap(keymap)
            self.config_problems += problems
        self.keymap: dict[str, str] = dict(keymap)
        self.export_dir = Path(export_dir) if export_dir is not None else None
        self.cursor_blink = cursor_blink
        # Changes in the evidence as [-…-]{+…+} as well as by colour: NO_COLOR asks for it
        # (no-color.org: set and not empty), the plain_diff key toggles it.
        self.plain_diff = bool(os.environ.get("NO_COLOR")) if plain_diff is None else plain_diff
        self.loaded = asyncio.Event()  # set once the quotes are shown (or failed to load)
        self.last_export: str | None = None
        self.corpus = None
        self.main: MainScreen | None = None
        self.extraction: Extraction | None = None

    # ----------------------------------------------------------------- setup

    def get_default_screen(self) -> Screen:
        self.main = MainScreen(self.article)
        return self.main

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", markup=False, timeout=8)

    def start_loading(self, screen: MainScreen) -> None:
        screen.load(self.extractor, self._open_corpus)

    def _open_corpus(self) -> tuple[object | None, str | None]:
        """(corpus, problem); runs in the loading worker."""
        arg = self._corpus_arg
        if arg is False:
            return None, "none given"
        try:
            if arg is None:
                corpus = backend.Corpus.open(self.db)
            elif isinstance(arg, backend.Corpus):
                corpus = arg
            else:  # a CorpusStore opened by the caller, who closes it
                corpus = backend.Corpus(arg, owned=False)
        except WorkbenchError as exc:
            return None, str(exc)
        self.corpus = corpus
        return corpus, None

    def open_session(self, extraction: Extraction):
        self.extraction = extraction
        if self.session_store is None:
            self.session_store = backend.session_store(self.session_path, self.config.reviewer,
                                                       self.config)
        return self.session_store.open(extraction.article, extraction.quotes,
                                       extraction.speakers, extraction.model_name)

    def set_reviewer(self, name: str) -> None:
        """Who makes the verdicts from now on (the name was just asked)."""
        if self.session_store is not None:
            self.session_store.reviewer = name
        if self.main is not None and self.main.session is not None:
            self.main.session.reviewer = name

    def action_help_quit(self) -> None:
        """ctrl+c quits, as it does in any terminal program (Textual's own only says which key
        quits); in a text field it still copies."""
        self.exit()

    def on_unmount(self) -> None:
        gc.unfreeze()  # the main screen froze the heap once loaded; let an embedder collect it
        if self.corpus is not None and self._corpus_arg is None:
            self.corpus.close()
        if self.session_store is not None and self._owns_store:
            self.session_store.close()

    def export_text(self, session, fmt: str) -> str:
        version = self.extraction.model_version if self.extraction is not None else ""
        return backend.export_text(session, fmt, self.config, version, self.corpus)

    def default_export_path(self, fmt: str) -> str:
        name = backend.default_export_path(self.article, fmt)
        return str(self.export_dir / name) if self.export_dir is not None else name

    # ----------------------------------------------------------------- tests and tools

    async def wait_until_loaded(self, timeout: float = 60.0) -> None:
        """Wait for the loading worker's result to be on screen (tests call this: thread
        workers are not waited for by ``pilot.pause()``)."""
        await asyncio.wait_for(self.loaded.wait(), timeout)

    async def wait_for_searches(self, timeout: float = 30.0) -> None:
        """Wait until no corpus search is running and their results are on screen."""
        async def settle() -> None:
            while True:
                await self.workers.wait_for_complete()
                await asyncio.sleep(0)
                main = self.main
                if not any(w.is_running for w in self.workers) and not (
                        main is not None and main.searching):
                    return
                await asyncio.sleep(0.01)

        await asyncio.wait_for(settle(), timeout)

    # ----------------------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for spec in KEYMAP:
                keys = ", ".join(key_label(k) for k in keys_of(spec, self.keymap))
                yield SystemCommand(f"{spec.description} ({keys})", spec.help,
                                    partial(screen.run_action, spec.action))


def run(article: Article | str, **kwargs) -> None:
    """Run the review UI in the terminal until the user quits."""
    WorkbenchApp(article, **kwargs).run()

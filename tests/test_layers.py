"""The layers of the package: no import circle anywhere, and the command line on top.

Read from the source (tests/import_graph.py), deferred and ``TYPE_CHECKING`` imports included.
"""

from __future__ import annotations

from pathlib import Path

from import_graph import circles, import_graph, package_modules

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_the_package_has_no_import_circle():
    """No group of workbench modules imports each other round, at any depth."""
    assert circles(import_graph(PACKAGE)) == []


def test_the_checker_finds_a_deferred_and_a_relative_circle(tmp_path):
    """A circle closed by an import inside a function, or by a relative import, is found."""
    root = write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg import b\n",
        "pkg/b.py": "def f():\n    from pkg.sub.c import g\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/c.py": "from ..a import x\n",
        "pkg/d.py": "import pkg.e\n",
        "pkg/e.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.d import D\n",
        "pkg/f.py": "from pkg import a\n",  # imports into the circle, not part of it
    })
    assert circles(import_graph(root)) == [["pkg.a", "pkg.b", "pkg.sub.c"], ["pkg.d", "pkg.e"]]


def test_a_package_importing_its_own_modules_is_no_circle(tmp_path):
    """``pkg/__init__.py`` importing ``pkg.a`` while ``pkg.a`` lives in ``pkg`` is not a circle."""
    root = write(tmp_path, {"pkg/__init__.py": "from pkg.a import x\n", "pkg/a.py": "x = 1\n"})
    assert circles(import_graph(root)) == []


def test_only_the_command_line_imports_the_commands():
    """workbench.commands sits on top: no core module (nor the UI) imports it, and no command
    imports workbench.cli (which imports them all)."""
    graph = import_graph(PACKAGE)
    commands = {m for m in graph if m == "workbench.commands" or m.startswith("workbench.commands.")}
    assert "workbench.commands.io" in commands and "workbench.commands.check" in commands
    importers = {m for m, targets in graph.items() if targets & commands} - commands
    assert importers == {"workbench.cli"}
    assert {m for m, targets in graph.items() if "workbench.cli" in targets} == {"workbench.__main__"}


def test_the_ui_opens_the_corpus_through_the_store():
    """The review UI's backend uses the store (open_corpus), not a command module."""
    graph = import_graph(PACKAGE)
    assert "workbench.corpus.store" in graph["workbench.tui.backend"]
    assert not any(t.startswith("workbench.commands") for t in graph["workbench.tui.backend"])


def test_every_module_is_found():
    """The walk sees nested packages and names packages by their folder."""
    modules = package_modules(PACKAGE)
    assert {"workbench", "workbench.cli", "workbench.corpus.ingest", "workbench.corpus.ingest.sotu",
            "workbench.commands.review", "workbench.tui.app"} <= set(modules)

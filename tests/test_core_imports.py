"""The core never imports textual: only workbench.tui may. Checked in a fresh interpreter.

The core is every module of the package outside ``workbench.tui``, found by walking the source
tree (a new module is checked without being listed here). That includes the command line and
``workbench.commands.review``, which imports the UI only when the UI starts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from import_graph import package_modules

ROOT = Path(__file__).resolve().parent.parent

NOT_IMPORTED = {"workbench.__main__"}  # runs the command line when imported
CORE_MODULES = sorted(name for name in package_modules(ROOT / "workbench")
                      if name != "workbench.tui" and not name.startswith("workbench.tui.")
                      and name not in NOT_IMPORTED)

# Runs in a fresh interpreter: import the named modules in turn and report, for each, the
# textual modules that were first loaded by importing it.
_PROBE = """
import importlib, json, sys
def textual():
    return {m for m in sys.modules if m == "textual" or m.startswith("textual.")}
loaded, seen = {}, set()
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    now = textual()
    loaded[name], seen = sorted(now - seen), now
print(json.dumps(loaded))
"""


def probe(names: list[str]) -> dict[str, list[str]]:
    """``{module: the textual modules its import loaded first}``, in one fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(names)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def core_imports() -> dict[str, list[str]]:
    return probe(CORE_MODULES)


def test_the_core_is_found_in_the_tree():
    """The walk finds the core (the command line and its commands too) and leaves the UI out."""
    assert {"workbench", "workbench.cli", "workbench.commands.io", "workbench.commands.review",
            "workbench.check", "workbench.corpus.store", "workbench.review.session"} <= set(CORE_MODULES)
    assert not [m for m in CORE_MODULES if m.startswith("workbench.tui")]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module, core_imports):
    """Importing each core module (all in turn, in one fresh interpreter) loads no textual
    module; one that does is named as the first to load it."""
    assert core_imports[module] == [], f"{module} pulls in {core_imports[module][:5]}"


def test_probe_detects_textual():
    """The probe sees textual, and names the module whose import loaded it."""
    pytest.importorskip("textual")
    result = probe(["workbench.errors", "workbench.tui.app", "workbench.render"])
    assert result["workbench.errors"] == [] and result["workbench.render"] == []
    assert "textual" in result["workbench.tui.app"]

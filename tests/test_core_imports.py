"""The core never imports textual: only workbench.tui may. Checked in fresh interpreters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CORE_MODULES = [
    "workbench",
    "workbench.cli",
    "workbench.extract",
    "workbench.nlp",
    "workbench.article",
    "workbench.quotes.component",
    "workbench.speakers.resolve",
    "workbench.config",
    "workbench.review.session",
    "workbench.export.json_export",
    "workbench.export.claimreview",
    "workbench.check",
    "workbench.corpus.search",
    "workbench.corpus.search_cli",
]

# Runs in a fresh interpreter: import the named modules (skipping any that don't exist yet) and
# report which were imported and which textual modules ended up loaded.
_PROBE = """
import importlib, importlib.util, json, sys
names = json.loads(sys.argv[1])
imported, missing = [], []
for name in names:
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        missing.append(name)
        continue
    importlib.import_module(name)
    imported.append(name)
textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"imported": imported, "missing": missing, "textual": textual}))
"""


def probe(names: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(names)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module):
    """Importing one core module in a fresh interpreter loads no textual module."""
    result = probe([module])
    if module in result["missing"]:
        pytest.skip(f"{module} does not exist yet")
    assert result["imported"] == [module]
    assert result["textual"] == [], f"{module} pulls in {result['textual'][:5]}"


def test_all_core_modules_together_do_not_import_textual():
    """Importing every core module in one fresh interpreter loads no textual module."""
    result = probe(CORE_MODULES)
    assert "workbench" in result["imported"]
    assert result["textual"] == [], result["textual"][:5]


def test_probe_detects_textual():
    """The probe is able to see textual in sys.modules when something does import it."""
    pytest.importorskip("textual")
    result = probe(["textual"])
    assert "textual" in result["textual"]

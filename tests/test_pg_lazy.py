"""psycopg is loaded only when a postgresql:// URL is used: the command line, and the
PostgreSQL modules it imports, start without it (a SQLite-only install does not need it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import sys
from workbench import cli
from workbench.storage.postgres import connect, text
code = cli.main(["db", "init", "not-a-url"])  # refused before any driver is needed
print(code, "psycopg" in sys.modules)
"""


def test_the_command_line_starts_without_psycopg():
    proc = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2", "False"]
    assert "not a PostgreSQL URL" in proc.stderr

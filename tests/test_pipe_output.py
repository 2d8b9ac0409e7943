"""Output into a pipe or a file is never hard-wrapped: a field stays whole on its line, whatever
the path's length, the terminal's width or $COLUMNS (issue 8: CI in a long temporary folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import workbench.nlp
from workbench.cli import main
from workbench.models import Extraction, Quote

ROOT = Path(__file__).resolve().parent.parent
NATO = ROOT / "sample_articles" / "nato-divided-on-ukraine-status.txt"
LONG_NAME = "a-checkout-in-a-very-long-temporary-folder-" * 3


def long_copy(tmp_path: Path, source: Path = NATO) -> Path:
    """*source* copied under a path of more than 300 characters."""
    folder = tmp_path / LONG_NAME / LONG_NAME
    folder.mkdir(parents=True)
    return Path(shutil.copy(source, folder / ("article-" + LONG_NAME + ".txt")))


@pytest.fixture
def narrow(monkeypatch):
    """A narrow $COLUMNS, which rich would otherwise wrap a pipe's lines to."""
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def line_with(out: str, needle: str) -> str:
    [line] = [line for line in out.splitlines() if needle in line]
    return line


def test_extract_table_in_a_pipe_is_not_wrapped(capsys, narrow, monkeypatch, tmp_path):
    """The header keeps path and counts on one line; a long speaker name is not folded."""
    import workbench.extract

    name = "the Deputy Assistant Secretary General for Operations"

    def fake_extract(nlp, article):
        quote = Quote(id="q1", parts=[(0, 5)], text="A quote of some length to fill the table.",
                      speaker_id="s1", speaker_name=name, confidence=0.9)
        return Extraction(article, "fake", "0", [], [quote])

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: "fake-nlp")
    monkeypatch.setattr(workbench.extract, "extract", fake_extract)
    article = long_copy(tmp_path)
    assert main(["extract", str(article)]) == 0
    out = capsys.readouterr().out
    assert "1 quote, 0 speakers" in line_with(out, str(article))
    assert name in out and "A quote of some length to fill the table." in out


def test_sessions_in_a_pipe_are_not_wrapped(capsys, narrow, monkeypatch, tmp_path):
    from review_helpers import make_article, make_quotes, make_speakers
    from workbench.review import SessionStore

    monkeypatch.setenv("WORKBENCH_SESSIONS", str(tmp_path / "sessions.db"))
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    path = str(tmp_path / LONG_NAME / "strike.txt")
    with SessionStore(tmp_path / "sessions.db", reviewer="ana") as store:
        store.open(make_article(path=path), make_quotes(), make_speakers())
    assert main(["sessions"]) == 0
    assert path in capsys.readouterr().out


def test_search_in_a_pipe_is_not_wrapped(capsys, narrow, tmp_path):
    from tui_corpus import nato_corpus

    nato_corpus(tmp_path / "c.db").close()
    assert main(["search", "Ukraine's future lies in NATO", "--db", str(tmp_path / "c.db")]) == 0
    out = capsys.readouterr().out
    where = line_with(out, "Press conference by NATO Secretary General Jens Stoltenberg")
    assert "2023-04-21 · Jens Stoltenberg · https://example.org/nato/2023-04-21  [" in where


@pytest.mark.model
def test_check_in_a_pipe_is_not_wrapped(capsys, narrow, monkeypatch, nlp, tmp_path):
    """The check's header keeps a 300-character path and "6 quotes" on one line."""
    from tui_corpus import nato_corpus

    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: nlp)
    nato_corpus(tmp_path / "c.db").close()
    article = long_copy(tmp_path)
    assert main(["check", str(article), "--db", str(tmp_path / "c.db")]) == 0
    out = capsys.readouterr().out
    assert "6 quotes: " in line_with(out, str(article))


@pytest.mark.model
def test_headless_review_into_a_real_pipe_is_not_wrapped(tmp_path):
    """`workbench ARTICLE | ...` in a long folder (as CI's fresh clone): no field is cut."""
    from tui_corpus import nato_corpus

    nato_corpus(tmp_path / "c.db").close()
    article = long_copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "60",
           "WORKBENCH_CONFIG": str(tmp_path / "no-config.toml"),
           "WORKBENCH_SESSIONS": str(tmp_path / "sessions.db")}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run([sys.executable, "-m", "workbench", str(article), "--db",
                           str(tmp_path / "c.db")], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "6 quotes" in line_with(proc.stdout, str(article))

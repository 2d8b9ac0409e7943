"""Tests for ``workbench sessions``: listing review sessions from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from review_helpers import make_article, make_quotes, make_speakers
from workbench.cli import main
from workbench.review import SessionStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "sessions.db"
    monkeypatch.setenv("WORKBENCH_SESSIONS", str(path))
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def two_sessions(path: Path) -> None:
    with SessionStore(path, reviewer="ana") as store:
        first = store.open(make_article(), make_quotes(), make_speakers())
        first.set_status("q1", "confirmed")
        first.set_status("q2", "skipped")
        text = "Second article.\n\n“Nothing to add,” she said.\n"
        store.open(make_article(text, path="second.txt", title="Second article"), [], [])


def test_no_sessions_yet_creates_nothing(capsys, store_path):
    """With no store the command says so, exits 0, and does not create the file."""
    code, out, err = run(capsys, "sessions")
    assert code == 0 and err == ""
    assert "No review sessions yet." in out
    assert not store_path.exists()
    code, out, _ = run(capsys, "sessions", "--json")
    assert code == 0 and json.loads(out) == []


def test_sessions_table(capsys, store_path):
    """The table shows each article's title, path, progress (decisions; skips apart) and last change."""
    two_sessions(store_path)
    code, out, err = run(capsys, "sessions")
    assert code == 0, err
    assert "Harbour strike goes ahead" in out and "strike.txt" in out
    assert "1/4 (1 skipped)" in out and "0/0" in out
    assert "Second article" in out


def test_sessions_json(capsys, store_path):
    """--json lists every article with sha256, path, title, reviewed (decisions), skipped, total,
    updated_at and its versions."""
    two_sessions(store_path)
    code, out, _ = run(capsys, "sessions", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {r["title"] for r in rows} == {"Harbour strike goes ahead", "Second article"}
    strike = next(r for r in rows if r["path"] == "strike.txt")
    assert strike == {"sha256": make_article().sha256, "path": "strike.txt",
                      "title": "Harbour strike goes ahead", "reviewed": 1, "skipped": 1,
                      "total": 4, "updated_at": strike["updated_at"],
                      "versions": [{"sha256": make_article().sha256, "reviewed": 1, "total": 4,
                                    "updated_at": strike["updated_at"]}]}
    assert strike["updated_at"].endswith("Z")


def test_a_corrupt_store_is_one_error_line(capsys, store_path):
    """A store file that is not a session database: one line on stderr, exit 2, file untouched."""
    store_path.write_bytes(b"garbage" * 100)
    code, out, err = run(capsys, "sessions")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("workbench: error: ")
    assert "not a workbench session store" in err
    assert store_path.read_bytes() == b"garbage" * 100


def test_titles_cannot_drive_the_terminal(capsys, store_path):
    """Terminal control sequences and Rich markup in an article title are shown inert."""
    text = "Evil\n\n“Hello there, world,” he said.\n"
    title = "\x1b]0;pwned\x07[bold red]Evil[/bold red]\x1b[2J"
    with SessionStore(store_path, reviewer="ana") as store:
        store.open(make_article(text, title=title), [], [])
    code, out, _ = run(capsys, "sessions")
    assert code == 0
    assert "\x1b" not in out and "pwned" not in out
    assert "[bold red]Evil[/bold red]" in out


def test_a_broken_config_does_not_hide_the_sessions(capsys, store_path, tmp_path, monkeypatch):
    """Listing does not read the config, so a malformed one does not stop it."""
    two_sessions(store_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[[", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(bad))
    code, out, err = run(capsys, "sessions", "--json")
    assert code == 0 and len(json.loads(out)) == 2, err


def test_help_lists_the_new_commands(store_path):
    """`workbench --help` (a real process) names sessions and export."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "workbench", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "sessions" in proc.stdout and "export" in proc.stdout


@pytest.mark.parametrize("make", [lambda p: p.write_bytes(b""),
                                  lambda p: p.write_bytes(b"my notes\n")])
@pytest.mark.parametrize("command", ["sessions", "export", "verdict", "correct"])
def test_no_command_turns_a_users_file_into_a_store(capsys, tmp_path, monkeypatch, make, command):
    """--sessions naming an existing file that is not a store (empty included), for the
    commands that only read and those that write: one error line, exit 2, the file as it was."""
    from review_helpers import make_article, make_quotes, make_speakers
    from workbench.models import Extraction

    import workbench.extract
    import workbench.nlp

    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setattr(workbench.nlp, "load_nlp", lambda model=None: "nlp")
    monkeypatch.setattr(workbench.extract, "extract", lambda nlp, article: Extraction(
        article, "fake_model", "9.9", make_speakers(article.text), make_quotes(article.text)))
    article = tmp_path / "strike.txt"
    article.write_text(make_article().text, encoding="utf-8")
    users = tmp_path / "empty.txt"
    make(users)
    before = users.read_bytes()
    args = {"sessions": [], "export": [str(article)],
            "verdict": [str(article), "q1", "confirmed", "--reviewer", "ana",
                        "--evidence", "none"],
            "correct": [str(article), "--not-quote", "q1", "--reviewer", "ana"]}[command]
    code, out, err = run(capsys, command, *args, "--sessions", str(users))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not a workbench session store" in err
    assert users.read_bytes() == before


@pytest.mark.parametrize("command", ["sessions", "export"])
def test_reading_commands_never_create_a_store(capsys, tmp_path, monkeypatch, command):
    """`sessions` and `export` with no store there: no file is made (export: one error line)."""
    from review_helpers import make_article

    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    article = tmp_path / "strike.txt"
    article.write_text(make_article().text, encoding="utf-8")
    store = tmp_path / "none.db"
    code, _, _ = run(capsys, command, *([str(article)] if command == "export" else []),
                     "--sessions", str(store))
    assert code == (0 if command == "sessions" else 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strike.txt"]

"""Tests for workbench.config: the TOML config, its defaults and its error lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Config, config_path, load_config
from workbench.errors import ConfigError


@pytest.fixture(autouse=True)
def user(monkeypatch):
    monkeypatch.setenv("USER", "tester")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_there_is_no_file(tmp_path):
    """No config file: the reviewer is $USER, no organisation, an empty keymap."""
    config = load_config(tmp_path / "absent.toml")
    assert config == Config(reviewer="tester")
    assert config.keys == {} and config.organization_name is None and config.path is None


def test_reviewer_falls_back_past_an_empty_user(tmp_path, monkeypatch):
    """An empty $USER falls back to $USERNAME / the login name, never to an empty reviewer."""
    monkeypatch.setenv("USER", "")
    monkeypatch.setenv("USERNAME", "winuser")
    assert load_config(tmp_path / "absent.toml").reviewer == "winuser"


def test_a_full_config(tmp_path):
    """Every setting is read: reviewer, organisation (name, url), keys."""
    path = write(tmp_path, """
[reviewer]
name = "Ana Lopez"

[organization]
name = "Example Fact Check"
url = "https://factcheck.example.org"

[keys]
confirm = "c"
dispute = "d"
"next-unreviewed" = "ctrl+n"
""")
    config = load_config(path)
    assert config.reviewer == "Ana Lopez"
    assert config.organization_name == "Example Fact Check"
    assert config.organization_url == "https://factcheck.example.org"
    assert config.keys == {"confirm": "c", "dispute": "d", "next-unreviewed": "ctrl+n"}
    assert config.path == path


def test_partial_config_keeps_the_other_defaults(tmp_path):
    """Only [keys] given: the reviewer still defaults; unknown tables are ignored."""
    path = write(tmp_path, '[keys]\nundo = "u"\n\n[future]\nthing = 1\n')
    config = load_config(path)
    assert config.reviewer == "tester" and config.keys == {"undo": "u"}


def test_the_environment_names_the_file(tmp_path, monkeypatch):
    """$WORKBENCH_CONFIG is the config path; load_config() reads it."""
    path = write(tmp_path, '[reviewer]\nname = "From Env"\n')
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    assert config_path() == path
    assert load_config().reviewer == "From Env"


def test_the_default_path_is_in_the_user_config_folder(monkeypatch):
    """Without $WORKBENCH_CONFIG the file is config.toml in platformdirs' config folder."""
    import platformdirs

    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    assert config_path() == platformdirs.user_config_path("workbench") / "config.toml"


@pytest.mark.parametrize("text, message", [
    ("[reviewer\nname = 'x'\n", "not valid TOML"),
    ("reviewer = 3\n", r"\[reviewer\] must be a table, not an integer"),
    ("[reviewer]\nname = 42\n", r"\[reviewer\] name must be a string, not an integer"),
    ("[organization]\nurl = 'factcheck.example.org'\n", "url must start with https://"),
    ("[keys]\nconfirm = 1\n", r"\[keys\] confirm must be a key name string, not an integer"),
    ("[keys]\nconfirm = ''\n", "not an empty string"),
    ("[keys]\nconfirm = ['c']\n", "not an array"),
])
def test_a_malformed_config_is_one_clear_line(tmp_path, text, message):
    """Bad TOML or a value of the wrong kind: a ConfigError of one line naming the file."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_config_that_is_not_text(tmp_path):
    """Binary junk or a folder in place of the file is one clear line too."""
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigError, match="not a text file"):
        load_config(path)
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)


def test_cli_reports_a_malformed_config_in_one_line(tmp_path, monkeypatch, capsys):
    """A command that needs the config (export) fails with one line and exit 2, no traceback."""
    from workbench.cli import main

    monkeypatch.setenv("WORKBENCH_CONFIG", str(write(tmp_path, "[reviewer]\nname = \n")))
    article = tmp_path / "a.txt"
    article.write_text("“We will not give up,” said Mary Smith.\n", encoding="utf-8")
    code = main(["export", str(article)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("workbench: error: ") and "not valid TOML" in err

"""Tests for workbench.config: the TOML config, its defaults and its error lines."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workbench.config import Config, config_path, load_config, save_reviewer_name
from workbench.errors import ConfigError


@pytest.fixture(autouse=True)
def user(monkeypatch):
    monkeypatch.setenv("USER", "tester")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_there_is_no_file(tmp_path):
    """No config file: no reviewer (not $USER, which would end up in exports), no
    organisation, an empty keymap."""
    config = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert config.reviewer is None and not config.has_reviewer
    assert config.keys == {} and config.organization_name is None and config.path is None


def test_no_reviewer_whatever_the_login_name(tmp_path, monkeypatch):
    """$USER, $USERNAME or a blank name in the file never stand in for the reviewer."""
    monkeypatch.setenv("USERNAME", "winuser")
    assert load_config(tmp_path / "absent.toml").reviewer is None
    assert load_config(write(tmp_path, '[reviewer]\nname = "  "\n')).reviewer is None


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
    assert config.reviewer == "Ana Lopez" and config.has_reviewer
    assert config.organization_name == "Example Fact Check"
    assert config.organization_url == "https://factcheck.example.org"
    assert config.keys == {"confirm": "c", "dispute": "d", "next-unreviewed": "ctrl+n"}
    assert config.path == path


def test_partial_config_keeps_the_other_defaults(tmp_path):
    """Only [keys] given: still no reviewer; unknown tables are ignored."""
    path = write(tmp_path, '[keys]\nundo = "u"\n\n[future]\nthing = 1\n')
    config = load_config(path)
    assert config.reviewer is None and config.keys == {"undo": "u"}


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
    ("[organization]\nurl = 'javascript:alert(1)'\n", "url must start with https://"),
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


# --------------------------------------------------------------------------- save_reviewer_name


def test_save_reviewer_name_creates_the_file_and_its_folder(tmp_path):
    """No file yet: the folder and a config holding only [reviewer] name are created."""
    path = tmp_path / "new" / "folder" / "config.toml"
    assert save_reviewer_name("  Ana Lopez ", path) == path
    assert path.read_text(encoding="utf-8") == '[reviewer]\nname = "Ana Lopez"\n'
    assert load_config(path).reviewer == "Ana Lopez"


def test_save_reviewer_name_writes_the_file_load_config_reads(tmp_path, monkeypatch):
    """Without a path, the name goes to $WORKBENCH_CONFIG, where load_config() finds it."""
    path = tmp_path / "env.toml"
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    assert save_reviewer_name("From Env") == path
    assert load_config().reviewer == "From Env"


CONFIG_WITH_COMMENTS = """\
# My workbench settings
[organization]  # who publishes
name = "Example Fact Check"   # the desk
url = "https://factcheck.example.org"

[reviewer]
email = "ana@example.org"
name = "Old # not a comment"  # set by hand

[keys]
confirm = "y"
"""


def test_save_reviewer_name_replaces_only_the_name(tmp_path):
    """An existing name under [reviewer] is replaced; other tables, keys, comments and blank
    lines stay byte for byte (the name's own comment too)."""
    path = write(tmp_path, CONFIG_WITH_COMMENTS)
    save_reviewer_name("Ben", path)
    assert path.read_text(encoding="utf-8") == CONFIG_WITH_COMMENTS.replace(
        'name = "Old # not a comment"  # set by hand', 'name = "Ben"  # set by hand')
    config = load_config(path)
    assert config.reviewer == "Ben" and config.keys == {"confirm": "y"}
    assert config.organization_name == "Example Fact Check"


@pytest.mark.parametrize("text, expected", [
    # [reviewer] without a name: the key goes right under the header.
    ('[reviewer]\nemail = "a@b"\n[keys]\nundo = "u"\n',
     '[reviewer]\nname = "Ben"\nemail = "a@b"\n[keys]\nundo = "u"\n'),
    # No [reviewer]: the table is added at the end (a missing final newline is added first).
    ('# keys only\n[keys]\nundo = "u"', '# keys only\n[keys]\nundo = "u"\n\n[reviewer]\nname = "Ben"\n'),
    # Windows line endings are kept.
    ('[reviewer]\r\nname = "x"\r\n[keys]\r\nundo = "u"\r\n',
     '[reviewer]\r\nname = "Ben"\r\n[keys]\r\nundo = "u"\r\n'),
    ("", '[reviewer]\nname = "Ben"\n'),
])
def test_save_reviewer_name_adds_what_is_missing(tmp_path, text, expected):
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("utf-8"))
    save_reviewer_name("Ben", path)
    assert path.read_bytes().decode("utf-8") == expected


@pytest.mark.parametrize("name", ['Ana "the Pen" Lopez', "C:\\Users\\ana", 'a \\" b', "'single'",
                                  "Zoë 李"])
def test_save_reviewer_name_escapes_the_string(tmp_path, name):
    """Quotes and backslashes are escaped as TOML basic string escapes: the name reads back
    exactly, and nothing else appears in the file."""
    path = write(tmp_path, '[reviewer]\nname = "x"\n')
    save_reviewer_name(name, path)
    assert load_config(path).reviewer == name
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"reviewer": {"name": name}}


@pytest.mark.parametrize("name, message", [
    ("   ", "the reviewer's name is empty"),
    ("Ana\nLopez", "one line of printable text"),
    ("Ana\x1b[31m", "one line of printable text"),
])
def test_save_reviewer_name_refuses_a_bad_name(tmp_path, name, message):
    path = write(tmp_path, '[keys]\nundo = "u"\n')
    with pytest.raises(ConfigError, match=message):
        save_reviewer_name(name, path)
    assert path.read_text(encoding="utf-8") == '[keys]\nundo = "u"\n'


@pytest.mark.parametrize("text, message", [
    ("[reviewer\n", "not valid TOML"),                       # never edit a file we cannot read
    ("reviewer.name = 'x'\n", "add it by hand"),              # a dotted key: no safe text edit
    ("[reviewer]\nname = 3\n", "name must be a string"),
])
def test_save_reviewer_name_leaves_a_file_it_cannot_edit_safely(tmp_path, text, message):
    """A file that is not TOML, or one whose edit would not give exactly the old settings plus
    the name, is one ConfigError line and stays as it was."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        save_reviewer_name("Ben", path)
    assert "\n" not in str(info.value)
    assert path.read_text(encoding="utf-8") == text


def test_save_reviewer_name_keeps_the_file_mode_and_a_symlink(tmp_path):
    """The edited file keeps its mode (a private config stays private); a symlinked config
    stays a link and its target is edited."""
    import os
    import stat

    real = write(tmp_path, '[keys]\nundo = "u"\n')
    os.chmod(real, 0o600)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_reviewer_name("Ben", link)
    assert link.is_symlink() and load_config(link).reviewer == "Ben"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_save_reviewer_name_where_it_cannot_write(tmp_path, monkeypatch):
    """A config path under a file, or a write that fails midway: one ConfigError line, and
    the old file is untouched."""
    import os

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="Not a directory") as info:
        save_reviewer_name("Ben", blocker / "config.toml")
    assert "\n" not in str(info.value)

    path = write(tmp_path, '[keys]\nundo = "u"\n')

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ConfigError, match=r"cannot save the reviewer's name \(Input/output error\)"):
        save_reviewer_name("Ben", path)
    assert path.read_text(encoding="utf-8") == '[keys]\nundo = "u"\n'
    assert sorted(os.listdir(tmp_path)) == ["config.toml", "file"]  # no temporary file left


def test_storage_names_the_sessions_and_the_corpus(tmp_path):
    """[storage] sessions and corpus: a path or a postgresql:// URL each, as given."""
    config = load_config(write(tmp_path, '[storage]\nsessions = "postgresql://ana@db/desk"\n'
                                         'corpus = "~/corpus.db"\n'))
    assert (config.sessions, config.corpus) == ("postgresql://ana@db/desk", "~/corpus.db")
    assert load_config(tmp_path / "absent.toml").sessions is None


def test_a_storage_value_of_the_wrong_kind_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match=r"\[storage\] sessions must be a string"):
        load_config(write(tmp_path, "[storage]\nsessions = 3\n"))

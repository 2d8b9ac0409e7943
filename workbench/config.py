"""The user's configuration: a TOML file, every part optional.

``$WORKBENCH_CONFIG`` if set, else ``config.toml`` in the user config folder::

    [reviewer]
    name = "Ana Lopez"            # on every verdict (default: none; the review UI asks once)

    [organization]               # the author of exported ClaimReviews
    name = "Example Fact Check"
    url = "https://factcheck.example.org"

    [keys]                       # action id -> key, for the review UI's keymap
    confirm = "c"

    [review]
    advance = true               # after a verdict, move to the next open quote

    [storage]                    # where the reviews and the corpus are: a file or a server
    sessions = "postgresql://ana@db.desk.example/desk"
    corpus = "/srv/desk/corpus.db"

A missing file means the defaults. There is no default reviewer: ``Config.reviewer`` is None until
the file names one (never the login name, which would end up in published exports);
:func:`save_reviewer_name` writes it into the file, keeping everything else there as it was.

A file that is not TOML, or a value of the wrong kind, is one
:class:`~workbench.errors.ConfigError` line naming the file; tables and keys this version does
not know are ignored, so a newer config still loads.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import ConfigError, os_reason, show_path as _show
from workbench.provenance import web_url

__all__ = ["ENV_VAR", "Config", "config_path", "load_config", "save_reviewer_name"]

ENV_VAR = "WORKBENCH_CONFIG"
MAX_BYTES = 1_000_000  # a config is a few lines; refuse to parse a huge file by mistake


@dataclass(frozen=True)
class Config:
    """The settings, defaults filled in. ``path`` is the file read (None: there was none).
    ``reviewer`` is None when the config names nobody (see :attr:`has_reviewer`)."""

    reviewer: str | None = None
    organization_name: str | None = None
    organization_url: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    advance: bool = True  # [review] advance: after a verdict, go to the next open quote
    sessions: str | None = None  # [storage] sessions: the review store (a path or a URL)
    corpus: str | None = None  # [storage] corpus: the corpus (a path or a URL)

    @property
    def has_reviewer(self) -> bool:
        """Whether the config names the reviewer (else the UI asks, once)."""
        return self.reviewer is not None


def config_path() -> Path:
    """``$WORKBENCH_CONFIG`` if set, else ``config.toml`` in the user config folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_config_path("workbench") / "config.toml"


def load_config(path: str | Path | None = None) -> Config:
    """The configuration in *path* (default: :func:`config_path`); defaults when it is absent."""
    path = Path(path) if path is not None else config_path()
    data = _read_toml(path)
    if data is None:
        return Config()
    shown = _show(path)
    reviewer = _table(data, "reviewer", shown)
    org = _table(data, "organization", shown)
    storage = _table(data, "storage", shown)
    return Config(reviewer=_string(reviewer, "reviewer", "name", shown),
                  organization_name=_string(org, "organization", "name", shown),
                  organization_url=_url(_string(org, "organization", "url", shown), shown),
                  keys=_keys(_table(data, "keys", shown), shown),
                  path=path,
                  advance=_bool(_table(data, "review", shown), "review", "advance", True, shown),
                  sessions=_string(storage, "storage", "sessions", shown),
                  corpus=_string(storage, "storage", "corpus", shown))


def save_reviewer_name(name: str, path: str | Path | None = None) -> Path:
    """Write ``[reviewer] name = NAME`` into the config file *path* (default:
    :func:`config_path`, the file :func:`load_config` reads) and return that path.

    A missing file (and folder) is created. In an existing file only that one value changes:
    an existing ``name`` under ``[reviewer]`` is replaced (its comment kept), else the key is
    added under the table, else the table is added at the end; every other line stays as it
    was. The result is parsed again before it is written (atomically): an edit that would
    change anything else, or a file that is not valid TOML, is a ConfigError and the file is
    left alone."""
    path = Path(path) if path is not None else config_path()
    shown = _show(path)
    name = _reviewer_name(name, shown)
    target = Path(os.path.realpath(path))  # a symlinked config stays a link to the edited file
    data = _read_toml(target)
    old = ""
    if data is not None:
        _string(_table(data, "reviewer", shown), "reviewer", "name", shown)  # the kinds are right
        old = target.read_bytes().decode("utf-8-sig")  # (read_text would turn \r\n into \n)
    new = _with_reviewer(old, _toml_string(name))
    expected = dict(data or {})
    expected["reviewer"] = {**expected.get("reviewer", {}), "name": name}
    try:
        edited_ok = tomllib.loads(new) == expected
    except tomllib.TOMLDecodeError:
        edited_ok = False
    if not edited_ok:
        raise ConfigError(f"{shown}: cannot add the reviewer's name to this file safely; "
                          f"add it by hand: [reviewer] name = {_toml_string(name)}")
    from workbench.files import write_atomic

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, new, overwrite=True)
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot save the reviewer's name ({os_reason(exc)})") from None
    return path


def _reviewer_name(name: str, shown: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise ConfigError(f"{shown}: the reviewer's name is empty")
    if not name.isprintable():
        raise ConfigError(f"{shown}: the reviewer's name must be one line of printable text")
    return name


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\"}


def _toml_string(value: str) -> str:
    """*value* (printable) as a TOML basic string."""
    return '"' + "".join(_TOML_ESCAPES.get(ch, ch) for ch in value) + '"'


# A table header line ([reviewer], [ "reviewer" ] ...), any header line, a `name = ` line.
_LINE_END = r"(?=\r?\n|\Z)"
_REVIEWER_HEADER = re.compile(r"""^[ \t]*\[[ \t]*(?:reviewer|"reviewer"|'reviewer')[ \t]*\]"""
                              r"[ \t]*(?:#[^\r\n]*)?" + _LINE_END, re.MULTILINE)
_ANY_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
_NAME_LINE = re.compile(r"""^([ \t]*)(?:name|"name"|'name')[ \t]*=[ \t]*([^\r\n]*)""" + _LINE_END,
                        re.MULTILINE)


def _with_reviewer(text: str, value: str) -> str:
    """*text* (a TOML document) with ``[reviewer] name`` set to the TOML string *value*."""
    newline = "\r\n" if "\r\n" in text else "\n"
    header = _REVIEWER_HEADER.search(text)
    if header is None:
        sep = "" if not text or text.endswith("\n") else newline
        blank = newline if text.strip() else ""
        return f"{text}{sep}{blank}[reviewer]{newline}name = {value}{newline}"
    body_start = header.end()
    nxt = _ANY_HEADER.search(text, body_start + 1)
    body_end = nxt.start() if nxt else len(text)
    line = _NAME_LINE.search(text, body_start, body_end)
    if line is None:
        return f"{text[:body_start]}{newline}name = {value}{text[body_start:]}"
    indent, rest = line.groups()
    return f"{text[:line.start()]}{indent}name = {value}{_comment(rest)}{text[line.end():]}"


def _comment(rest: str) -> str:
    """The trailing comment (with the spaces before it) of a ``key = value`` line's *rest*
    (what follows the ``=``): the first ``#`` before which the value parses."""
    for i, ch in enumerate(rest):
        if ch == "#":
            try:
                tomllib.loads("v = " + rest[:i])
            except tomllib.TOMLDecodeError:
                continue  # a "#" inside the string
            return rest[len(rest[:i].rstrip()):]
    return ""


def _read_toml(path: Path) -> dict | None:
    """The parsed file, or None when there is no file."""
    shown = _show(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ConfigError(f"{shown}: is a directory, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read the config ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{shown}: too large for a config file (over {MAX_BYTES:,} bytes)")
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not a text file (the config must be UTF-8 TOML)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML ({exc})") from None


def _table(data: dict, name: str, shown: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{shown}: [{name}] must be a table, not {_kind(value)}")
    return value


def _string(table: dict, section: str, key: str, shown: str) -> str | None:
    """A string value, stripped; None when absent or blank."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{shown}: [{section}] {key} must be a string, not {_kind(value)}")
    return value.strip() or None


def _bool(table: dict, section: str, key: str, default: bool, shown: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{shown}: [{section}] {key} must be true or false, not {_kind(value)}")
    return value


def _url(value: str | None, shown: str) -> str | None:
    if value is not None and web_url(value) is None:
        raise ConfigError(f"{shown}: [organization] url must start with https:// or http:// "
                          f"and name a host (got {value!r})")
    return value


def _keys(table: dict, shown: str) -> dict[str, str]:
    """The keymap as given: action id -> key name, both strings (the UI checks the names)."""
    keys: dict[str, str] = {}
    for action, key in table.items():
        if not isinstance(key, str) or not key.strip():
            got = "an empty string" if isinstance(key, str) else _kind(key)
            raise ConfigError(f"{shown}: [keys] {action} must be a key name string, not {got}")
        keys[action] = key.strip()
    return keys


def _kind(value: object) -> str:
    names = {dict: "a table", list: "an array", str: "a string", bool: "a boolean",
             int: "an integer", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")

"""The user's configuration: a TOML file, every part optional.

``$WORKBENCH_CONFIG`` if set, else ``config.toml`` in the user config folder::

    [reviewer]
    name = "Ana Lopez"            # on every verdict (default: $USER)

    [organization]               # the author of exported ClaimReviews
    name = "Example Fact Check"
    url = "https://factcheck.example.org"

    [keys]                       # action id -> key, for the review UI's keymap
    confirm = "c"

    [review]
    advance = true               # after a verdict, move to the next open quote

A missing file means the defaults. A file that is not TOML, or a value of the wrong kind, is one
:class:`~workbench.errors.ConfigError` line naming the file; tables and keys this version does
not know are ignored, so a newer config still loads.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import ConfigError, show_path as _show

__all__ = ["ENV_VAR", "Config", "config_path", "load_config", "default_reviewer"]

ENV_VAR = "WORKBENCH_CONFIG"
MAX_BYTES = 1_000_000  # a config is a few lines; refuse to parse a huge file by mistake


@dataclass(frozen=True)
class Config:
    """The settings, defaults filled in. ``path`` is the file read (None: there was none)."""

    reviewer: str
    organization_name: str | None = None
    organization_url: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    advance: bool = True  # [review] advance: after a verdict, go to the next open quote


def config_path() -> Path:
    """``$WORKBENCH_CONFIG`` if set, else ``config.toml`` in the user config folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no path is given

    return platformdirs.user_config_path("workbench") / "config.toml"


def default_reviewer() -> str:
    """The login name ($USER, $USERNAME, the password database), else "unknown"."""
    for var in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var, "").strip():
            return os.environ[var].strip()
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no name in the password database (containers): not worth failing
        return "unknown"


def load_config(path: str | Path | None = None) -> Config:
    """The configuration in *path* (default: :func:`config_path`); defaults when it is absent."""
    path = Path(path) if path is not None else config_path()
    data = _read_toml(path)
    if data is None:
        return Config(reviewer=default_reviewer())
    shown = _show(path)
    reviewer = _table(data, "reviewer", shown)
    org = _table(data, "organization", shown)
    return Config(reviewer=_string(reviewer, "reviewer", "name", shown) or default_reviewer(),
                  organization_name=_string(org, "organization", "name", shown),
                  organization_url=_url(_string(org, "organization", "url", shown), shown),
                  keys=_keys(_table(data, "keys", shown), shown),
                  path=path,
                  advance=_bool(_table(data, "review", shown), "review", "advance", True, shown))


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
    if value is not None and not value.lower().startswith(("https://", "http://")):
        raise ConfigError(f"{shown}: [organization] url must start with https:// or http:// "
                          f"(got {value!r})")
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

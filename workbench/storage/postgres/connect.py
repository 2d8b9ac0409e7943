"""Connecting to a PostgreSQL server from a URL, and its errors as one line."""

from __future__ import annotations

import re
from types import ModuleType
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError, show_path

if TYPE_CHECKING:
    import psycopg

URL_SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is reported, not waited for
INSTALL_HINT = "pip install 'workbench[postgres]'"


class PostgresError(WorkbenchError):
    """The server cannot be used: a bad URL, no server, no permission, a schema we cannot read."""


def is_postgres_url(text: str) -> bool:
    """Whether *text* names a PostgreSQL database (``postgresql://...``) rather than a file."""
    return text.partition("://")[0].lower() in URL_SCHEMES and "://" in text


_PASSWORD = re.compile(r"(?i)(\bpostgres(?:ql)?://[^:/@\s]*:)[^@\s]*@")
_PASSWORD_PARAMETER = re.compile(r"(?i)(\bpassword=)[^&\s\"]*")


def hide_passwords(text: str) -> str:
    """*text* with the password of every PostgreSQL URL in it (``user:PASSWORD@``,
    ``?password=PASSWORD``) replaced by ``***``."""
    return _PASSWORD_PARAMETER.sub(r"\1***", _PASSWORD.sub(r"\1***@", text))


def shown_url(url: str) -> str:
    """*url* for a one-line message: its password masked, unprintable characters escaped."""
    return show_path(hide_passwords(url))


def error_reason(exc: BaseException) -> str:
    """A psycopg error's reason on one line (the server's first line, without its labels)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for prefix in ("connection failed: ",):
        text = text.removeprefix(prefix)
    return hide_passwords(text.replace("FATAL:  ", "").replace("ERROR:  ", ""))


def driver() -> ModuleType:
    """The psycopg module, or a one-line error saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise PostgresError(f"PostgreSQL needs the psycopg driver ({INSTALL_HINT})") from None
    return psycopg


def connect(url: str) -> psycopg.Connection:
    """An autocommit connection to *url* (transactions are explicit: ``conn.transaction()``)."""
    if not is_postgres_url(url):
        raise PostgresError(f"{shown_url(url)}: not a PostgreSQL URL "
                            "(postgresql://USER@HOST[:PORT]/DATABASE)")
    psycopg = driver()
    scheme, _, rest = url.partition("://")
    try:  # libpq knows the scheme in lower case only
        return psycopg.connect(f"{scheme.lower()}://{rest}", autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise PostgresError(f"{shown_url(url)}: {error_reason(exc)}") from None

"""A real PostgreSQL 15 server for the tests marked ``postgres``: started once per session from
Debian's binaries, on a free loopback port, in a temporary data folder, stopped at the end.

``pg_server`` (session) yields the server; ``pg_url`` (per test) is the URL of a fresh, empty
database on it, dropped after the test. Without the binaries the tests skip, except in CI
(``CI=true``), where they fail: the CI must not pass with the PostgreSQL tests silently skipped.

initdb refuses to run as root, and these machines run as root: the server then runs as the
``postgres`` user (``runuser``) in a folder it owns. Durability is switched off (fsync, full
page writes): a test server's data is thrown away anyway, and it makes CREATE DATABASE fast.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("WORKBENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"
SUPERUSER = "postgres"
TEMPLATE_DB = "workbench_template"
RAM_FOLDER = Path("/dev/shm")
RAM_NEEDED = 1 << 30  # bytes free in RAM_FOLDER to use it (docker's default 64 MB is not enough)
START_TIMEOUT = 60  # seconds pg_ctl waits for the server (a loaded CI machine is slow)
_PORT_ATTEMPTS = 3


@dataclass
class PgServer:
    """A running test server: ``url(db)`` connects to database *db* as the superuser."""

    host: str
    port: int
    folder: Path
    started_in: float  # seconds from initdb to a server accepting connections

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database}"


def missing_reason() -> str | None:
    """Why the server cannot be started here (None when it can)."""
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not os.access(PG_BIN / tool, os.X_OK):
            return f"PostgreSQL 15 is not installed ({PG_BIN / tool} is missing; " \
                   "apt-get install postgresql-15)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser (to start the server as postgres) is missing"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    return None


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str]) -> None:
    done = subprocess.run(_as_server_user(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:2])} failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-2000:]}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _parent_folder() -> str | None:
    """Where the data folder goes: $WORKBENCH_PG_TMP, else RAM when there is room (a busy shared
    disk made CREATE DATABASE take 300-600 ms instead of 30: benchmarks/pg_test_server.py),
    else the temp dir. Not under pytest's tmp_path: that is private to root (0700)."""
    if os.environ.get("WORKBENCH_PG_TMP"):
        return os.environ["WORKBENCH_PG_TMP"]
    try:
        stat = os.statvfs(RAM_FOLDER)
        if stat.f_bavail * stat.f_frsize >= RAM_NEEDED and os.access(RAM_FOLDER, os.W_OK):
            return str(RAM_FOLDER)
    except OSError:
        pass
    return None


def start_server(durable: bool = False) -> PgServer:
    """initdb a temporary folder and start a server on a free loopback port (trust auth).
    Not *durable* (the tests): no fsync, no full page writes, asynchronous commits; *durable*
    (benchmarks of commits): the server's defaults."""
    began = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="workbench-pg-", dir=_parent_folder()))
    if os.geteuid() == 0:
        shutil.chown(folder, SERVER_USER, SERVER_USER)
    data = folder / "data"
    try:
        _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
              "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"])
        host = "127.0.0.1"
        for attempt in range(_PORT_ATTEMPTS):  # another process may take the port meanwhile
            port = _free_port()
            options = f"-h {host} -p {port} -k {folder} -c max_connections=50"
            if not durable:
                options += " -F -c full_page_writes=off -c synchronous_commit=off"
            try:
                _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                      "-w", "-t", str(START_TIMEOUT), "-o", options, "start"])
                break
            except RuntimeError:
                if attempt == _PORT_ATTEMPTS - 1:
                    log = folder / "server.log"
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise RuntimeError(f"the test server did not start:\n{tail}") from None
        return PgServer(host, port, folder, time.perf_counter() - began)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def stop_server(server: PgServer) -> None:
    try:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate",
              "-w", "stop"])
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)


def _admin(server: PgServer, statement: str, *names: str) -> None:
    """Run *statement* on the maintenance database, its ``{}`` filled with *names* (identifiers)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(*map(sql.Identifier, names)))


def require_server() -> None:
    """Skip the test when no server can be started here; in CI (``CI=true``) fail it instead."""
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI needs the PostgreSQL tests: {reason}", pytrace=False)
    pytest.skip(reason)


def mark_postgres_tests(items: list[pytest.Item]) -> None:
    """Mark every test that uses the server ``postgres`` (so ``-m 'not postgres'`` leaves them out)."""
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (see the module's docstring); skips or, in CI, fails
    when PostgreSQL 15 is not installed."""
    require_server()
    server = start_server()
    try:
        # An empty template of our own: each test's database is a cheap copy of it.
        _admin(server, "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'", TEMPLATE_DB)
        yield server
    finally:
        stop_server(server)


_numbers = itertools.count(1)


@pytest.fixture
def pg_url(pg_server):
    """A fresh empty database for this test: its URL (as the superuser); dropped afterwards."""
    name = f"test_{os.getpid()}_{next(_numbers)}"
    _admin(pg_server, "CREATE DATABASE {} TEMPLATE {}", name, TEMPLATE_DB)
    try:
        yield pg_server.url(name)
    finally:
        _admin(pg_server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

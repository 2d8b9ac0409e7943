"""Review stores for the tests on both backends: ``store_target`` is an SQLite file or the URL of
a fresh PostgreSQL database set up by ``db init`` (tests/pg_server.py's server), per test.

``db init`` runs once per test session, on a template database; each test gets a copy of it
(CREATE DATABASE ... TEMPLATE), which is far cheaper than creating the schema again.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from pg_server import TEMPLATE_DB, _admin

REVIEW_TEMPLATE_DB = "workbench_reviews_template"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

_numbers = itertools.count(1)
_made: dict[str, int] = {}  # template database -> the port of the server it was made on


@pytest.fixture(scope="session")
def pg_review_template(pg_server) -> str:
    """The name of a database with the workbench schema and roles (made once per server: each
    test module that imports this fixture has its own copy of it)."""
    from psycopg import sql

    from workbench.storage.postgres.connect import connect
    from workbench.storage.postgres.schema import ROLES, init_database

    if _made.get(REVIEW_TEMPLATE_DB) == pg_server.port:
        return REVIEW_TEMPLATE_DB
    _admin(pg_server, "CREATE DATABASE {} TEMPLATE {}", REVIEW_TEMPLATE_DB, TEMPLATE_DB)
    conn = connect(pg_server.url(REVIEW_TEMPLATE_DB))
    try:
        init_database(conn)
        # The tests use the superuser. Roles are the server's: privileges left on them here
        # (and in every copy) would stop tests/test_pg_schema.py from dropping them.
        conn.execute(sql.SQL("DROP OWNED BY {}").format(
            sql.SQL(", ").join(map(sql.Identifier, ROLES))))
    finally:
        conn.close()
    _made[REVIEW_TEMPLATE_DB] = pg_server.port
    return REVIEW_TEMPLATE_DB


@pytest.fixture
def pg_sessions_url(pg_server, pg_review_template) -> str:
    """A fresh database set up for reviews: its URL; dropped after the test."""
    name = f"reviews_{os.getpid()}_{next(_numbers)}"
    _admin(pg_server, "CREATE DATABASE {} TEMPLATE {}", name, pg_review_template)
    try:
        yield pg_server.url(name)
    finally:
        _admin(pg_server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@pytest.fixture(params=BACKENDS)
def store_target(request, tmp_path) -> Path | str:
    """Where a test's reviews go: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "sessions.db"
    return request.getfixturevalue("pg_sessions_url")


def is_postgres(target) -> bool:
    return str(target).startswith("postgresql://")


def count_actions(target) -> int:
    """The number of entries in the undo log, read beside the store (not through it)."""
    if is_postgres(target):
        import psycopg

        with psycopg.connect(str(target)) as conn:
            return conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    import sqlite3

    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    finally:
        conn.close()

"""Shared fixtures: one real spaCy pipeline for the whole test session, and an environment
that keeps tests away from the user's config, sessions and corpus."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (model + quote component), loaded once per test session."""
    from workbench.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No test reads the user's config, sessions or corpus; the default session store path."""
    sessions = tmp_path / "default-sessions.db"
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("WORKBENCH_SESSIONS", str(sessions))
    monkeypatch.setenv("WORKBENCH_CORPUS", str(tmp_path / "no-corpus.db"))
    monkeypatch.setenv("USER", "tester")
    monkeypatch.delenv("NO_COLOR", raising=False)  # the UI's plain diff follows it
    return sessions


# PostgreSQL: a real server for the tests marked ``postgres`` (see tests/pg_server.py).
from pg_server import mark_postgres_tests, pg_server, pg_url  # noqa: E402,F401


def pytest_collection_modifyitems(config, items):
    mark_postgres_tests(items)

"""The PostgreSQL test server's fixture: without the binaries it skips on a developer's machine
and fails in CI, where the PostgreSQL tests must run."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import pg_server


@pytest.fixture
def no_binaries(monkeypatch, tmp_path):
    monkeypatch.setattr(pg_server, "PG_BIN", tmp_path / "no-postgresql")


def test_missing_binaries_fail_in_ci(no_binaries, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI needs the PostgreSQL tests.*initdb"):
        pg_server.require_server()


def test_missing_binaries_skip_elsewhere(no_binaries, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL 15 is not installed"):
        pg_server.require_server()


@dataclass
class _Item:  # the part of a pytest item that mark_postgres_tests uses
    fixturenames: list[str]
    markers: list[str] = field(default_factory=list)

    def add_marker(self, marker) -> None:
        self.markers.append(marker.name)


def test_tests_using_the_server_are_marked_postgres():
    uses, does_not = _Item(["pg_url", "pg_server"]), _Item(["tmp_path"])
    pg_server.mark_postgres_tests([uses, does_not])
    assert uses.markers == ["postgres"] and does_not.markers == []

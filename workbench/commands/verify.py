"""``workbench verify EXPORT.json``: the command-line shell of :mod:`workbench.export.verify`.

Registered in :data:`workbench.cli.COMMANDS`. Prints one line per problem (and per note), then
a summary line; exit 0 when everything holds, 1 when anything differs, 2 on bad input (not
JSON, not our format, the article or the corpus missing).
"""

from __future__ import annotations

import argparse

from workbench.commands.io import EXIT_OK, Streams

__all__ = ["configure", "cmd_verify"]

EXIT_DIFFERS = 1


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("export", metavar="EXPORT.json",
                        help="a review exported with `workbench export --format json`")
    parser.add_argument("--db", metavar="CORPUS",
                        help="the corpus to check the evidence in (default: the one each "
                             "evidence record names)")
    parser.add_argument("--article", metavar="FILE",
                        help="the reviewed article (default: the export's article.path, as "
                             "given or next to the export)")


def cmd_verify(args: argparse.Namespace, streams: Streams) -> int:
    from workbench.export.verify import load_export, verify_export
    from workbench.render import safe_text

    export = load_export(args.export)
    result = verify_export(export, export_path=args.export, article=args.article, db=args.db)
    for finding in result.findings:
        streams.out.write(safe_text(str(finding)).replace("\n", " ") + "\n")
    streams.out.write(result.summary() + "\n")
    streams.out.flush()
    return EXIT_DIFFERS if result.problems else EXIT_OK

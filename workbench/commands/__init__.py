"""The subcommands of the ``workbench`` command line, one module each.

``extract``, ``corpus``, ``search``, ``check``, ``sessions``, ``verdict``, ``correct``, ``export``,
``verify`` and ``review``: each has ``configure(parser)`` (its arguments) and a function that
runs it with ``(args, streams)`` and returns the exit code. Their shared helpers (streams, exit
codes, ``-o`` output files, JSONL input, progress, the model load) are in
:mod:`workbench.commands.io`. :mod:`workbench.cli` holds the command table and ``main()``.

Layering: these modules sit on top of the core (article, extract, check, corpus, review,
export); nothing outside this package and :mod:`workbench.cli` imports them, and none imports
:mod:`workbench.cli`, so the command line has no import circle (``tests/test_layers.py``).
This package imports nothing itself.
"""

"""The corpus: documents to check quotes against, stored in SQLite with an FTS5 index.

:mod:`workbench.corpus.store` is the store; :mod:`workbench.corpus.ingest` reads files into
it; :mod:`workbench.corpus.passages` and :mod:`workbench.corpus.transcript` cut texts into
passages with their speakers. ``workbench corpus ...`` is :mod:`workbench.commands.corpus`.
"""

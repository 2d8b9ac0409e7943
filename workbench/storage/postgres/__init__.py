"""The PostgreSQL backend: one database holds a desk's corpus and reviews.

Nothing here imports psycopg at import time: the driver is loaded only when a ``postgresql://``
URL is used (:func:`workbench.storage.postgres.connect.connect`), so a SQLite-only install does
not need it.
"""

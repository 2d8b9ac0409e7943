"""Where the corpus and the reviews are stored: SQLite files (the default) or a PostgreSQL server."""

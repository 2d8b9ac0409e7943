"""Text as PostgreSQL can store it.

A PostgreSQL ``text`` value cannot hold NUL (U+0000): the driver refuses it with an error. SQLite
can, and a corpus file or an article may contain one. Rather than fail the whole ingest or review
write, NUL is replaced by U+FFFD (the replacement character): one character for one, so the
passage offsets into a document's text stay right.
"""

from __future__ import annotations

NUL = "\0"
REPLACEMENT = "\ufffd"


def storable(value: str | None) -> str | None:
    """*value* with every NUL replaced by U+FFFD (same length); None stays None."""
    if value is None or NUL not in value:
        return value
    return value.replace(NUL, REPLACEMENT)

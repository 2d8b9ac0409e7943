"""The session tests again, with the session store cut down to the ReviewStore protocol: the
review rules use nothing of the SQLite backend but the seam (a PostgreSQL backend that
implements it gets the same rules)."""

from storage_seam_helpers import reviews_through_the_protocol  # noqa: F401  (autouse)
from test_session import *  # noqa: F401,F403
from test_session import pytestmark  # noqa: F401

del test_the_database_uses_wal_and_full_sync  # noqa: F821  (SQLite's own journal setting)

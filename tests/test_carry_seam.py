"""The carry-over tests again, with the session store cut down to the ReviewStore protocol
(see test_session_seam.py)."""

from storage_seam_helpers import reviews_through_the_protocol  # noqa: F401  (autouse)
from test_carry import *  # noqa: F401,F403
from test_carry import pytestmark  # noqa: F401

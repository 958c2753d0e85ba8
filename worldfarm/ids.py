"""Random identifiers that are also secrets: episode ids (the bearer of an episode's state) and tokens.

URL-safe base64 of ``nbytes`` random bytes, never starting with ``-``: an id that begins like an
option (``-3jw5QO...``) would be read as one by command lines. Redrawing the 1 draw in 64 that would
start with ``-`` costs 6/64 of a bit of entropy out of ``8 * nbytes``.
"""

from __future__ import annotations

import secrets


def random_id(nbytes: int) -> str:
    """``secrets.token_urlsafe(nbytes)``, redrawn until it does not start with ``-``."""
    while True:
        value = secrets.token_urlsafe(nbytes)
        if not value.startswith("-"):
            return value

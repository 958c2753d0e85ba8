"""Errors of the command line and its ``worldfarm up`` launcher.

    CliError (worldfarm WorldfarmError)
    └── FarmFailed      `worldfarm up` could not start or keep the farm (which process, its log)

The command line prints any :class:`~worldfarm.errors.WorldfarmError` as one line and exits 2.
"""

from __future__ import annotations

from worldfarm.errors import WorldfarmError


class CliError(WorldfarmError):
    """Root of the command line's own errors."""


class FarmFailed(CliError):
    """``worldfarm up`` could not start the farm, or a process of it keeps dying."""

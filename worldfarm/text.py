"""Small text helpers for messages people read."""

from __future__ import annotations

from collections.abc import Sequence


def some_of(names: Sequence[str], limit: int = 20) -> str:
    """``names`` joined with commas, the first ``limit`` of them and how many more there are."""
    if not names:
        return "none"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} ...and {len(names) - limit} more"

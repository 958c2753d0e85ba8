"""What a search tool can do, kept on the world so task kinds can ask questions it answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSpec:
    tool: str
    entity: str
    text: tuple[str, ...]
    """Columns the ``query`` argument matches (part of the text)."""
    filters: tuple[str, ...]
    """Columns with an equality filter (the argument has the column's name)."""
    ranges: tuple[str, ...]
    """Columns with a range: ``min_X``/``max_X``, or ``X_from``/``X_to`` for dates."""
    sorts: tuple[str, ...]
    scope: tuple[str, ...] = ()
    """Required equality arguments (the lines of one order)."""

    def range_args(self, column: str, is_date: bool) -> tuple[str, str]:
        return (f"{column}_from", f"{column}_to") if is_date else (f"min_{column}", f"max_{column}")

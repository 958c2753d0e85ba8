"""SQL text the generator writes: literals for build-time values, lists, and row comparisons.

Tools bind every argument as a parameter; only values known when the environment is built (enum
choices in CHECK constraints, ids and values in verifier assertions) become literals, through
:func:`lit`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def lit(value: Any) -> str:
    """A SQL literal for a value computed at build time."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def in_list(values: Iterable[Any]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def same_rows(table: str, where: str = "1") -> str:
    """True when ``table``'s rows matching ``where`` are identical in ``main`` and ``initial``.

    Rows are distinct (every table has a primary key): equal counts and main within initial mean equal sets.
    """
    return (
        f"(SELECT COUNT(*) FROM main.{table} WHERE {where}) = (SELECT COUNT(*) FROM initial.{table} WHERE {where}) "
        f"AND NOT EXISTS (SELECT * FROM main.{table} WHERE {where} EXCEPT SELECT * FROM initial.{table} WHERE {where})"
    )


def equals(column: str, value: Any) -> str:
    return f"{column} IS NULL" if value is None else f"{column} = {lit(value)}"


def new_ids(table: str) -> str:
    """The ids of ``table``'s rows that were not there at the start."""
    return f"(SELECT id FROM main.{table} WHERE id NOT IN (SELECT id FROM initial.{table}))"

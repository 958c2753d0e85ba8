"""When two episode states are the same world: the ``state`` reward mode's one definition.

Two states are equivalent when every table holds the same rows, as multisets, once incidental values
are set aside:

- a table's **volatile** columns (``Table.volatile``: generated ids, timestamps) are left out;
- when a table's primary key ``id`` is volatile, its rows have no identity of their own, so a
  column that references it (a foreign key) is compared by the **content of the row it points to**
  (recursively), not by the id. A booking made for a guest registered twice (a typo, deleted,
  registered again) then equals the reference's booking for the guest registered once.

The client harness (``client.rewards``) and the adversarial gate (``generator.strategies``) both use
:func:`compare_states`, so the gate tests exactly the reward a harness computes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from worldfarm.control import State, TableState

MAX_DIFFERENCES = 10
MAX_DEPTH = 4
"""How deep a reference is followed by content; deeper (or cyclic) references compare by id."""

References = Mapping[str, Mapping[str, str]]
"""table -> column -> the table that column references (its foreign keys)."""


@dataclass(frozen=True)
class Comparison:
    matched: bool
    differences: list[str] = field(default_factory=list)
    ignored: dict[str, list[str]] = field(default_factory=dict)


def compare_states(
    actual: State,
    reference: State,
    volatile: Mapping[str, Sequence[str]],
    references: References | None = None,
    *,
    tables: Sequence[str] | None = None,
) -> Comparison:
    """Whether ``actual`` and ``reference`` hold the same rows per table (in any order), volatile columns
    left out and references to tables with volatile ids followed by content; ``tables`` limits the check."""
    differences: list[str] = []
    ignored: dict[str, list[str]] = {}
    mine = _Canon(actual, volatile, references or {})
    theirs = _Canon(reference, volatile, references or {})
    for table in tables if tables is not None else sorted(set(actual.tables) | set(reference.tables)):
        a, b = actual.tables.get(table), reference.tables.get(table)
        if a is None or b is None:
            differences.append(f"table {table} is {'missing' if a is None else 'not in the reference'}")
            continue
        if a.columns != b.columns:
            differences.append(f"{table}: columns {a.columns} differ from the reference's {b.columns}")
            continue
        skip = sorted(set(volatile.get(table, ())) & set(a.columns))
        if skip:
            ignored[table] = skip
        differences += _row_differences(table, mine.rows(table), theirs.rows(table))
    return Comparison(matched=not differences, differences=differences[:MAX_DIFFERENCES], ignored=ignored)


def _row_differences(table: str, mine: Counter[str], theirs: Counter[str]) -> list[str]:
    extra, missing = mine - theirs, theirs - mine
    notes = [f"{table}: row not in the reference: {key[:300]}" for key in extra.elements()]
    notes += [f"{table}: reference row missing: {key[:300]}" for key in missing.elements()]
    return notes


class _Canon:
    """Rows of one state in canonical form: volatile columns out, links to volatile-id tables by content."""

    def __init__(self, state: State, volatile: Mapping[str, Sequence[str]], references: References) -> None:
        self.state = state
        self.volatile = volatile
        self.references = references
        self._by_id: dict[str, dict[Any, list[Any]]] = {}

    def rows(self, table: str) -> Counter[str]:
        data = self.state.tables[table]
        return Counter(json.dumps(self._row(table, data, row, 0), default=str) for row in data.rows)

    def _row(self, table: str, data: TableState, row: list[Any], depth: int) -> dict[str, Any]:
        skip = set(self.volatile.get(table, ()))
        links = self.references.get(table, {})
        out: dict[str, Any] = {}
        for column, value in zip(data.columns, row, strict=True):
            if column in skip:
                continue
            target = links.get(column)
            if target is not None and value is not None and self._content_linked(target) and depth < MAX_DEPTH:
                out[column] = self._linked(target, value, depth + 1)
            else:
                out[column] = _plain(value)
        return out

    def _content_linked(self, table: str) -> bool:
        return "id" in self.volatile.get(table, ()) and table in self.state.tables

    def _linked(self, table: str, row_id: Any, depth: int) -> Any:
        data = self.state.tables[table]
        index = self._by_id.get(table)
        if index is None:
            position = data.columns.index("id")
            index = self._by_id[table] = {row[position]: row for row in data.rows}
        row = index.get(row_id)
        return {"missing": _plain(row_id)} if row is None else self._row(table, data, row, depth)


def _plain(value: Any) -> Any:
    """245.0 and 245 are one value, as SQL compares them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value

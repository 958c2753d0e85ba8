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

from worldfarm.control import State

MAX_DIFFERENCES = 10
MAX_DEPTH = 4
"""How deep a reference is followed by content; deeper (or cyclic) references compare by id."""

References = Mapping[str, Mapping[str, str]]
"""table -> column -> the table that column references (its foreign keys)."""

Rows = Mapping[str, Sequence[Sequence[Any]]]
"""table -> its rows, each a sequence of values in the table's column order."""


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
    names = tables if tables is not None else sorted(set(actual.tables) | set(reference.tables))
    problems: list[str] = []
    for table in names:
        a, b = actual.tables.get(table), reference.tables.get(table)
        if a is None or b is None:
            problems.append(f"table {table} is {'missing' if a is None else 'not in the reference'}")
        elif a.columns != b.columns:
            problems.append(f"{table}: columns {a.columns} differ from the reference's {b.columns}")
    if problems:
        return Comparison(matched=False, differences=problems[:MAX_DIFFERENCES])
    columns = {t: list(actual.tables[t].columns) for t in actual.tables if t in reference.tables}
    mine = {t: actual.tables[t].rows for t in columns}
    theirs = {t: reference.tables[t].rows for t in columns}
    return compare_rows(mine, theirs, columns, volatile, references, tables=names)


def compare_rows(
    mine: Rows,
    theirs: Rows,
    columns: Mapping[str, Sequence[str]],
    volatile: Mapping[str, Sequence[str]],
    references: References | None = None,
    *,
    tables: Sequence[str],
) -> Comparison:
    """:func:`compare_states` over rows as they come from SQLite (``table -> rows``, ``columns`` naming
    each row's values): the gate's form, with no model to build."""
    links = references or {}
    a, b = _Canon(mine, columns, volatile, links), _Canon(theirs, columns, volatile, links)
    raw_equal = _RawEqual(mine, theirs)
    differences: list[str] = []
    ignored: dict[str, list[str]] = {}
    for table in tables:
        skip = sorted(set(volatile.get(table, ())) & set(columns[table]))
        if skip:
            ignored[table] = skip
        if raw_equal(table) and all(raw_equal(t) for t in a.followed(table)):
            continue
        if all(raw_equal(t) for t in a.followed(table)):  # the same rows on both sides mean the same
            extra, missing = raw_equal.only(table)
        else:
            extra, missing = list(mine[table]), list(theirs[table])
        differences += _row_differences(table, a, b, extra, missing)
    return Comparison(matched=not differences, differences=differences[:MAX_DIFFERENCES], ignored=ignored)


def _row_differences(
    table: str, a: _Canon, b: _Canon, mine: Sequence[Sequence[Any]], theirs: Sequence[Sequence[Any]]
) -> list[str]:
    have = Counter(a.row(table, row) for row in mine)
    want = Counter(b.row(table, row) for row in theirs)
    extra, missing = have - want, want - have
    notes = [f"{table}: row not in the reference: {a.describe(table, key)}" for key in extra.elements()]
    notes += [f"{table}: reference row missing: {b.describe(table, key)}" for key in missing.elements()]
    return notes


class _RawEqual:
    """Whether a table holds the same rows (as values) on both sides; memoized."""

    def __init__(self, mine: Rows, theirs: Rows) -> None:
        self.mine, self.theirs = mine, theirs
        self._equal: dict[str, bool] = {}

    def __call__(self, table: str) -> bool:
        if table not in self._equal:
            a, b = self.mine[table], self.theirs[table]
            self._equal[table] = a == b or Counter(map(tuple, a)) == Counter(map(tuple, b))
        return self._equal[table]

    def only(self, table: str) -> tuple[list[Sequence[Any]], list[Sequence[Any]]]:
        """The rows of ``table`` found on one side only (as multisets)."""
        a, b = Counter(map(tuple, self.mine[table])), Counter(map(tuple, self.theirs[table]))
        return list((a - b).elements()), list((b - a).elements())


Canonical = tuple[Any, ...]


class _Canon:
    """Rows of one state in canonical form: volatile columns out, links to volatile-id tables by content."""

    def __init__(
        self, rows: Rows, columns: Mapping[str, Sequence[str]], volatile: Mapping[str, Sequence[str]], links: References
    ) -> None:
        self.rows, self.columns, self.volatile, self.links = rows, columns, volatile, links
        self._by_id: dict[str, dict[Any, Sequence[Any]]] = {}
        self._memo: dict[tuple[str, Any, int], Canonical] = {}
        self._followed: dict[str, frozenset[str]] = {}

    def content_linked(self, table: str) -> bool:
        return "id" in self.volatile.get(table, ()) and table in self.rows and "id" in self.columns[table]

    def followed(self, table: str) -> frozenset[str]:
        """The tables whose content ``table``'s rows take in, following links transitively."""
        if table not in self._followed:
            self._followed[table] = frozenset()  # a cycle stops here
            direct = {t for t in self.links.get(table, {}).values() if self.content_linked(t)}
            self._followed[table] = frozenset(direct.union(*(self.followed(t) for t in direct)))
        return self._followed[table]

    def row(self, table: str, row: Sequence[Any], depth: int = 0) -> Canonical:
        skip = self.volatile.get(table, ())
        links = self.links.get(table, {})
        out: list[Any] = []
        for column, value in zip(self.columns[table], row, strict=True):
            if column in skip:
                continue
            target = links.get(column)
            if target is not None and value is not None and depth < MAX_DEPTH and self.content_linked(target):
                out.append(self._linked(target, value, depth + 1))
            else:
                out.append(_plain(value))
        return tuple(out)

    def _linked(self, table: str, row_id: Any, depth: int) -> Canonical:
        key = (table, row_id, depth)
        if key not in self._memo:
            index = self._by_id.get(table)
            if index is None:
                position = list(self.columns[table]).index("id")
                index = self._by_id[table] = {row[position]: row for row in self.rows[table]}
            row = index.get(row_id)
            self._memo[key] = ("missing", _plain(row_id)) if row is None else self.row(table, row, depth)
        return self._memo[key]

    def describe(self, table: str, key: Canonical) -> str:
        names = [c for c in self.columns[table] if c not in self.volatile.get(table, ())]
        return json.dumps(dict(zip(names, key, strict=False)), default=str, ensure_ascii=False)[:300]


def _plain(value: Any) -> Any:
    """245.0 and 245 are one value, as SQL compares them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value

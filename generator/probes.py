"""Probing a tool: find arguments it accepts in the initial state, and inputs it must refuse.

Valid arguments are derived from the input schema and the seed data: an id argument takes ids that
exist in the table it names (found from the tool's own SQL, the schema's foreign keys, or the
plural of its name), other values are synthesized from type, format, pattern and bounds. Several
combinations are tried, since a tool may need a record in a particular state (e.g. a cancellable
booking). Invalid inputs: a missing required argument, a wrong type, an unknown argument, and an id
that does not exist.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from generator.naming import pluralize
from worldfarm.bundle import Environment, Tool

MISSING_ID = 987654321
ATTEMPTS = 40
_ID_LOOKUP = re.compile(r"FROM\s+(\w+)(?:\s+\w+)?\s+WHERE\s+(?:\w+\.)?id\s*=\s*:(\w+)", re.IGNORECASE)


class IdSource:
    """Which table an ``..._id`` argument names, and the ids in it."""

    def __init__(self, env: Environment, conn: sqlite3.Connection) -> None:
        self.tables = [t.name for t in env.schema_.tables]
        self.today = env.clock[:10]
        self.conn = conn
        self.fk: dict[str, str] = {}
        for table in self.tables:
            for row in conn.execute('SELECT "from", "table" FROM pragma_foreign_key_list(?)', (table,)):
                self.fk.setdefault(row[0], row[1])
        self._ids: dict[str, list[int]] = {}

    def table_for(self, tool: Tool, arg: str) -> str | None:
        for step in tool.program:
            for table, name in _ID_LOOKUP.findall(step.sql):
                if name == arg and table in self.tables:
                    return str(table)
        if arg in self.fk:
            return self.fk[arg]
        stem = arg.removesuffix("_id")
        for candidate in (pluralize(stem.replace("_", " ")).replace(" ", "_"), stem, stem + "s"):
            if candidate in self.tables:
                return candidate
        ends = [t for t in self.tables if t.endswith(pluralize(stem.split("_")[-1]))]
        return ends[0] if ends else None

    def ids(self, table: str) -> list[int]:
        """The table's row ids, spread over its kinds of rows: one of each status (and such) first."""
        if table not in self._ids:
            self._ids[table] = self._spread(table)
        return self._ids[table]

    def _spread(self, table: str) -> list[int]:
        """Ids grouped by the table's first status-like column (round robin over the groups), and within a
        group round robin over its other kind of row and the age of the row's first date, newest and oldest
        first (new rows are often the ones in a special state)."""
        columns = [
            r[1] for r in self.conn.execute("SELECT * FROM pragma_table_info(?)", (table,)) if r[2].upper() == "TEXT"
        ]
        kinds = sorted((c for c in columns if self._distinct(table, c) <= 8), key=lambda c: c != "status")[:2]
        dates = [c for c in columns if self._is_date(table, c)][:1]
        select = ", ".join([*(f'"{c}"' for c in kinds), *(self._age(c) for c in dates)]) or "NULL"
        groups: dict[Any, dict[tuple[Any, ...], list[int]]] = {}
        query = f'SELECT rowid, {select} FROM "{table}" ORDER BY rowid'  # noqa: S608
        for row in self.conn.execute(query, {"today": self.today}):
            kind, rest = row[1] if kinds else None, tuple(row[2:]) if kinds else tuple(row[1:])
            groups.setdefault(kind, {}).setdefault(rest, []).append(row[0])
        lanes = [
            _round_robin([_ends_first(ids) for ids in sorted(ages.values(), key=max, reverse=True)])
            for ages in groups.values()
        ]
        return _round_robin(lanes)

    def column_value(self, table: str, column: str, row_id: Any) -> Any:
        """The value of ``column`` in row ``row_id`` of ``table``, or None if it has no such column."""
        columns = {r[1] for r in self.conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}
        if column not in columns:
            return None
        row = self.conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', (row_id,)).fetchone()  # noqa: S608
        return row[0] if row else None

    def _is_date(self, table: str, column: str) -> bool:
        row = self.conn.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL LIMIT 1').fetchone()  # noqa: S608
        return bool(row and isinstance(row[0], str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[0]))

    @staticmethod
    def _age(column: str) -> str:
        """Rows in the future, in the last two weeks, the last two months, or before: windows differ by age."""
        return (
            f'CASE WHEN "{column}" > :today THEN 0 WHEN "{column}" >= date(:today, \'-14 days\') THEN 1 '
            f"WHEN \"{column}\" >= date(:today, '-60 days') THEN 2 ELSE 3 END"
        )

    def _distinct(self, table: str, column: str) -> int:
        return int(self.conn.execute(f'SELECT COUNT(DISTINCT "{column}") FROM "{table}"').fetchone()[0])  # noqa: S608


def _round_robin(lanes: list[list[int]]) -> list[int]:
    return [lane[i] for i in range(max(map(len, lanes), default=0)) for lane in lanes if i < len(lane)]


def _ends_first(ids: list[int]) -> list[int]:
    """Newest, oldest, second newest, second oldest...: new rows are often the ones in a special state."""
    out: list[int] = []
    low, high = 0, len(ids) - 1
    while low <= high:
        out.append(ids[high])
        if low != high:
            out.append(ids[low])
        low, high = low + 1, high - 1
    return out


def is_id(name: str, spec: dict[str, Any]) -> bool:
    return spec.get("type") == "integer" and (name == "id" or name.endswith("_id"))


def candidates(tool: Tool, source: IdSource, today: str) -> Iterator[dict[str, Any]]:
    """Argument sets to try, most likely to be accepted first."""
    props: dict[str, Any] = tool.input_schema.get("properties", {})
    required: list[str] = list(tool.input_schema.get("required", []))
    id_args = {n: source.table_for(tool, n) for n, s in props.items() if is_id(n, s)}
    for attempt in range(2 * ATTEMPTS * max(1, len(id_args))):
        names = required if attempt % 2 == 0 else list(props)
        args: dict[str, Any] = {}
        for position, name in enumerate(names):
            spec = props[name]
            if name in id_args:
                table = id_args[name]
                ids = source.ids(table) if table else []
                if not ids:
                    if name in required:
                        args[name] = 1
                    continue
                step = attempt // (4 if len(id_args) > 1 else 2)
                args[name] = ids[(step * (2 * position + 1) + step // len(ids) + position * 7) % len(ids)]
            else:
                args[name] = synthesize(name, spec, attempt, today)
        if attempt % 4 >= 2 and len(id_args) > 1:
            _link(args, id_args, source)
        yield args


def _link(args: dict[str, Any], id_args: dict[str, str | None], source: IdSource) -> None:
    """Ids of related records taken from the same row: a booking's id and its own customer's id."""
    for name, table in id_args.items():
        if name not in args or table is None:
            continue
        for other in id_args:
            if other != name and other in args:
                value = source.column_value(table, other, args[name])
                if value is not None:
                    args[other] = value


def synthesize(name: str, spec: dict[str, Any], attempt: int, today: str) -> Any:
    if "enum" in spec:
        return spec["enum"][attempt % len(spec["enum"])]
    if "default" in spec:
        return spec["default"]
    kind = spec.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "integer":
        low = spec.get("minimum", 1)
        return max(low, min(spec.get("maximum", low + 1), low + attempt % 2))
    if kind == "number":
        low = spec.get("minimum", spec.get("exclusiveMinimum", 0))
        return min(spec.get("maximum", 10**9), low + 1)
    if kind == "boolean":
        return attempt % 2 == 0
    return _string(name, spec, attempt, today)


def _string(name: str, spec: dict[str, Any], attempt: int, today: str) -> str:
    pattern = spec.get("pattern", "")
    if spec.get("format") == "date" or "\\d{4}-\\d{2}-\\d{2}" in pattern:
        return (date.fromisoformat(today) + timedelta(days=7 + 2 * attempt)).isoformat()
    if spec.get("format") == "email" or "@" in pattern:
        return f"probe.{attempt}.{name}@example.com"
    if pattern and "0-9" in pattern:
        return f"+1-555-01{attempt:02d}"
    return f"Probe {name.replace('_', ' ')} {attempt}"[: spec.get("maxLength", 200)]


def wrong_type(spec: dict[str, Any]) -> Any:
    kind = spec.get("type")
    return (
        "not-a-number"
        if kind in ("integer", "number")
        else 12345
        if kind == "string"
        else "not-a-boolean"
        if kind == "boolean"
        else []
    )


def invalid_inputs(tool: Tool, valid: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """(what is wrong, arguments) pairs the tool must refuse with a tool error."""
    props: dict[str, Any] = tool.input_schema.get("properties", {})
    required: list[str] = list(tool.input_schema.get("required", []))
    base = dict(valid or {})
    cases: list[tuple[str, dict[str, Any]]] = [("an unknown argument", {**base, "unexpected_probe_argument": 1})]
    if required:
        cases.append((f"no {required[0]}", {k: v for k, v in base.items() if k != required[0]}))
    if props:
        name = required[0] if required else next(iter(props))
        cases.append((f"a wrong type for {name}", {**base, name: wrong_type(props[name])}))
    if valid is not None:
        for name in required:
            if is_id(name, props[name]):
                cases.append((f"{name} {MISSING_ID}, which does not exist", {**base, name: MISSING_ID}))
    return cases

"""A candidate's verifier, derived by running its reference solution on the world.

The solution runs through the real runtime on the environment's workbench (one episode, reset between
candidates: :class:`generator.workbench.Workbench`); the difference between the final and
the initial state is what the task must do, and the verifier pins exactly that and nothing else:

- every updated row has every column as the solution left it;
- every deleted row is gone;
- the new rows of each table are exactly the solution's (all columns but the generated id; a foreign
  key to a row the task itself creates must point at a new row with the same values, so the route
  that made it does not matter);
- every other row of every table is as it was.

So ``verifier`` and ``state`` rewards agree by construction: both ask for the reference's final
state. A question adds the values its answer must state (found in the solution's results).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.candidate import TaskCandidate
from generator.sql import equals, lit, same_rows
from generator.workbench import Workbench
from servers import EnvRuntime, ServerError
from worldfarm import Assertion, Task, Verifier
from worldfarm.answers import judge, read
from worldfarm.task import Branch, Refusal

MAX_DEPTH = 3
Row = dict[str, Any]


@dataclass
class Changes:
    """What a solution did to one table."""

    inserted: list[Row] = field(default_factory=list)
    updated: list[tuple[Row, Row]] = field(default_factory=list)
    """(before, after) pairs."""
    deleted: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class TableInfo:
    """What the verifier needs to know of a table: how to name its rows, where its keys point."""

    label: str
    display: str
    links: Mapping[str, str]
    """Foreign-key column -> referenced table."""
    reals: frozenset[str] = frozenset()


class Derivation:
    """Derives verifiers for candidates of one environment."""

    def __init__(self, runtime: EnvRuntime, tables: Mapping[str, TableInfo]) -> None:
        self.runtime = runtime
        self.bench = Workbench(runtime)
        self.tables = tables
        self.writes_to = {
            tool.name: {m for step in tool.program if step.kind == "exec" for m in _WRITES.findall(step.sql)}
            for tool in runtime.env.tools
        }

    def close(self) -> None:
        self.bench.close()

    def task(self, candidate: TaskCandidate, task_id: str) -> Task | str:
        """The task, or why the candidate cannot be one."""
        self.bench.reset()
        outputs = []
        for index, step in enumerate(candidate.calls):
            try:
                outputs.append(json.dumps(self.bench.call(step)))
            except ServerError as exc:
                return f"solution[{index}] {step.tool} fails: {exc.message}"
        written = {t for step in candidate.calls for t in self.writes_to.get(step.tool, ())}
        changes = _changes(self.bench.conn, sorted(written))
        problem = answer_problem(candidate, "\n".join(outputs))
        if problem:
            return problem
        if candidate.writes != bool(changes):
            return "a write task that changes nothing" if candidate.writes else "a question that changes something"
        return Task(
            id=task_id,
            instruction=candidate.instruction,
            verifier=Verifier(
                assertions=self._assertions(changes), answer=list(candidate.answer), competing=competing(candidate)
            ),
            solution=list(candidate.calls),
            difficulty=candidate.difficulty,
            tags=_tags(candidate),
            branch=_branch(candidate),
            refusal=_refusal(candidate),
        )

    def _assertions(self, changes: Mapping[str, Changes]) -> list[Assertion]:
        out: list[Assertion] = []
        for table, change in changes.items():
            out += self._table_assertions(table, change, changes)
        untouched = [t for t in self.tables if t not in changes]
        if untouched:
            sql = "SELECT " + " AND ".join(f"({same_rows(t)})" for t in untouched)
            out.append(Assertion(sql=sql, message="every other table is as it was"))
        return out

    def _table_assertions(self, table: str, change: Changes, changes: Mapping[str, Changes]) -> list[Assertion]:
        info = self.tables[table]
        out = []
        for before, after in change.updated:
            cond = self._match(table, after, changes, skip_id=False)
            message = _updated(info, before, after)
            out.append(Assertion(sql=f"SELECT COUNT(*) = 1 FROM main.{table} WHERE {cond}", message=message))
        for row in change.deleted:
            out.append(
                Assertion(
                    sql=f"SELECT NOT EXISTS (SELECT 1 FROM main.{table} WHERE id = {lit(row['id'])})",
                    message=f"{info.label} {_name(info, row)} is deleted",
                )
            )
        out += self._inserted(table, change.inserted, changes)
        kept = [after["id"] for _, after in change.updated] + [row["id"] for row in change.deleted]
        where = f"id IN (SELECT id FROM initial.{table})"
        if kept:
            where += f" AND id NOT IN ({', '.join(lit(k) for k in kept)})"
        out.append(
            Assertion(sql=f"SELECT {same_rows(table, where)}", message=f"the other {info.label} rows are as they were")
        )
        return out

    def _inserted(self, table: str, rows: Sequence[Row], changes: Mapping[str, Changes]) -> list[Assertion]:
        info = self.tables[table]
        new = f"id NOT IN (SELECT id FROM initial.{table})"
        counted: dict[str, int] = {}
        labels: dict[str, str] = {}
        for row in rows:
            cond = self._match(table, row, changes, skip_id=True)
            counted[cond] = counted.get(cond, 0) + 1
            labels[cond] = _name(info, row)
        out = [
            Assertion(
                sql=f"SELECT (SELECT COUNT(*) FROM main.{table} WHERE {new}) = {len(rows)}",
                message=f"{len(rows) or 'no'} new {info.label} row{'' if len(rows) == 1 else 's'}",
            )
        ]
        for cond, count in counted.items():
            out.append(
                Assertion(
                    sql=f"SELECT COUNT(*) = {count} FROM main.{table} WHERE {new} AND {cond}",
                    message=f"a new {info.label} {labels[cond]} with the requested details",
                )
            )
        return out

    def _match(
        self, table: str, row: Mapping[str, Any], changes: Mapping[str, Changes], *, skip_id: bool, depth: int = 0
    ) -> str:
        """SQL matching ``row`` of ``table`` on every column; keys to new rows match the new row's values."""
        info = self.tables[table]
        parts = []
        for column, value in row.items():
            if column == "id":
                if not skip_id:
                    parts.append(f"id = {lit(value)}")
                continue
            target = info.links.get(column)
            parent = _new_row(changes, target, value) if target else None
            if parent is not None and target is not None and depth < MAX_DEPTH:
                inner = self._match(target, parent, changes, skip_id=True, depth=depth + 1)
                parts.append(
                    f"{column} IN (SELECT id FROM main.{target} WHERE id NOT IN (SELECT id FROM initial.{target}) "
                    f"AND {inner})"
                )
            elif column in info.reals and isinstance(value, float):
                parts.append(f"ABS({column} - {lit(value)}) < 0.000001")
            else:
                parts.append(equals(column, value))
        return " AND ".join(parts) or "1"


_WRITES = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)


def _changes(conn: sqlite3.Connection, tables: Sequence[str]) -> dict[str, Changes]:
    """What the calls did to ``tables`` (the only ones their tools can write), by id: ``main`` against
    the start attached as ``initial``."""
    out: dict[str, Changes] = {}
    for table in tables:
        now = _rows(conn, f"SELECT * FROM main.{table} EXCEPT SELECT * FROM initial.{table}")
        before = {r["id"]: r for r in _rows(conn, f"SELECT * FROM initial.{table} EXCEPT SELECT * FROM main.{table}")}
        change = Changes()
        for row in now:
            old = before.pop(row["id"], None)
            if old is None:
                change.inserted.append(row)
            else:
                change.updated.append((old, row))
        change.deleted = list(before.values())
        if change.inserted or change.updated or change.deleted:
            out[table] = change
    return out


def _rows(conn: sqlite3.Connection, sql: str) -> list[Row]:
    cursor = conn.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def competing(candidate: TaskCandidate) -> list[str]:
    """The candidate's competing values, without the expected ones, repeats, or values the instruction
    states (those are never held against an answer, so they would protect nothing)."""
    copied = read(candidate.instruction)
    out: list[str] = []
    for value in candidate.competing:
        if value not in candidate.answer and value not in out and not copied.may_state(value):
            out.append(value)
    return out


def answer_problem(candidate: TaskCandidate, transcript: str) -> str:
    """Why the candidate's expected answer would not survive the gate (empty: it would)."""
    if not candidate.answer:
        return ""
    if not competing(candidate):
        return "an expected answer needs competing values"
    copied = read(candidate.instruction)
    results = read(transcript, copied)
    for value in candidate.answer:
        if copied.may_state(value):
            return f"expected answer {value!r} is copied from the instruction"
        if not results.states(value):
            return f"expected answer {value!r} is not in the solution's results"
    if not judge("; ".join(candidate.answer), candidate.answer, competing(candidate), candidate.instruction).passed:
        return "the expected answers fail their own check"
    return ""


def _tags(candidate: TaskCandidate) -> list[str]:
    """The candidate's tags, led by "write" or "lookup" (what the task does to the state)."""
    lead = "write" if candidate.writes else "lookup"
    return [lead, *(t for t in candidate.tags if t not in ("write", "lookup"))]


def _branch(candidate: TaskCandidate) -> Branch | None:
    if not candidate.branch:
        return None
    return Branch(condition=candidate.condition, holds=candidate.branch == "then", otherwise=candidate.otherwise)


def _refusal(candidate: TaskCandidate) -> Refusal | None:
    if not candidate.refusal:
        return None
    return Refusal(reason=candidate.reason, otherwise=candidate.otherwise)


def _new_row(changes: Mapping[str, Changes], table: str, value: Any) -> Row | None:
    change = changes.get(table)
    if change is None:
        return None
    return next((row for row in change.inserted if row.get("id") == value), None)


def _name(info: TableInfo, row: Mapping[str, Any]) -> str:
    shown = row.get(info.display)
    return f"{shown!s}" if shown is not None else f"#{row.get('id')}"


def _updated(info: TableInfo, before: Row, after: Row) -> str:
    moved = [f"{c} {before.get(c)!s} -> {v!s}" for c, v in after.items() if before.get(c) != v]
    return f"{info.label} {_name(info, after)}: " + ("; ".join(moved) or "unchanged")

"""Small constructors for what a bundle holds: tools and their program steps, tasks and verifier SQL.

Everything here returns plain JSON-ready data (dicts and lists), the shape of ``env.json`` and
``tasks.jsonl``; the loader's pydantic models validate it when the gate loads the bundle.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, TypeVar

from generator.blocks import lit
from generator.naming import articles
from worldfarm.answers import classify, read

Json = dict[str, Any]


def check(sql: str, error: str) -> Json:
    return {"kind": "check", "sql": sql, "error": error}


def query(name: str, sql: str, error: str | None = None, rows: str = "one") -> Json:
    step: Json = {"kind": "query", "name": name, "sql": sql}
    if rows != "one":
        step["rows"] = rows
    if error:
        step["error"] = error
    return step


def execute(sql: str, error: str | None = None) -> Json:
    step: Json = {"kind": "exec", "sql": sql}
    if error:
        step["error"] = error
    return step


def ret(sql: str, rows: str = "one") -> Json:
    step: Json = {"kind": "return", "sql": sql}
    if rows != "one":
        step["rows"] = rows
    return step


def obj(properties: Json, required: list[str] | None = None) -> Json:
    return {
        "type": "object",
        "properties": properties,
        "required": required or [],
        "additionalProperties": False,
    }


def items_of(row: Json) -> Json:
    return obj({"items": {"type": "array", "items": row}}, ["items"])


def tool(
    name: str,
    description: str,
    properties: Json,
    required: list[str],
    program: list[Json],
    output: Json,
    *,
    read_only: bool = False,
    destructive: bool = False,
    idempotent: bool = False,
) -> Json:
    hints: Json = {}
    if read_only:
        hints["readOnlyHint"] = True
    if destructive:
        hints["destructiveHint"] = True
    if idempotent or read_only:
        hints["idempotentHint"] = True
    return {
        "name": name,
        "description": articles(description),
        "input_schema": obj(properties, required),
        "output_schema": output,
        "annotations": hints,
        "program": program,
    }


def integer(description: str, minimum: int = 1, maximum: int | None = None) -> Json:
    spec: Json = {"type": "integer", "minimum": minimum, "description": description}
    if maximum is not None:
        spec["maximum"] = maximum
    return spec


# --- tasks and verifiers --------------------------------------------------------------------------


def task(
    kind: str,
    instruction: str,
    solution: list[tuple[str, Json]],
    assertions: list[tuple[str, str]],
    *,
    difficulty: str,
    tags: list[str],
    answer: list[str] | None = None,
    competing: list[str] | None = None,
    branch: Json | None = None,
    refusal: Json | None = None,
) -> Json:
    """A candidate task; its id is given when the environment's tasks are chosen. ``competing``: values
    a wrong or hedged answer would state instead (see :func:`rivals`); ``branch`` (:func:`branch`) and
    ``refusal`` (:func:`refusal`) declare a conditional instruction and a request to refuse."""
    verifier: Json = {"assertions": [{"sql": sql, "message": msg} for sql, msg in assertions]}
    if answer:
        copied = read(articles(instruction))
        verifier["answer"] = answer
        verifier["competing"] = rivals(answer, [v for v in competing or [] if not copied.may_state(v)])
    out: Json = {
        "id": kind,
        "instruction": articles(instruction),
        "verifier": verifier,
        "solution": calls(solution),
        "difficulty": difficulty,
        "tags": tags,
    }
    if branch is not None:
        out["branch"] = branch
    if refusal is not None:
        out["refusal"] = refusal
        out["tags"] = [*tags, "refusal"] if "refusal" not in tags else tags
    return out


Call = tuple[str, Json]


def calls(solution: list[Call]) -> list[Json]:
    return [{"tool": name, "arguments": args} for name, args in solution]


T = TypeVar("T")


def either_way(rng: random.Random, pick: Callable[[bool], T | None]) -> tuple[bool, T] | None:
    """A conditional task's branch: ``pick(holds)`` finds material for it, or None. Only a world that
    offers both branches gets the task, on a fair coin, so every condition kind comes out both ways in
    about equal numbers (an agent has to look before it acts)."""
    options = {holds: pick(holds) for holds in (True, False)}
    yes, no = options[True], options[False]
    if yes is None or no is None:
        return None
    holds = rng.random() < 0.5
    return (True, yes) if holds else (False, no)


def branch(condition: str, holds: bool, otherwise: list[Call]) -> Json:
    """A conditional instruction's declaration: its condition kind, whether it holds here, the other branch."""
    return {"condition": condition, "holds": holds, "otherwise": calls(otherwise)}


def refusal(reason: str, otherwise: list[Call]) -> Json:
    """A request to refuse: why, and what complying (or working around the policy) would do."""
    return {"reason": reason, "otherwise": calls(otherwise)}


MAX_COMPETING = 10


def closest(rows: list[Json], row: Json, column: str) -> list[Json]:
    """The other rows, those whose ``column`` is closest to ``row``'s first (the values a confused answer
    would state)."""
    others = [r for r in rows if r["id"] != row["id"] and r.get(column) is not None]
    return sorted(others, key=lambda r: (abs(r[column] - row[column]), r["id"]))


def rivals(expected: list[str], candidates: list[str], limit: int = MAX_COMPETING) -> list[str]:
    """Up to ``limit`` distinct competing values, in order, none equal to an expected one (as a number,
    a date or text, the way answers are compared)."""
    taken = {classify(v) for v in expected}
    out: list[str] = []
    for value in candidates:
        key = classify(value)
        if key not in taken and value.strip():
            taken.add(key)
            out.append(value)
        if len(out) >= limit:
            break
    return out


def same_rows(table: str, where: str = "1") -> str:
    """SQL true when ``table``'s rows matching ``where`` are identical in ``main`` and ``initial``."""
    # rows are distinct (every table has a primary key): equal counts and main within initial mean equal sets
    return (
        f"(SELECT COUNT(*) FROM main.{table} WHERE {where}) = (SELECT COUNT(*) FROM initial.{table} WHERE {where}) "
        f"AND NOT EXISTS (SELECT * FROM main.{table} WHERE {where} EXCEPT SELECT * FROM initial.{table} WHERE {where})"
    )


def others_unchanged(table: str, ids: list[int]) -> tuple[str, str]:
    where = f"id NOT IN ({', '.join(map(str, ids))})" if ids else "1"
    return f"SELECT {same_rows(table, where)}", f"no other row of {table} changed"


def old_rows_unchanged(table: str) -> tuple[str, str]:
    where = f"id IN (SELECT id FROM initial.{table})"
    return f"SELECT {same_rows(table, where)}", f"the existing rows of {table} are untouched"


def added(table: str, count: int) -> tuple[str, str]:
    return (
        f"SELECT (SELECT COUNT(*) FROM main.{table}) = (SELECT COUNT(*) FROM initial.{table}) + {count}",
        f"exactly {count} row(s) added to {table}",
    )


def new_row(table: str, values: dict[str, Any], what: str) -> tuple[str, str]:
    cond = " AND ".join(_eq(col, v) for col, v in values.items()) or "1"
    sql = f"SELECT COUNT(*) = 1 FROM main.{table} WHERE id NOT IN (SELECT id FROM initial.{table}) AND {cond}"
    return sql, what


def row_is(table: str, row_id: int, values: dict[str, Any], what: str) -> tuple[str, str]:
    cond = " AND ".join(_eq(col, v) for col, v in values.items())
    return f"SELECT COUNT(*) = 1 FROM main.{table} WHERE id = {row_id} AND {cond}", what


def tables_unchanged(tables: list[str]) -> tuple[str, str]:
    if not tables:
        return "SELECT 1", "nothing else to compare"
    return "SELECT " + " AND ".join(f"({same_rows(t)})" for t in tables), "nothing else changed"


def _eq(col: str, value: Any) -> str:
    return f"{col} IS NULL" if value is None else f"{col} = {lit(value)}"

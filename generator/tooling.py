"""Constructors for tools and their program steps, as the contract's own models.

A step is a :class:`worldfarm.CheckStep`, :class:`~worldfarm.QueryStep`, :class:`~worldfarm.ExecStep`
or :class:`~worldfarm.ReturnStep`; a tool is a :class:`worldfarm.Tool`. Building them here validates
them as early as possible: a malformed program fails while the world is built, not when it loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from generator.naming import articles
from generator.schema import JsonSchema
from worldfarm import Annotations, CheckStep, ExecStep, QueryStep, ReturnStep, Tool

Step = CheckStep | QueryStep | ExecStep | ReturnStep

__all__ = [
    "CheckStep",
    "ExecStep",
    "QueryStep",
    "ReturnStep",
    "Rows",
    "Step",
    "check",
    "count_arg",
    "execute",
    "id_arg",
    "items_of",
    "list_arg",
    "make_tool",
    "obj",
    "query",
    "result_of",
    "ret",
    "string_arg",
]
Rows = Literal["one", "all"]


def check(sql: str, error: str) -> CheckStep:
    return CheckStep(kind="check", sql=sql, error=error)


def query(name: str, sql: str, error: str | None = None, rows: Rows = "one") -> QueryStep:
    return QueryStep(kind="query", name=name, sql=sql, rows=rows, error=error)


def execute(sql: str, error: str | None = None) -> ExecStep:
    return ExecStep(kind="exec", sql=sql, error=error)


def ret(sql: str, rows: Rows = "one") -> ReturnStep:
    return ReturnStep(kind="return", sql=sql, rows=rows)


def obj(properties: dict[str, JsonSchema], required: Sequence[str] = ()) -> JsonSchema:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


def items_of(row: JsonSchema) -> JsonSchema:
    return obj({"items": {"type": "array", "items": row}}, ["items"])


def id_arg(description: str) -> JsonSchema:
    return {"type": "integer", "minimum": 1, "description": description}


def count_arg(description: str, low: int = 1, high: int = 99, default: int | None = None) -> JsonSchema:
    spec: JsonSchema = {"type": "integer", "minimum": low, "maximum": high, "description": description}
    if default is not None:
        spec["default"] = default
    return spec


def string_arg(description: str, *, choices: Sequence[str] = (), max_length: int = 400) -> JsonSchema:
    if choices:
        return {"type": "string", "enum": list(choices), "description": description}
    return {"type": "string", "minLength": 1, "maxLength": max_length, "description": description}


def list_arg(item: dict[str, JsonSchema], required: Sequence[str], description: str, most: int = 20) -> JsonSchema:
    """An array of small objects: ``items: [{"product_id": 3, "quantity": 2}, ...]``."""
    return {
        "type": "array",
        "minItems": 1,
        "maxItems": most,
        "items": obj(item, required),
        "description": description,
    }


def make_tool(
    name: str,
    description: str,
    properties: dict[str, JsonSchema],
    required: Sequence[str],
    program: Sequence[Step],
    output: JsonSchema,
    *,
    read_only: bool = False,
    destructive: bool = False,
    idempotent: bool = False,
    example: dict[str, Any] | None = None,
) -> Tool:
    """A tool; ``example`` is a call that works on the initial state (shown to agents, tried first by the gate)."""
    schema = obj(properties, required)
    if example is not None:
        schema["examples"] = [example]
    return Tool(
        name=name,
        description=articles(description),
        input_schema=schema,
        output_schema=output,
        annotations=Annotations(read_only=read_only, destructive=destructive, idempotent=idempotent or read_only),
        program=list(program),
    )


def result_of(columns: dict[str, str]) -> JsonSchema:
    """An output schema of named JSON types: ``{"id": "integer", "status": "string"}``."""
    props: dict[str, Any] = {name: {"type": kind} for name, kind in columns.items()}
    return obj(props, list(columns))

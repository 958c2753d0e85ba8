"""Stage 5, tools: tool programs (declarative SQL steps), each probed through the real runtime.

The model writes every tool in one answer; each tool is then checked on its own (validated,
compiled, probed by the gate in an environment of the schema, the seed and that tool) and corrected
on its own. A tool that still fails is dropped and reported; the tasks that need it fail later.
"""

from __future__ import annotations

import inspect
from typing import Any

from generator.llm.execute import Draft, check_tool
from generator.llm.prompts import prompt
from generator.llm.report import Log
from generator.llm.stages.context import Context, all_of, item_answer
from generator.llm.stages.describe import compact, scenario_values, schema_text, seed_text, tasks_text
from worldfarm import Tool, bundle

SAMPLE_ROWS = 3
EXAMPLE = {
    "name": "cancel_booking",
    "description": "Cancel a confirmed booking. Only bookings that have not started can be cancelled. "
    "Returns the booking with its new status.",
    "input_schema": {
        "type": "object",
        "properties": {"booking_id": {"type": "integer", "minimum": 1}},
        "required": ["booking_id"],
        "additionalProperties": False,
    },
    "output_schema": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "status": {"type": "string"}},
        "required": ["id", "status"],
        "additionalProperties": False,
    },
    "annotations": {"destructiveHint": True, "idempotentHint": True},
    "program": [
        {
            "kind": "check",
            "sql": "SELECT EXISTS (SELECT 1 FROM bookings WHERE id = :booking_id)",
            "error": "booking {booking_id} not found; use search_bookings to find booking ids",
        },
        {"kind": "query", "name": "b", "sql": "SELECT status, start_date FROM bookings WHERE id = :booking_id"},
        {
            "kind": "check",
            "sql": "SELECT :b__status = 'confirmed' AND :b__start_date > :_today",
            "error": "booking {booking_id} is {b__status} and cannot be cancelled; only future confirmed bookings can",
        },
        {"kind": "exec", "sql": "UPDATE bookings SET status = 'cancelled' WHERE id = :booking_id"},
        {"kind": "return", "sql": "SELECT id, status FROM bookings WHERE id = :booking_id"},
    ],
}


async def write_tools(ctx: Context, draft: Draft, ideas: list[dict[str, Any]], log: Log) -> tuple[Tool, ...]:
    """The tools that pass their checks (possibly none: then the environment is given up on)."""
    assert draft.schema is not None
    messages = prompt("tools").messages(
        **scenario_values(draft.scenario),
        schema=schema_text(draft.schema),
        sample=seed_text(draft.seed, SAMPLE_ROWS),
        tasks=tasks_text(ideas),
        semantics=inspect.cleandoc(bundle.__doc__ or "").split("\n\n", 1)[1],
        example=compact(EXAMPLE),
    )

    async def check_list(data: Any) -> tuple[list[Any] | None, list[str]]:
        return tool_list(data)

    listed = await ctx.produce("tools", messages, "tools", check_list, what="tool list", log=log, item="tool list")
    if listed.value is None:
        log.give_up("tools", f"no usable tool list after {ctx.max_rounds} correction rounds: {listed.last_problems[0]}")
        return ()
    items = _distinct(listed.value, log)
    tools = await all_of(_settle_tool(ctx, draft, messages, index, item, log) for index, item in items)
    kept = _unique([t for t in tools if t is not None], log)
    if not kept:
        log.give_up("tools", "no tool passes its checks")
    return tuple(kept)


def tool_list(data: Any) -> tuple[list[Any] | None, list[str]]:
    tools = data.get("tools")
    if not isinstance(tools, list) or not tools:
        return None, ['the reply must be {"tools": [...]} with at least one tool']
    if not all(isinstance(t, dict) for t in tools):
        return None, ["every entry of tools must be a JSON object (one tool)"]
    return tools, []


async def _settle_tool(
    ctx: Context, draft: Draft, base: list[dict[str, Any]], index: int, item: dict[str, Any], log: Log
) -> Tool | None:
    name = str(item.get("name") or f"tools[{index}]")

    async def check(data: Any) -> tuple[Tool | None, list[str]]:
        return await ctx.run(check_tool, draft, index, data)

    settled = await ctx.correct("tools", base, item_answer(item), "tool", check, what="tool", log=log, item=name)
    if settled.value is None:
        log.drop("tool", name, "tools", f"after {ctx.max_rounds} correction rounds: {settled.last_problems[0]}")
    return settled.value


def _distinct(items: list[dict[str, Any]], log: Log) -> list[tuple[int, dict[str, Any]]]:
    """The items with their index, a later tool with the name of an earlier one dropped."""
    seen: set[str] = set()
    out = []
    for index, item in enumerate(items):
        name = item.get("name")
        if isinstance(name, str) and name in seen:
            log.drop("tool", name, "tools", f"tools[{index}] is a second tool named {name!r}; the first is kept")
            continue
        if isinstance(name, str):
            seen.add(name)
        out.append((index, item))
    return out


def _unique(tools: list[Tool], log: Log) -> list[Tool]:
    """Corrections may rename a tool onto another's name: the first keeps it."""
    seen: set[str] = set()
    out = []
    for tool in tools:
        if tool.name in seen:
            log.drop("tool", tool.name, "tools", f"a corrected tool took the name {tool.name!r} of another")
            continue
        seen.add(tool.name)
        out.append(tool)
    return out

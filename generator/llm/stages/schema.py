"""Stage 3, schema: the SQLite tables the tasks need, compiled before anything is built on them."""

from __future__ import annotations

from typing import Any

from generator.llm.execute import Draft, check_schema
from generator.llm.prompts import prompt
from generator.llm.report import Log
from generator.llm.stages.context import Context
from generator.llm.stages.describe import scenario_values, tasks_text
from worldfarm import Schema


async def write_schema(ctx: Context, draft: Draft, ideas: list[dict[str, Any]], log: Log) -> Schema | None:
    messages = prompt("schema").messages(**scenario_values(draft.scenario), tasks=tasks_text(ideas))

    async def check(data: Any) -> tuple[Schema | None, list[str]]:
        return await ctx.run(check_schema, draft, data)

    settled = await ctx.produce("schema", messages, "schema", check, what="schema", log=log, item="schema")
    if settled.value is None:
        log.give_up(
            "schema", f"the schema still fails after {ctx.max_rounds} correction rounds: {settled.last_problems[0]}"
        )
    return settled.value

"""Stage 4, seed data: the initial rows, inserted with foreign keys on before anything is built on them."""

from __future__ import annotations

from typing import Any

from generator.llm.execute import Draft, check_seed
from generator.llm.prompts import prompt
from generator.llm.report import Log
from generator.llm.stages.context import Context
from generator.llm.stages.describe import scenario_values, schema_text, tasks_text
from worldfarm import SeedTable


async def write_seed(ctx: Context, draft: Draft, ideas: list[dict[str, Any]], log: Log) -> tuple[SeedTable, ...] | None:
    assert draft.schema is not None
    values = scenario_values(draft.scenario)
    messages = prompt("seed").messages(**values, schema=schema_text(draft.schema), tasks=tasks_text(ideas))

    async def check(data: Any) -> tuple[tuple[SeedTable, ...] | None, list[str]]:
        return await ctx.run(check_seed, draft, data)

    settled = await ctx.produce("seed", messages, "seed", check, what="seed data", log=log, item="seed data")
    if settled.value is None:
        log.give_up(
            "seed", f"the seed data still fails after {ctx.max_rounds} correction rounds: {settled.last_problems[0]}"
        )
    return settled.value

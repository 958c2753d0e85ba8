"""Stage 6, verifiers and reference solutions: for each task, the calls that solve it and the SQL that
proves it was done, checked by the gate's task contract through the real runtime.

A task that still fails after the last correction round is dropped and reported.
"""

from __future__ import annotations

from typing import Any

from generator.llm.execute import Draft, check_task
from generator.llm.prompts import prompt
from generator.llm.report import Log
from generator.llm.stages.context import Context, all_of
from generator.llm.stages.describe import scenario_values, schema_text, seed_text, tools_text
from servers import EnvRuntime
from worldfarm import Task

SEED_ROWS = 60


async def write_solutions(
    ctx: Context, draft: Draft, ideas: list[dict[str, Any]], runtime: EnvRuntime, log: Log
) -> list[Task]:
    """The tasks whose verifier and solution pass, in the order of ``ideas``."""
    assert draft.schema is not None
    shared = {
        **scenario_values(draft.scenario),
        "schema": schema_text(draft.schema),
        "seed": seed_text(draft.seed, SEED_ROWS),
        "tools": tools_text(draft.tools),
    }
    done = await all_of(_solve(ctx, shared, idea, runtime, log) for idea in ideas)
    return [task for task in done if task is not None]


async def _solve(
    ctx: Context, shared: dict[str, Any], idea: dict[str, Any], runtime: EnvRuntime, log: Log
) -> Task | None:
    messages = prompt("solution").messages(**shared, task_id=idea["id"], instruction=idea["instruction"])

    async def check(data: Any) -> tuple[Task | None, list[str]]:
        return await ctx.run(check_task, runtime, idea, data)

    what = "task (instruction, verifier and solution)"
    settled = await ctx.produce("solution", messages, "solution", check, what=what, log=log, item=idea["id"])
    if settled.value is None:
        log.drop(
            "task", idea["id"], "solution", f"after {ctx.max_rounds} correction rounds: {settled.last_problems[0]}"
        )
    return settled.value

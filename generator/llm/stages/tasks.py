"""Stage 2, tasks: what users would ask, written first, as the requirements of everything after."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from generator.llm.execute import TASKS_FILE, Draft, invalid
from generator.llm.models import TaskIdeas
from generator.llm.prompts import prompt
from generator.llm.report import Log
from generator.llm.stages.context import Context
from generator.llm.stages.describe import scenario_values


async def write_tasks(ctx: Context, draft: Draft, log: Log, *, count: int, minimum: int) -> list[dict[str, Any]] | None:
    """At least ``minimum`` distinct task ideas (``count`` asked for), or None once corrections run out."""
    messages = prompt("tasks").messages(**scenario_values(draft.scenario), count=count)

    async def check(data: Any) -> tuple[list[dict[str, Any]] | None, list[str]]:
        return check_ideas(data, minimum, count)

    settled = await ctx.produce("tasks", messages, "tasks", check, what="task list", log=log, item="task list")
    if settled.value is None:
        log.give_up(
            "tasks", f"no usable task list after {ctx.max_rounds} correction rounds: {settled.last_problems[0]}"
        )
    return settled.value


def check_ideas(data: Any, minimum: int, count: int) -> tuple[list[dict[str, Any]] | None, list[str]]:
    """The ideas (the first ``count``, if the model wrote more), or the problems with them."""
    try:
        ideas: list[dict[str, Any]] = TaskIdeas.model_validate(data).model_dump(mode="json")["tasks"]
    except ValidationError as exc:
        return None, invalid(exc, TASKS_FILE, "")
    seen: set[str] = set()
    problems = []
    for idea in ideas:
        if idea["id"] in seen:
            problems.append(f"{TASKS_FILE}: task id {idea['id']!r} is used twice; give each task its own id")
        seen.add(idea["id"])
    if len(ideas) < minimum:
        problems.append(f"only {len(ideas)} tasks; write at least {minimum}")
    return (None if problems else ideas[: max(count, minimum)]), problems

"""Replaying a task's reference solution through MCP, as the oracle does and as state equivalence needs."""

from __future__ import annotations

from client.episode import Episode, ToolCall
from client.errors import ReferenceBroken
from worldfarm.task import Task


async def replay(episode: Episode, task: Task) -> list[ToolCall]:
    """Call every step of ``task``'s reference solution in order; ReferenceBroken if one fails."""
    calls = []
    for step, solution_call in enumerate(task.solution):
        call = await episode.call_tool(solution_call.tool, solution_call.arguments)
        if call.is_error:
            raise ReferenceBroken(
                f"step {step} of the reference solution of {episode.env_id}/{task.id} "
                f"({solution_call.tool}) fails: {call.text[:300]}"
            )
        calls.append(call)
    return calls

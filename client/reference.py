"""Replaying a task's reference solution, as the oracle does and as state equivalence needs.

- :func:`replay` calls the solution's tools over MCP in an episode (what the oracle agent does);
- :func:`check_replay` reads a replay the worker made itself (``GET /v1/envs/{env}/tasks/{task}/reference``):
  each call's MCP result goes through the same checks as a call over MCP, and a failure is reported in
  the same words, so a reference state costs one request instead of an episode and a request per call.
"""

from __future__ import annotations

import mcp_types as types

from client.calls import McpAnswerError, McpCaller, McpError, mcp_failure
from client.episode import Episode, ToolCall
from client.errors import ReferenceBroken
from worldfarm.control import ReferenceReplay, State
from worldfarm.task import Task


async def replay(episode: Episode, task: Task) -> list[ToolCall]:
    """Call every step of ``task``'s reference solution in order; ReferenceBroken if one fails."""
    calls = []
    for step, solution_call in enumerate(task.solution):
        call = await episode.call_tool(solution_call.tool, solution_call.arguments)
        if call.is_error:
            raise broken(episode.env_id, task, step, call.text)
        calls.append(call)
    return calls


def check_replay(replayed: ReferenceReplay, env_id: str, task: Task, tools: list[types.Tool], mcp: McpCaller) -> State:
    """The state a worker's replay of ``task`` left, once every call passed the checks :func:`replay` makes;
    ReferenceBroken or EnvironmentFailure (the same as :func:`replay` would raise) if one did not."""
    listed = {tool.name: tool for tool in tools}
    for step, (solution_call, call) in enumerate(zip(task.solution, replayed.calls, strict=False)):
        what = f"calling {solution_call.tool}"
        try:
            if call.error is not None or call.result is None:
                raise McpError(str((call.error or {}).get("message", "no result")))
            result = mcp.interpret(listed.get(solution_call.tool), call.result)
        except (McpError, McpAnswerError) as exc:
            raise mcp_failure(what, exc) from None
        if result.is_error:
            raise broken(env_id, task, step, result.text)
    if replayed.state is None or len(replayed.calls) != len(task.solution):
        raise ReferenceBroken(f"the farm's replay of {env_id}/{task.id} stopped without saying why")
    return replayed.state


def broken(env_id: str, task: Task, step: int, text: str) -> ReferenceBroken:
    tool = task.solution[step].tool
    return ReferenceBroken(f"step {step} of the reference solution of {env_id}/{task.id} ({tool}) fails: {text[:300]}")

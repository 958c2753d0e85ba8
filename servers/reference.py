"""A task's reference solution replayed on a fresh episode, for the harness's state-equivalence reward.

The harness compares an episode's final state with the state the task's reference solution leaves.
Replaying the solution over MCP from the harness costs a new episode and a request per call; here
the worker replays it itself, through the same call as every MCP request (:func:`servers.mcp.call_on`),
and answers with each call's result as MCP carries it, so the harness applies the same checks it
applies to any tool result, then with the state the solution leaves.
"""

from __future__ import annotations

from mcp.server.runner import modern_error_data

from servers.environments import EnvRuntime
from servers.episodes import EpisodeStore
from servers.inspection import read_state
from servers.mcp import call_on
from worldfarm.control import ReferenceCall, ReferenceReplay
from worldfarm.task import Task


def replay_reference(store: EpisodeStore, runtime: EnvRuntime, task: Task) -> ReferenceReplay:
    """Replay ``task``'s solution on a fresh episode of ``runtime``, stopping at the first call that fails."""
    episode = store.create(runtime, task)
    try:
        calls: list[ReferenceCall] = []
        for step in task.solution:
            try:
                result = call_on(lambda: episode, step.tool, dict(step.arguments))
            except Exception as exc:  # answered as the MCP paths answer it (the SDK logs it)
                error = modern_error_data(exc).model_dump(mode="json", by_alias=True, exclude_none=True)
                return ReferenceReplay(calls=[*calls, ReferenceCall(error=error)], state=None)
            calls.append(ReferenceCall(result=result.model_dump(mode="json", by_alias=True, exclude_none=True)))
            if result.is_error:
                return ReferenceReplay(calls=calls, state=None)
        return ReferenceReplay(calls=calls, state=read_state(episode))
    finally:
        store.close(episode.id)

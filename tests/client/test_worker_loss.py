"""A worker that dies under a running episode: an environment error, never a 0 and never a crash of the harness."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from client import AgentContext, AgentResult, EnvironmentFailure, Farm, NoopAgent, run_episode
from tests.conftest import EXAMPLES, Process, start_process, stop_process

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


@pytest.fixture
def doomed_worker() -> Iterator[Process]:
    proc = start_process(["serve", str(EXAMPLES), "--port", "0"])
    try:
        yield proc
    finally:
        stop_process(proc)


async def test_a_tool_call_to_a_dead_worker_is_an_environment_failure(doomed_worker: Process) -> None:
    async def call_after_the_worker_died(farm: Farm) -> None:
        async with farm.episode("hotel", "cancel-farid") as episode:
            stop_process(doomed_worker)
            await episode.call_tool("cancel_booking", {"booking_id": 6})

    async with Farm(doomed_worker.url, doomed_worker.token) as farm:
        with pytest.raises(EnvironmentFailure, match="MCP"):
            await call_after_the_worker_died(farm)


async def test_an_episode_whose_worker_dies_is_an_uncounted_environment_error(doomed_worker: Process) -> None:
    class KillsTheWorker(NoopAgent):
        async def run(self, ctx: AgentContext) -> AgentResult:
            await ctx.episode.call_tool("search_guests", {"query": "Farid"})
            stop_process(doomed_worker)
            await ctx.episode.call_tool("cancel_booking", {"booking_id": 6})
            return AgentResult(answer="done")

    async with Farm(doomed_worker.url, doomed_worker.token) as farm:
        run = await run_episode(farm, KillsTheWorker(), "hotel", "cancel-farid")

    assert run.result.outcome == "environment_error"
    assert run.result.counted is False
    assert run.result.reward == 0.0
    assert [c.tool for c in run.trajectory.tool_calls] == ["search_guests"]

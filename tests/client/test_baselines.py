"""The reference agents: the oracle scores 1.0 and noop 0 on every valid task; environment errors are never a 0."""

from __future__ import annotations

import pytest

from client import AgentContext, AgentResult, Farm, NoopAgent, OracleAgent, RandomAgent, RewardMode, run_episode
from tests.client.conftest import EXAMPLE_TASKS

MODES: list[RewardMode] = ["verifier", "state", "all"]


@pytest.mark.parametrize(("env", "task"), EXAMPLE_TASKS)
async def test_the_oracle_scores_one_on_every_example_task_in_every_reward_mode(
    farm: Farm, env: str, task: str
) -> None:
    runs = [await run_episode(farm, OracleAgent(), env, task, mode=mode) for mode in MODES]

    assert [run.result.reward for run in runs] == [1.0, 1.0, 1.0]
    assert {run.result.outcome for run in runs} == {"success"}
    assert runs[0].result.tool_calls == len(runs[0].trajectory.trace) > 0


@pytest.mark.parametrize(("env", "task"), EXAMPLE_TASKS)
async def test_noop_scores_zero_on_every_example_task_in_every_reward_mode(farm: Farm, env: str, task: str) -> None:
    runs = [await run_episode(farm, NoopAgent(), env, task, mode=mode) for mode in MODES]

    assert [run.result.reward for run in runs] == [0.0, 0.0, 0.0]
    assert {run.result.outcome for run in runs} == {"failure"}
    assert runs[0].result.counted


async def test_the_random_agent_is_reproducible_for_a_seed_and_trial(farm: Farm) -> None:
    first = await run_episode(farm, RandomAgent(calls=4, seed=7), "hotel", "move-ana", trial=2)
    again = await run_episode(farm, RandomAgent(calls=4, seed=7), "hotel", "move-ana", trial=2)
    other = await run_episode(farm, RandomAgent(calls=4, seed=7), "hotel", "move-ana", trial=3)

    calls = [[(c.tool, c.arguments) for c in run.trajectory.tool_calls] for run in (first, again, other)]
    assert len(calls[0]) == 4
    assert calls[0] == calls[1]
    assert calls[0] != calls[2]


async def test_a_tool_failing_inside_the_environment_is_an_environment_error(defective_farm: Farm) -> None:
    class CallsBrokenTool(NoopAgent):
        async def run(self, ctx: AgentContext) -> AgentResult:
            await ctx.episode.call_tool("get_room", {"room_id": 101})
            return await super().run(ctx)

    run = await run_episode(defective_farm, CallsBrokenTool(), "hotel-defect", "suite-rate")

    assert run.result.outcome == "environment_error"
    assert run.result.counted is False
    assert "get_room" in (run.result.error or "")
    assert run.trajectory.trace[0].error_code == "environment_defect"


async def test_a_result_that_breaks_the_tools_output_schema_is_an_environment_error(defective_farm: Farm) -> None:
    class ReadsABooking(NoopAgent):
        async def run(self, ctx: AgentContext) -> AgentResult:
            await ctx.episode.call_tool("get_booking", {"booking_id": 1})
            return await super().run(ctx)

    run = await run_episode(defective_farm, ReadsABooking(), "hotel-defect", "suite-rate")

    assert run.result.outcome == "environment_error"
    error = run.result.error or ""
    assert "get_booking" in error
    assert "is not of type 'integer'" in error


async def test_a_task_whose_reference_solution_fails_is_an_environment_error(defective_farm: Farm) -> None:
    run = await run_episode(defective_farm, OracleAgent(), "hotel-defect", "cancel-farid")

    assert run.result.outcome == "environment_error"
    assert not run.result.counted
    assert "reference solution" in (run.result.error or "")


async def test_an_agent_that_crashes_is_an_agent_error_not_a_harness_failure(farm: Farm) -> None:
    class Crashes(NoopAgent):
        async def run(self, ctx: AgentContext) -> AgentResult:
            raise ValueError("bug in the agent")

    run = await run_episode(farm, Crashes(), "hotel", "cancel-farid")

    assert run.result.outcome == "agent_error"
    assert run.result.counted
    assert "bug in the agent" in (run.result.error or "")

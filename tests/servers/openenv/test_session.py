"""OpenEnv sessions on one worker, driven by openenv-core's own client classes over a real WebSocket."""

from __future__ import annotations

import asyncio

import pytest
from openenv.core.env_server.mcp_types import CallToolAction, ListToolsAction
from openenv.core.generic_client import GenericEnvClient

from servers import Worker
from tests.servers.openenv.awm import AwmClient, AwmObservation, AwmToolList
from tests.servers.openenv.conftest import served_worker
from worldfarm.openenv import OBSERVATION_FIELDS
from worldfarm.serving import BODY_TIMEOUT_VARIABLE, HEADER_TIMEOUT_VARIABLE

CANCEL_FARID = 4
"""task_idx of hotel's cancel-farid: search_guests, list_guest_bookings, cancel_booking(6)."""


async def call(env: AwmClient, tool: str, **arguments: object) -> tuple[AwmObservation, float | None, bool]:
    result = await env.step(CallToolAction(tool_name=tool, arguments=arguments))
    assert isinstance(result.observation, AwmObservation)
    return result.observation, result.reward, result.done


async def test_a_full_awm_episode_scores_1_and_done_frees_it(worker: tuple[Worker, str]) -> None:
    farm, url = worker
    async with asyncio.timeout(30), AwmClient(base_url=url) as env:
        reset = await env.reset(scenario="hotel", task_idx=CANCEL_FARID)
        assert isinstance(reset.observation, AwmObservation)
        assert reset.observation.reward_type == "reset_ok"
        assert reset.observation.scenario == "hotel"
        assert "Farid" in (reset.observation.task or "")
        assert reset.observation.num_tools == 20
        assert reset.observation.has_verifier == {"code": True, "sql": True}
        assert len(farm.store) == 1

        listed = await env.step(ListToolsAction())
        assert isinstance(listed.observation, AwmToolList)
        names = {tool.name for tool in listed.observation.tools}
        assert len(names) == 20
        assert "search_guests" in names
        assert not names & {"verify", "done", "__list_scenarios__"}

        found, reward, done = await call(env, "search_guests", query="Farid")
        assert found.reward_type == "tool_call_ok"
        assert reward == 0.0
        assert not done
        assert "Farid" in str(found.tool_result)

        bad, reward, done = await call(env, "cancel_booking", booking_id="six")
        assert bad.reward_type == "invalid_args"
        assert reward == -1.0
        assert not done
        assert bad.error
        assert "booking_id" in bad.error

        for tool, arguments in [("list_guest_bookings", {"guest_id": 6}), ("cancel_booking", {"booking_id": 6})]:
            step, _, _ = await call(env, tool, **arguments)
            assert step.reward_type == "tool_call_ok", step.error

        verified, reward, done = await call(env, "verify", verifier_mode="code")
        assert (verified.reward_type, reward, done) == ("complete", 1.0, False)
        assert verified.verify_result is not None
        assert verified.verify_result["passed"] is True
        assert verified.steps_taken == 6

        ended, reward, done = await call(env, "done")
        assert (ended.reward_type, reward, done) == ("episode_done", 0.0, True)
        assert len(farm.store) == 0


async def test_verify_right_after_reset_is_incomplete(worker: tuple[Worker, str]) -> None:
    _, url = worker
    async with asyncio.timeout(30), AwmClient(base_url=url) as env:
        await env.reset(scenario="hotel", task_idx=CANCEL_FARID)
        verified, reward, _ = await call(env, "verify")
        assert verified.reward_type == "incomplete"
        assert reward == 0.1  # AWM's default reward for an incomplete task
        assert verified.verify_result is not None
        assert verified.verify_result["reward"] == 0.0


async def test_tool_calls_after_verify_are_refused_and_verify_repeats_its_answer(worker: tuple[Worker, str]) -> None:
    farm, url = worker
    async with asyncio.timeout(30), AwmClient(base_url=url) as env:
        await env.reset(scenario="hotel", task_idx=CANCEL_FARID)
        first, _, _ = await call(env, "verify")
        refused, reward, done = await call(env, "cancel_booking", booking_id=6)
        assert refused.reward_type == "episode_verified"
        assert reward == 0.0
        assert not done
        assert refused.error
        assert "verified" in refused.error
        again, _, _ = await call(env, "verify")
        assert again.reward_type == first.reward_type == "incomplete"
        assert len(farm.store) == 0  # verify freed the episode


async def test_a_session_closed_by_the_client_frees_its_episode(worker: tuple[Worker, str]) -> None:
    farm, url = worker
    async with asyncio.timeout(30):
        env = AwmClient(base_url=url)
        await env.connect()
        await env.reset(scenario="hotel", task_idx=CANCEL_FARID)
        assert len(farm.store) == 1
        assert len(farm.openenv.sessions) == 1
        await env.close()
        assert len(farm.store) == 0
        assert len(farm.openenv.sessions) == 0


async def test_observations_carry_only_awm_fields(worker: tuple[Worker, str]) -> None:
    _, url = worker
    async with asyncio.timeout(30), GenericEnvClient(base_url=url) as env:
        results = [
            await env.reset(scenario="hotel", task_idx=0),
            await env.step({"type": "call_tool", "tool_name": "search_guests", "arguments": {"query": "Ana"}}),
            await env.step({"type": "call_tool", "tool_name": "no_such_tool", "arguments": {}}),
            await env.step({"type": "call_tool", "tool_name": "verify", "arguments": {"final_answer": "320"}}),
            await env.step({"type": "call_tool", "tool_name": "__list_scenarios__", "arguments": {}}),
            await env.step({"type": "call_tool", "tool_name": "done", "arguments": {}}),
        ]
    for result in results:
        assert set(result.observation) <= OBSERVATION_FIELDS, set(result.observation) - OBSERVATION_FIELDS
    assert results[2].observation["reward_type"] == "tool_not_found"
    assert results[2].reward == -1.0
    assert results[3].reward == 1.0  # suite-rate's answer is 320
    assert {s["name"] for s in results[4].observation["scenarios"]} == {"hotel", "library"}


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({}, "'scenario' is required"),
        ({"scenario": "casino"}, "no environment 'casino'"),
        ({"scenario": "hotel", "task_idx": 99}, "task_idx 99 out of range"),
        ({"scenario": "hotel", "task": "nope"}, "no task 'nope'"),
    ],
)
async def test_a_reset_that_cannot_be_served_says_why(
    worker: tuple[Worker, str], params: dict[str, object], problem: str
) -> None:
    farm, url = worker
    async with asyncio.timeout(30), AwmClient(base_url=url) as env:
        result = await env.reset(**params)
        assert isinstance(result.observation, AwmObservation)
        assert result.observation.reward_type == "reset_error"
        assert problem in (result.observation.error or "")
        assert len(farm.store) == 0


async def test_a_session_outlives_the_http_read_deadlines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HEADER_TIMEOUT_VARIABLE, "0.3")
    monkeypatch.setenv(BODY_TIMEOUT_VARIABLE, "0.3")
    async with served_worker() as (_, url), asyncio.timeout(30), AwmClient(base_url=url) as env:
        await env.reset(scenario="hotel", task_idx=CANCEL_FARID)
        await asyncio.sleep(1.0)  # a client thinking longer than both deadlines: the time under test
        found, _, _ = await call(env, "search_guests", query="Farid")
        assert not found.error


@pytest.mark.parametrize("mode", ["state", "all"])
async def test_verify_compares_the_state_with_the_reference_solutions_in_the_mode_chosen_at_reset(
    worker: tuple[Worker, str], mode: str
) -> None:
    farm, url = worker
    async with asyncio.timeout(30), AwmClient(base_url=url) as env:
        await env.reset(scenario="hotel", task_idx=CANCEL_FARID, reward_mode=mode)
        found, _, _ = await call(env, "search_guests", query="Farid")
        cancelled, _, _ = await call(env, "cancel_booking", booking_id=6)
        assert (found.reward_type, cancelled.reward_type) == ("tool_call_ok", "tool_call_ok"), cancelled.error
        verified, reward, _ = await call(env, "verify")

        await env.reset(scenario="hotel", task_idx=CANCEL_FARID, reward_mode=mode)
        wrong, _, _ = await call(env, "cancel_booking", booking_id=2)  # refused: nothing changes
        unchanged, unchanged_reward, _ = await call(env, "verify")

    assert (verified.reward_type, reward) == ("complete", 1.0)
    assert verified.verify_result is not None
    assert (verified.verify_result["mode"], verified.verify_result["state"]) == (mode, True)
    assert wrong.reward_type == "tool_error"
    assert (unchanged.reward_type, unchanged_reward) == ("incomplete", 0.1)
    assert unchanged.verify_result is not None
    assert (unchanged.verify_result["mode"], unchanged.verify_result["state"]) == (mode, False)
    assert len(farm.store) == 0  # the reference's own episodes are freed too


async def test_an_unknown_reward_mode_is_a_reset_error(worker: tuple[Worker, str]) -> None:
    _, url = worker
    async with asyncio.timeout(30), AwmClient(base_url=url) as env:
        reset = await env.reset(scenario="hotel", task_idx=CANCEL_FARID, reward_mode="vibes")

    assert isinstance(reset.observation, AwmObservation)
    assert reset.observation.reward_type == "reset_error"
    assert "reward_mode" in (reset.observation.error or "")

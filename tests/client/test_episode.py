"""The Python API: a farm, episodes as context managers, tools in MCP and OpenAI form, state, reward."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from client import EnvironmentFailure, EpisodeLost, Farm, FarmRejected
from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, Process, lifespan_of


async def test_an_episode_gives_its_tools_in_mcp_and_openai_form(farm: Farm) -> None:
    async with farm.episode("hotel", "cancel-farid") as episode:
        names = {tool.name for tool in episode.tools}
        functions = {entry["function"]["name"]: entry["function"] for entry in episode.openai_tools()}

    assert "cancel_booking" in names
    assert set(functions) == names
    assert functions["cancel_booking"]["parameters"]["required"] == ["booking_id"]
    assert functions["cancel_booking"]["parameters"]["type"] == "object"
    assert episode.instruction.startswith("Farid")


async def test_tool_calls_change_the_episode_state_and_show_in_diff_and_trace(farm: Farm) -> None:
    async with farm.episode("hotel", "cancel-farid") as episode:
        call = await episode.call_tool("cancel_booking", {"booking_id": 6})
        diff = await episode.diff()
        trace = await episode.trace()
        state = await episode.state(["bookings"])

    assert not call.is_error
    assert call.structured is not None
    assert call.structured["status"] == "cancelled"
    assert [c.key for c in diff.tables["bookings"].updated] == [{"id": 6}]
    assert [(t.tool, t.arguments) for t in trace.calls] == [("cancel_booking", {"booking_id": 6})]
    assert list(state.tables) == ["bookings"]


async def test_a_bad_tool_call_comes_back_as_an_error_result_not_an_exception(farm: Farm) -> None:
    async with farm.episode("hotel", "cancel-farid") as episode:
        unknown = await episode.call_tool("teleport", {})
        invalid = await episode.call_tool("cancel_booking", {"booking_id": "six"})

    assert unknown.is_error
    assert "teleport" in unknown.text
    assert invalid.is_error
    assert "booking_id" in invalid.text
    assert [c.index for c in episode.calls] == [0, 1]


async def test_the_reward_of_a_solved_task_is_one_with_every_check_in_its_breakdown(farm: Farm) -> None:
    async with farm.episode("hotel", "cancel-farid") as episode:
        await episode.call_tool("cancel_booking", {"booking_id": 6})
        info = await episode.reward()

    assert info.reward == 1.0
    assert info.assertions
    assert all(a.passed for a in info.assertions)
    assert info.state_matched is True
    assert info.summary()["state"] is True


async def test_leaving_the_block_closes_the_episode_on_the_farm(farm: Farm) -> None:
    async with farm.episode("hotel") as episode:
        control_url = episode.info.control_url

    with pytest.raises(EpisodeLost):
        await farm.request("GET", control_url)


async def test_environment_descriptions_carry_each_tables_volatile_columns(farm: Farm) -> None:
    env = await farm.env("hotel")

    assert env.volatile["bookings"] == ["id", "created_at"]
    assert "rooms" not in env.volatile
    assert env.references["bookings"]["guest_id"] == "guests"  # bookings of a guest compare by the guest's content
    assert {task.id for task in env.tasks} >= {"cancel-farid", "suite-rate"}


async def test_a_wrong_token_is_rejected_with_the_farms_message(worker: Process) -> None:
    async with Farm(worker.url, "not-the-token") as farm:
        with pytest.raises(FarmRejected) as caught:
            await farm.env_ids()

    assert caught.value.status == 401
    assert "bearer token" in str(caught.value)


async def test_an_unknown_environment_or_task_is_rejected_by_name(farm: Farm) -> None:
    with pytest.raises(FarmRejected, match="atlantis"):
        await farm.create_episode("atlantis")
    with pytest.raises(FarmRejected, match="no task 'fly'"):
        await farm.task("hotel", "fly")


async def test_an_unreachable_farm_is_an_environment_failure() -> None:
    async with Farm("http://127.0.0.1:9", "token") as farm:
        with pytest.raises(EnvironmentFailure, match="cannot reach the farm"):
            await farm.env_ids()


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
async def test_a_hundred_concurrent_episodes_share_one_farm_client(farm: Farm) -> None:
    async def one(booking: int) -> str:
        async with farm.episode("hotel", "cancel-farid") as episode:
            call = await episode.call_tool("get_booking", {"booking_id": booking})
            state = await episode.state(["bookings"])
            return f"{call.structured and call.structured['id']}/{len(state.tables['bookings'].rows)}"

    async with asyncio.timeout(60):
        results = await asyncio.gather(*(one(1 + i % 9) for i in range(100)))

    assert results == [f"{1 + i % 9}/{results[0].split('/')[1]}" for i in range(100)]


async def test_a_full_worker_is_an_environment_failure_after_the_retries() -> None:
    app = create_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=Limits(max_episodes=1))))
    async with lifespan_of(app):
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), timeout=30)
        async with http, Farm("http://127.0.0.1:8000", TOKEN, http=http, create_retries=1) as farm:
            async with farm.episode("hotel"):
                with pytest.raises(EnvironmentFailure, match="full") as caught:
                    await farm.create_episode("hotel")
            again = await farm.create_episode("hotel")

    assert caught.value.status == 503
    assert again.env == "hotel"

"""OpenEnv sessions are bounded like episodes: capacity with a clear refusal, an idle TTL; a slow
client neither loses its session nor holds up anyone else's."""

from __future__ import annotations

import asyncio

import pytest
from openenv.core.env_server.mcp_types import CallToolAction, ListToolsAction
from openenv.core.generic_client import GenericEnvClient
from websockets.exceptions import ConnectionClosed

from servers import Limits
from tests.servers.openenv.awm import AwmClient
from tests.servers.openenv.conftest import served_worker

SEARCH = {"type": "call_tool", "tool_name": "search_guests", "arguments": {"query": "a"}}


async def test_a_full_worker_refuses_a_new_session_with_what_to_do() -> None:
    async with (
        asyncio.timeout(30),
        served_worker(Limits(max_episodes=1)) as (_, url),
        AwmClient(base_url=url) as first,
        AwmClient(base_url=url) as second,
    ):
        await first.reset(scenario="hotel", task_idx=0)
        with pytest.raises(RuntimeError, match=r"CAPACITY_REACHED") as refused:
            await second.reset(scenario="hotel", task_idx=0)
        assert "limit is 1" in str(refused.value)


async def test_a_reset_on_a_full_worker_is_refused_and_the_session_goes_on() -> None:
    async with asyncio.timeout(30), served_worker(Limits(max_episodes=2)) as (farm, url):
        hotel = farm.catalog.get("hotel")
        other = farm.store.create(hotel)
        farm.store.create(hotel)
        async with AwmClient(base_url=url) as env:
            with pytest.raises(RuntimeError, match=r"worker is full.*CAPACITY_REACHED"):
                await env.reset(scenario="hotel", task_idx=0)
            listed = await env.step(ListToolsAction())
            assert "call reset(" in (listed.observation.error or "")
            farm.store.close(other.id)
            result = await env.reset(scenario="hotel", task_idx=0)
            assert result.observation.reward_type == "reset_ok"


async def test_a_session_idle_past_the_ttl_is_closed_with_its_episode() -> None:
    async with (
        asyncio.timeout(30),
        served_worker(Limits(idle_ttl=60)) as (farm, url),
        AwmClient(base_url=url) as idle,
        AwmClient(base_url=url) as busy,
    ):
        await idle.reset(scenario="hotel", task_idx=0)
        await busy.reset(scenario="hotel", task_idx=0)
        first = next(iter(farm.openenv.sessions))  # idle's: it connected first
        first.last_used -= 61  # a minute passing, without waiting for it
        assert farm.openenv.sessions.reap() == 1
        assert len(farm.store) == 1
        with pytest.raises(ConnectionClosed) as closed:
            await idle.step(CallToolAction(tool_name="search_guests", arguments={"query": "a"}))
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4000
        assert "expired after 60 s without use" in closed.value.rcvd.reason
        result = await busy.step(CallToolAction(tool_name="search_guests", arguments={"query": "a"}))
        assert result.observation.reward_type == "tool_call_ok"


async def test_a_client_slow_to_read_keeps_its_session_and_holds_up_no_other() -> None:
    async with (
        asyncio.timeout(60),
        served_worker() as (_, url),
        GenericEnvClient(base_url=url) as slow,
        AwmClient(base_url=url) as quick,
    ):
        await slow.reset(scenario="hotel", task_idx=0)
        for _ in range(50):  # sends on, reads nothing
            await slow._send({"type": "step", "data": SEARCH})
        await quick.reset(scenario="hotel", task_idx=4)
        for tool, arguments in [("search_guests", {"query": "Farid"}), ("cancel_booking", {"booking_id": 6})]:
            await quick.step(CallToolAction(tool_name=tool, arguments=arguments))
        verified = await quick.step(CallToolAction(tool_name="verify", arguments={}))
        assert verified.reward == 1.0
        replies = [await slow._receive() for _ in range(50)]
        assert all(r["data"]["observation"]["reward_type"] == "tool_call_ok" for r in replies)
        state = await slow.state()
        assert state["step_count"] == 50

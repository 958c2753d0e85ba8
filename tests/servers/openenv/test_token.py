"""A worker's OpenEnv endpoint takes the farm's token in either form: in the path for openenv-core's
clients (which send no headers), or as a bearer header; without it, nothing (tests/test_access.py
tries every route)."""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest
from openenv.core.env_server.mcp_types import CallToolAction
from openenv.core.generic_client import GenericEnvClient
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from servers import Limits
from tests.conftest import AUTH, TOKEN
from tests.servers.openenv.awm import AwmClient
from tests.servers.openenv.conftest import served_worker
from worldfarm.openenv import TOKEN_REFUSAL, openenv_url

RESET = json.dumps({"type": "reset", "data": {"scenario": "hotel", "task_idx": 4}})


@pytest.mark.parametrize("scope", ["", "/envs/hotel"])
async def test_openenv_cores_client_plays_an_episode_with_the_token_in_the_path(scope: str) -> None:
    async with asyncio.timeout(30), served_worker() as (farm, url):
        assert url.endswith(f"/openenv/t/{TOKEN}")
        async with GenericEnvClient(base_url=url + scope) as env:
            reset = await env.reset(scenario="hotel", task_idx=4)
            assert reset.observation["reward_type"] == "reset_ok"
            assert len(farm.store) == 1
            verdict = await env.step({"type": "call_tool", "tool_name": "verify", "arguments": {}})
            assert verdict.observation["reward_type"] == "incomplete"
        async with httpx2.AsyncClient(timeout=10) as http:
            assert (await http.get(f"{url}{scope}/health")).json() == {"status": "healthy"}


async def test_a_socket_with_the_token_as_a_bearer_header_plays_an_episode() -> None:
    async with asyncio.timeout(30), served_worker() as (_, url):
        plain = url.removesuffix(f"/t/{TOKEN}")
        async with connect("ws" + plain.removeprefix("http") + "/ws", additional_headers=AUTH) as ws:
            await ws.send(RESET)
            answer = json.loads(await ws.recv())
        assert answer["data"]["observation"]["reward_type"] == "reset_ok"
        async with httpx2.AsyncClient(timeout=10) as http:
            assert (await http.get(f"{plain}/metadata", headers=AUTH)).json()["name"] == "worldfarm"


async def test_a_token_with_slashes_pluses_and_spaces_fits_in_the_path() -> None:
    token = "ab/cd+ef== gh%2F"  # base64 tokens have / and +; a chosen one may have anything
    async with asyncio.timeout(30), served_worker(token=token) as (_, url):
        async with GenericEnvClient(base_url=url) as env:
            reset = await env.reset(scenario="hotel", task_idx=0)
            assert reset.observation["reward_type"] == "reset_ok"
        async with httpx2.AsyncClient(timeout=10) as http:
            assert (await http.get(f"{url}/envs/hotel/metadata")).json()["name"] == "hotel"
            assert (await http.get(openenv_url(url.split("/openenv")[0], "ab") + "/health")).status_code == 401


async def test_openenv_cores_client_without_the_token_is_told_what_to_do() -> None:
    async with asyncio.timeout(30), served_worker() as (farm, url):
        async with GenericEnvClient(base_url=url.removesuffix(f"/t/{TOKEN}")) as env:
            with pytest.raises(ConnectionClosed) as refused:
                await env.reset(scenario="hotel", task_idx=0)
        assert refused.value.rcvd is not None
        assert (refused.value.rcvd.code, refused.value.rcvd.reason) == (1008, TOKEN_REFUSAL)
        assert "/openenv/t/<token>" in str(refused.value)
        assert len(farm.store) == 0


async def test_a_refused_socket_is_refused_for_its_token_even_on_a_full_worker() -> None:
    """The token is checked before any session is opened: on a worker whose one session slot is taken, a
    socket without the token hears about its token, not about capacity, and the session goes on."""
    async with (
        asyncio.timeout(30),
        served_worker(Limits(max_episodes=1)) as (farm, url),
        AwmClient(base_url=url) as held,
    ):
        await held.reset(scenario="hotel", task_idx=4)
        wrong = openenv_url(url.split("/openenv")[0], "wrong")
        async with connect("ws" + wrong.removeprefix("http") + "/ws") as ws:
            with pytest.raises(ConnectionClosed):  # a full worker would wait for a first message, then say so
                await ws.recv()
        assert (ws.close_code, ws.close_reason) == (1008, TOKEN_REFUSAL)
        assert len(farm.openenv.sessions) == 1
        found = await held.step(CallToolAction(tool_name="search_guests", arguments={"query": "Farid"}))
        assert found.observation.reward_type == "tool_call_ok"

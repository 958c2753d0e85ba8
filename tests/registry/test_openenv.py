"""OpenEnv through the registry: each session's episode placed on a worker serving its scenario, every
message relayed there, with openenv-core's own clients."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from openenv.core.env_server.mcp_types import CallToolAction
from openenv.core.mcp_client import MCPToolClient
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from registry import Registry, RegistrySettings, create_app
from servers import Limits, Worker, WorkerSettings
from servers import create_app as worker_app
from servers.settings import RegistrationSettings
from tests.conftest import AUTH, EXAMPLES, TOKEN
from tests.registry.test_app import wait_for
from tests.servers.openenv.awm import AwmClient, AwmObservation
from tests.servers.openenv.conftest import serving
from worldfarm.openenv import openenv_url
from worldfarm.serving import listen, url_of


@dataclass
class Farm:
    registry: Registry
    url: str
    hotel: Worker
    library: Worker


@contextlib.asynccontextmanager
async def farm_of(tmp_path: Path) -> AsyncIterator[Farm]:
    """A registry and two workers (one serving the hotel, one the library), all in process on loopback."""
    registry = Registry(RegistrySettings(token=TOKEN, db=tmp_path / "registry.sqlite"))
    async with contextlib.AsyncExitStack() as stack:
        url = await stack.enter_async_context(serving(create_app(registry)))
        workers = []
        for env in ("hotel", "library"):
            sock = listen("127.0.0.1", 0)
            registration = RegistrationSettings(registry_url=url, url=url_of(sock))
            worker = Worker(
                WorkerSettings(
                    bundles=EXAMPLES / env, token=TOKEN, registration=registration, limits=Limits(idle_ttl=60)
                )
            )
            await stack.enter_async_context(serving(worker_app(worker), sock))
            workers.append(worker)
        await wait_for(lambda: all(registry.catalog.summary(e) for e in ("hotel", "library")), within=15)
        yield Farm(registry, openenv_url(url, TOKEN), *workers)


@pytest.fixture
async def farm(tmp_path: Path) -> AsyncIterator[Farm]:
    async with farm_of(tmp_path) as farm:
        yield farm


async def call(env: AwmClient, tool: str, **arguments: object) -> tuple[AwmObservation, float | None]:
    result = await env.step(CallToolAction(tool_name=tool, arguments=arguments))
    assert isinstance(result.observation, AwmObservation)
    return result.observation, result.reward


async def test_an_episode_through_the_registry_lives_on_the_worker_serving_its_scenario(farm: Farm) -> None:
    async with asyncio.timeout(30), AwmClient(base_url=farm.url) as env:
        listed, _ = await call(env, "__list_scenarios__")
        assert listed.total == 2
        reset = await env.reset(scenario="hotel", task_idx=4)
        assert reset.observation.reward_type == "reset_ok"
        assert (len(farm.hotel.store), len(farm.library.store)) == (1, 0)
        steps: list[tuple[str, dict[str, object]]] = [
            ("search_guests", {"query": "Farid"}),
            ("cancel_booking", {"booking_id": 6}),
        ]
        for tool, arguments in steps:
            step, _ = await call(env, tool, **arguments)
            assert step.reward_type == "tool_call_ok"
        verified, reward = await call(env, "verify")
        assert (verified.reward_type, reward) == ("complete", 1.0)
        ended, _ = await call(env, "done")
        assert ended.reward_type == "episode_done"
    assert len(farm.hotel.store) == 0
    assert len(farm.hotel.openenv.sessions) == 0


async def test_a_reset_to_an_environment_of_another_worker_moves_the_session(farm: Farm) -> None:
    async with asyncio.timeout(30), AwmClient(base_url=farm.url) as env:
        await env.reset(scenario="hotel", task_idx=0)
        moved = await env.reset(scenario="library", task_idx=0)
        assert moved.observation.scenario == "library"
        assert len(farm.library.store) == 1
        await wait_for(lambda: len(farm.hotel.store) == 0)  # freed when the relay's socket to it closes
    assert len(farm.library.store) == 0


async def test_an_unknown_scenario_through_the_registry_says_what_the_farm_serves(farm: Farm) -> None:
    async with asyncio.timeout(30), AwmClient(base_url=farm.url) as env:
        result = await env.reset(scenario="casino")
        assert result.observation.reward_type == "reset_error"
        assert "it serves: hotel, library" in (result.observation.error or "")


async def test_a_session_the_worker_expires_is_closed_with_the_workers_reason(farm: Farm) -> None:
    async with asyncio.timeout(30), AwmClient(base_url=farm.url) as env:
        await env.reset(scenario="hotel", task_idx=0)
        next(iter(farm.hotel.openenv.sessions)).last_used -= 61
        farm.hotel.openenv.sessions.reap()
        with pytest.raises(ConnectionClosed) as closed:
            await call(env, "search_guests", query="a")
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4000
        assert "expired after 60 s" in closed.value.rcvd.reason
    assert len(farm.hotel.store) == 0


async def test_production_mode_through_the_registry(farm: Farm) -> None:
    env = MCPToolClient(base_url=f"{farm.url}/envs/library")
    env.use_production_mode = True
    async with asyncio.timeout(30):
        try:
            assert len(await env.list_tools()) > 10
            assert len(farm.library.store) == 1
            assert env._production_session_id.startswith(farm.library.instance + ".")
        finally:
            await env.close()
    assert len(farm.library.store) == 0


async def test_a_socket_with_the_token_as_a_bearer_header_is_relayed(farm: Farm) -> None:
    plain = farm.url.removesuffix(f"/t/{TOKEN}")
    async with asyncio.timeout(30), connect("ws" + plain.removeprefix("http") + "/ws", additional_headers=AUTH) as ws:
        await ws.send(json.dumps({"type": "reset", "data": {"scenario": "library", "task_idx": 0}}))
        answer = json.loads(await ws.recv())
        assert answer["data"]["observation"]["reward_type"] == "reset_ok"
        assert len(farm.library.store) == 1


async def test_an_http_reset_through_the_registry_is_forwarded_with_the_farms_token(farm: Farm) -> None:
    async with asyncio.timeout(30), httpx2.AsyncClient(timeout=10) as http:
        answer = await http.post(f"{farm.url}/reset", json={"scenario": "hotel", "task_idx": 4})
        refused = await http.post(f"{farm.url.removesuffix(f'/t/{TOKEN}')}/reset", json={"scenario": "hotel"})
    assert answer.json()["observation"]["reward_type"] == "reset_ok"
    assert refused.status_code == 401


async def rpc(ws: ClientConnection, rid: int | str, method: str, **params: object) -> dict[str, Any]:
    await ws.send(json.dumps({"jsonrpc": "2.0", "id": rid, "method": method, "params": params}))
    answer: dict[str, Any] = json.loads(await ws.recv())
    return answer


async def test_a_json_rpc_socket_through_the_registry_is_placed_by_its_scenario_and_relayed(farm: Farm) -> None:
    async with asyncio.timeout(30), connect("ws" + farm.url.removeprefix("http") + "/mcp") as ws:
        await ws.send("not json")
        assert json.loads(await ws.recv())["error"]["code"] == -32700
        early = await rpc(ws, 1, "tools/call", name="search_guests", arguments={"query": "a"})
        assert early["id"] == 1
        assert "openenv/session/create" in early["error"]["message"]
        assert (len(farm.hotel.store), len(farm.library.store)) == (0, 0)

        created = await rpc(ws, 2, "openenv/session/create", scenario="hotel", task_idx=4)
        assert created["id"] == 2
        assert created["result"]["session_id"]
        assert (len(farm.hotel.store), len(farm.library.store)) == (1, 0)
        listed = await rpc(ws, 3, "tools/list")
        assert "search_guests" in {t["name"] for t in listed["result"]["tools"]}
        found = await rpc(ws, 4, "tools/call", name="search_guests", arguments={"query": "a"})
        assert found["id"] == 4
        assert found["result"]["is_error"] is False
        refused = await rpc(ws, 5, "tools/call", name="search_guests", arguments={"query": 7})
        assert refused["id"] == 5
        assert "query" in refused["error"]["message"]

        moved = await rpc(ws, 6, "openenv/session/create", scenario="library", task_idx=0)
        assert moved["result"]["session_id"]
        await wait_for(lambda: (len(farm.hotel.store), len(farm.library.store)) == (0, 1), within=10)
        unknown = await rpc(ws, 7, "openenv/session/create", scenario="nowhere")
        assert unknown["id"] == 7
        assert "library" in unknown["error"]["message"]
    await wait_for(lambda: (len(farm.hotel.store), len(farm.library.store)) == (0, 0), within=10)


async def test_a_json_rpc_socket_on_an_environments_url_is_placed_at_its_first_request(farm: Farm) -> None:
    async with asyncio.timeout(30), connect("ws" + farm.url.removeprefix("http") + "/envs/library/mcp") as ws:
        assert (len(farm.hotel.store), len(farm.library.store)) == (0, 0)
        listed = await rpc(ws, "a", "tools/list")
        assert listed["id"] == "a"
        assert len(listed["result"]["tools"]) > 10
        assert (len(farm.hotel.store), len(farm.library.store)) == (0, 1)
    async with asyncio.timeout(30), connect("ws" + farm.url.removeprefix("http") + "/envs/nowhere/mcp") as ws:
        unknown = await rpc(ws, "b", "tools/list")
        assert unknown["id"] == "b"
        assert "hotel" in unknown["error"]["message"]
    await wait_for(lambda: len(farm.library.store) == 0, within=10)

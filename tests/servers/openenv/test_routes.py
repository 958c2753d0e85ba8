"""OpenEnv's HTTP routes on a worker (health, metadata, schema, state, stateless reset and step) and its
production mode (JSON-RPC ``/mcp``, driven by openenv-core's MCPToolClient)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2
import pytest
from openenv.core.mcp_client import MCPToolClient
from websockets.asyncio.client import ClientConnection, connect

from servers import Worker
from worldfarm.openenv import OBSERVATION_FIELDS


async def test_health_metadata_schema_and_state_answer_as_openenv_does(worker_http: httpx2.AsyncClient) -> None:
    assert (await worker_http.get("/openenv/health")).json() == {"status": "healthy"}
    about = (await worker_http.get("/openenv/metadata")).json()
    assert about["name"] == "worldfarm"
    assert "2 database-backed tool environments" in about["description"]
    hotel = (await worker_http.get("/openenv/envs/hotel/metadata")).json()
    assert hotel["name"] == "hotel"
    assert "Harbor View" in hotel["description"]
    schema = (await worker_http.get("/openenv/schema")).json()
    assert set(schema) == {"action", "observation", "state"}
    assert set(schema["observation"]["properties"]) == OBSERVATION_FIELDS
    assert (await worker_http.get("/openenv/state")).json() == {"episode_id": None, "step_count": 0}


async def test_an_http_reset_answers_and_keeps_no_episode(worker_http: httpx2.AsyncClient) -> None:
    answer = (await worker_http.post("/openenv/reset", json={"scenario": "hotel", "task_idx": 4})).json()
    assert answer["observation"]["reward_type"] == "reset_ok"
    assert answer["observation"]["num_tools"] == 20
    assert answer["done"] is False
    assert (await worker_http.get("/health")).json()["episodes"] == 0
    scoped = (await worker_http.post("/openenv/envs/library/reset", json={})).json()
    assert scoped["observation"]["scenario"] == "library"


async def test_an_http_step_lists_scenarios_and_asks_for_a_reset_otherwise(worker_http: httpx2.AsyncClient) -> None:
    listed = await worker_http.post(
        "/openenv/step", json={"action": {"type": "call_tool", "tool_name": "__list_scenarios__", "arguments": {}}}
    )
    assert listed.json()["observation"]["total"] == 2
    tools = (await worker_http.post("/openenv/step", json={"action": {"type": "list_tools"}})).json()
    assert tools["observation"]["tools"] == []
    assert "call reset(" in tools["observation"]["error"]
    bad = await worker_http.post("/openenv/step", json={"action": {"type": "dance"}})
    assert bad.status_code == 422


async def test_a_foreign_origin_is_refused(worker_http: httpx2.AsyncClient) -> None:
    refused = await worker_http.post(
        "/openenv/mcp",
        json={"jsonrpc": "2.0", "method": "tools/list", "params": {}, "id": 1},
        headers={"origin": "http://evil.example"},
    )
    assert refused.status_code == 403
    assert "Origin" in refused.json()["error"]["message"]


async def test_production_mode_lists_and_calls_tools_with_openenvs_mcp_client(worker: tuple[Worker, str]) -> None:
    farm, url = worker
    env = MCPToolClient(base_url=f"{url}/envs/hotel")
    env.use_production_mode = True
    async with asyncio.timeout(30):
        try:
            tools = await env.list_tools()
            assert len(tools) == 20
            assert len(farm.store) == 1  # the production session's episode
            found = await env.call_tool("search_guests", query="Farid")
            assert found["items"][0]["name"].startswith("Farid")
            with pytest.raises(RuntimeError, match="unknown tool 'nope'"):
                await env.call_tool("nope")
            with pytest.raises(RuntimeError, match="cannot verify: no task was named"):
                await env.call_tool("verify")
        finally:
            await env.close()
    assert len(farm.store) == 0
    assert len(farm.openenv.sessions) == 0


async def test_a_production_session_names_its_task_at_creation(worker_http: httpx2.AsyncClient) -> None:
    async def rpc(method: str, **params: object) -> dict[str, object]:
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
        answer: dict[str, object] = (await worker_http.post("/openenv/mcp", json=body)).json()
        return answer

    created = await rpc("openenv/session/create", scenario="hotel", task="cancel-farid")
    session = created["result"]["session_id"]  # type: ignore[index]
    for name, arguments in [("search_guests", {"query": "Farid"}), ("cancel_booking", {"booking_id": 6})]:
        assert "result" in await rpc("tools/call", session_id=session, name=name, arguments=arguments)
    verified = await rpc("tools/call", session_id=session, name="verify", arguments={})
    assert verified["result"]["data"]["reward"] == 1.0  # type: ignore[index]
    assert (await rpc("openenv/session/close", session_id=session))["result"] == {"session_id": session, "closed": True}
    unknown = await rpc("tools/list", session_id=session)
    assert "Unknown session_id" in unknown["error"]["message"]  # type: ignore[index]


async def test_a_json_rpc_socket_holds_a_session_of_its_own_until_it_closes(worker: tuple[Worker, str]) -> None:
    farm, url = worker

    async def rpc(ws: ClientConnection, method: str, **params: object) -> dict[str, Any]:
        await ws.send(json.dumps({"jsonrpc": "2.0", "id": 9, "method": method, "params": params}))
        answer: dict[str, Any] = json.loads(await ws.recv())
        return answer

    async with asyncio.timeout(30):
        async with connect("ws" + url.removeprefix("http") + "/envs/hotel/mcp") as ws:
            assert len((await rpc(ws, "tools/list"))["result"]["tools"]) == 20
            assert len(farm.store) == 1  # reset to the URL's environment when the socket opened
            own = (await rpc(ws, "openenv/session/create", scenario="hotel", task="cancel-farid"))["result"]
            found = await rpc(ws, "tools/call", name="search_guests", arguments={"query": "Farid"})
            assert found["result"]["data"]["items"][0]["name"].startswith("Farid")
            kept = await rpc(ws, "openenv/session/close", session_id=own["session_id"])
            assert "WebSocket-managed" in kept["error"]["message"]
        async with connect("ws" + url.removeprefix("http") + "/mcp") as ws:
            await ws.send("not json")
            assert json.loads(await ws.recv())["error"]["code"] == -32700
            early = await rpc(ws, "tools/call", name="search_guests", arguments={})
            assert "openenv/session/create" in early["error"]["message"]
    assert len(farm.store) == 0
    assert len(farm.openenv.sessions) == 0

"""Legacy MCP sessions cannot fill a worker: none on the per-environment URL unless the operator allows
some (from a share of their own), and a bounded number per episode on an episode's URL."""

from __future__ import annotations

import httpx2

from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, running
from tests.servers.raw_mcp import ACCEPT, LEGACY, META, MODERN, encode
from tests.servers.test_control import new_episode

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": LEGACY, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
}


async def open_session(http: httpx2.AsyncClient, url: str) -> httpx2.Response:
    return await http.post(url, content=encode(INITIALIZE), headers=ACCEPT)


async def test_the_per_environment_url_opens_no_anonymous_sessions_by_default(
    worker_http: httpx2.AsyncClient,
) -> None:
    response = await open_session(worker_http, "/envs/hotel/mcp")
    episodes = await worker_http.get("/v1/episodes")
    assert response.status_code == 403
    assert "POST /v1/episodes" in response.json()["error"]["message"]
    assert "mcp-session-id" not in response.headers
    assert episodes.json() == []


async def test_anonymous_sessions_use_their_own_share_and_never_the_workers_capacity() -> None:
    limits = Limits(max_episodes=1, anonymous_sessions=2)
    async with running(create_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=limits)))) as http:
        opened = [await open_session(http, "/envs/hotel/mcp") for _ in range(3)]
        placed = await http.post("/v1/episodes", json={"env": "hotel"})
        health = (await http.get("/health")).json()
    assert [r.status_code for r in opened] == [200, 200, 503]
    assert "anonymous MCP sessions are all in use" in opened[2].json()["error"]["message"]
    assert placed.status_code == 201
    assert (health["episodes"], health["anonymous_sessions"]) == (1, 2)


async def test_legacy_sessions_on_an_episode_url_are_bounded_per_episode() -> None:
    limits = Limits(sessions_per_episode=2)
    async with running(create_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=limits)))) as http:
        mine, other = await new_episode(http), await new_episode(http)
        opened = [await open_session(http, mine["mcp_url"]) for _ in range(3)]
        elsewhere = await open_session(http, other["mcp_url"])
        ended = await http.delete(
            mine["mcp_url"], headers={**ACCEPT, "Mcp-Session-Id": opened[0].headers["mcp-session-id"]}
        )
        again = await open_session(http, mine["mcp_url"])
    assert [r.status_code for r in opened] == [200, 200, 429]
    assert "already has 2 open MCP sessions" in opened[2].json()["error"]["message"]
    assert elsewhere.status_code == 200
    assert ended.status_code == 200
    assert again.status_code == 200


async def test_modern_requests_on_an_episode_url_open_no_session_and_are_not_counted() -> None:
    limits = Limits(sessions_per_episode=1)
    async with running(create_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=limits)))) as http:
        episode = await new_episode(http)
        listed = [
            await http.post(
                episode["mcp_url"],
                content=encode({"jsonrpc": "2.0", "id": n, "method": "tools/list", "params": {"_meta": META}}),
                headers={**ACCEPT, "MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/list"},
            )
            for n in range(3)
        ]
        legacy = await open_session(http, episode["mcp_url"])
    assert [r.status_code for r in listed] == [200, 200, 200]
    assert legacy.status_code == 200

"""A real ``worldfarm serve`` process on loopback, driven by real HTTP and MCP clients."""

from __future__ import annotations

import httpx2
from mcp import Client

from tests.conftest import Process


async def test_an_episode_created_over_http_serves_its_tools_to_a_real_mcp_client(live_worker: Process) -> None:
    auth = {"Authorization": f"Bearer {live_worker.token}"}
    async with httpx2.AsyncClient(headers=auth, timeout=10) as http:
        created = await http.post(f"{live_worker.url}/v1/episodes", json={"env": "hotel", "task": "cancel-farid"})
        assert created.status_code == 201
        episode = created.json()
    assert episode["mcp_url"].startswith(live_worker.url + "/envs/hotel/e/")

    async with Client(episode["mcp_url"]) as client:
        tools = await client.list_tools()
        result = await client.call_tool("cancel_booking", {"booking_id": 6})

    assert "cancel_booking" in {tool.name for tool in tools.tools}
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["status"] == "cancelled"

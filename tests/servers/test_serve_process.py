"""A real ``worldfarm serve`` process on loopback, driven by real HTTP and MCP clients."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx2
import mcp_types as types
import pytest
from mcp import Client, StdioServerParameters

from tests.conftest import Process

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


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


async def test_a_legacy_client_gets_one_fresh_episode_per_mcp_session(live_worker: Process) -> None:
    url = f"{live_worker.url}/envs/hotel/mcp"
    guest = {"name": "Ivy Chen", "email": "ivy.chen@example.com"}
    async with Client(url, mode="legacy") as client:
        first = await client.call_tool("create_guest", guest)
        again = await client.call_tool("create_guest", guest)
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {live_worker.token}"}) as http:
            listed = (await http.get(f"{live_worker.url}/v1/episodes", params={"origin": "mcp-session"})).json()
    async with Client(url, mode="legacy") as other:
        fresh = await other.call_tool("create_guest", guest)

    assert first.structured_content is not None
    assert first.structured_content["id"] == 9
    assert again.is_error  # same session, same state: the email is taken now
    assert fresh.structured_content is not None
    assert fresh.structured_content["id"] == 9
    assert len(listed) == 1
    assert listed[0]["env"] == "hotel"


async def test_stdio_serves_one_episode_to_a_real_subprocess_client(examples: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "cli", "serve", str(examples / "hotel"), "--stdio", "--task", "cancel-farid"],
    )
    async with asyncio.timeout(60), Client(params) as client:
        prompt = await client.get_prompt("task")
        created = await client.call_tool("create_guest", {"name": "Ivy Chen", "email": "ivy@example.com"})
        duplicate = await client.call_tool("create_guest", {"name": "Ivy Chen", "email": "ivy@example.com"})
    content = prompt.messages[0].content
    assert isinstance(content, types.TextContent)
    assert "Farid Haddad" in content.text
    assert created.structured_content is not None
    assert created.structured_content["id"] == 9
    assert duplicate.is_error


def test_episode_new_prints_the_episode_as_json(live_worker: Process) -> None:
    env = {**os.environ, "WORLDFARM_URL": live_worker.url, "WORLDFARM_TOKEN": live_worker.token}
    command = [sys.executable, "-m", "cli", "episode", "new", "library"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    episode = json.loads(done.stdout)
    assert episode["mcp_url"] == f"{live_worker.url}/envs/library/e/{episode['episode_id']}/mcp"

    bad = subprocess.run([*command, "--token", "wrong"], capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2
    assert "wrong bearer token" in bad.stderr


def test_serving_a_folder_without_bundles_fails_with_a_clear_message(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "cli", "serve", str(tmp_path), "--port", "0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "holds no bundles" in done.stderr
    assert "worldfarm generate" in done.stderr

"""A real ``worldfarm serve`` process on loopback, driven by real HTTP and MCP clients."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx2
import mcp_types as types
import pytest
from mcp import Client, StdioServerParameters
from openenv.core.generic_client import GenericEnvClient

from tests.conftest import EXAMPLES, Process, printed, start_process, stop_process

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


async def test_a_legacy_client_gets_one_fresh_episode_per_mcp_session_where_the_operator_allows_them(
    live_worker: Process,
) -> None:
    proc = start_process(["serve", str(EXAMPLES), "--port", "0", "--anonymous-sessions", "1"])
    url = f"{proc.url}/envs/hotel/mcp"
    guest = {"name": "Ivy Chen", "email": "ivy.chen@example.com"}
    try:
        async with Client(url, mode="legacy") as client:
            first = await client.call_tool("create_guest", guest)
            again = await client.call_tool("create_guest", guest)
            async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {proc.token}"}) as http:
                listed = (await http.get(f"{proc.url}/v1/episodes", params={"origin": "mcp-session"})).json()
                refused = await http.post(url, json={}, headers={"Accept": "application/json, text/event-stream"})
        async with Client(url, mode="legacy") as other:
            fresh = await other.call_tool("create_guest", guest)
        async with httpx2.AsyncClient() as http:
            default = await http.post(
                f"{live_worker.url}/envs/hotel/mcp", json={}, headers={"Accept": "application/json, text/event-stream"}
            )
    finally:
        stop_process(proc)

    assert first.structured_content is not None
    assert first.structured_content["id"] == 9
    assert again.is_error  # same session, same state: the email is taken now
    assert fresh.structured_content is not None
    assert fresh.structured_content["id"] == 9
    assert len(listed) == 1
    assert listed[0]["env"] == "hotel"
    assert refused.status_code == 503  # its one anonymous session is in use
    assert default.status_code == 403  # a worker started without --anonymous-sessions opens none


async def test_serve_prints_an_openenv_url_with_the_token_it_made_up_and_never_one_it_was_given(
    live_worker: Process,
) -> None:
    given = printed(live_worker, r"OpenEnv sessions: (\S+)")
    assert live_worker.token not in "".join(live_worker.output)  # a deployed worker's token stays out of its logs
    assert given == f"{live_worker.url}/openenv/t/<token>"
    proc = start_process(["serve", str(EXAMPLES), "--port", "0"], token="")  # no WORLDFARM_TOKEN: one is made up
    try:
        url = printed(proc, r"OpenEnv sessions: (\S+)")
        made_up = printed(proc, r"control-plane token .*: (\S+)")
        assert url == f"{proc.url}/openenv/t/{made_up}"
        async with asyncio.timeout(30), GenericEnvClient(base_url=url) as env:
            reset = await env.reset(scenario="library", task_idx=0)
            assert reset.observation["reward_type"] == "reset_ok"
    finally:
        stop_process(proc)


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


def test_a_missing_folder_or_a_file_is_named_before_a_busy_port(tmp_path: Path) -> None:
    afile = tmp_path / "env.txt"
    afile.write_text("not a bundle")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        missing = subprocess.run(
            [sys.executable, "-m", "cli", "serve", str(tmp_path / "nosuch"), "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
        )
        file = subprocess.run(
            [sys.executable, "-m", "cli", "serve", str(afile), "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert missing.returncode == file.returncode == 2
    assert "no such folder" in missing.stderr
    assert "is a file" in file.stderr
    assert "in use" not in missing.stderr + file.stderr

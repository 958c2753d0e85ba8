"""``worldfarm up`` with two real workers: placement, MCP on every episode, and a worker killed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from openenv.core.generic_client import GenericEnvClient

from tests.cli.conftest import RunningFarm
from tests.conftest import AUTH, TOKEN, poll, printed

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


async def create_many(url: str, count: int, env: str = "hotel", concurrency: int = 16) -> list[dict[str, Any]]:
    created: list[dict[str, Any]] = []
    limiter = anyio.CapacityLimiter(concurrency)
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:

        async def one() -> None:
            async with limiter:
                response = await http.post(f"{url}/v1/episodes", json={"env": env, "task": "cancel-farid"})
                assert response.status_code == 201, response.text
                created.append(response.json())

        with anyio.fail_after(120):
            async with anyio.create_task_group() as tg:
                for _ in range(count):
                    tg.start_soon(one)
    return created


async def cancel_over_mcp(episodes: list[dict[str, Any]], concurrency: int = 8, mode: str = "auto") -> list[str]:
    """Cancel booking 6 in each episode over MCP; the booking status each call reports."""
    statuses: list[str] = []
    limiter = anyio.CapacityLimiter(concurrency)
    limits = httpx2.Limits(max_connections=50)
    async with httpx2.AsyncClient(timeout=30, limits=limits) as http:

        async def one(episode: dict[str, Any]) -> None:
            transport = streamable_http_client(episode["mcp_url"], http_client=http)
            async with limiter, Client(transport, mode=mode) as client:
                result = await client.call_tool("cancel_booking", {"booking_id": 6})
                assert not result.is_error, result
                assert result.structured_content is not None
                statuses.append(result.structured_content["status"])

        with anyio.fail_after(120):
            async with anyio.create_task_group() as tg:
                for episode in episodes:
                    tg.start_soon(one, episode)
    return statuses


def worker_of(episode: dict[str, Any]) -> str:
    return str(episode["mcp_url"].split("/envs/")[0])


async def test_200_episodes_through_the_registry_are_spread_over_both_workers_and_each_serves_mcp(
    farm: RunningFarm,
) -> None:
    episodes = await create_many(farm.url, 200)
    statuses = await cancel_over_mcp(episodes)

    per_worker = Counter(worker_of(e) for e in episodes)
    assert set(per_worker) == {w["url"] for w in farm.facts()["workers"]}
    assert min(per_worker.values()) >= 80
    assert len({e["episode_id"] for e in episodes}) == 200
    assert all(e["control_url"].startswith(f"{farm.url}/v1/episodes/") for e in episodes)
    assert statuses == ["cancelled"] * 200  # each episode had its own booking 6 to cancel


async def test_a_batch_through_the_registry_lands_on_both_workers(farm: RunningFarm) -> None:
    batch = {"episodes": [{"env": "inn"}] * 40}
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:
        response = await http.post(f"{farm.url}/v1/episodes/batch", json=batch)
    assert response.status_code == 201
    per_worker = Counter(worker_of(e) for e in response.json()["episodes"])
    assert len(per_worker) == 2
    assert sum(per_worker.values()) == 40


async def test_the_registry_proxy_carries_mcp_of_both_protocol_eras_over_real_http(farm: RunningFarm) -> None:
    episodes = await create_many(farm.url, 2)
    proxied = [{**e, "mcp_url": f"{farm.url}/envs/hotel/e/{e['episode_id']}/mcp"} for e in episodes]
    assert await cancel_over_mcp(proxied[:1]) == ["cancelled"]
    assert await cancel_over_mcp(proxied[1:], mode="legacy") == ["cancelled"]  # handshake, session, SSE stream


def test_episode_new_needs_no_flags_while_the_farm_runs(farm: RunningFarm) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("WORLDFARM_URL", "WORLDFARM_TOKEN")}
    env["WORLDFARM_STATE_DIR"] = str(farm.state)
    done = subprocess.run(
        [sys.executable, "-m", "cli", "episode", "new", "resort"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f'"control_url": "{farm.url}/v1/episodes/' in done.stdout


async def test_up_prints_an_openenv_url_with_its_token_that_openenv_cores_client_plays_on(farm: RunningFarm) -> None:
    url = printed(farm.process, r"OpenEnv .*: (http://\S+)")
    assert url == f"{farm.url}/openenv/t/{TOKEN}"
    async with asyncio.timeout(30), GenericEnvClient(base_url=url) as env:
        reset = await env.reset(scenario="inn", task_idx=4)
        assert reset.observation["reward_type"] == "reset_ok"
        verdict = await env.step({"type": "call_tool", "tool_name": "verify", "arguments": {}})
        assert verdict.observation["reward_type"] == "incomplete"


async def test_a_killed_worker_is_marked_down_its_episodes_are_lost_and_new_ones_go_to_the_survivor(
    farm: RunningFarm,
) -> None:
    victim, survivor = farm.facts()["workers"]
    episodes = await create_many(farm.url, 20)
    on_victim = [e for e in episodes if worker_of(e) == victim["url"]]
    assert on_victim

    os.kill(victim["pid"], signal.SIGKILL)
    poll(lambda: any(w["url"] == victim["url"] and w["status"] == "down" for w in farm.workers()), timeout=15)
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:
        with anyio.fail_after(30):
            lost = [await http.get(e["control_url"]) for e in on_victim]
            proxied = await http.post(
                f"{farm.url}/envs/hotel/e/{on_victim[0]['episode_id']}/mcp",
                json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                headers={"MCP-Protocol-Version": "2026-07-28"},
            )
    after = await create_many(farm.url, 30)

    assert {r.status_code for r in lost} == {410}
    assert {r.json()["error"]["code"] for r in lost} == {"episode_lost"}
    assert "lost with its worker worker-1" in lost[0].json()["error"]["message"]
    assert proxied.status_code == 410
    assert {worker_of(e) for e in after} == {survivor["url"]}
    assert farm.process.process.poll() is None
    poll(lambda: any("worker-1 exited" in line and "not restarting" in line for line in farm.process.output))


async def test_the_bounds_given_to_up_hold_on_its_workers_and_its_files_are_its_owners(farm: RunningFarm) -> None:
    episodes = await create_many(farm.url, 4)
    deep: Any = 0
    for _ in range(9):
        deep = [deep]
    refusals = []
    async with httpx2.AsyncClient(timeout=30) as http:
        for episode in episodes:
            async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
                refusals.append(await client.call_tool("get_guest", {"guest_id": 1, "x": deep}))
    files = [farm.state / "registry.sqlite", farm.state / "farm.json", *(farm.state / "logs").iterdir()]

    assert len(files) == 5  # the registry's log and each worker's
    assert all(r.is_error and "at most 8 levels" in str(r.content[0]) for r in refusals)
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in files} == {path.name: "0o600" for path in files}
    assert oct(farm.state.stat().st_mode & 0o777) == "0o700"

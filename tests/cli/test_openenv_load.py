"""1,024 concurrent OpenEnv sessions against a real ``worldfarm up``, each one an AWM-style episode
that replays its task's reference solution: at least 99% complete with reward 1.0, none is left behind."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx2
import pytest
from openenv.core.env_server.mcp_types import CallToolAction, ListToolsAction

from tests.cli.conftest import RunningFarm, start_farm
from tests.conftest import AUTH, EXAMPLES, printed, stop_process
from tests.servers.openenv.awm import AwmClient
from worldfarm import load_bundle

SESSIONS = 1024
ENVS = ("hotel", "library")


@pytest.fixture(scope="module")
def farm_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningFarm]:
    running = start_farm(EXAMPLES, tmp_path_factory.mktemp("farm"), "--workers", "2")
    try:
        yield running
    finally:
        stop_process(running.process)


TASKS = {env_id: load_bundle(EXAMPLES / env_id).tasks for env_id in ENVS}


async def episode(url: str, index: int) -> float | None:
    """One session: reset, list tools, the reference solution, verify, done; its reward."""
    env_id = ENVS[index % len(ENVS)]
    tasks = TASKS[env_id]
    task_idx = index % len(tasks)
    async with AwmClient(base_url=url, connect_timeout_s=120, message_timeout_s=120) as env:
        await env.reset(scenario=env_id, task_idx=task_idx)
        await env.step(ListToolsAction())
        for call in tasks[task_idx].solution:
            await env.step(CallToolAction(tool_name=call.tool, arguments=call.arguments))
        answer = " ".join(tasks[task_idx].verifier.answer)
        verified = await env.step(CallToolAction(tool_name="verify", arguments={"final_answer": answer}))
        await env.step(CallToolAction(tool_name="done", arguments={}))
        reward: float | None = verified.reward
        return reward


@pytest.mark.slow
async def test_1024_concurrent_sessions_through_worldfarm_up_complete(farm_up: RunningFarm) -> None:
    url = printed(farm_up.process, r"OpenEnv .*: (http://\S+)")  # the URL `up` prints, with its token
    async with asyncio.timeout(600):
        results = await asyncio.gather(*(episode(url, i) for i in range(SESSIONS)), return_exceptions=True)
    rewards = [r for r in results if not isinstance(r, BaseException)]
    failures = [repr(r) for r in results if isinstance(r, BaseException)]
    assert len(rewards) >= 0.99 * SESSIONS, failures[:5]
    assert rewards.count(1.0) >= 0.99 * SESSIONS
    for worker in farm_up.workers():
        health = httpx2.get(worker["url"] + "/health", headers=AUTH, timeout=10).json()
        assert health["episodes"] == 0
        assert health["openenv_sessions"] == 0

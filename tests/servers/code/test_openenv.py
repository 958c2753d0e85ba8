"""A code environment through the OpenEnv endpoint, with openenv-core's client: reset, its app's tools,
calls run in its sandboxed host, and its Python verifier deciding the reward."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from openenv.core.env_server.mcp_types import CallToolAction, ListToolsAction

from servers import Worker, WorkerSettings, create_app
from tests.conftest import AWM_TEST_SETTINGS, TOKEN
from tests.servers.openenv.awm import AwmClient, AwmObservation, AwmToolList
from tests.servers.openenv.conftest import serving
from worldfarm.openenv import openenv_url

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

CANCEL_ORDER_3 = 2
"""task_idx of online_bookstore_12's "Cancel my pending order number 3"."""


async def test_an_openenv_episode_of_a_code_environment_calls_its_app_and_is_scored(awm_envs: Path) -> None:
    worker = Worker(WorkerSettings(bundles=awm_envs, token=TOKEN, code=AWM_TEST_SETTINGS))
    async with serving(create_app(worker)) as base, AwmClient(base_url=openenv_url(base, TOKEN)) as env:
        async with asyncio.timeout(60):
            reset = await env.reset(scenario="online_bookstore_12", task_idx=CANCEL_ORDER_3)
            assert isinstance(reset.observation, AwmObservation)
            assert reset.observation.reward_type == "reset_ok"
            assert reset.observation.num_tools == 17
            listed = await env.step(ListToolsAction())
            assert isinstance(listed.observation, AwmToolList)
            assert "cancel_order" in {tool.name for tool in listed.observation.tools}
            failed = await env.step(CallToolAction(tool_name="get_invoice", arguments={"order_id": 1}))
            assert isinstance(failed.observation, AwmObservation)
            assert failed.observation.error is not None
            assert "KeyError: 'Ireland'" in failed.observation.error
            done = await env.step(CallToolAction(tool_name="cancel_order", arguments={"order_id": 3}))
            assert isinstance(done.observation, AwmObservation)
            assert done.observation.reward_type == "tool_call_ok"
            assert "cancelled" in str(done.observation.tool_result)
            verdict = await env.step(CallToolAction(tool_name="verify", arguments={}))
            assert isinstance(verdict.observation, AwmObservation)
            assert verdict.observation.reward_type == "complete"
            assert verdict.reward == 1.0

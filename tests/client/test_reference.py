"""Reference states: replayed by the farm once the environment's tools are known, the same as replayed over MCP."""

from __future__ import annotations

import pytest

from client import EnvironmentFailure, Farm, ReferenceBroken
from client.reference import replay
from tests.client.conftest import EXAMPLE_TASKS
from worldfarm.task import Task


@pytest.mark.parametrize(("env", "task"), EXAMPLE_TASKS[::3])
async def test_the_farms_replay_leaves_the_state_a_replay_over_mcp_leaves(farm: Farm, env: str, task: str) -> None:
    solved = await farm.task(env, task)
    assert isinstance(solved, Task)
    async with farm.episode(env, task) as episode:  # lists the environment's tools
        await replay(episode, solved)
        over_mcp = await episode.state()
    assert farm.known_tools(env) is not None

    assert await farm.reference_state(env, task) == over_mcp


async def test_a_broken_reference_is_reported_in_the_same_words_either_way(defective_farm: Farm) -> None:
    with pytest.raises(ReferenceBroken) as over_mcp:  # no tools known yet: replayed over MCP
        await defective_farm.reference_state("hotel-defect", "cancel-farid")
    assert defective_farm.known_tools("hotel-defect") is not None  # a failure is not kept: the farm replays it now

    with pytest.raises(ReferenceBroken) as by_the_farm:
        await defective_farm.reference_state("hotel-defect", "cancel-farid")

    assert str(by_the_farm.value) == str(over_mcp.value)
    assert "step 0 of the reference solution of hotel-defect/cancel-farid (cancel_booking) fails" in str(over_mcp.value)
    assert isinstance(by_the_farm.value, EnvironmentFailure)

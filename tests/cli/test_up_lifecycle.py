"""``worldfarm up`` over its life: sharded workers, a registry and a worker dying and restarted, a clean stop."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.cli.conftest import RunningFarm, start_farm
from tests.conftest import AUTH, poll, stop_process

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


@pytest.fixture(scope="module")
def sharded(envs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningFarm]:
    """Two workers, each environment on exactly one of them; dead processes are restarted."""
    running = start_farm(envs, tmp_path_factory.mktemp("sharded"), "--workers", "2", "--replicas", "1")
    try:
        yield running
    finally:
        stop_process(running.process)


def create(farm: RunningFarm, env: str) -> dict[str, Any]:
    response = httpx2.post(f"{farm.url}/v1/episodes", json={"env": env}, headers=AUTH, timeout=30)
    assert response.status_code == 201, response.text
    episode: dict[str, Any] = response.json()
    return episode


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sharded_environments_are_each_placed_on_one_worker_only(sharded: RunningFarm) -> None:
    hosts = {env: {create(sharded, env)["mcp_url"].split("/envs/")[0] for _ in range(6)} for env in ("hotel", "resort")}
    served = {w["name"]: w["envs"] for w in sharded.workers()}

    assert all(len(urls) == 1 for urls in hosts.values())
    assert hosts["hotel"] != hosts["resort"]
    assert sorted(served.values()) == [1, 2]


def test_a_registry_that_dies_is_restarted_and_existing_placements_still_resolve(sharded: RunningFarm) -> None:
    episode = create(sharded, "hotel")
    old_pid = sharded.facts()["registry"]["pid"]

    os.kill(old_pid, signal.SIGKILL)
    poll(lambda: sharded.facts()["registry"]["pid"] != old_pid)
    found = httpx2.get(episode["control_url"], headers=AUTH, timeout=30)
    again = create(sharded, "hotel")

    assert found.status_code == 200
    assert found.json()["episode_id"] == episode["episode_id"]
    assert again["mcp_url"].split("/envs/")[0] == episode["mcp_url"].split("/envs/")[0]


def test_a_worker_that_dies_is_restarted_as_a_new_process_and_its_episodes_stay_lost(sharded: RunningFarm) -> None:
    episode = create(sharded, "resort")
    [victim] = [w for w in sharded.facts()["workers"] if episode["mcp_url"].startswith(w["url"])]
    old = {w["instance"] for w in sharded.workers() if w["name"] == victim["name"]}

    os.kill(victim["pid"], signal.SIGKILL)
    poll(
        lambda: any(
            w["name"] == victim["name"] and w["status"] == "up" and w["instance"] not in old for w in sharded.workers()
        ),
        timeout=30,
    )
    lost = httpx2.get(episode["control_url"], headers=AUTH, timeout=30)
    fresh = create(sharded, "resort")

    assert lost.status_code == 410
    assert "lost with its worker" in lost.json()["error"]["message"]
    assert fresh["episode_id"] != episode["episode_id"]
    assert any(f"{victim['name']} exited" in line and "; restarting it" in line for line in sharded.process.output)


def test_stopping_the_farm_stops_every_process_it_started_and_removes_its_state_file(sharded: RunningFarm) -> None:
    facts = sharded.facts()
    pids = [facts["registry"]["pid"], *(w["pid"] for w in facts["workers"])]
    assert all(alive(pid) for pid in pids)

    sharded.process.process.send_signal(signal.SIGTERM)
    status = sharded.process.process.wait(timeout=30)

    assert status == 0
    poll(lambda: not any(alive(pid) for pid in pids), timeout=10)
    assert not (sharded.state / "farm.json").exists()


def test_a_farm_starts_with_only_its_own_workers_and_refuses_what_it_no_longer_serves(
    envs: Path, examples: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first = start_farm(envs, state, "--workers", "1")
    create(first, "inn")
    stop_process(first.process)

    second = start_farm(examples, state, "--workers", "1")
    try:
        workers = second.workers()
        refused = httpx2.post(f"{second.url}/v1/episodes", json={"env": "inn"}, headers=AUTH, timeout=30)
        create(second, "library")
    finally:
        stop_process(second.process)

    assert [w["status"] for w in workers] == ["up"]
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "unknown_environment"
    assert "hotel, library" in refused.json()["error"]["message"]

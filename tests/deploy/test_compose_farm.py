"""``docker compose up``, without Docker: the commands the Compose file gives its services, run as they
are (entrypoint and command, interpolated as Compose does) as processes on a simulated project network:
the generate job, the registry, and two replicas of the worker. Then a harness on the host places an
episode through the registry's published port and solves its task over MCP through the registry."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.conftest import AUTH, TOKEN
from tests.deploy.conftest import (
    Network,
    first_task,
    solve_over_mcp,
    workers_up,
)
from tests.deploy.files import healthcheck_command, load_compose, service_argv, volume_mounts

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them

# the environment `docker compose up` would see: the token, and a tiny environment set
ENVIRON = {"WORLDFARM_TOKEN": TOKEN, "WORLDFARM_ENV_COUNT": "2"}
WORKERS = ("c0ffee000001", "c0ffee000002")
"""Host names of the worker replicas: Docker names a container's host after its short id."""


@dataclass
class ComposeFarm:
    compose: dict[str, Any]
    network: Network
    folders: dict[str, Path]
    """Each named volume's folder here."""
    registry_url: str

    def mounts(self, service: str) -> dict[str, Path]:
        return {target: self.folders[volume] for target, volume in volume_mounts(self.compose, service).items()}

    def served(self) -> Path:
        """The folder the workers serve (their command's path, through their volume)."""
        path = service_argv(self.compose, "worker")[2]
        return Path(self.network.localize([path], "", self.mounts("worker"))[0])


def run_generate(farm: ComposeFarm) -> subprocess.CompletedProcess[str]:
    """The generate job's command (``sh -c '...'``) as it is, with ``worldfarm`` on PATH."""
    argv = farm.network.localize(service_argv(farm.compose, "generate"), "", farm.mounts("generate"))
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, **ENVIRON, "PATH": path}
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600, check=False)


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ComposeFarm]:
    compose = load_compose(ENVIRON)
    root = tmp_path_factory.mktemp("compose")
    folders = {name: root / name for name in compose["volumes"]}
    for folder in folders.values():
        folder.mkdir()
    network = Network({"registry": "127.0.0.1", WORKERS[0]: "127.0.0.3", WORKERS[1]: "127.0.0.4"})
    farm = ComposeFarm(compose, network, folders, "")
    generated = run_generate(farm)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    try:
        # the registry's container port is published on the host's 127.0.0.1: here, the same address
        registry = network.start(service_argv(compose, "registry"), "registry", farm.mounts("registry"))
        farm.registry_url = registry.url
        for hostname in WORKERS:
            network.start(service_argv(compose, "worker"), hostname, farm.mounts("worker"))
        workers_up(farm.registry_url, len(WORKERS))
        yield farm
    finally:
        network.stop()


def test_the_generate_job_makes_the_set_once_and_then_leaves_it(farm: ComposeFarm) -> None:
    served = farm.served()
    bundles = sorted(path.parent.name for path in served.glob("*/env.json"))
    stamps = {path: path.stat().st_mtime_ns for path in served.rglob("*")}

    again = run_generate(farm)

    assert len(bundles) == 2
    assert again.returncode == 0
    assert again.stdout == ""
    assert {path: path.stat().st_mtime_ns for path in served.rglob("*")} == stamps


def test_each_worker_replica_registers_under_its_own_container_name(farm: ComposeFarm) -> None:
    workers = httpx2.get(f"{farm.registry_url}/v1/workers", headers=AUTH, timeout=10).json()["workers"]
    port = farm.network.port

    assert sorted((w["name"], w["url"]) for w in workers) == [(h, f"http://{h}:{port}") for h in WORKERS]
    assert all(w["status"] == "up" for w in workers)


async def test_an_episode_placed_through_the_published_registry_is_solved_over_its_mcp_proxy(
    farm: ComposeFarm,
) -> None:
    env, task = first_task(farm.served())
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:
        placed = await http.post(f"{farm.registry_url}/v1/episodes", json={"env": env, "task": task["id"]})
        episode = placed.json()
        errors = await solve_over_mcp(episode["mcp_url"], task, http)
        verdict = await http.post(f"{episode['control_url']}/verify", json={})

    assert placed.status_code == 201, placed.text
    assert episode["mcp_url"] == f"{farm.registry_url}/envs/{env}/e/{episode['episode_id']}/mcp"
    assert episode["control_url"].startswith(f"{farm.registry_url}/v1/episodes/")
    assert errors == [False] * len(task["solution"])
    assert verdict.json()["passed"] is True


async def test_episodes_are_spread_over_the_worker_replicas(farm: ComposeFarm) -> None:
    env, _ = first_task(farm.served())
    async with httpx2.AsyncClient(headers=AUTH, timeout=30) as http:
        for _ in range(4):
            assert (await http.post(f"{farm.registry_url}/v1/episodes", json={"env": env})).status_code == 201
        workers = (await http.get(f"{farm.registry_url}/v1/workers")).json()["workers"]

    assert all(worker["placements"] >= 2 for worker in workers)


def test_the_images_health_check_passes_on_every_server_and_fails_where_none_answers(farm: ComposeFarm) -> None:
    python, *rest = healthcheck_command()
    port = farm.network.port

    def check(url: str) -> int:
        env = {**os.environ, "WORLDFARM_HEALTH_URL": url}
        return subprocess.run([sys.executable, *rest], env=env, capture_output=True, timeout=30, check=False).returncode

    statuses = [check(f"http://{address}:{port}/health") for address in farm.network.addresses.values()]
    assert python == "python"
    assert statuses == [0, 0, 0]
    assert check(f"http://127.0.0.9:{port}/health") != 0

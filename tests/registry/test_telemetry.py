"""The registry's ``/metrics``: workers and their load, placements, refusals and lost episodes, as Prometheus
parses them, moving as the farm changes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from tests.conftest import AUTH, EXAMPLES, Process, start_process, stop_process
from tests.prometheus import scrape, value
from tests.registry.conftest import InProcess, join
from tests.registry.test_app import wait_for


@pytest.fixture(scope="module")
def tiny_worker() -> Iterator[Process]:
    """A real worker that holds one episode at most."""
    proc = start_process(["serve", str(EXAMPLES), "--port", "0", "--max-episodes", "1"])
    try:
        yield proc
    finally:
        stop_process(proc)


async def test_the_registrys_metrics_need_the_token(registry_http: InProcess) -> None:
    response = await registry_http.http.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


async def test_placements_refusals_and_worker_load_are_counted(registry_http: InProcess, live_worker: Process) -> None:
    http = registry_http.http
    before = await scrape(http)
    body = await join(registry_http, live_worker, max_episodes=40)
    for _ in range(2):
        assert (await http.post("/v1/episodes", json={"env": "hotel"})).status_code == 201
    assert (await http.post("/v1/episodes", json={"env": "nowhere"})).status_code == 404
    after = await scrape(http)
    name = body["name"]

    def moved(metric: str, **labels: str) -> float:
        return value(after, metric, **labels) - value(before, metric, **labels)

    assert moved("worldfarm_registry_placements_total", worker=name) == 2
    assert moved("worldfarm_registry_refusals_total", reason="unknown_environment") == 1
    assert moved("worldfarm_registry_placement_seconds_count") == 3
    assert value(after, "worldfarm_registry_workers", status="up") == 1
    assert value(after, "worldfarm_registry_worker_episodes", worker=name) == 2
    assert value(after, "worldfarm_registry_worker_max_episodes", worker=name) == 40
    assert value(after, "worldfarm_registry_episodes") == 2
    assert value(after, "worldfarm_registry_episodes_lost") == 0
    assert value(after, "worldfarm_registry_envs") == 1


async def test_episodes_on_a_worker_that_went_down_are_counted_lost(
    registry_http: InProcess, live_worker: Process
) -> None:
    await join(registry_http, live_worker, instance="impostor")  # never heartbeats: goes down
    assert (await registry_http.http.post("/v1/episodes", json={"env": "hotel"})).status_code == 201
    worker = registry_http.registry.pool.get("impostor")
    assert worker is not None
    await wait_for(lambda: worker.status == "down")
    refused = await registry_http.http.post("/v1/episodes", json={"env": "hotel"})
    samples = await scrape(registry_http.http)

    assert refused.status_code == 503
    assert value(samples, "worldfarm_registry_episodes_lost") == 1
    assert value(samples, "worldfarm_registry_workers", status="down") == 1
    assert value(samples, "worldfarm_registry_refusals_total", reason="no_worker_available") >= 1


async def test_a_full_worker_passed_over_is_counted(registry_http: InProcess, tiny_worker: Process) -> None:
    async with httpx2.AsyncClient(headers=AUTH, timeout=10) as direct:
        while (await direct.post(f"{tiny_worker.url}/v1/episodes", json={"env": "hotel"})).status_code == 201:
            pass  # fill it behind the registry's back (it holds one at most)
    before = await scrape(registry_http.http)
    await join(registry_http, tiny_worker, episodes=0)
    refused = await registry_http.http.post("/v1/episodes", json={"env": "hotel"})
    after = await scrape(registry_http.http)

    assert refused.status_code == 503
    full = value(after, "worldfarm_registry_refusals_total", reason="worker_full")
    assert full - value(before, "worldfarm_registry_refusals_total", reason="worker_full") == 1

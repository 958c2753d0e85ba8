"""Batches through the registry: one request per worker to create or close many episodes, all or none."""

from __future__ import annotations

import httpx2

from tests.conftest import AUTH, Process
from tests.registry.conftest import InProcess, join


async def test_a_batch_is_shared_between_workers_by_load_with_one_request_each(
    registry_http: InProcess, live_worker: Process, small_worker: Process
) -> None:
    small = await join(registry_http, small_worker, max_episodes=2)
    big = await join(registry_http, live_worker, max_episodes=6)

    response = await registry_http.http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 6})

    assert response.status_code == 201
    placed = registry_http.registry.store.placement_counts()
    assert placed == {small["instance"]: 2, big["instance"]: 4}
    urls = [e["mcp_url"] for e in response.json()["episodes"]]
    assert sum(url.startswith(small_worker.url) for url in urls) == 2
    ids = [e["episode_id"] for e in response.json()["episodes"]]
    closed = await registry_http.http.post("/v1/episodes/close", json={"episodes": ids})
    assert closed.json()["closed"] == ids


async def test_the_share_of_a_full_or_dead_worker_goes_to_the_next(
    registry_http: InProcess, live_worker: Process, small_worker: Process
) -> None:
    async with httpx2.AsyncClient(headers=AUTH, timeout=10) as direct:  # fill it behind the registry's back
        filled = await direct.post(f"{small_worker.url}/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 2})
    assert filled.status_code == 201
    await join(registry_http, small_worker, episodes=0)
    await join(registry_http, live_worker, episodes=50)
    await join(registry_http, live_worker, instance="dead", url="http://127.0.0.1:9", episodes=0)

    response = await registry_http.http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 5})

    assert response.status_code == 201
    assert all(e["mcp_url"].startswith(live_worker.url) for e in response.json()["episodes"])
    dead = registry_http.registry.pool.get("dead")
    assert dead is not None
    assert dead.status == "down"
    async with httpx2.AsyncClient(headers=AUTH, timeout=10) as direct:
        emptied = await direct.post(
            f"{small_worker.url}/v1/episodes/close",
            json={"episodes": [e["episode_id"] for e in filled.json()["episodes"]]},
        )
    assert len(emptied.json()["closed"]) == 2


async def test_a_refusal_names_the_episode_of_the_whole_batch(
    registry_http: InProcess, live_worker: Process, small_worker: Process
) -> None:
    await join(registry_http, small_worker, max_episodes=2)
    await join(registry_http, live_worker, max_episodes=100)
    asked = [{"env": "hotel"}] * 5 + [{"env": "hotel", "task": "no-such-task"}]

    refused = await registry_http.http.post("/v1/episodes/batch", json={"episodes": asked})

    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "unknown_task"
    assert refused.json()["error"]["message"].startswith("episode 5 of the batch")
    assert registry_http.registry.store.placement_counts() == {}


async def test_a_batch_close_closes_on_each_worker_and_says_why_the_others_are_not_live(
    registry_http: InProcess, live_worker: Process
) -> None:
    await join(registry_http, live_worker)
    created = (await registry_http.http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 3})).json()
    ids = [e["episode_id"] for e in created["episodes"]]
    await registry_http.http.delete(created["episodes"][2]["control_url"])

    response = await registry_http.http.post("/v1/episodes/close", json={"episodes": [*ids, "never-was"]})

    assert response.status_code == 200
    assert response.json()["closed"] == ids[:2]
    assert set(response.json()["missing"]) == {ids[2], "never-was"}
    assert registry_http.registry.store.placement_counts() == {}
    assert (await registry_http.http.get(created["episodes"][0]["control_url"])).status_code == 404


async def test_closing_episodes_of_a_dead_worker_reports_them_lost_and_remembers_them(
    registry_http: InProcess, live_worker: Process
) -> None:
    await join(registry_http, live_worker, instance="impostor")  # probes fail: the registry finds it dead
    created = (await registry_http.http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 2})).json()
    ids = [e["episode_id"] for e in created["episodes"]]
    worker = registry_http.registry.pool.get("impostor")
    assert worker is not None
    registry_http.registry.pool.set_status(worker, "down", "stopped answering")

    response = await registry_http.http.post("/v1/episodes/close", json={"episodes": ids})

    assert response.json()["closed"] == []
    assert all("lost with its worker" in why for why in response.json()["missing"].values())
    assert (await registry_http.http.get(created["episodes"][0]["control_url"])).status_code == 410

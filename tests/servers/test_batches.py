"""Many episodes created and closed in one request on a worker: all or none, in order, saying what was not live."""

from __future__ import annotations

import httpx2

from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, running


async def test_a_batch_creates_every_episode_asked_for_in_order(worker_http: httpx2.AsyncClient) -> None:
    asked = [{"env": "hotel", "task": "cancel-farid"}, {"env": "library"}, {"env": "hotel"}]

    response = await worker_http.post("/v1/episodes/batch", json={"episodes": asked})

    assert response.status_code == 201
    episodes = response.json()["episodes"]
    assert [(e["env"], e["task"]) for e in episodes] == [("hotel", "cancel-farid"), ("library", None), ("hotel", None)]
    assert len({e["episode_id"] for e in episodes}) == 3
    assert episodes[0]["instruction"].startswith("Farid")
    for episode in episodes:
        assert (await worker_http.get(episode["control_url"])).json()["episode_id"] == episode["episode_id"]


async def test_a_batch_naming_an_unknown_task_creates_nothing(worker_http: httpx2.AsyncClient) -> None:
    before = len((await worker_http.get("/v1/episodes")).json())

    response = await worker_http.post(
        "/v1/episodes/batch", json={"episodes": [{"env": "hotel"}, {"env": "hotel", "task": "nope"}]}
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_task"
    assert len((await worker_http.get("/v1/episodes")).json()) == before


async def test_a_batch_larger_than_the_room_left_creates_nothing_and_says_so() -> None:
    app = create_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=Limits(max_episodes=3))))
    async with running(app) as http:
        first = await http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 2})
        refused = await http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 2})
        live = (await http.get("/v1/episodes")).json()

    assert first.status_code == 201
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "worker_full"
    assert "episode 1 of the batch" in refused.json()["error"]["message"]
    assert len(live) == 2


async def test_a_batch_close_closes_the_live_and_says_why_the_others_are_not(worker_http: httpx2.AsyncClient) -> None:
    created = (await worker_http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 3})).json()
    ids = [e["episode_id"] for e in created["episodes"]]
    await worker_http.delete(f"/v1/episodes/{ids[2]}")

    response = await worker_http.post("/v1/episodes/close", json={"episodes": [*ids, "never-was"]})

    assert response.status_code == 200
    body = response.json()
    assert body["closed"] == ids[:2]
    assert set(body["missing"]) == {ids[2], "never-was"}
    assert "was closed" in body["missing"][ids[2]]
    assert (await worker_http.get(f"/v1/episodes/{ids[0]}")).status_code == 404


async def test_batches_are_bounded_and_need_the_token(worker_http: httpx2.AsyncClient) -> None:
    too_many = await worker_http.post("/v1/episodes/batch", json={"episodes": [{"env": "hotel"}] * 1001})
    empty = await worker_http.post("/v1/episodes/close", json={"episodes": []})
    anonymous = await worker_http.post("/v1/episodes/close", json={"episodes": ["x"]}, headers={"Authorization": ""})

    assert too_many.status_code == 422
    assert empty.status_code == 422
    assert anonymous.status_code == 401

"""A task's reference solution replayed by the worker: each call's MCP result, and the state it leaves."""

from __future__ import annotations

import httpx2

from servers import EnvRuntime, EpisodeStore, read_state
from servers.reference import replay_reference
from worldfarm.task import SolutionCall, Task


async def test_the_reference_route_answers_each_calls_result_and_the_state_left(
    worker_http: httpx2.AsyncClient,
) -> None:
    response = await worker_http.get("/v1/envs/hotel/tasks/cancel-farid/reference")

    assert response.status_code == 200
    body = response.json()
    assert [call["result"]["isError"] for call in body["calls"]] == [False, False, False]
    assert body["calls"][2]["result"]["structuredContent"]["status"] == "cancelled"
    statuses = {row[0]: row for row in body["state"]["tables"]["bookings"]["rows"]}
    assert "cancelled" in statuses[6]


def test_a_replay_leaves_the_state_the_solution_leaves_in_an_episode(hotel: EnvRuntime) -> None:
    store, task = EpisodeStore(), hotel.task("move-ana")
    by_hand = store.create(hotel, task)
    for call in task.solution:
        by_hand.call(call.tool, call.arguments)

    replayed = replay_reference(store, hotel, task)

    assert replayed.state == read_state(by_hand)
    assert len(replayed.calls) == len(task.solution)
    assert len(store) == 1  # the replay's own episode is closed


def test_a_replay_stops_at_the_first_call_that_fails(hotel: EnvRuntime) -> None:
    task = hotel.task("cancel-farid")
    broken = Task.model_validate(
        {
            **task.model_dump(),
            "solution": [SolutionCall(tool="cancel_booking", arguments={"booking_id": 999}), *task.solution],
        }
    )

    replayed = replay_reference(EpisodeStore(), hotel, broken)

    assert replayed.state is None
    assert len(replayed.calls) == 1
    assert replayed.calls[0].result is not None
    assert replayed.calls[0].result["isError"] is True
    assert "booking 999 not found" in replayed.calls[0].result["content"][0]["text"]


async def test_an_unknown_task_has_no_reference(worker_http: httpx2.AsyncClient) -> None:
    response = await worker_http.get("/v1/envs/hotel/tasks/fly-away/reference")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_task"

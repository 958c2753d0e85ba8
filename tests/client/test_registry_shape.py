"""The harness against a farm shaped like the registry: the control plane behind a forwarding front door.

The stand-in forwards every ``/v1`` request to a real worker, answers episode creation with only
``episode_id``, ``mcp_url`` (the worker's, direct) and a ``control_url`` on itself, as the registry
may. The harness must use those URLs as given.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from client import Farm, OracleAgent, run_episode
from tests.conftest import Process

FRONT = "http://registry.test"


def front_door(worker: Process, upstream: httpx2.AsyncClient, seen: list[str]) -> Starlette:
    async def forward(request: Request) -> Response:
        seen.append(f"{request.method} {request.url.path}")
        reply = await upstream.request(
            request.method,
            worker.url + request.url.path,
            params=request.query_params,
            content=await request.body(),
            headers={"authorization": request.headers.get("authorization", ""), "content-type": "application/json"},
        )
        if request.url.path == "/v1/episodes" and request.method == "POST" and reply.status_code == 201:
            episode = reply.json()
            minimal = {
                "episode_id": episode["episode_id"],
                "mcp_url": episode["mcp_url"],
                "control_url": f"{FRONT}/v1/episodes/{episode['episode_id']}",
            }
            return JSONResponse(minimal, status_code=201)
        return Response(reply.content, status_code=reply.status_code, media_type="application/json")

    methods = ["GET", "POST", "DELETE"]
    return Starlette(routes=[Route("/v1/{path:path}", forward, methods=methods)])


@pytest.fixture
async def registry_farm(worker: Process) -> AsyncIterator[tuple[Farm, list[str]]]:
    seen: list[str] = []
    async with httpx2.AsyncClient(timeout=30) as upstream:
        app = front_door(worker, upstream, seen)
        http = httpx2.AsyncClient(mounts={FRONT: httpx2.ASGITransport(app=app)}, timeout=30)
        async with http, Farm(FRONT, worker.token, http=http) as farm:
            yield farm, seen


async def test_an_episode_through_a_forwarding_farm_is_scored_through_its_urls(
    registry_farm: tuple[Farm, list[str]],
) -> None:
    farm, seen = registry_farm

    run = await run_episode(farm, OracleAgent(), "hotel", "cancel-farid")

    assert run.result.outcome == "success"
    assert run.result.reward == 1.0
    assert run.trajectory.instruction.startswith("Farid")  # from the task: the front door sent none
    episode = run.result.episode_id
    assert f"POST /v1/episodes/{episode}/verify" in seen  # the state and the trace come with the verdict
    assert "GET /v1/envs/hotel/tasks/cancel-farid/reference" in seen
    assert f"DELETE /v1/episodes/{episode}" in seen
    assert run.trajectory.trace  # read through the front door too

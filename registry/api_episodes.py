"""Episodes through the registry: placement (``POST /v1/episodes``, a batch form) and every control call.

The registry speaks the worker's control-plane contract (:mod:`worldfarm.control`), so a harness can
point at either. Episodes it hands out carry a ``control_url`` on the registry (which forwards to the
worker) and an ``mcp_url`` on the worker itself, or on the registry's MCP proxy when it runs with
``proxy_mcp``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import Field
from starlette.responses import JSONResponse, Response

from registry.deps import RegistryDep, require_token
from registry.errors import UnknownOperation
from registry.forwarding import OPERATIONS, localize
from worldfarm.control import Body, ClosedEpisodes, CloseEpisodes, CreateEpisode, CreateEpisodes

router = APIRouter(prefix="/v1", dependencies=[Depends(require_token)])


class CreateForEnv(Body):
    task: str | None = Field(default=None, description="task id: the episode is for this task")


@router.post("/episodes", status_code=201)
async def create_episode(body: CreateEpisode, request: Request, registry: RegistryDep) -> JSONResponse:
    """A new episode on the least-loaded healthy worker serving the environment: EpisodeInfo."""
    created = await registry.placer.place(body)
    return JSONResponse(_localized(created.info, request, registry), status_code=201)


@router.post("/envs/{env}/episodes", status_code=201)
async def create_episode_of(env: str, body: CreateForEnv, request: Request, registry: RegistryDep) -> JSONResponse:
    """The same as ``POST /v1/episodes`` with the environment in the path."""
    return await create_episode(CreateEpisode(env=env, task=body.task), request, registry)


@router.post("/episodes/batch", status_code=201)
async def create_episodes(body: CreateEpisodes, request: Request, registry: RegistryDep) -> JSONResponse:
    """Many episodes at once (all or none), spread over the workers: ``{"episodes": [EpisodeInfo...]}``."""
    created = await registry.placer.place_many(body.episodes)
    episodes = [_localized(c.info, request, registry) for c in created]
    return JSONResponse({"episodes": episodes}, status_code=201)


@router.post("/episodes/close", response_model=ClosedEpisodes)
async def close_episodes(body: CloseEpisodes, registry: RegistryDep) -> Response:
    """Close many episodes in one request, one request per worker; those not live say why."""
    closed = await registry.forwarder.close_many(body.episodes)
    return Response(closed.model_dump_json(), media_type="application/json")


@router.get("/episodes")
async def list_episodes(request: Request, registry: RegistryDep) -> list[dict[str, Any]]:
    """The live episodes of every up worker (filters: ``env``, ``origin``)."""
    return await registry.forwarder.list_episodes(request, registry.base_url(request), registry.settings.proxy_mcp)


@router.get("/episodes/{episode_id}")
async def episode(episode_id: str, request: Request, registry: RegistryDep) -> Response:
    """The episode's EpisodeInfo: answered by its worker."""
    return await _forward(request, registry, episode_id, "")


@router.delete("/episodes/{episode_id}")
async def close_episode(episode_id: str, request: Request, registry: RegistryDep) -> Response:
    """Close the episode: answered by its worker."""
    return await _forward(request, registry, episode_id, "")


@router.get("/episodes/{episode_id}/{operation}")
async def read_operation(episode_id: str, operation: str, request: Request, registry: RegistryDep) -> Response:
    """state, diff, trace: answered by the episode's worker."""
    return await operation_of(episode_id, operation, request, registry)


@router.post("/episodes/{episode_id}/{operation}")
async def operation(episode_id: str, operation: str, request: Request, registry: RegistryDep) -> Response:
    """fork, reset, snapshot, restore, query, verify: answered by the episode's worker."""
    return await operation_of(episode_id, operation, request, registry)


async def operation_of(episode_id: str, operation: str, request: Request, registry: RegistryDep) -> Response:
    if operation not in OPERATIONS.get(request.method, set()):
        known = ", ".join(f"{method} {op}" for method, ops in OPERATIONS.items() for op in sorted(ops))
        raise UnknownOperation(f"no operation {request.method} {operation} on an episode; there are: {known}")
    return await _forward(request, registry, episode_id, f"/{operation}")


async def _forward(request: Request, registry: RegistryDep, episode_id: str, rest: str) -> Response:
    base = registry.base_url(request)
    return await registry.forwarder.forward(request, episode_id, rest, base, registry.settings.proxy_mcp)


def _localized(info: dict[str, Any], request: Request, registry: RegistryDep) -> dict[str, Any]:
    return localize(info, registry.base_url(request), registry.settings.proxy_mcp)

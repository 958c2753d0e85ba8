"""The catalog's routes: ``/v0/servers`` (the MCP registry's read shape, public) and ``/v1/envs``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from registry.catalog import env_of_server_name
from registry.deps import RegistryDep, require_token
from registry.errors import UnknownEnvironment

public_router = APIRouter(prefix="/v0")
router = APIRouter(prefix="/v1", dependencies=[Depends(require_token)])

Limit = Annotated[int | None, Query(ge=1, description="entries per page (default: all)")]


@public_router.get("/servers")
async def list_servers(
    request: Request,
    registry: RegistryDep,
    search: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> dict[str, Any]:
    """Every environment as an MCP server entry (search: a substring of its id, title or description)."""
    base = registry.base_url(request)
    envs = registry.catalog.search(q=search, after=cursor)
    page = envs[:limit]
    metadata: dict[str, Any] = {"count": len(page)}
    if len(envs) > limit:
        metadata["nextCursor"] = page[-1]
    return {"servers": [registry.catalog.server_entry(env, base) for env in page], "metadata": metadata}


@public_router.get("/servers/{name:path}")
async def get_server(name: str, request: Request, registry: RegistryDep) -> dict[str, Any]:
    """One environment by server name (``dev.worldfarm/<env>``, URL-encoded or not) or by its id."""
    env = env_of_server_name(name.removesuffix("/versions/latest"))
    if env not in registry.pool.envs():
        raise UnknownEnvironment(f"no server {name!r} here; GET /v0/servers lists them")
    return registry.catalog.server_entry(env, registry.base_url(request))


@router.get("/envs")
async def list_envs(
    registry: RegistryDep,
    q: Annotated[str | None, Query(description="substring of the id, title, description or domain")] = None,
    domain: str | None = None,
    tool: Annotated[str | None, Query(description="only environments with a tool of this name")] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Limit = None,
) -> dict[str, Any]:
    """The farm's environments with their facts (title, domain, tools, task ids, capacity)."""
    envs = registry.catalog.search(q=q, domain=domain, tool=tool, after=cursor)
    page = envs if limit is None else envs[:limit]
    return {
        "envs": [registry.catalog.env_entry(env) for env in page],
        "next_cursor": page[-1] if len(page) < len(envs) else None,
    }


@router.get("/envs/{env}")
async def get_env(env: str, registry: RegistryDep) -> Response:
    """An environment's description, tools and public tasks, from a worker serving it."""
    return await registry.forwarder.forward_env(env, "")


@router.get("/envs/{env}/tasks/{task}/reference")
async def get_reference(env: str, task: str, registry: RegistryDep) -> Response:
    """A task's reference solution replayed on a fresh episode (``worldfarm.control.ReferenceReplay``): answered
    by a worker serving the environment."""
    return await registry.forwarder.forward_env(env, f"/tasks/{task}/reference")


@router.get("/envs/{env}/definition")
async def get_definition(env: str, registry: RegistryDep) -> Response:
    """An environment in full for operators (tables, relations, tools' schemas, tasks), from a worker serving it."""
    return await registry.forwarder.forward_env(env, "/definition")


@router.get("/envs/{env}/tasks")
async def get_tasks(env: str, registry: RegistryDep) -> Response:
    """An environment's tasks in full (verifiers and reference solutions included), from a worker serving it."""
    return await registry.forwarder.forward_env(env, "/tasks")

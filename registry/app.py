"""The registry's ASGI app.

    app = create_app(Registry(RegistrySettings(token="...", db=Path("registry.sqlite"))))

Routes: ``/health`` (no token); ``/v0/servers`` (the public catalog); under ``/v1/`` with the farm's
bearer token: workers' registration, the environment catalog, episode placement and every episode
control call (forwarded to the episode's worker); ``/envs/{env}/e/{episode}/mcp``, the MCP proxy;
``/openenv`` (the farm's token as a bearer header, or in the path: ``/openenv/t/<token>``), sessions
relayed to workers.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

from fastapi import Depends, FastAPI
from starlette.responses import Response
from starlette.routing import Route

from registry import gauges, telemetry
from registry.api_catalog import public_router
from registry.api_catalog import router as catalog_router
from registry.api_episodes import router as episodes_router
from registry.api_openenv import mount as mount_openenv
from registry.api_workers import router as workers_router
from registry.deps import require_token
from registry.service import Registry
from worldfarm.metrics import exposition
from worldfarm.serving import service_app


def create_app(registry: Registry) -> FastAPI:
    """The registry's ASGI app."""
    settings = registry.settings
    app = service_app(
        "worldfarm registry", _running(registry), max_body_bytes=settings.max_body_bytes, token=settings.token
    )
    app.state.registry = registry
    app.router.routes.append(Route("/envs/{env}/e/{episode}/mcp", registry.proxy, methods=["GET", "POST", "DELETE"]))
    for router in (public_router, catalog_router, episodes_router, workers_router):
        app.include_router(router)
    mount_openenv(app)
    app.add_api_route("/health", registry.health, methods=["GET"])
    app.add_api_route(
        "/metrics", metrics, methods=["GET"], dependencies=[Depends(require_token)], include_in_schema=False
    )
    return app


async def metrics() -> Response:
    """Prometheus metrics (send the farm's token: Prometheus's ``authorization`` scrape setting)."""
    return exposition(telemetry.REGISTRY)


def _running(registry: Registry) -> Callable[[], AbstractAsyncContextManager[None]]:
    """The registry's lifespan, with its state reported in this process's metrics."""

    @contextlib.asynccontextmanager
    async def running() -> AsyncIterator[None]:
        async with registry.running(), gauges.watching(registry):
            yield

    return running

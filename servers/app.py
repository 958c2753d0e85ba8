"""The worker's ASGI app: MCP routes, the control plane, ``/health``, and its membership in a farm."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import anyio
from fastapi import Depends, FastAPI
from starlette.responses import Response

from servers import gauges, telemetry
from servers.control import require_token, router
from servers.hosting import McpRoutes
from servers.openenv import mount as mount_openenv
from servers.registration import stay_registered
from servers.worker import Worker
from worldfarm.metrics import exposition
from worldfarm.serving import service_app


def create_app(worker: Worker) -> FastAPI:
    """The worker's ASGI app: MCP routes, the control plane, OpenEnv under ``/openenv``, ``/health``,
    ``/metrics``; while it runs, the worker
    stays registered with its registry, if it has one."""
    settings = worker.settings
    app = service_app(
        "worldfarm worker", _lifespan(worker), max_body_bytes=settings.max_body_bytes, token=settings.token
    )
    app.state.worker = worker
    app.add_middleware(McpRoutes, host=worker.mcp)
    app.include_router(router)
    mount_openenv(app)

    @app.get("/metrics", dependencies=[Depends(require_token)], include_in_schema=False)
    async def metrics() -> Response:
        """Prometheus metrics (send the farm's token: Prometheus's ``authorization`` scrape setting)."""
        return exposition(telemetry.REGISTRY)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return worker.health()

    return app


def _lifespan(worker: Worker) -> Callable[[], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def running() -> AsyncIterator[None]:
        async with worker.running(), gauges.watching(worker), anyio.create_task_group() as tg:
            if worker.settings.registration is not None:
                tg.start_soon(stay_registered, worker)
            try:
                yield
            finally:
                tg.cancel_scope.cancel()

    return running

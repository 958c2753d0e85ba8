"""The registry's ASGI app.

    app = create_app(Registry(RegistrySettings(token="...", db=Path("registry.sqlite"))))

Routes: ``/health`` (no token); ``/v0/servers`` (the public catalog); under ``/v1/`` with the farm's
bearer token: workers' registration, the environment catalog, episode placement and every episode
control call (forwarded to the episode's worker); ``/envs/{env}/e/{episode}/mcp``, the MCP proxy.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.routing import Route

from registry.api_catalog import public_router
from registry.api_catalog import router as catalog_router
from registry.api_episodes import router as episodes_router
from registry.api_workers import router as workers_router
from registry.service import Registry
from worldfarm.serving import service_app


def create_app(registry: Registry) -> FastAPI:
    """The registry's ASGI app."""
    app = service_app("worldfarm registry", registry.running, max_body_bytes=registry.settings.max_body_bytes)
    app.state.registry = registry
    app.router.routes.append(Route("/envs/{env}/e/{episode}/mcp", registry.proxy, methods=["GET", "POST", "DELETE"]))
    for router in (public_router, catalog_router, episodes_router, workers_router):
        app.include_router(router)
    app.add_api_route("/health", registry.health, methods=["GET"])
    return app

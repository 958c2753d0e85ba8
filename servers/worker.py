"""A worker: one process serving many environments over MCP, plus the control plane.

    app = create_app(Worker(WorkerSettings(bundles=Path("examples"), token="...")))

Bundles are found at start and loaded on first use; episodes live in memory until closed or idle
past the TTL, which a background task enforces.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from fastapi import FastAPI
from mcp.server.transport_security import TransportSecuritySettings

from servers.environments import Catalog
from servers.episodes import EpisodeStore, Limits
from servers.hosting import McpHost, McpRoutes
from worldfarm.serving import service_app

if TYPE_CHECKING:
    from servers.registration import RegistrationSettings

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = ("127.0.0.1:*", "localhost:*", "[::1]:*")


@dataclass(frozen=True)
class WorkerSettings:
    bundles: Path
    token: str
    public_url: str | None = None
    """Base URL that agents and harnesses reach this worker at; default: the URL a request came in on."""
    registration: RegistrationSettings | None = None
    """The registry this worker joins, if any (``worldfarm serve --registry URL``)."""
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    """Host headers the MCP routes answer (``name:*`` allows any port); ``*`` turns the check off."""
    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = 1024 * 1024
    name: str = "worker"
    tracing: bool = False
    """Keep the MCP SDK's OpenTelemetry span per request (costs CPU on every call)."""
    fast_calls: bool = True
    """Answer well-formed 2026-07-28 tool calls on the fast path (``servers.fastcall``); off: the SDK answers all."""

    def transport_security(self) -> TransportSecuritySettings:
        if "*" in self.allowed_hosts:
            return TransportSecuritySettings(enable_dns_rebinding_protection=False)
        hosts = list(self.allowed_hosts)
        origins = [f"{scheme}://{host}" for host in hosts for scheme in ("http", "https")]
        return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)


class Worker:
    def __init__(self, settings: WorkerSettings, catalog: Catalog | None = None) -> None:
        self.settings = settings
        self.instance = secrets.token_hex(8)
        """This process's id in the registry: a restarted worker is a new instance."""
        self.catalog = catalog if catalog is not None else Catalog.at(settings.bundles)
        self.store = EpisodeStore(settings.limits)
        self.mcp = McpHost(self.catalog, self.store, settings)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self.mcp.running(), anyio.create_task_group() as tg:
            tg.start_soon(self._reap_forever)
            if self.settings.registration is not None:
                from servers.registration import stay_registered

                tg.start_soon(stay_registered, self)
            try:
                yield
            finally:
                tg.cancel_scope.cancel()
                self.store.close_all()

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "name": self.settings.name,
            "instance": self.instance,
            "envs": len(self.catalog),
            "loaded_envs": len(self.catalog.loaded()),
            "episodes": len(self.store),
            "max_episodes": self.settings.limits.max_episodes,
        }

    async def _reap_forever(self) -> None:
        period = max(1.0, min(30.0, self.settings.limits.idle_ttl / 4))
        while True:
            await anyio.sleep(period)
            if self.store.reap():
                self.mcp.forget_ended_sessions()


def create_app(worker: Worker) -> FastAPI:
    """The worker's ASGI app: MCP routes, the control plane, ``/health``."""
    from servers.control import router

    app = service_app("worldfarm worker", worker.running, max_body_bytes=worker.settings.max_body_bytes)
    app.state.worker = worker
    app.add_middleware(McpRoutes, host=worker.mcp)
    app.include_router(router)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return worker.health()

    return app

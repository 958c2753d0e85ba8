"""The registry's parts wired together: settings, store, worker pool, catalog, liveness, placement,
forwarding, the MCP proxy and the OpenEnv relay, and what runs while the service runs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx2
from fastapi import Request
from mcp.server.transport_security import TransportSecuritySettings

from registry.catalog import Catalog
from registry.forwarding import Forwarder
from registry.liveness import Liveness
from registry.openenv import OpenEnvRelay
from registry.placement import Placer
from registry.proxy import McpProxy
from registry.store import Store
from registry.workers import UP, WorkerPool
from worldfarm import tracing
from worldfarm.openenv import AllowedHosts

LOOPBACK_HOSTS = ("127.0.0.1:*", "localhost:*", "[::1]:*")
DEFAULT_HEARTBEAT_TIMEOUT = 6.0


@dataclass(frozen=True)
class RegistrySettings:
    token: str
    db: Path
    public_url: str | None = None
    """Base URL agents and harnesses reach the registry at; default: the URL a request came in on."""
    heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT
    """Seconds without a heartbeat (or an answer to a probe) after which a worker is down."""
    proxy_mcp: bool = False
    """Hand out MCP URLs on the registry's proxy instead of the workers' own."""
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    """Host headers the MCP proxy answers (``name:*`` allows any port); ``*`` turns the check off."""
    forget_after: float = 86_400.0
    """Seconds after which a worker down or gone is forgotten with its placements."""
    max_body_bytes: int = 1024 * 1024

    def transport_security(self) -> TransportSecuritySettings:
        if "*" in self.allowed_hosts:
            return TransportSecuritySettings(enable_dns_rebinding_protection=False)
        hosts = list(self.allowed_hosts)
        origins = [f"{scheme}://{host}" for host in hosts for scheme in ("http", "https")]
        return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)


class Registry:
    """The registry's parts; the HTTP client and the liveness watch live while :meth:`running`."""

    def __init__(self, settings: RegistrySettings) -> None:
        self.settings = settings
        self.store = Store(settings.db)
        self.pool = WorkerPool(self.store)
        self.catalog = Catalog(self.store, self.pool)
        self.http = httpx2.AsyncClient(
            timeout=httpx2.Timeout(30.0, connect=2.0),
            limits=httpx2.Limits(max_connections=1000, max_keepalive_connections=200),
        )
        tracing.instrument(self.http)
        self.liveness = Liveness(self.pool, self.http, settings.heartbeat_timeout, settings.forget_after)
        self.placer = Placer(self.pool, self.liveness, self.store, self.http, settings.token)
        self.forwarder = Forwarder(self.pool, self.liveness, self.store, self.http, settings.token)
        self.proxy = McpProxy(self.forwarder, self.http, settings.transport_security(), settings.max_body_bytes)
        hosts = None if "*" in settings.allowed_hosts else settings.allowed_hosts
        self.openenv = OpenEnvRelay(self.pool, self.liveness, self.catalog, AllowedHosts(hosts), settings.token)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self.http, anyio.create_task_group() as tg:
            tg.start_soon(self.liveness.watch_forever)
            try:
                yield
            finally:
                tg.cancel_scope.cancel()
        self.store.close()

    def base_url(self, request: Request) -> str:
        return self.settings.public_url or str(request.base_url).rstrip("/")

    async def health(self) -> dict[str, Any]:
        workers = self.pool.all()
        return {
            "status": "ok",
            "role": "registry",
            "workers_up": sum(w.status == UP for w in workers),
            "workers": {w.name: w.status for w in workers if w.status == UP},
            "envs": len(self.pool.envs()),
        }

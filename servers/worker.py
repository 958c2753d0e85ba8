"""A worker: one process serving many environments over MCP, plus the control plane.

    app = servers.create_app(Worker(WorkerSettings(bundles=Path("examples"), token="...")))

Bundles are found at start and loaded on first use; episodes live in memory until closed or idle
past the TTL, which a background task enforces.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from typing import Any

import anyio

from servers.code.hosts import HostPool
from servers.environments import ServedEnvironments
from servers.episodes import EpisodeStore
from servers.hosting import McpHost
from servers.openenv import OpenEnvHost
from servers.settings import WorkerSettings
from worldfarm.openenv import AllowedHosts

logger = logging.getLogger(__name__)


class Worker:
    def __init__(self, settings: WorkerSettings, catalog: ServedEnvironments | None = None) -> None:
        self.settings = settings
        self.instance = secrets.token_hex(8)
        """This process's id in the registry: a restarted worker is a new instance."""
        self.catalog = catalog if catalog is not None else ServedEnvironments.at(settings.bundles)
        self.store = EpisodeStore(settings.limits)
        self.hosts = HostPool(settings.code)
        """The code environments' sandboxed app hosts."""
        self.mcp = McpHost(self.catalog, self.store, settings, self.hosts)
        allowed = None if "*" in settings.allowed_hosts else settings.allowed_hosts
        self.openenv = OpenEnvHost(self.catalog, self.store, AllowedHosts(allowed), self.hosts)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self.mcp.running(), anyio.create_task_group() as tg:
            tg.start_soon(self._reap_forever)
            try:
                yield
            finally:
                tg.cancel_scope.cancel()
                self.openenv.sessions.close_all()
                self.store.close_all()
                with anyio.CancelScope(shield=True):
                    await self.hosts.close()

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "name": self.settings.name,
            "instance": self.instance,
            "envs": len(self.catalog),
            "loaded_envs": len(self.catalog.loaded()),
            "episodes": self.store.counted,
            "openenv_sessions": len(self.openenv.sessions),
            "max_episodes": self.settings.limits.max_episodes,
            "anonymous_sessions": self.store.anonymous,
            "code_hosts": len(self.hosts.running()),
        }

    async def _reap_forever(self) -> None:
        period = max(1.0, min(30.0, self.settings.limits.idle_ttl / 4, self.settings.code.idle_ttl / 4))
        while True:
            await anyio.sleep(period)
            self.openenv.sessions.reap()
            if self.store.reap():
                self.mcp.forget_ended_sessions()
            await self.hosts.stop_idle()

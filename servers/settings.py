"""How a worker is configured: its settings, and its membership in a farm (registry, shard)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from mcp.server.transport_security import TransportSecuritySettings

from servers.code.settings import CodeSettings
from servers.episodes import Limits
from worldfarm.errors import ConfigError


@dataclass(frozen=True)
class Shard:
    """Worker ``index`` of ``count`` offers environment E if E's hash lands on it or on one of the
    ``replicas - 1`` workers before it: each environment is offered by exactly ``replicas`` workers."""

    index: int
    count: int
    replicas: int = 1

    @classmethod
    def parse(cls, text: str, replicas: int = 1) -> Shard:
        """``"K/N"``: worker K (from 0) of N."""
        try:
            index, count = (int(part) for part in text.split("/"))
        except ValueError:
            raise ConfigError(f"--shard {text!r}: write it as K/N, e.g. 0/4 for the first of four workers") from None
        if not 0 <= index < count or not 1 <= replicas <= count:
            raise ConfigError(f"--shard {text} --replicas {replicas}: need 0 <= K < N and 1 <= replicas <= N")
        return cls(index, count, replicas)

    def holds(self, env_id: str) -> bool:
        home = zlib.crc32(env_id.encode()) % self.count
        return (self.index - home) % self.count < self.replicas


@dataclass(frozen=True)
class RegistrationSettings:
    registry_url: str
    url: str
    """Base URL the registry (and the harnesses it answers) reach this worker at."""
    shard: Shard | None = None


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
    """Record OpenTelemetry spans: the MCP SDK's per request, and worldfarm's (HTTP requests, tool programs,
    verifiers). Set by ``worldfarm serve`` when tracing is configured (worldfarm.tracing); costs CPU on every call."""
    fast_calls: bool = True
    """Answer well-formed 2026-07-28 tool calls on the fast path (``servers.fastcall``); off: the SDK answers all.
    With tracing on, the SDK answers all anyway (its span per request is middleware the fast path never skips)."""
    code: CodeSettings = field(default_factory=CodeSettings)
    """Limits of the sandboxed processes that run code environments' apps and verifiers."""

    def transport_security(self) -> TransportSecuritySettings:
        if "*" in self.allowed_hosts:
            return TransportSecuritySettings(enable_dns_rebinding_protection=False)
        hosts = list(self.allowed_hosts)
        origins = [f"{scheme}://{host}" for host in hosts for scheme in ("http", "https")]
        return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)

"""``worldfarm registry``: run the registry service with uvicorn (``worldfarm up`` runs it for you)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from registry.app import create_app
from registry.service import DEFAULT_HEARTBEAT_TIMEOUT, LOOPBACK_HOSTS, Registry, RegistrySettings
from worldfarm import tracing as otel
from worldfarm.errors import ConfigError
from worldfarm.ids import random_id
from worldfarm.serving import host_patterns, listen, serve, url_of
from worldfarm.settings import TOKEN_VARIABLE, farm_token, state_dir

REGISTRY_DB = "registry.sqlite"


def serve_registry(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    fd: int | None = None,
    token: str | None = None,
    db: Path | None = None,
    public_url: str | None = None,
    allowed_hosts: list[str] | None = None,
    heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    proxy_mcp: bool = False,
    tracing: bool = False,
    extend: Callable[[FastAPI, Registry], None] | None = None,
) -> None:
    """Serve the registry on ``host:port`` (or on the listening socket ``fd``) until interrupted.

    ``tracing`` (or an OTLP endpoint in the environment) exports OpenTelemetry spans (worldfarm.tracing);
    ``extend`` adds to the app before it serves (the command line mounts the web console with it).
    """
    if heartbeat_timeout <= 0:
        raise ConfigError("--heartbeat-timeout must be positive")
    given = farm_token(token)
    token = given or random_id(24)
    sock = socket.socket(fileno=fd) if fd is not None else listen(host, port)
    bound = url_of(sock)
    settings = RegistrySettings(
        token=token,
        db=db or state_dir() / REGISTRY_DB,
        public_url=public_url.rstrip("/") if public_url else None,
        heartbeat_timeout=heartbeat_timeout,
        proxy_mcp=proxy_mcp,
        allowed_hosts=(*LOOPBACK_HOSTS, *(allowed_hosts or []), *host_patterns(public_url)),
    )
    otel.configure("worldfarm-registry", tracing)
    registry = Registry(settings)
    print(f"worldfarm registry listening on {bound}", flush=True)
    print(f"  store: {settings.db}", flush=True)
    if given is None:
        print(f"  farm token (set {TOKEN_VARIABLE} to choose one): {token}", flush=True)
    app = create_app(registry)
    if extend is not None:
        extend(app, registry)
    print(f"  console: {bound}/ui", flush=True)
    serve(app, sock)

"""``worldfarm serve PATH``: run a worker process with uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from servers.app import create_app
from servers.episodes import Limits
from servers.settings import LOOPBACK_HOSTS, RegistrationSettings, Shard, WorkerSettings
from servers.worker import Worker
from worldfarm import tracing as otel
from worldfarm.errors import ConfigError
from worldfarm.ids import random_id
from worldfarm.loader import find_bundles
from worldfarm.serving import host_patterns, listen, serve, url_of
from worldfarm.settings import TOKEN_VARIABLE, farm_token


def serve_http(
    path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    public_url: str | None = None,
    registry: str | None = None,
    shard: str | None = None,
    replicas: int = 1,
    fd: int | None = None,
    allowed_hosts: list[str] | None = None,
    max_episodes: int = 10_000,
    ttl: float = 1800.0,
    name: str = "worker",
    tracing: bool = False,
    extend: Callable[[FastAPI, Worker], None] | None = None,
) -> None:
    """Serve the bundles at ``path`` on ``host:port`` until interrupted.

    ``tracing`` (or an OTLP endpoint in the environment) exports OpenTelemetry spans (worldfarm.tracing);
    ``extend`` adds to the app before it serves (the command line mounts the web console with it).
    """
    if max_episodes < 1 or ttl <= 0:
        raise ConfigError("--max-episodes must be at least 1 and --ttl positive")
    find_bundles(path)  # a missing or empty folder says so before any port is taken
    given = farm_token(token)
    token = given or random_id(24)
    sock = socket.socket(fileno=fd) if fd is not None else listen(host, port)
    bound = url_of(sock)
    registration = _registration(registry, public_url or bound, shard, replicas)
    hosts = (*LOOPBACK_HOSTS, *(allowed_hosts or []), *host_patterns(public_url))
    settings = WorkerSettings(
        bundles=path,
        token=token,
        public_url=public_url.rstrip("/") if public_url else None,
        registration=registration,
        allowed_hosts=hosts,
        limits=Limits(max_episodes=max_episodes, idle_ttl=ttl),
        name=name,
        tracing=otel.configure("worldfarm-worker", tracing),
    )
    worker = Worker(settings)
    print(f"worldfarm worker {name!r} listening on {bound}", flush=True)
    print(f"  serving {len(worker.catalog)} environments from {path}", flush=True)
    if given is None:
        print(f"  control-plane token (set {TOKEN_VARIABLE} to choose one): {token}", flush=True)
    if registration is not None:
        print(f"  joining the registry at {registration.registry_url}", flush=True)
    print(f"  new episode: WORLDFARM_URL={bound} worldfarm episode new ENV", flush=True)
    print(f"  OpenEnv sessions: {bound}/openenv", flush=True)
    app = create_app(worker)
    if extend is not None:
        extend(app, worker)
    serve(app, sock)


def _registration(registry: str | None, url: str, shard: str | None, replicas: int) -> RegistrationSettings | None:
    if registry is None:
        if shard is not None:
            raise ConfigError("--shard only means something with --registry")
        return None
    return RegistrationSettings(registry, url, Shard.parse(shard, replicas) if shard else None)

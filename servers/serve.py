"""``worldfarm serve PATH``: run a worker process with uvicorn."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from servers.app import create_app
from servers.episodes import Limits
from servers.settings import LOOPBACK_HOSTS, RegistrationSettings, Shard, WorkerSettings
from servers.worker import Worker
from worldfarm import tracing as otel
from worldfarm.errors import ConfigError
from worldfarm.ids import random_id
from worldfarm.loader import find_bundles
from worldfarm.openenv import openenv_url
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
    anonymous_sessions: int = 0,
    limits: Sequence[str] = (),
    extend: Callable[[FastAPI, Worker], None] | None = None,
) -> None:
    """Serve the bundles at ``path`` on ``host:port`` until interrupted.

    ``tracing`` (or an OTLP endpoint in the environment) exports OpenTelemetry spans (worldfarm.tracing);
    ``extend`` adds to the app before it serves (the command line mounts the web console with it);
    ``limits``: ``NAME=VALUE`` settings of :class:`Limits` fields (``--limit max_string_chars=20000``).
    """
    if max_episodes < 1 or ttl <= 0 or anonymous_sessions < 0:
        raise ConfigError("--max-episodes must be at least 1, --ttl positive and --anonymous-sessions not negative")
    bounds = Limits(
        max_episodes=max_episodes, idle_ttl=ttl, anonymous_sessions=anonymous_sessions, **parse_limits(limits)
    )
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
        limits=bounds,
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
    print(f"  OpenEnv sessions: {_openenv_url(bound, token, given is None)}", flush=True)
    app = create_app(worker)
    if extend is not None:
        extend(app, worker)
    serve(app, sock)


def _openenv_url(bound: str, token: str, generated: bool) -> str:
    """The OpenEnv URL to print: with the token in it if the worker made the token up (and prints it
    anyway), else with a placeholder (a token given to a deployed worker must not reach its logs)."""
    if generated:
        return openenv_url(bound, token)
    return f"{bound}/openenv/t/<token>  (<token>: the {TOKEN_VARIABLE} it was given, or a bearer header)"


_SET_ELSEWHERE = {"max_episodes": "--max-episodes", "idle_ttl": "--ttl", "anonymous_sessions": "--anonymous-sessions"}


def parse_limits(settings: Sequence[str]) -> dict[str, Any]:
    """``["NAME=VALUE", ...]`` as keyword arguments of :class:`Limits`; ConfigError naming what is wrong."""
    fields = {f.name: f for f in dataclasses.fields(Limits) if f.name not in _SET_ELSEWHERE}
    parsed: dict[str, Any] = {}
    for setting in settings:
        name, _, text = setting.partition("=")
        name = name.strip().replace("-", "_")
        if name in _SET_ELSEWHERE:
            raise ConfigError(f"--limit {setting}: set {name} with {_SET_ELSEWHERE[name]}")
        if name not in fields:
            raise ConfigError(f"--limit {setting}: no such limit; the limits are {', '.join(sorted(fields))}")
        kind = int if fields[name].type in (int, "int") else float
        try:
            value = kind(text)
        except ValueError:
            raise ConfigError(
                f"--limit {setting}: {name} takes {'an integer' if kind is int else 'a number'}"
            ) from None
        if value <= 0:
            raise ConfigError(f"--limit {setting}: {name} must be positive")
        parsed[name] = value
    return parsed


def _registration(registry: str | None, url: str, shard: str | None, replicas: int) -> RegistrationSettings | None:
    if registry is None:
        if shard is not None:
            raise ConfigError("--shard only means something with --registry")
        return None
    return RegistrationSettings(registry, url, Shard.parse(shard, replicas) if shard else None)

"""Every route of a worker and of the registry refuses a missing or wrong token, except the few that
are public by design (health, the public catalog, the MCP planes, which agents reach by episode id).
The OpenEnv routes take the token in a header or in the path (``/openenv/t/<token>``): both forms are
tried, and their WebSockets too, over real sockets."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import httpx2
import pytest
from fastapi import FastAPI
from starlette.routing import WebSocketRoute
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from registry import Registry, RegistrySettings
from registry import create_app as registry_app
from servers import Worker, WorkerSettings
from servers import create_app as worker_app
from tests.conftest import AUTH, EXAMPLES, TOKEN, running
from tests.servers.openenv.conftest import serving
from worldfarm.openenv import TOKEN_REFUSAL

PUBLIC = {
    "worker": {"/health"},
    "registry": {"/health", "/v0/servers", "/v0/servers/{name}", "/envs/{env}/e/{episode}/mcp"},
}
TOKENS = [
    {},
    {"Authorization": ""},
    {"Authorization": "Bearer wrong"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"bearer  {TOKEN[:-1]}"},
]
PATH_TOKENS = ["", "wrong", f"{TOKEN}x", TOKEN[:-1], TOKEN.upper(), f"Bearer {TOKEN}", f"{TOKEN}/"]
"""What a ``/openenv/t/<token>`` path may carry instead of the token (each with the right bearer header
too: the path's token is the one checked)."""
TOKEN_IN_PATH = re.compile(r"\{token(:path)?\}")


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves: those its OpenAPI description lists, and the
    app's own top-level routes (the description itself, the MCP proxy)."""
    found = {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}
    for route in app.routes:
        methods: set[str] = getattr(route, "methods", None) or set()
        found |= {(method, str(getattr(route, "path", ""))) for method in methods - {"HEAD", "OPTIONS"}}
    return sorted(found)


def sockets(app: FastAPI) -> list[str]:
    """The path of every WebSocket route the app serves, its own and its included routers' (which
    FastAPI keeps as included routers, not as routes of the app, and leaves out of OpenAPI)."""
    found: list[str] = []
    for route in app.router.routes:
        if isinstance(route, WebSocketRoute):
            found.append(route.path)
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            found += [c.starlette_route.path for c in contexts() if isinstance(c.starlette_route, WebSocketRoute)]
    return sorted(found)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


def attempts(path: str) -> list[tuple[str, dict[str, str]]]:
    """(concrete path, headers) pairs for a route, none of them with the right token: on the
    ``/openenv/t/<token>`` forms every wrong path token with and without the right header, elsewhere
    every wrong header."""
    if TOKEN_IN_PATH.search(path):
        paths = [concrete(TOKEN_IN_PATH.sub(quote(given, safe=""), path)) for given in PATH_TOKENS]
        return [(p, headers) for p in paths for headers in ({"Authorization": ""}, AUTH)]
    return [(concrete(path), {"Authorization": token.get("Authorization", "")}) for token in TOKENS]


async def refusals(app: FastAPI, public: set[str]) -> list[tuple[str, str, int]]:
    """Every (method, path, status) of a non-public route answered with something other than 401."""
    wrong: list[tuple[str, str, int]] = []
    async with running(app, base_url="http://127.0.0.1:8000") as http:
        for method, path in routes(app):
            if path in public:
                continue
            for url, headers in attempts(path):
                response = await http.request(method, url, headers=headers, json={})
                if response.status_code != 401:
                    wrong.append((method, url, response.status_code))
    return wrong


async def socket_refusals(url: str, app: FastAPI) -> list[tuple[str, str]]:
    """Every WebSocket route tried without the right token, a reset sent at once: each (path, what
    happened) that is not a close with 1008 and :data:`TOKEN_REFUSAL`."""
    wrong: list[tuple[str, str]] = []
    for path in sockets(app):
        for concrete_path, headers in attempts(path):
            given = {k: v for k, v in headers.items() if v}
            async with connect("ws" + url.removeprefix("http") + concrete_path, additional_headers=given) as ws:
                try:
                    await ws.send('{"type": "reset", "data": {"scenario": "hotel"}}')
                    wrong.append((concrete_path, f"answered {await ws.recv()!r}"))
                except ConnectionClosed:
                    if (ws.close_code, ws.close_reason) != (1008, TOKEN_REFUSAL):
                        wrong.append((concrete_path, f"closed {ws.close_code} {ws.close_reason!r}"))
    return wrong


@contextlib.asynccontextmanager
async def worker_served() -> AsyncIterator[tuple[Worker, FastAPI, str]]:
    worker = Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN))
    app = worker_app(worker)
    async with serving(app) as url:
        yield worker, app, url


async def test_every_worker_route_but_health_needs_the_token() -> None:
    app = worker_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN)))
    assert ("GET", "/openapi.json") in routes(app)
    assert len(routes(app)) > 15
    assert ("POST", "/openenv/t/{token}/envs/{env}/mcp") in routes(app)
    assert await refusals(app, PUBLIC["worker"]) == []


async def test_every_registry_route_but_health_the_catalog_and_the_mcp_proxy_needs_the_token(tmp_path: Path) -> None:
    app = registry_app(Registry(RegistrySettings(token=TOKEN, db=tmp_path / "registry.sqlite")))
    assert ("GET", "/openapi.json") in routes(app)
    assert len(routes(app)) > 15
    assert ("POST", "/openenv/t/{token}/reset") in routes(app)
    assert await refusals(app, PUBLIC["registry"]) == []


async def test_every_worker_socket_refuses_a_missing_or_wrong_token_before_any_session() -> None:
    async with asyncio.timeout(60), worker_served() as (worker, app, url):
        assert len(sockets(app)) == 8  # /ws and /mcp, under /openenv, /openenv/envs/x, and both with /t/<token>
        assert {"/openenv/ws", "/openenv/t/{token:path}/envs/{env}/mcp"} <= set(sockets(app))
        assert await socket_refusals(url, app) == []
        assert (len(worker.openenv.sessions), len(worker.store)) == (0, 0)


async def test_every_registry_socket_refuses_a_missing_or_wrong_token(tmp_path: Path) -> None:
    app = registry_app(Registry(RegistrySettings(token=TOKEN, db=tmp_path / "registry.sqlite")))
    async with asyncio.timeout(60), serving(app) as url:
        assert len(sockets(app)) == 8  # /ws and /mcp under the four prefixes
        assert {"/openenv/t/{token:path}/ws", "/openenv/envs/{env}/mcp"} <= set(sockets(app))
        assert await socket_refusals(url, app) == []


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
async def test_there_are_no_documentation_pages(worker_http: httpx2.AsyncClient, path: str) -> None:
    assert (await worker_http.get(path)).status_code == 404

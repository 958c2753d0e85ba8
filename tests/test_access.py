"""Every route of a worker and of the registry refuses a missing or wrong token, except the few that
are public by design (health, the public catalog, the MCP planes, which agents reach by episode id)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI

from registry import Registry, RegistrySettings
from registry import create_app as registry_app
from servers import Worker, WorkerSettings
from servers import create_app as worker_app
from tests.conftest import EXAMPLES, TOKEN, running

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


def openenv(app: FastAPI) -> set[str]:
    """The OpenEnv routes: open to OpenEnv clients, which send no token (Host and Origin checked)."""
    return {path for _, path in routes(app) if path.startswith("/openenv")}


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves: those its OpenAPI description lists, and the
    app's own top-level routes (the description itself, the MCP proxy)."""
    found = {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}
    for route in app.routes:
        methods: set[str] = getattr(route, "methods", None) or set()
        found |= {(method, str(getattr(route, "path", ""))) for method in methods - {"HEAD", "OPTIONS"}}
    return sorted(found)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


async def refusals(app: FastAPI, public: set[str]) -> list[tuple[str, str, int]]:
    """Every (method, path, status) of a non-public route answered with something other than 401."""
    wrong: list[tuple[str, str, int]] = []
    async with running(app, base_url="http://127.0.0.1:8000") as http:
        for method, path in routes(app):
            if path in public:
                continue
            for token in TOKENS:
                headers = {"Authorization": token.get("Authorization", "")} if token else {"Authorization": ""}
                response = await http.request(method, concrete(path), headers=headers, json={})
                if response.status_code != 401:
                    wrong.append((method, path, response.status_code))
    return wrong


async def test_every_worker_route_but_health_needs_the_token() -> None:
    app = worker_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN)))
    assert ("GET", "/openapi.json") in routes(app)
    assert len(routes(app)) > 15
    assert await refusals(app, PUBLIC["worker"] | openenv(app)) == []


async def test_every_registry_route_but_health_the_catalog_and_the_mcp_proxy_needs_the_token(tmp_path: Path) -> None:
    app = registry_app(Registry(RegistrySettings(token=TOKEN, db=tmp_path / "registry.sqlite")))
    assert ("GET", "/openapi.json") in routes(app)
    assert len(routes(app)) > 15
    assert await refusals(app, PUBLIC["registry"] | openenv(app)) == []


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
async def test_there_are_no_documentation_pages(worker_http: httpx2.AsyncClient, path: str) -> None:
    assert (await worker_http.get(path)).status_code == 404

"""Fixtures of the registry tests: an in-process registry with its own store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI

from registry import Registry, RegistrySettings, create_app
from tests.conftest import EXAMPLES, TOKEN, Process, running, start_process, stop_process


@pytest.fixture(scope="module")
def small_worker() -> Iterator[Process]:
    """A real worker that holds two episodes at most."""
    proc = start_process(["serve", str(EXAMPLES), "--port", "0", "--max-episodes", "2"])
    try:
        yield proc
    finally:
        stop_process(proc)


async def join(farm: InProcess, worker: Process, **overrides: Any) -> dict[str, Any]:
    """Register ``worker`` with the in-process registry as the worker itself would; its registration body."""
    async with httpx2.AsyncClient(timeout=10) as http:
        health = (await http.get(f"{worker.url}/health")).json()
    body = {
        "instance": health["instance"],
        "name": f"worker-{worker.url.rsplit(':', 1)[1]}",
        "url": worker.url,
        "envs": ["hotel"],
        "max_episodes": 100,
        **overrides,
    }
    response = await farm.http.post("/v1/workers", json=body)
    assert response.status_code == 201, response.text
    return body


@dataclass
class InProcess:
    registry: Registry
    http: httpx2.AsyncClient
    app: FastAPI


def registry_app(db: Path) -> tuple[Registry, FastAPI]:
    registry = Registry(RegistrySettings(token=TOKEN, db=db, heartbeat_timeout=0.6))
    return registry, create_app(registry)


@pytest.fixture
async def registry_http(tmp_path: Path) -> AsyncIterator[InProcess]:
    """An in-process registry (store in tmp_path, 0.6 s heartbeat timeout) and a client wired to it."""
    registry, app = registry_app(tmp_path / "registry.sqlite")
    async with running(app, base_url="http://127.0.0.1:9000") as http:
        yield InProcess(registry, http, app)

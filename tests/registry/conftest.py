"""Fixtures of the registry tests: an in-process registry with its own store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI

from registry import Registry, RegistrySettings, create_app
from tests.conftest import TOKEN, running


@dataclass
class InProcess:
    registry: Registry
    http: httpx2.AsyncClient


def registry_app(db: Path) -> tuple[Registry, FastAPI]:
    registry = Registry(RegistrySettings(token=TOKEN, db=db, heartbeat_timeout=0.6))
    return registry, create_app(registry)


@pytest.fixture
async def registry_http(tmp_path: Path) -> AsyncIterator[InProcess]:
    """An in-process registry (store in tmp_path, 0.6 s heartbeat timeout) and a client wired to it."""
    registry, app = registry_app(tmp_path / "registry.sqlite")
    async with running(app, base_url="http://127.0.0.1:9000") as http:
        yield InProcess(registry, http)

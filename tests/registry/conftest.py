"""Fixtures of the registry tests: a small set of environments, an in-process registry in front of a real
worker process, and farms started with ``worldfarm up``."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI

from registry import Registry, RegistrySettings, create_app
from tests.conftest import AUTH, EXAMPLES, TOKEN, Process, running, start_process, stop_process

ENV_IDS = ("hotel", "inn", "resort")
"""Copies of the hotel example under three ids: enough to shard."""


def make_envs(root: Path) -> Path:
    """A folder of bundles: ``examples/hotel`` copied under each of ENV_IDS."""
    for env_id in ENV_IDS:
        target = root / env_id
        target.mkdir(parents=True)
        env = json.loads((EXAMPLES / "hotel" / "env.json").read_text())
        env["id"] = env_id
        (target / "env.json").write_text(json.dumps(env))
        shutil.copy(EXAMPLES / "hotel" / "tasks.jsonl", target / "tasks.jsonl")
    return root


@pytest.fixture(scope="session")
def envs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_envs(tmp_path_factory.mktemp("envs"))


def poll(condition: Callable[[], Any], timeout: float = 15.0, every: float = 0.05) -> Any:
    """Call ``condition`` until it returns something truthy (returned), at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s (last value: {value!r})")
        time.sleep(every)


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


@dataclass
class Farm:
    process: Process
    state: Path

    @property
    def url(self) -> str:
        return self.process.url

    def facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = json.loads((self.state / "farm.json").read_text())
        return facts

    def workers(self) -> list[dict[str, Any]]:
        response = httpx2.get(f"{self.url}/v1/workers", headers=AUTH, timeout=10)
        response.raise_for_status()
        workers: list[dict[str, Any]] = response.json()["workers"]
        return workers


def start_farm(envs: Path, state: Path, *extra: str) -> Farm:
    args = ["up", "--envs", str(envs), "--port", "0", "--state-dir", str(state), *extra]
    return Farm(start_process(args, ready=r"farm listening on (http://\S+)", timeout=90), state)


@pytest.fixture(scope="module")
def farm(envs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Farm]:
    """``worldfarm up`` with two workers that are not restarted when they die, and a 2 s heartbeat timeout."""
    running = start_farm(
        envs, tmp_path_factory.mktemp("farm"), "--workers", "2", "--no-restart", "--heartbeat-timeout", "2"
    )
    try:
        yield running
    finally:
        stop_process(running.process)

"""Fixtures of the command-line tests: farms started with ``worldfarm up`` as real processes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.conftest import AUTH, Process, make_envs, start_process, stop_process


@pytest.fixture(scope="session")
def envs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_envs(tmp_path_factory.mktemp("envs"))


@dataclass
class RunningFarm:
    """A ``worldfarm up`` process and its state directory."""

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


def start_farm(envs: Path, state: Path, *extra: str) -> RunningFarm:
    args = ["up", "--envs", str(envs), "--port", "0", "--state-dir", str(state), *extra]
    return RunningFarm(start_process(args, ready=r"farm listening on (http://\S+)", timeout=90), state)


@pytest.fixture(scope="module")
def farm(envs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningFarm]:
    """``worldfarm up`` with two workers that are not restarted when they die, a 2 s heartbeat timeout,
    and arguments nested at most 8 levels (a bound given to every worker)."""
    args = ("--workers", "2", "--no-restart", "--heartbeat-timeout", "2", "--limit", "max_nesting=8")
    running = start_farm(envs, tmp_path_factory.mktemp("farm"), *args)
    try:
        yield running
    finally:
        stop_process(running.process)

"""Fixtures shared by every test package: the example bundles, an in-process worker, a real worker process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI

from generator.awm import ImportOptions, import_release
from servers import CodeSettings, EnvRuntime, Worker, WorkerSettings, create_app
from worldfarm import load_bundle

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session", autouse=True)
def own_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests (and the processes they start) never see or write the developer's own farm state, URL or token."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORLDFARM_STATE_DIR", str(tmp_path_factory.mktemp("state")))
        for variable in ("WORLDFARM_URL", "WORLDFARM_TOKEN"):
            patch.delenv(variable, raising=False)
        yield


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def hotel() -> EnvRuntime:
    return EnvRuntime(load_bundle(EXAMPLES / "hotel"))


@contextlib.asynccontextmanager
async def lifespan_of(app: FastAPI) -> AsyncIterator[None]:
    """Run ``app``'s lifespan in a task of its own: a fixture's setup and teardown run in different
    tasks, and the task groups a lifespan opens must be left in the task that entered them."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with app.router.lifespan_context(app):
            started.set()
            await stop.wait()

    task, waiter = asyncio.create_task(hold()), asyncio.create_task(started.wait())
    async with asyncio.timeout(10):
        await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if task.done():
        task.result()  # the lifespan failed to start: raise why
    try:
        yield
    finally:
        stop.set()
        async with asyncio.timeout(10):
            await task


@contextlib.asynccontextmanager
async def running(app: FastAPI, base_url: str = "http://127.0.0.1:8000") -> AsyncIterator[httpx2.AsyncClient]:
    """``app`` with its lifespan running, and a client (with the test token) wired to it in process."""
    async with lifespan_of(app):
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url=base_url, headers=AUTH) as client:
            yield client


@pytest.fixture
async def worker_http() -> AsyncIterator[httpx2.AsyncClient]:
    """An HTTP client wired in process to a worker serving ``examples/`` (token: TOKEN)."""
    async with running(create_app(Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN)))) as client:
        yield client


@dataclass
class Process:
    process: subprocess.Popen[str]
    url: str
    token: str
    output: list[str]
    """Every line the process printed so far (a thread keeps reading, so its pipe never fills)."""
    reader: threading.Thread


def start_process(
    args: list[str],
    *,
    token: str = TOKEN,
    ready: str = r"listening on (http://\S+)",
    timeout: float = 60,
    module: str = "cli",
    env: dict[str, str] | None = None,
) -> Process:
    """Start ``worldfarm ARGS`` (``python -m MODULE ARGS``, with ``env`` added to the environment) and wait,
    at most ``timeout`` seconds, for the line matching ``ready``."""
    environment = {**os.environ, "WORLDFARM_TOKEN": token, "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        cwd=ROOT,
    )
    output: list[str] = []
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            break
        if line is None:
            break
        match = re.search(ready, line)
        if match:
            return Process(process, match.group(1), token, output, reader)
    stop_process(Process(process, "", token, output, reader))
    raise AssertionError(f"worldfarm {' '.join(args)} was not ready in {timeout} s:\n{''.join(output)}")


def stop_process(proc: Process) -> int:
    """Stop the process (SIGTERM, then SIGKILL after 10 s); return its exit status."""
    proc.process.terminate()
    try:
        proc.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.process.kill()
        proc.process.wait(timeout=10)
    proc.reader.join(timeout=10)
    if proc.process.stdout is not None:
        proc.process.stdout.close()
    return proc.process.returncode


@pytest.fixture(scope="module")
def live_worker() -> Iterator[Process]:
    """A real ``worldfarm serve examples`` process on a free loopback port."""
    proc = start_process(["serve", str(EXAMPLES), "--port", "0"])
    try:
        httpx2.get(proc.url + "/health", timeout=10).raise_for_status()
        yield proc
    finally:
        stop_process(proc)


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


def printed(proc: Process, pattern: str) -> str:
    """Group 1 of ``pattern`` in the first line of the process's output that matches it (a line printed
    after its ready line may still be on its way: waited for, bounded)."""

    def found() -> re.Match[str] | None:
        return next((match for line in list(proc.output) if (match := re.search(pattern, line))), None)

    match: re.Match[str] = poll(found)
    return match.group(1)


AWM_FIXTURE = ROOT / "tests" / "fixtures" / "awm"
AWM_TEST_SETTINGS = CodeSettings(call_time_limit=2.0, verify_time_limit=3.0, start_time_limit=60.0)
"""Short limits: the fixture's looping endpoint and verifier cost their limit in every run."""


@pytest.fixture(scope="session")
def awm_envs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AWM fixture imported once per session (``worldfarm import awm tests/fixtures/awm``)."""
    out = tmp_path_factory.mktemp("envs-awm")
    result = import_release(AWM_FIXTURE, out, options=ImportOptions(settings=AWM_TEST_SETTINGS), progress=False)
    assert result.summary["imported"] == 3, result.summary
    return out

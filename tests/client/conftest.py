"""Fixtures of the client tests: one real worker process for the package, a farm client on it, defective bundles."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx2
import pytest

from client import Farm
from servers import Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, Process, lifespan_of, start_process, stop_process
from worldfarm import find_bundles, load_bundle
from worldfarm.testing import FakeLLM

EXAMPLE_ENVS = [path.name for path in find_bundles(EXAMPLES)]
EXAMPLE_TASKS = [(env, task.id) for env in EXAMPLE_ENVS for task in load_bundle(EXAMPLES / env).tasks]


@pytest.fixture(scope="session")
def worker() -> Iterator[Process]:
    """A real ``worldfarm serve examples`` process shared by the client tests (episodes keep them apart)."""
    proc = start_process(["serve", str(EXAMPLES), "--port", "0"])
    try:
        yield proc
    finally:
        stop_process(proc)


@pytest.fixture
async def farm(worker: Process) -> AsyncIterator[Farm]:
    async with Farm(worker.url, worker.token) as farm:
        yield farm


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    async with FakeLLM.running() as fake:
        yield fake


@pytest.fixture(scope="session")
def defective_bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``hotel`` copied as ``hotel-defect`` with two defects the harness must blame on the environment:

    - the tool ``get_room`` finds nothing to return (an ``environment_defect`` at call time);
    - the tool ``get_booking`` returns a ``status`` its output schema says is an integer;
    - the task ``cancel-farid``'s reference solution cancels a booking that does not exist.
    """
    root = tmp_path_factory.mktemp("bundles")
    bundle = root / "hotel-defect"
    shutil.copytree(EXAMPLES / "hotel", bundle, ignore=shutil.ignore_patterns("seed.sqlite*"))
    env = json.loads((bundle / "env.json").read_text())
    env["id"] = "hotel-defect"
    tool = next(t for t in env["tools"] if t["name"] == "get_room")
    tool["program"] = [{"kind": "return", "sql": "SELECT * FROM rooms WHERE id = :room_id AND 0", "rows": "one"}]
    booking = next(t for t in env["tools"] if t["name"] == "get_booking")
    booking["output_schema"]["properties"]["status"] = {"type": "integer"}
    (bundle / "env.json").write_text(json.dumps(env))
    tasks = [json.loads(line) for line in (bundle / "tasks.jsonl").read_text().splitlines() if line.strip()]
    for task in tasks:
        if task["id"] == "cancel-farid":
            task["solution"] = [{"tool": "cancel_booking", "arguments": {"booking_id": 999}}]
    (bundle / "tasks.jsonl").write_text("".join(json.dumps(task) + "\n" for task in tasks))
    return root


@pytest.fixture
async def defective_farm(defective_bundles: Path) -> AsyncIterator[Farm]:
    """A farm client wired in process (ASGI) to a worker serving the defective bundles."""
    app = create_app(Worker(WorkerSettings(bundles=defective_bundles, token=TOKEN)))
    async with lifespan_of(app):
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), timeout=30)
        async with http, Farm("http://127.0.0.1:8000", TOKEN, http=http) as farm:
            yield farm

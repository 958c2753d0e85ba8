"""A bench run creates and closes its episodes in batches, and falls back to one at a time when a batch fails."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest

from client import BenchOptions, Farm, OracleAgent, RunStore, plan_episodes, run_bench
from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, lifespan_of


class Counted:
    """A farm client wired in process to a worker, counting the control-plane requests it makes."""

    def __init__(self, worker: Worker, http: httpx2.AsyncClient, farm: Farm) -> None:
        self.worker, self.http, self.farm = worker, http, farm
        self.requests: Counter[str] = Counter()

    async def count(self, request: httpx2.Request) -> None:
        path = request.url.path
        if request.method in ("POST", "DELETE") and "/mcp" not in path:
            shape = "/v1/episodes/ID" if request.method == "DELETE" else path
            self.requests[f"{request.method} {shape}"] += 1


async def counted(limits: Limits, retries: int) -> AsyncIterator[Counted]:
    worker = Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=limits))
    app = create_app(worker)
    async with lifespan_of(app):
        http = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), timeout=30)
        async with http, Farm("http://127.0.0.1:8000", TOKEN, http=http, create_retries=retries) as farm:
            spy = Counted(worker, http, farm)
            http.event_hooks["request"].append(spy.count)
            yield spy


@pytest.fixture
async def roomy() -> AsyncIterator[Counted]:
    async for spy in counted(Limits(), retries=3):
        yield spy


@pytest.fixture
async def cramped() -> AsyncIterator[Counted]:
    async for spy in counted(Limits(max_episodes=2), retries=0):
        yield spy


async def test_a_bench_creates_and_closes_its_episodes_in_batches(roomy: Counted, tmp_path: Path) -> None:
    plan = await plan_episodes(roomy.farm, envs=["hotel"], trials=3)
    options = BenchOptions(concurrency=8, progress=False, check_state=False)

    summary = await run_bench(roomy.farm, OracleAgent(), plan, RunStore(tmp_path), options)

    assert summary["outcomes"]["success"] == len(plan)
    assert roomy.requests["POST /v1/episodes"] == 0
    assert roomy.requests["DELETE /v1/episodes/ID"] == 0
    assert 1 <= roomy.requests["POST /v1/episodes/batch"] <= len(plan) // 4 + 1
    assert 1 <= roomy.requests["POST /v1/episodes/close"] <= len(plan) // 8 + 1
    assert len(roomy.worker.store) == 0


async def test_when_a_batch_cannot_be_created_each_run_creates_its_own_episode(
    cramped: Counted, tmp_path: Path
) -> None:
    plan = await plan_episodes(cramped.farm, envs=["hotel"])
    options = BenchOptions(concurrency=3, progress=False, check_state=False)

    summary = await run_bench(cramped.farm, OracleAgent(), plan, RunStore(tmp_path), options)

    assert cramped.requests["POST /v1/episodes/batch"] >= 1
    assert cramped.requests["POST /v1/episodes"] == len(plan)
    assert summary["outcomes"]["success"] >= 1
    assert summary["outcomes"]["success"] + summary["environment_errors"] == len(plan)
    errors = [r.error for r in RunStore(tmp_path).results().values() if r.outcome == "environment_error"]
    assert all(error is not None and "full" in error for error in errors)
    assert len(cramped.worker.store) == 0

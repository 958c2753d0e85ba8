"""Placing new episodes: the least-loaded healthy worker serving the environment creates it.

A worker that answers 503 ``worker_full`` is skipped until its next heartbeat, one that does not answer
is probed (and marked down if it is dead), and the next worker is tried; only when none is left does
the request fail, saying why each worker could not take it. The placement is recorded in the store
before the answer goes out, so a restarted registry still knows where the episode lives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2

from registry import telemetry
from registry.errors import RegistryError
from registry.forwarding import refusal
from registry.liveness import Liveness
from registry.store import Placement, Store
from registry.workers import WorkerPool, WorkerState
from worldfarm.control import CreateEpisode

logger = logging.getLogger(__name__)

BATCH_CONCURRENCY = 64


@dataclass(frozen=True)
class Created:
    info: dict[str, Any]
    """The worker's EpisodeInfo, as JSON."""
    worker: WorkerState

    @property
    def placement(self) -> Placement:
        return Placement(self.info["episode_id"], self.info["env"], self.info.get("task"), self.worker.instance)


class Placer:
    def __init__(
        self, pool: WorkerPool, liveness: Liveness, store: Store, http: httpx2.AsyncClient, token: str
    ) -> None:
        self.pool = pool
        self.liveness = liveness
        self.store = store
        self.http = http
        self.auth = {"authorization": f"Bearer {token}"}

    async def place(self, request: CreateEpisode) -> Created:
        """Create one episode on the best worker and record where it lives."""
        created = await self.create(request)
        self.store.add_placements([created.placement])
        return created

    async def place_many(self, requests: list[CreateEpisode]) -> list[Created]:
        """Create every episode of a batch, or none: on the first failure the created ones are closed."""
        results: list[Created | None] = [None] * len(requests)
        failures: list[tuple[int, RegistryError]] = []
        limiter = anyio.CapacityLimiter(BATCH_CONCURRENCY)

        async def one(index: int, request: CreateEpisode) -> None:
            async with limiter:
                if failures:
                    return
                try:
                    results[index] = await self.create(request)
                except RegistryError as exc:
                    failures.append((index, exc))

        async with anyio.create_task_group() as tg:
            for index, request in enumerate(requests):
                tg.start_soon(one, index, request)
        created = [c for c in results if c is not None]
        if failures:
            await self._close_all(created)
            index, error = min(failures, key=lambda failure: failure[0])
            error.message = f"episode {index} of the batch: {error.message} (no episode of the batch was kept)"
            raise error
        self.store.add_placements(c.placement for c in created)
        return created

    async def create(self, request: CreateEpisode) -> Created:
        with telemetry.placing(request.env) as placement:
            tried: set[str] = set()
            while (worker := self.pool.choose(request.env, tried)) is not None:
                tried.add(worker.instance)
                created = await self._try(worker, request)
                if created is not None:
                    placement.worker = worker.name
                    return created
            raise self.pool.unavailable(request.env)

    async def _try(self, worker: WorkerState, request: CreateEpisode) -> Created | None:
        """The episode created on ``worker``, or None if it is full or dead (then the next one is tried)."""
        worker.episodes += 1
        body = request.model_dump(exclude_none=True)
        try:
            response = await self.http.post(f"{worker.url}/v1/episodes", json=body, headers=self.auth)
        except httpx2.TransportError:
            worker.episodes = max(0, worker.episodes - 1)
            telemetry.skipped("worker_unreachable")
            await self.liveness.confirm(worker)
            return None
        if response.status_code == 201:
            return Created(response.json(), worker)
        worker.episodes = max(0, worker.episodes - 1)
        error = refusal(response)
        if error.code == "worker_full":
            worker.episodes = worker.max_episodes
            telemetry.skipped("worker_full")
            return None
        raise error

    async def _close_all(self, created: list[Created]) -> None:
        async def close(c: Created) -> None:
            try:
                await self.http.delete(f"{c.worker.url}/v1/episodes/{c.info['episode_id']}", headers=self.auth)
            except httpx2.TransportError:
                return
            c.worker.episodes = max(0, c.worker.episodes - 1)

        async with anyio.create_task_group() as tg:
            for c in created:
                tg.start_soon(close, c)

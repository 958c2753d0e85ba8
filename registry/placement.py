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


@dataclass(frozen=True)
class Created:
    info: dict[str, Any]
    """The worker's EpisodeInfo, as JSON."""
    worker: WorkerState

    @property
    def placement(self) -> Placement:
        return Placement(self.info["episode_id"], self.info["env"], self.info.get("task"), self.worker.instance)


@dataclass(frozen=True)
class Refused:
    """A worker's refusal of a share of a batch: why, and which episode of the share (from 0)."""

    error: RegistryError
    index: int


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
        """Create every episode of a batch, or none, with one request per worker (``POST /v1/episodes/batch``).

        Each episode goes to the least-loaded worker serving its environment, counting the ones placed
        before it; a worker that is full or does not answer hands its share on to the next one. On the
        first other failure, or when no worker is left for an episode, the created ones are closed and the
        error says which episode could not be placed (or what a worker refused).
        """
        results: list[Created | None] = [None] * len(requests)
        tried: list[set[str]] = [set() for _ in requests]
        pending = list(range(len(requests)))
        failures: list[tuple[int, RegistryError]] = []
        while pending and not failures:
            shares = self._share(requests, pending, tried, failures)
            outcomes = await self._create_shares(shares, requests)
            pending = []
            for worker, indexes, created in outcomes:
                if isinstance(created, Refused):  # the worker says which of its share it refused
                    failures.append((indexes[created.index], created.error))
                elif created is None:  # full or dead: its share goes to the next worker
                    for index in indexes:
                        tried[index].add(worker.instance)
                    pending += indexes
                else:
                    for index, info in zip(indexes, created, strict=True):
                        results[index] = Created(info, worker)
        done = [c for c in results if c is not None]
        if failures:
            await self._close_all(done)
            index, error = min(failures, key=lambda failure: failure[0])
            error.message = f"episode {index} of the batch: {error.message} (no episode of the batch was kept)"
            raise error
        self.store.add_placements(c.placement for c in done)
        return done

    def _share(
        self,
        requests: list[CreateEpisode],
        pending: list[int],
        tried: list[set[str]],
        failures: list[tuple[int, RegistryError]],
    ) -> dict[WorkerState, list[int]]:
        """Which worker creates which of the ``pending`` episodes (each counted on its worker at once)."""
        shares: dict[WorkerState, list[int]] = {}
        for index in sorted(pending):
            worker = self.pool.choose(requests[index].env, tried[index])
            if worker is None:
                failures.append((index, self.pool.unavailable(requests[index].env)))
                continue
            worker.episodes += 1
            shares.setdefault(worker, []).append(index)
        return shares

    async def _create_shares(
        self, shares: dict[WorkerState, list[int]], requests: list[CreateEpisode]
    ) -> list[tuple[WorkerState, list[int], list[dict[str, Any]] | Refused | None]]:
        outcomes: list[tuple[WorkerState, list[int], list[dict[str, Any]] | Refused | None]] = []

        async def one(worker: WorkerState, indexes: list[int]) -> None:
            outcomes.append((worker, indexes, await self._try_batch(worker, [requests[i] for i in indexes])))

        async with anyio.create_task_group() as tg:
            for worker, indexes in shares.items():
                tg.start_soon(one, worker, indexes)
        return outcomes

    async def _try_batch(
        self, worker: WorkerState, requests: list[CreateEpisode]
    ) -> list[dict[str, Any]] | Refused | None:
        """The episodes created on ``worker`` (EpisodeInfo JSON), None if it is full or dead, else its refusal."""
        body = {"episodes": [r.model_dump(exclude_none=True) for r in requests]}
        try:
            response = await self.http.post(f"{worker.url}/v1/episodes/batch", json=body, headers=self.auth)
        except httpx2.TransportError:
            worker.episodes = max(0, worker.episodes - len(requests))
            await self.liveness.confirm(worker)
            return None
        if response.status_code == 201:
            episodes: list[dict[str, Any]] = response.json()["episodes"]
            return episodes
        worker.episodes = max(0, worker.episodes - len(requests))
        error = refusal(response)
        if error.code == "worker_full":
            worker.episodes = worker.max_episodes
            return None
        return Refused(error, _refused_index(response, len(requests)))

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
        """Close ``created`` (episodes of a failed batch), one request per worker."""
        by_worker: dict[WorkerState, list[str]] = {}
        for c in created:
            by_worker.setdefault(c.worker, []).append(c.info["episode_id"])

        async def close(worker: WorkerState, ids: list[str]) -> None:
            try:
                await self.http.post(f"{worker.url}/v1/episodes/close", json={"episodes": ids}, headers=self.auth)
            except httpx2.TransportError:
                return
            worker.episodes = max(0, worker.episodes - len(ids))

        async with anyio.create_task_group() as tg:
            for worker, ids in by_worker.items():
                tg.start_soon(close, worker, ids)


def _refused_index(response: httpx2.Response, size: int) -> int:
    """Which episode of a batch a worker refused (its ``error.index``; the first if it does not say)."""
    try:
        index = response.json()["error"]["index"]
    except (ValueError, KeyError, TypeError):
        return 0
    return index if isinstance(index, int) and 0 <= index < size else 0

"""Knowing which workers are alive: heartbeats, probes of ``/health``, and forgetting the long dead.

A worker heartbeats every ``timeout / 3`` seconds. Every interval the registry probes each up worker
that has been silent for more than one and a half intervals; a worker silent (and not answering) for
longer than ``timeout`` is marked down. So a dead worker is down at most ``timeout + timeout / 3``
seconds after its last heartbeat (8 s with the default 6 s timeout), and sooner when a request to it
fails: :meth:`Liveness.confirm` probes at once and marks it down if it does not answer.

A probe only counts if ``/health`` answers with the worker's own instance id: a new process at the
same URL does not revive the episodes of the old one. A request for an episode of a worker already
down is answered at once: such a worker is probed again at most once per interval
(:meth:`Liveness.revived`), and its own heartbeat revives it anyway.
"""

from __future__ import annotations

import logging
import time

import anyio
import httpx2

from registry.workers import DOWN, GONE, UP, WorkerPool, WorkerState

logger = logging.getLogger(__name__)


async def probe(http: httpx2.AsyncClient, worker: WorkerState, wait: float) -> int | None:
    """The worker's live episode count if ``/health`` answers as the same instance; else None."""
    try:
        response = await http.get(f"{worker.url}/health", timeout=wait)
        health = response.json()
    except (httpx2.HTTPError, ValueError):
        return None
    if response.status_code != 200 or not isinstance(health, dict) or health.get("instance") != worker.instance:
        return None
    episodes = health.get("episodes", 0)
    return episodes if isinstance(episodes, int) else 0


class Liveness:
    def __init__(self, pool: WorkerPool, http: httpx2.AsyncClient, timeout: float, forget_after: float) -> None:
        self.pool = pool
        self.http = http
        self.timeout = timeout
        self.forget_after = forget_after
        self._rechecked: dict[str, float] = {}
        """Worker instance -> when a request last probed it while it was down."""

    @property
    def interval(self) -> float:
        """Seconds between heartbeats (what workers are told) and between checks."""
        return self.timeout / 3

    async def watch_forever(self) -> None:
        while True:
            await anyio.sleep(self.interval)
            await self.check()

    async def check(self) -> None:
        """Probe the up workers that have been silent too long; mark down those silent past the timeout."""
        now = time.monotonic()
        silent = [w for w in self.pool.all() if w.status == UP and now - w.last_seen > self.interval * 1.5]
        async with anyio.create_task_group() as tg:
            for worker in silent:
                tg.start_soon(self._check, worker)
        self._forget_long_dead()

    async def confirm(self, worker: WorkerState) -> bool:
        """After a request to ``worker`` failed: True if it still answers, else it is marked down."""
        episodes = await probe(self.http, worker, min(1.0, self.interval))
        if episodes is None:
            self.pool.set_status(worker, DOWN, "it stopped answering")
            return False
        self.pool.seen(worker, episodes)
        return True

    async def revived(self, worker: WorkerState) -> bool:
        """Whether a worker that is down answers again. Probed at most once per interval (the first
        request after that waits on the probe, the others do not): its episodes are lost until then."""
        now = time.monotonic()
        if now - self._rechecked.get(worker.instance, float("-inf")) < self.interval:
            return False
        self._rechecked[worker.instance] = now
        return await self.confirm(worker)

    async def _check(self, worker: WorkerState) -> None:
        episodes = await probe(self.http, worker, min(2.0, self.interval))
        if episodes is not None:
            self.pool.seen(worker, episodes)
            return
        silent = time.monotonic() - worker.last_seen
        if silent > self.timeout:
            self.pool.set_status(worker, DOWN, f"no heartbeat for {silent:.0f} s and its /health does not answer")

    def _forget_long_dead(self) -> None:
        now = time.monotonic()
        old = [w.instance for w in self.pool.all() if w.status in (DOWN, GONE) and now - w.since > self.forget_after]
        if old:
            logger.info("forgetting %d workers down or gone for more than %.0f s", len(old), self.forget_after)
            self.pool.forget(old)
            for instance in old:
                self._rechecked.pop(instance, None)

"""The workers the registry knows: who serves what, how loaded, whether alive.

A worker is known by its *instance* (one id per process start), so a worker restarted under the same
name is a new instance and the episodes of the old one stay lost. Status and membership are saved
in the store; load and the time of the last sign of life are kept in memory and refreshed by every
heartbeat and successful probe.

    up    registered, heartbeating (or answering /health): takes new episodes
    down  missed heartbeats past the timeout, or did not answer: takes none, its episodes are lost
          unless it comes back (a heartbeat or a probe with the same instance revives it)
    gone  deregistered on a clean shutdown, or replaced by a new instance at the same URL
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field

from registry.errors import NoWorkerAvailable, RegistryError, UnknownEnvironment, UnknownWorker
from registry.store import Store, WorkerRecord
from worldfarm.membership import Heartbeat, WorkerRegistration
from worldfarm.text import some_of

logger = logging.getLogger(__name__)

UP, DOWN, GONE = "up", "down", "gone"


@dataclass(eq=False)
class WorkerState:
    instance: str
    name: str
    url: str
    envs: frozenset[str]
    max_episodes: int
    status: str = UP
    episodes: int = 0
    last_seen: float = field(default_factory=time.monotonic)
    since: float = field(default_factory=time.monotonic)
    """When the status last changed (monotonic)."""
    reason: str = ""
    """Why the worker is down or gone, for error messages."""

    @property
    def load(self) -> float:
        return self.episodes / self.max_episodes

    @property
    def full(self) -> bool:
        return self.episodes >= self.max_episodes

    def describe(self) -> dict[str, object]:
        return {
            "instance": self.instance,
            "name": self.name,
            "url": self.url,
            "status": self.status,
            "reason": self.reason or None,
            "episodes": self.episodes,
            "max_episodes": self.max_episodes,
            "envs": len(self.envs),
            "seconds_since_seen": round(time.monotonic() - self.last_seen, 3),
        }


class WorkerPool:
    """The registry's view of its workers, with an index from environment to the workers serving it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._workers: dict[str, WorkerState] = {}
        self._by_env: dict[str, list[WorkerState]] = {}
        for record in store.workers():
            self._add(_state_of(record))

    def all(self) -> list[WorkerState]:
        return list(self._workers.values())

    def get(self, instance: str) -> WorkerState | None:
        return self._workers.get(instance)

    def serving(self, env: str) -> list[WorkerState]:
        """Every known worker (whatever its status) that takes episodes of ``env``."""
        return self._by_env.get(env, [])

    def envs(self) -> list[str]:
        """Environments some worker that is not gone takes episodes for."""
        return sorted(env for env, workers in self._by_env.items() if any(w.status != GONE for w in workers))

    def choose(self, env: str, exclude: set[str], allow_full: bool = False) -> WorkerState | None:
        """The least-loaded worker that is up, not full, serves ``env`` and is not in ``exclude``."""
        best: WorkerState | None = None
        for worker in self._by_env.get(env, ()):
            if worker.status != UP or (worker.full and not allow_full) or worker.instance in exclude:
                continue
            if best is None or (worker.load, worker.episodes) < (best.load, best.episodes):
                best = worker
        return best

    def unavailable(self, env: str) -> RegistryError:
        """Why no worker can take an episode of ``env`` now, as the error to answer with: a 404 naming what
        the farm serves when no worker that is still part of it (up, or down for now) offers ``env``."""
        serving = [worker for worker in self.serving(env) if worker.status != GONE]
        if not serving:
            known = self.envs()
            return UnknownEnvironment(
                f"no environment {env!r} on this farm; it serves: {some_of(known, 10) if known else 'nothing yet'} "
                "(see GET /v1/envs)"
            )
        states = "; ".join(_why_not(w) for w in serving)
        return NoWorkerAvailable(
            f"no worker can take an episode of {env} now: {states}. Close episodes you are done with, "
            "retry in a few seconds, or add workers"
        )

    def register(self, body: WorkerRegistration) -> WorkerState:
        for other in self._workers.values():
            if other.url == body.url and other.instance != body.instance and other.status != GONE:
                self.set_status(other, GONE, f"replaced by a new process at {body.url}")
        worker = WorkerState(
            instance=body.instance,
            name=body.name,
            url=body.url.rstrip("/"),
            envs=frozenset(body.envs),
            max_episodes=body.max_episodes,
            episodes=body.episodes,
        )
        self._remove(body.instance)
        self._add(worker)
        self.store.save_worker(_record_of(worker))
        logger.info(
            "worker %s (%s) registered at %s with %d envs", worker.name, worker.instance, worker.url, len(worker.envs)
        )
        return worker

    def heartbeat(self, instance: str, body: Heartbeat) -> WorkerState:
        worker = self._workers.get(instance)
        if worker is None or worker.status == GONE:
            raise UnknownWorker(f"no live worker instance {instance!r} here; register again (POST /v1/workers)")
        self.seen(worker, body.episodes)
        worker.max_episodes = body.max_episodes
        return worker

    def seen(self, worker: WorkerState, episodes: int) -> None:
        """A sign of life: a heartbeat or a good probe. Revives a worker that was down."""
        worker.last_seen = time.monotonic()
        worker.episodes = episodes
        if worker.status == DOWN:
            self.set_status(worker, UP, "")

    def deregister(self, instance: str) -> None:
        worker = self._workers.get(instance)
        if worker is None:
            raise UnknownWorker(f"no worker instance {instance!r} here")
        self.set_status(worker, GONE, "it stopped (deregistered)")

    def set_status(self, worker: WorkerState, status: str, reason: str) -> None:
        if worker.status == status and worker.reason == reason:
            return
        level = logging.WARNING if status == DOWN else logging.INFO
        logger.log(level, "worker %s (%s) is %s%s", worker.name, worker.url, status, f": {reason}" if reason else "")
        worker.status, worker.reason, worker.since = status, reason, time.monotonic()
        self.store.set_status(worker.instance, status)

    def forget(self, instances: list[str]) -> None:
        for instance in instances:
            self._remove(instance)
        self.store.forget(instances)

    def _add(self, worker: WorkerState) -> None:
        self._workers[worker.instance] = worker
        for env in worker.envs:
            self._by_env.setdefault(env, []).append(worker)

    def _remove(self, instance: str) -> None:
        old = self._workers.pop(instance, None)
        if old is None:
            return
        for env in old.envs:
            serving = [w for w in self._by_env.get(env, []) if w is not old]
            if serving:
                self._by_env[env] = serving
            else:
                self._by_env.pop(env, None)


def _record_of(worker: WorkerState) -> WorkerRecord:
    now = time.time()
    return WorkerRecord(
        instance=worker.instance,
        name=worker.name,
        url=worker.url,
        status=worker.status,
        envs=json.dumps(sorted(worker.envs)),
        max_episodes=worker.max_episodes,
        registered_at=now,
        changed_at=now,
    )


def _state_of(record: WorkerRecord) -> WorkerState:
    """A worker as remembered from a previous run: up ones get a fresh timeout to show a sign of life."""
    return WorkerState(
        instance=record.instance,
        name=record.name,
        url=record.url,
        envs=frozenset(json.loads(record.envs)),
        max_episodes=record.max_episodes,
        status=record.status,
        reason="" if record.status == UP else "it was not up when the registry restarted",
    )


def _why_not(worker: WorkerState) -> str:
    if worker.status != UP:
        return f"{worker.name} is {worker.status} ({worker.reason})"
    return f"{worker.name} is full ({worker.episodes}/{worker.max_episodes} episodes)"

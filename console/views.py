"""What the console shows, whoever serves it: a :class:`FarmView` is the farm as one process sees it.

The registry's view (:mod:`console.registry_view`) gathers from its workers; a worker's own
(:mod:`console.worker_view`) reads its memory. Pages (:mod:`console.pages`) only render these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, Literal, Protocol, TypeVar

from worldfarm.control import Diff, State, Trace
from worldfarm.definition import EnvDefinition

T = TypeVar("T")
PAGE_SIZE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    """From 1."""
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


@dataclass(frozen=True)
class WorkerRow:
    name: str
    url: str
    status: str
    episodes: int
    max_episodes: int
    envs: int
    reason: str = ""

    @property
    def load(self) -> float:
        return self.episodes / self.max_episodes if self.max_episodes else 0.0


@dataclass(frozen=True)
class EpisodeRow:
    episode_id: str
    env: str
    task: str | None
    created_at: str
    """ISO 8601, UTC."""
    calls: int
    worker: str
    origin: str = "control"

    @property
    def age_s(self) -> float:
        created = datetime.fromisoformat(self.created_at.replace("Z", "+00:00"))
        return max(0.0, (datetime.now(UTC) - created).total_seconds())


@dataclass(frozen=True)
class EpisodeDetail:
    row: EpisodeRow
    instruction: str | None
    trace: Trace
    diff: Diff
    state: State


@dataclass(frozen=True)
class EnvRow:
    id: str
    title: str = ""
    domain: str = ""
    description: str = ""
    tools: int = 0
    tasks: int = 0


@dataclass(frozen=True)
class Overview:
    role: Literal["registry", "worker"]
    workers: list[WorkerRow]
    envs: int
    episodes: int
    notes: list[str] = field(default_factory=list)


class FarmView(Protocol):
    """The farm as the console reads it. Every method may raise the serving package's ServiceError."""

    async def overview(self) -> Overview: ...

    async def episodes(self, page: int, env: str | None) -> Page[EpisodeRow]: ...

    async def episode(self, episode_id: str) -> EpisodeDetail: ...

    async def envs(self, page: int, query: str | None) -> Page[EnvRow]: ...

    async def env(self, env_id: str) -> EnvDefinition: ...


def page_of(items: list[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``number`` (from 1) of ``items``."""
    start = (max(1, number) - 1) * size
    return Page(items=items[start : start + size], number=max(1, number), total=len(items), size=size)

"""The registry's metrics and spans: placements (and what refused them) counted and timed where they happen.

    with placing(env) as placement: ...      Placer.create: one episode placed, or refused with a reason
    skipped(reason)                           Placer: a worker passed over (full, unreachable)

Workers, their load and the episodes placed on them are read from the registry when Prometheus scrapes
(:class:`RegistryGauges`). Metric names and labels: docs/operations.md.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from registry.errors import RegistryError
from registry.workers import DOWN, GONE, UP
from worldfarm import tracing
from worldfarm.metrics import LATENCY_BUCKETS, NAMESPACE, process_registry

if TYPE_CHECKING:
    from registry.app import Registry

REGISTRY = process_registry()
"""This process's registry metrics (``GET /metrics``)."""

PLACEMENTS = Counter(
    "registry_placements", "Episodes placed, by worker", ["worker"], namespace=NAMESPACE, registry=REGISTRY
)
REFUSALS = Counter(
    "registry_refusals",
    "Episode requests refused (no_worker_available, unknown_environment, a worker's error code) and workers "
    "passed over while placing (worker_full, worker_unreachable), by reason",
    ["reason"],
    namespace=NAMESPACE,
    registry=REGISTRY,
)
PLACEMENT_SECONDS = Histogram(
    "registry_placement_seconds",
    "Time to place an episode: choosing a worker and its creating the episode",
    namespace=NAMESPACE,
    registry=REGISTRY,
    buckets=LATENCY_BUCKETS,
)


@dataclass
class Placement:
    worker: str | None = None
    """The worker's name, once it has created the episode."""


@contextlib.contextmanager
def placing(env: str) -> Iterator[Placement]:
    """Time one placement; it is counted as placed if the block sets ``worker``, else refused with its reason."""
    placement = Placement()
    started = time.perf_counter()
    try:
        with tracing.span(f"place {env}", {"worldfarm.env": env}):
            yield placement
    except RegistryError as exc:
        REFUSALS.labels(exc.code).inc()
        raise
    finally:
        PLACEMENT_SECONDS.observe(time.perf_counter() - started)
    if placement.worker is not None:
        PLACEMENTS.labels(placement.worker).inc()


def skipped(reason: str) -> None:
    REFUSALS.labels(reason).inc()


class RegistryGauges(Collector):
    """The workers and placements of the registries running in this process, read at scrape time."""

    def __init__(self) -> None:
        self.registries: list[Registry] = []

    def collect(self) -> Iterator[Metric]:
        workers = GaugeMetricFamily(f"{NAMESPACE}_registry_workers", "Workers known, by status", labels=["status"])
        episodes = GaugeMetricFamily(
            f"{NAMESPACE}_registry_worker_episodes", "Live episodes per up worker (its last report)", labels=["worker"]
        )
        capacity = GaugeMetricFamily(
            f"{NAMESPACE}_registry_worker_max_episodes", "Live episodes each up worker holds at most", labels=["worker"]
        )
        envs = GaugeMetricFamily(f"{NAMESPACE}_registry_envs", "Environments some worker serves")
        placed = GaugeMetricFamily(f"{NAMESPACE}_registry_episodes", "Episodes the registry placed that are not closed")
        lost = GaugeMetricFamily(
            f"{NAMESPACE}_registry_episodes_lost", "Placed episodes whose worker is down or gone: lost with it"
        )
        statuses = dict.fromkeys((UP, DOWN, GONE), 0)
        total_placed = total_lost = served = 0
        for registry in self.registries:
            counts = registry.store.placement_counts()
            served += len(registry.pool.envs())
            for worker in registry.pool.all():
                statuses[worker.status] += 1
                held = counts.get(worker.instance, 0)
                total_placed += held
                if worker.status == UP:
                    episodes.add_metric([worker.name], worker.episodes)
                    capacity.add_metric([worker.name], worker.max_episodes)
                else:
                    total_lost += held
        for status, count in statuses.items():
            workers.add_metric([status], count)
        envs.add_metric([], served)
        placed.add_metric([], total_placed)
        lost.add_metric([], total_lost)
        yield from (workers, episodes, capacity, envs, placed, lost)

    def describe(self) -> Iterator[Metric]:
        return iter(())


GAUGES = RegistryGauges()
REGISTRY.register(GAUGES)


@contextlib.asynccontextmanager
async def watching(registry: Registry) -> AsyncIterator[None]:
    """Report ``registry``'s workers and placements in this process's metrics while it runs."""
    GAUGES.registries.append(registry)
    try:
        yield
    finally:
        GAUGES.registries.remove(registry)

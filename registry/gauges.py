"""The registry's state in its metrics: workers by status, their load, placements and lost episodes, read
from the running registries when Prometheus scrapes (the per-placement hooks are registry.telemetry).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from registry.service import Registry
from registry.telemetry import REGISTRY
from registry.workers import DOWN, GONE, UP
from worldfarm.metrics import NAMESPACE


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

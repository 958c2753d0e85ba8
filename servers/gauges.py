"""A worker's state in its metrics: live episodes, capacity, environments, sessions, read from the running
workers when Prometheus scrapes, never maintained per call (the per-call hooks are servers.telemetry).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from servers.telemetry import REGISTRY
from servers.worker import Worker
from worldfarm.metrics import NAMESPACE


class WorkerGauges(Collector):
    """The state of the workers running in this process, read at scrape time."""

    def __init__(self) -> None:
        self.workers: list[Worker] = []

    def collect(self) -> Iterator[Metric]:
        live = GaugeMetricFamily(f"{NAMESPACE}_episodes_live", "Live episodes on this worker")
        limit = GaugeMetricFamily(f"{NAMESPACE}_episodes_max", "Live episodes this worker holds at most")
        served = GaugeMetricFamily(f"{NAMESPACE}_envs_served", "Environments this worker serves")
        loaded = GaugeMetricFamily(f"{NAMESPACE}_envs_loaded", "Environments loaded in memory (used since start)")
        sessions = GaugeMetricFamily(f"{NAMESPACE}_mcp_sessions", "Open legacy MCP sessions (one episode each)")
        info = GaugeMetricFamily(
            f"{NAMESPACE}_worker_info", "This worker's name and instance", labels=["name", "instance"]
        )
        workers = list(self.workers)  # one in a worker process; summed if a test runs several
        live.add_metric([], sum(len(w.store) for w in workers))
        limit.add_metric([], sum(w.settings.limits.max_episodes for w in workers))
        served.add_metric([], sum(len(w.catalog) for w in workers))
        loaded.add_metric([], sum(len(w.catalog.loaded()) for w in workers))
        sessions.add_metric([], sum(len(w.mcp.sessions) for w in workers))
        for worker in workers:
            info.add_metric([worker.settings.name, worker.instance], 1)
        yield from (live, limit, served, loaded, sessions, info)

    def describe(self) -> Iterator[Metric]:
        return iter(())


GAUGES = WorkerGauges()
REGISTRY.register(GAUGES)


@contextlib.asynccontextmanager
async def watching(worker: Worker) -> AsyncIterator[None]:
    """Report ``worker``'s state in this process's metrics while it runs."""
    GAUGES.workers.append(worker)
    try:
        yield
    finally:
        GAUGES.workers.remove(worker)

"""The registry's metrics and spans: placements (and what refused them) counted and timed where they happen.

    with placing(env) as placement: ...      Placer.create: one episode placed, or refused with a reason
    skipped(reason)                           Placer: a worker passed over (full, unreachable)

Workers, their load and the episodes placed on them are read from the registry when Prometheus scrapes
(:class:`registry.gauges.RegistryGauges`). Metric names and labels: docs/operations.md.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass

from prometheus_client import Counter, Histogram

from registry.errors import RegistryError
from worldfarm import tracing
from worldfarm.metrics import LATENCY_BUCKETS, NAMESPACE, process_registry

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

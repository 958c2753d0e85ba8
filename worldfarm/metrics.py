"""Prometheus metrics: what every farm process (a worker, the registry) shares.

Each package keeps its own metrics in its own module (``servers.metrics``, ``registry.metrics``), in a
:func:`process_registry` of its own, and serves them at ``GET /metrics`` behind the farm's token. Gauges
of state (live episodes, workers up) are read when Prometheus scrapes, never kept up to date on the
hot path; counters and histograms are updated by one small function call per event.

Label cardinality is bounded on purpose: ``env`` and ``tool`` appear together only on the tool-call
counter, folded into ``_other`` past :data:`MAX_TOOL_SERIES` pairs (docs/operations.md explains why).
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, disable_created_metrics, generate_latest
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from starlette.responses import Response

NAMESPACE = "worldfarm"

MAX_TOOL_SERIES = 5_000
"""(environment, tool) pairs one process labels its tool calls with; the rest count as ``_other``."""
OTHER = "_other"

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Seconds: a tool call or an episode's creation takes about a millisecond; a slow one, a second."""

disable_created_metrics()  # type: ignore[no-untyped-call]  # no ``*_created`` series beside each counter and histogram: half the series to scrape


def process_registry() -> CollectorRegistry:
    """A registry of metrics with the process's own (CPU, memory, open files, GC, Python version)."""
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    return registry


def exposition(registry: CollectorRegistry) -> Response:
    """``registry``'s metrics in Prometheus's text format."""
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

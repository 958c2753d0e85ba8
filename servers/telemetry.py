"""A worker's metrics and spans: each hook is one call from the code path it observes.

    episode_created(origin, seconds)          EpisodeStore.create
    episode_ended(reason)                     EpisodeStore's one place where an episode ends
    tool_called(env, tool, error, started, s) Episode's one place where a call is recorded
    verified(task, passed, started, seconds)  servers.inspection.verify

State (live episodes, environments loaded, capacity) is read from the running workers when
Prometheus scrapes (:class:`servers.gauges.WorkerGauges`), never maintained per call. Metric names and labels:
docs/operations.md.
"""

from __future__ import annotations

from typing import Literal

from prometheus_client import Counter, Histogram

from servers.errors import EnvironmentDefect, ServerError, ToolCallError
from worldfarm import tracing
from worldfarm.metrics import LATENCY_BUCKETS, MAX_TOOL_SERIES, NAMESPACE, OTHER, process_registry

Outcome = Literal["ok", "tool_error", "environment_defect"]
EndReason = Literal["closed", "expired", "worker_stopped"]

REGISTRY = process_registry()
"""This process's worker metrics (``GET /metrics``)."""

EPISODES_CREATED = Counter(
    "episodes_created", "Episodes created, by origin (control, fork, mcp-session)", ["origin"],
    namespace=NAMESPACE, registry=REGISTRY,
)  # fmt: skip
EPISODES_ENDED = Counter(
    "episodes_ended", "Episodes ended, by reason (closed, expired, worker_stopped)", ["reason"],
    namespace=NAMESPACE, registry=REGISTRY,
)  # fmt: skip
EPISODE_CREATE_SECONDS = Histogram(
    "episode_create_seconds", "Time to make an episode's database", namespace=NAMESPACE, registry=REGISTRY,
    buckets=LATENCY_BUCKETS,
)  # fmt: skip
TOOL_CALLS = Counter(
    "tool_calls", "Tool calls, by environment, tool and outcome (ok, tool_error, environment_defect)",
    ["env", "tool", "outcome"], namespace=NAMESPACE, registry=REGISTRY,
)  # fmt: skip
TOOL_CALL_SECONDS = Histogram(
    "tool_call_seconds", "Time a tool call spends in its episode (arguments, program, trace)", ["outcome"],
    namespace=NAMESPACE, registry=REGISTRY, buckets=LATENCY_BUCKETS,
)  # fmt: skip
VERIFICATIONS = Counter(
    "verifications", "Verifier runs, by result (passed, failed)", ["result"], namespace=NAMESPACE, registry=REGISTRY
)
VERIFY_SECONDS = Histogram(
    "verify_seconds", "Time to run a task's verifier", namespace=NAMESPACE, registry=REGISTRY, buckets=LATENCY_BUCKETS
)


class ToolCalls:
    """The tool-call counter's children by (env, tool, outcome), found with one dict lookup per call; past
    ``cap`` distinct (env, tool) pairs, new ones share the ``_other`` child (bounded label cardinality)."""

    def __init__(self, counter: Counter, cap: int) -> None:
        self.counter = counter
        self.cap = cap
        self._children: dict[tuple[str, str, str], Counter] = {}
        self._pairs: set[tuple[str, str]] = set()

    def child(self, env: str, tool: str, outcome: str) -> Counter:
        counter = self._children.get((env, tool, outcome))
        if counter is None:
            if (env, tool) not in self._pairs and len(self._pairs) >= self.cap:
                return self.counter.labels(OTHER, OTHER, outcome)
            self._pairs.add((env, tool))
            counter = self._children[(env, tool, outcome)] = self.counter.labels(env, tool, outcome)
        return counter


_calls = ToolCalls(TOOL_CALLS, MAX_TOOL_SERIES)
_durations = {outcome: TOOL_CALL_SECONDS.labels(outcome) for outcome in ("ok", "tool_error", "environment_defect")}


def episode_created(origin: str, seconds: float) -> None:
    EPISODES_CREATED.labels(origin).inc()
    EPISODE_CREATE_SECONDS.observe(seconds)


def episode_ended(reason: EndReason) -> None:
    EPISODES_ENDED.labels(reason).inc()


def tool_called(env: str, tool: str, error: ServerError | None, started: float, seconds: float) -> None:
    """One tool call, whatever path it came by (MCP, stdio, a batch): counted, timed and, if tracing, a span."""
    outcome = _outcome(error)
    _calls.child(env, tool, outcome).inc()
    _durations[outcome].observe(seconds)
    if tracing.enabled():
        attributes = {"worldfarm.env": env, "gen_ai.tool.name": tool, "worldfarm.outcome": outcome}
        tracing.record(f"tool program {tool}", started, seconds, attributes, error.message if error else None)


def verified(env: str, task: str, passed: bool, started: float, seconds: float) -> None:
    VERIFICATIONS.labels("passed" if passed else "failed").inc()
    VERIFY_SECONDS.observe(seconds)
    if tracing.enabled():
        attributes: tracing.Attributes = {"worldfarm.env": env, "worldfarm.task": task, "worldfarm.passed": passed}
        tracing.record(f"verify {task}", started, seconds, attributes)


def _outcome(error: ServerError | None) -> Outcome:
    if error is None:
        return "ok"
    if isinstance(error, ToolCallError):
        return "tool_error"
    if isinstance(error, EnvironmentDefect):
        return "environment_defect"
    return "tool_error"

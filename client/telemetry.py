"""The harness's spans: one per episode, the root of the episode's trace (worldfarm.tracing).

Every request the farm's shared HTTP client makes while an episode is open (its creation, its MCP
calls, reading its state, verifying it) carries the episode span's context, so the registry's
placement, the worker's MCP call, the tool program and the verifier all join the same trace.
Nothing happens when tracing is off.
"""

from __future__ import annotations

from worldfarm import tracing


def episode_opened(env: str, task: str | None) -> tracing.Opened | None:
    """Start the episode's span (current until :func:`episode_closed`)."""
    if not tracing.enabled():
        return None
    attributes = {"worldfarm.env": env, **({"worldfarm.task": task} if task else {})}
    return tracing.start(f"episode {env}/{task or '-'}", attributes)


def episode_closed(opened: tracing.Opened | None, error: str | None = None) -> None:
    tracing.finish(opened, error)

"""What a code environment's sandboxed processes run with: their limits, and what a host runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from servers.code.host.sandbox import LAYERS
from servers.code.process import unprivileged_uid


@dataclass(frozen=True)
class CodeSettings:
    """Limits of the sandboxed processes that run code environments (see docs/awm.md)."""

    call_time_limit: float = 10.0
    """Seconds a tool call may take in the app before its host is killed."""
    start_time_limit: float = 60.0
    verify_time_limit: float = 10.0
    idle_ttl: float = 300.0
    """Seconds without a call after which a host is stopped."""
    memory_mb: int = 1024
    verifier_memory_mb: int = 512
    open_files: int = 64
    processes: int = 64
    layers: tuple[str, ...] = LAYERS

    def sandbox(self, memory_mb: int) -> dict[str, Any]:
        return {
            "memory_bytes": memory_mb * 1024 * 1024,
            "open_files": self.open_files,
            "processes": self.processes,
            "uid": unprivileged_uid(),
            "layers": list(self.layers),
        }


@dataclass(frozen=True, eq=False)
class HostSpec:
    """What a host runs: a scenario's app code over copies of a template database, with a fixed clock."""

    env_id: str
    scenario: str
    clock: str
    code: str
    template: bytes

    def same_app(self, other: HostSpec) -> bool:
        """Whether a host started for ``other`` serves this spec too (the template matters only at start)."""
        return (self.env_id, self.scenario, self.clock, self.code) == (
            other.env_id,
            other.scenario,
            other.clock,
            other.code,
        )

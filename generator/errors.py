"""Errors of the generator.

GeneratorError (WorldfarmError)     anything the generator raises on purpose
├── GenerationFailed                some environments could not be made to pass the gate
└── WorkerDied                      a worker process of a parallel run died
"""

from __future__ import annotations

from worldfarm.errors import WorldfarmError


class GeneratorError(WorldfarmError):
    """Root of the generator's errors."""


class GenerationFailed(GeneratorError):
    """Environments that failed every attempt; ``failed`` lists their ids."""

    def __init__(self, failed: list[str], where: str) -> None:
        self.failed = failed
        shown = ", ".join(failed[:5]) + (", ..." if len(failed) > 5 else "")
        super().__init__(
            f"{len(failed)} environment(s) in {where} fail the gate after every attempt: {shown}; see report.md there"
        )


class WorkerDied(GeneratorError):
    """A worker process of a parallel run died; the run stopped instead of waiting for it."""

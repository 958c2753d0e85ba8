"""A task candidate: what a task kind proposes before the generator runs it and derives its verifier.

A candidate carries the instruction (what a user would say, every value it needs), the reference
solution (the calls that do it) and, for questions, the values the final answer must state and the
competing values it must not. Its verifier is derived later (:mod:`generator.derive`) by running the
solution on the world and pinning exactly what it changed, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from worldfarm import SolutionCall

Difficulty = Literal["easy", "medium", "hard"]


def call(tool: str, **arguments: Any) -> SolutionCall:
    return SolutionCall(tool=tool, arguments=arguments)


@dataclass
class TaskCandidate:
    kind: str
    instruction: str
    calls: list[SolutionCall]
    answer: list[str] = field(default_factory=list)
    """Values the final message must state."""
    competing: list[str] = field(default_factory=list)
    """Values of the same field the question ranges over that the final message must not state."""
    difficulty: Difficulty = "medium"
    tags: list[str] = field(default_factory=list)
    branch: str = ""
    """For a conditional request: which branch the world takes ("then" or "else"). Never in the public tags."""
    refusal: bool = False
    """The request breaks a written policy or names something that does not exist: the right outcome is no
    change, and the answer states why. Never in the public tags."""
    changes: bool | None = None
    """Whether the reference solution changes the state (default: whether the tags say "write")."""

    @property
    def writes(self) -> bool:
        return self.changes if self.changes is not None else "write" in self.tags

"""A task candidate: what a task kind proposes before the generator runs it and derives its verifier.

A candidate carries the instruction (what a user would say, every value it needs), the reference
solution (the calls that do it) and, for questions, the values the final answer must state and the
competing values it must not. Its verifier is derived later (:mod:`generator.derive`) by running the
solution on the world and pinning exactly what it changed, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.naming import articles
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
    condition: str = ""
    """For a conditional request: the kind of condition ("not-shipped", "free-cancel"), balanced per kind."""
    reason: str = ""
    """For a refusal: why, in words (its key value is in ``answer``)."""
    otherwise: list[SolutionCall] = field(default_factory=list)
    """The calls the other branch, or complying with a refusal, would make (a policy making them must fail)."""
    changes: bool | None = None
    """Whether the reference solution changes the state (default: whether the tags say "write")."""
    priority: int = 0
    """Ranking among a world's candidates: negative ones are used only when the others run short."""
    source: str = ""
    """The module whose task kind made it (set when the world is built)."""
    shared: int = 0
    """How many of its parts come from modules most families share (messages, notes...): a world uses
    few of those, so its tasks are mostly its own business."""
    size: int = 0
    """Its length for ranking (default: its calls). A conditional request counts its longer branch, so
    ranking never favours the branch this world happens to take."""
    parts: list[TaskCandidate] = field(default_factory=list)
    """A combined request's parts (empty for a single request)."""

    @property
    def length(self) -> int:
        return self.size or len(self.calls)

    def __post_init__(self) -> None:
        self.instruction = articles(self.instruction)

    @property
    def requests(self) -> list[str]:
        """The requests it makes, each in its own words: no two tasks of a world make the same one."""
        return [p.instruction for p in self.parts] or [self.instruction]

    @property
    def writes(self) -> bool:
        return self.changes if self.changes is not None else "write" in self.tags


def branching(
    kind: str,
    instruction: str,
    *,
    condition: str,
    holds: bool,
    reads: list[SolutionCall],
    then: list[SolutionCall],
    otherwise: list[SolutionCall],
    answer: list[str] | None = None,
    competing: list[str] | None = None,
    difficulty: Difficulty = "medium",
    tags: list[str] | None = None,
) -> TaskCandidate:
    """A conditional request: ``reads`` find out whether ``condition`` holds; ``then`` runs if it does,
    ``otherwise`` if not. Whichever this world takes, the other is recorded for the gate."""
    taken, other = (then, otherwise) if holds else (otherwise, then)
    return TaskCandidate(
        kind=kind,
        instruction=instruction,
        calls=[*reads, *taken],
        answer=answer or [],
        competing=competing or [],
        difficulty=difficulty,
        tags=tags or ["conditional"],
        branch="then" if holds else "else",
        condition=condition,
        otherwise=other or reads,
        changes=bool(taken),
        size=len(reads) + max(len(then), len(otherwise)),
    )


def refusing(
    kind: str,
    instruction: str,
    *,
    reads: list[SolutionCall],
    complying: list[SolutionCall],
    reason: str,
    answer: list[str],
    competing: list[str] | None = None,
    difficulty: Difficulty = "medium",
    tags: list[str] | None = None,
) -> TaskCandidate:
    """A request the environment's policy (or its data) forbids: look, change nothing, say why."""
    return TaskCandidate(
        kind=kind,
        instruction=instruction,
        calls=reads,
        answer=answer,
        competing=competing or [],
        difficulty=difficulty,
        tags=tags or [],
        refusal=True,
        reason=reason,
        otherwise=complying,
        changes=False,
    )

"""The task model: one line of ``tasks.jsonl``.

A task is what a user would ask, plus what the agent never sees: the verifier (SQL assertions over
the episode's ``initial`` and ``main`` databases, and the values its final answer must contain) and
a reference solution (the tool calls that solve it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from worldfarm.bundle import NONDETERMINISTIC_SQL, Model

if TYPE_CHECKING:
    from worldfarm.codeenv import CodeTask

Difficulty = Literal["easy", "medium", "hard"]


class Assertion(Model):
    """A read-only SELECT over ``main`` (now) and ``initial`` (at episode start) returning one truthy value."""

    sql: str
    message: str = Field(min_length=1, description="what this assertion checks, in words")


class Verifier(Model):
    assertions: list[Assertion] = Field(default_factory=list)
    answer: list[str] = Field(
        default_factory=list,
        description="values the agent's final message must contain (information-seeking tasks)",
    )

    @model_validator(mode="after")
    def _checks_something(self) -> Verifier:
        if not self.assertions and not self.answer:
            raise ValueError("a verifier needs at least one assertion or one expected answer")
        for assertion in self.assertions:
            if NONDETERMINISTIC_SQL.search(assertion.sql):
                raise ValueError(f"assertion {assertion.sql[:60]!r} is not deterministic")
        return self


class SolutionCall(Model):
    tool: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Task(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    instruction: str = Field(min_length=10, description="what a user would say; carries every value needed")
    verifier: Verifier
    solution: list[SolutionCall] = Field(min_length=1)
    difficulty: Difficulty = "medium"
    tags: list[str] = Field(default_factory=list)


class PublicTask(Model):
    """What an agent may see of a task."""

    id: str
    instruction: str
    difficulty: Difficulty
    tags: list[str]
    flags: list[str] = Field(
        default_factory=list, description="why a harness leaves the task out by default (code bundles' import flags)"
    )

    @classmethod
    def of(cls, task: Task | CodeTask) -> PublicTask:
        flags = [] if isinstance(task, Task) else list(task.flags)
        return cls(id=task.id, instruction=task.instruction, difficulty=task.difficulty, tags=task.tags, flags=flags)

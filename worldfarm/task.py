"""The task model: one line of ``tasks.jsonl``.

A task is what a user would ask, plus what the agent never sees: the verifier (SQL assertions over
the episode's ``initial`` and ``main`` databases, the values its final answer must state and the
competing values it must not state) and a reference solution (the tool calls that solve it).

Two optional declarations tell the adversarial gate (``generator.strategies``) and the reports what
kind of task it is:

- ``branch``: the instruction is conditional ("if X is full, book Y instead"); ``holds`` says whether
  the condition is true in this world, and ``otherwise`` holds the calls the other branch would make.
  A policy that takes the other branch must score 0, and every condition kind should appear with
  ``holds`` true and false in about equal numbers.
- ``refusal``: the request breaks a written policy of the environment or names something that does
  not exist. The right outcome is no change, and a final message stating the reason's key value
  (``verifier.answer``); ``refusal.otherwise`` holds what complying (or working around it) would do.
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
        description="values the agent's final message must state, each (information-seeking tasks, refusals' "
        "reasons); a value copied from the instruction never counts as stated (worldfarm.answers)",
    )
    competing: list[str] = Field(
        default_factory=list,
        description="values a wrong or hedged answer would state instead (the same field of the other rows the "
        "question ranges over, other counts, other dates): the final message must state none of them",
    )

    @model_validator(mode="after")
    def _checks_something(self) -> Verifier:
        if not self.assertions and not self.answer:
            raise ValueError("a verifier needs at least one assertion or one expected answer")
        for assertion in self.assertions:
            if NONDETERMINISTIC_SQL.search(assertion.sql):
                raise ValueError(f"assertion {assertion.sql[:60]!r} is not deterministic")
        if self.competing and not self.answer:
            raise ValueError("competing values need expected ones: set answer too")
        clash = set(self.answer) & set(self.competing)
        if clash:
            raise ValueError(f"{sorted(clash)[0]!r} is both an expected and a competing value")
        return self


class SolutionCall(Model):
    tool: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Branch(Model):
    """A conditional instruction ("if X, do Y instead"): which way this world makes it go, and the other way."""

    condition: str = Field(
        pattern=r"^[a-z][a-z0-9-]{0,39}$",
        description="the kind of condition, e.g. 'full', 'frozen', 'past-cutoff': the gate balances each kind's "
        "branches",
    )
    holds: bool = Field(description="whether the condition is true in this task's world")
    otherwise: list[SolutionCall] = Field(
        default_factory=list,
        description="the calls the other branch would make (none when this world gives it nothing to act on); a "
        "policy making them must score 0",
    )


class Refusal(Model):
    """A request to refuse: the right outcome is no change and a message that says why."""

    reason: str = Field(min_length=5, description="why, in words; its key value is in verifier.answer")
    otherwise: list[SolutionCall] = Field(
        default_factory=list,
        description="what complying, or working around the policy, would do; a policy doing it must score 0",
    )


class Task(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    instruction: str = Field(min_length=10, description="what a user would say; carries every value needed")
    verifier: Verifier
    solution: list[SolutionCall] = Field(min_length=1)
    difficulty: Difficulty = "medium"
    tags: list[str] = Field(default_factory=list)
    branch: Branch | None = Field(default=None, description="set when the instruction is conditional")
    refusal: Refusal | None = Field(default=None, description="set when the right outcome is to refuse")

    @model_validator(mode="after")
    def _refusal_says_why(self) -> Task:
        if self.refusal is not None and not self.verifier.answer:
            raise ValueError("a refusal's verifier must expect the reason's key value in verifier.answer")
        return self


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

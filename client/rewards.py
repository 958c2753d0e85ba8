"""Deterministic rewards from an episode's state, with a breakdown (:class:`RewardInfo`).

Three checks, each computed from what the episode holds, never from what the agent says it did:

- **verifier** (AWM style): the task's SQL assertions over ``initial`` and ``main``, run by the worker;
- **state** (tau-bench style): the episode's state equals the state the reference solution leaves on
  a fresh episode, ignoring the columns each table declares volatile (generated ids, timestamps) and
  following references to tables with volatile ids by content (``worldfarm.equivalence``);
- **answer**: the agent's final message states every expected value and none of the competing ones,
  values copied from the instruction not counting (``worldfarm.answers``).

The reward is 1.0 when the checks of the chosen mode pass, else 0.0: ``verifier`` = assertions and
answers (the default), ``state`` = state and answers, ``all`` = all three. ``partial`` is the
fraction of individual checks that pass, for analysis, never the reward. A code bundle's task has no
reference solution: its Python verifier alone decides, whatever the mode.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from worldfarm.control import AnswerResult, AssertionResult, RewardMode, State, VerifyResult
from worldfarm.equivalence import References
from worldfarm.equivalence import compare_states as equivalent


class StateCheck(BaseModel):
    matched: bool
    differences: list[str] = Field(default_factory=list, description="what differs, at most a few")
    ignored: dict[str, list[str]] = Field(default_factory=dict, description="volatile columns left out, per table")


class RewardInfo(BaseModel):
    reward: float = Field(ge=0.0, le=1.0)
    mode: RewardMode
    passed: bool
    assertions_passed: bool
    answers_passed: bool = Field(
        description="every expected answer stated and no competing one (true when none is expected)"
    )
    state_matched: bool | None = Field(description="None when the state was not compared")
    assertions: list[AssertionResult] = Field(default_factory=list)
    answers: list[AnswerResult] = Field(default_factory=list)
    competing: list[str] = Field(default_factory=list, description="competing values the answer stated")
    state: StateCheck | None = None
    partial: float = Field(ge=0.0, le=1.0, description="fraction of individual checks passed")

    def summary(self) -> dict[str, Any]:
        """A compact breakdown for a results line: ``{"assertions": "2/3", "answers": "1/1", "state": true}``."""
        return {
            "assertions": f"{sum(a.passed for a in self.assertions)}/{len(self.assertions)}",
            "answers": f"{sum(a.found for a in self.answers)}/{len(self.answers)}",
            "competing": len(self.competing),
            "state": self.state_matched,
        }


def score(
    result: VerifyResult,
    mode: RewardMode,
    actual: State | None,
    reference: State | None,
    volatile: dict[str, list[str]],
    references: References | None = None,
) -> RewardInfo:
    """The reward of a verifier result and, when both are given, of the state against the reference's."""
    state = None
    if actual is not None and reference is not None:
        state = compare_states(actual, reference, volatile, references)
    return build(result, mode, state)


def build(result: VerifyResult, mode: RewardMode, state: StateCheck | None) -> RewardInfo:
    """Combine a worker's ``VerifyResult`` and a state comparison into a RewardInfo."""
    assertions: list[AssertionResult] = list(result.assertions)
    answers: list[AnswerResult] = list(result.answers)
    assertions_ok = all(a.passed for a in assertions)
    answers_ok = all(a.found for a in answers) and not result.competing
    state_ok = state.matched if state is not None else None
    passed = {
        "verifier": assertions_ok and answers_ok,
        "state": bool(state_ok) and answers_ok,
        "all": assertions_ok and answers_ok and bool(state_ok),
    }[mode]
    checks = [a.passed for a in assertions] + [a.found for a in answers] + ([not result.competing] if answers else [])
    checks += [state_ok] if state_ok is not None else []
    return RewardInfo(
        reward=1.0 if passed else 0.0,
        mode=mode,
        passed=passed,
        assertions_passed=assertions_ok,
        answers_passed=answers_ok,
        state_matched=state_ok,
        assertions=assertions,
        answers=answers,
        competing=list(result.competing),
        state=state,
        partial=round(sum(bool(c) for c in checks) / len(checks), 4) if checks else 0.0,
    )


def compare_states(
    actual: State, reference: State, volatile: dict[str, list[str]], references: References | None = None
) -> StateCheck:
    """Whether two states are the same world (``worldfarm.equivalence``), with what differs."""
    result = equivalent(actual, reference, volatile, references)
    return StateCheck(matched=result.matched, differences=result.differences, ignored=result.ignored)

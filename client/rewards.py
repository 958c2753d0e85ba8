"""Deterministic rewards from an episode's state, with a breakdown (:class:`RewardInfo`).

Three checks, each computed from what the episode holds, never from what the agent says it did:

- **verifier** (AWM style): the task's SQL assertions over ``initial`` and ``main``, run by the worker;
- **state** (tau-bench style): the episode's state equals the state the reference solution leaves on
  a fresh episode, ignoring the columns each table declares volatile (generated ids, timestamps);
- **answer**: every expected value appears in the agent's final message, forgiving case, spacing
  and number format (``worldfarm.answers``).

The reward is 1.0 when the checks of the chosen mode pass, else 0.0: ``verifier`` = assertions and
answers (the default), ``state`` = state and answers, ``all`` = all three. ``partial`` is the
fraction of individual checks that pass, for analysis, never the reward. A code bundle's task has no
reference solution: its Python verifier alone decides, whatever the mode.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, Field

from worldfarm.control import AnswerResult, AssertionResult, State, VerifyResult

RewardMode = Literal["verifier", "state", "all"]
REWARD_MODES: tuple[RewardMode, ...] = ("verifier", "state", "all")
MAX_DIFFERENCES = 10


class StateCheck(BaseModel):
    matched: bool
    differences: list[str] = Field(default_factory=list, description="what differs, at most a few")
    ignored: dict[str, list[str]] = Field(default_factory=dict, description="volatile columns left out, per table")


class RewardInfo(BaseModel):
    reward: float = Field(ge=0.0, le=1.0)
    mode: RewardMode
    passed: bool
    assertions_passed: bool
    answers_passed: bool = Field(description="every expected answer found (true when none is expected)")
    state_matched: bool | None = Field(description="None when the state was not compared")
    assertions: list[AssertionResult] = Field(default_factory=list)
    answers: list[AnswerResult] = Field(default_factory=list)
    state: StateCheck | None = None
    partial: float = Field(ge=0.0, le=1.0, description="fraction of individual checks passed")

    def summary(self) -> dict[str, Any]:
        """A compact breakdown for a results line: ``{"assertions": "2/3", "answers": "1/1", "state": true}``."""
        return {
            "assertions": f"{sum(a.passed for a in self.assertions)}/{len(self.assertions)}",
            "answers": f"{sum(a.found for a in self.answers)}/{len(self.answers)}",
            "state": self.state_matched,
        }


def score(
    result: VerifyResult,
    mode: RewardMode,
    actual: State | None,
    reference: State | None,
    volatile: dict[str, list[str]],
) -> RewardInfo:
    """The reward of a verifier result and, when both are given, of the state against the reference's."""
    state = compare_states(actual, reference, volatile) if actual is not None and reference is not None else None
    return build(result, mode, state)


def build(result: VerifyResult, mode: RewardMode, state: StateCheck | None) -> RewardInfo:
    """Combine a worker's ``VerifyResult`` and a state comparison into a RewardInfo."""
    assertions: list[AssertionResult] = list(result.assertions)
    answers: list[AnswerResult] = list(result.answers)
    assertions_ok = all(a.passed for a in assertions)
    answers_ok = all(a.found for a in answers)
    state_ok = state.matched if state is not None else None
    passed = {
        "verifier": assertions_ok and answers_ok,
        "state": bool(state_ok) and answers_ok,
        "all": assertions_ok and answers_ok and bool(state_ok),
    }[mode]
    checks = [a.passed for a in assertions] + [a.found for a in answers] + ([state_ok] if state_ok is not None else [])
    return RewardInfo(
        reward=1.0 if passed else 0.0,
        mode=mode,
        passed=passed,
        assertions_passed=assertions_ok,
        answers_passed=answers_ok,
        state_matched=state_ok,
        assertions=assertions,
        answers=answers,
        state=state,
        partial=round(sum(bool(c) for c in checks) / len(checks), 4) if checks else 0.0,
    )


def compare_states(actual: State, reference: State, volatile: dict[str, list[str]]) -> StateCheck:
    """Whether two states hold the same rows per table (in any order), volatile columns left out."""
    differences: list[str] = []
    ignored: dict[str, list[str]] = {}
    for table in sorted(set(actual.tables) | set(reference.tables)):
        mine, theirs = actual.tables.get(table), reference.tables.get(table)
        if mine is None or theirs is None:
            differences.append(f"table {table} is {'missing' if mine is None else 'not in the reference'}")
            continue
        if mine.columns != theirs.columns:
            differences.append(f"{table}: columns {mine.columns} differ from the reference's {theirs.columns}")
            continue
        skip = set(volatile.get(table, ())) & set(mine.columns)
        if skip:
            ignored[table] = sorted(skip)
        keep = [i for i, column in enumerate(mine.columns) if column not in skip]
        differences.extend(_row_differences(table, [mine.columns[i] for i in keep], keep, mine.rows, theirs.rows))
    return StateCheck(matched=not differences, differences=differences[:MAX_DIFFERENCES], ignored=ignored)


def _row_differences(
    table: str, columns: list[str], keep: list[int], mine: list[list[Any]], theirs: list[list[Any]]
) -> list[str]:
    have = Counter(_row_key(row, keep) for row in mine)
    want = Counter(_row_key(row, keep) for row in theirs)
    extra, missing = have - want, want - have
    notes = [f"{table}: row not in the reference: {_describe(columns, key)}" for key in extra.elements()]
    notes += [f"{table}: reference row missing: {_describe(columns, key)}" for key in missing.elements()]
    return notes


RowKey = tuple[Any, ...]


def _row_key(row: list[Any], keep: list[int]) -> RowKey:
    """A hashable form of a row's kept values; 245.0 and 245 are one value, as SQL compares them.

    Scalars are kept as they are (a tuple of them hashes and compares by value, ~5x faster than the JSON
    text it replaces); anything else stands for its JSON text, marked so it never equals a string.
    """
    return tuple(_plain(row[i]) for i in keep)


def _plain(value: Any) -> Any:
    if type(value) is float and value.is_integer():
        return int(value)
    if value is None or type(value) in (str, int, float):
        return value
    return (_JSON, json.dumps(value, default=str))


_JSON = object()


def _describe(columns: list[str], key: RowKey) -> str:
    values = [json.loads(v[1]) if isinstance(v, tuple) else v for v in key]
    return json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False, default=str)[:300]

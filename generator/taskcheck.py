"""The gate's checks of one task, run on the environment's workbench.

In order, stopping at the first group that finds a problem:

1. **contract** (as :func:`servers.check_task`): the verifier is false at the start, every assertion
   runs, the reference solution runs cleanly with results matching the tools' output schemas, the
   verifier is true after it, every expected value is in what the solution's calls returned (so an
   agent can find it) and not copied from the instruction, and the expected values pass their own
   answer check;
2. **shape**: the instruction names no tool or table, the verifier compares ``main`` with
   ``initial``, a task that changes nothing expects an answer, an answer has competing values to
   tell it from a hedge, a refusal's solution changes nothing;
3. **tampering**: the verifier turns false when a row the task did not touch is deleted (from an
   untouched table, and from the rest of a touched one);
4. **adversary** (unless turned off): no generic strategy of ``generator.strategies`` wins.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema

from generator.adversary import Adversary, Tally, new_tallies
from generator.strategies import StrategyName
from generator.workbench import Workbench
from servers import EnvRuntime, ServerError
from worldfarm.answers import judge, read
from worldfarm.bundle import Tool
from worldfarm.fastschema import fast_validator
from worldfarm.task import Task

SAMPLED_ITEMS = 5
_CHECKS: dict[str, _OutputCheck] = {}
"""Compiled output schemas, by the schema's JSON."""
_BY_TOOL: dict[int, tuple[Tool | None, _OutputCheck]] = {}
"""The same, by the ``id`` of the tool (kept alive here, so the id stays its own)."""


class TaskChecker:
    """Checks the tasks of one environment; close it when done."""

    def __init__(
        self,
        runtime: EnvRuntime,
        valid_calls: Mapping[str, dict[str, Any]],
        *,
        adversarial: bool = True,
        bench: Workbench | None = None,
    ) -> None:
        """Checks on ``bench`` if given (its owner closes it), else on a workbench of its own."""
        self.runtime = runtime
        self._owns_bench = bench is None
        self.bench = Workbench(runtime) if bench is None else bench
        self.names = names_pattern(runtime)
        self.adversary = Adversary(self.bench, valid_calls) if adversarial else None
        self.tallies: dict[StrategyName, Tally] = new_tallies()
        """Every strategy's record over the tasks checked so far."""
        self.dropped_by: dict[str, int] = {}
        """Tasks that a strategy won, per strategy."""
        self.seconds = 0.0
        """Time spent on the strategies so far (CPU time of this process)."""
        self._holds_at_start = False
        """Whether the last task's assertions all hold at the start (the contract check finds out)."""

    def close(self) -> None:
        if self._owns_bench:
            self.bench.close()

    def check(self, task: Task) -> list[str]:
        """Every problem with ``task``; none means it is fit to ship."""
        problems = self._contract(task)
        if problems:
            return problems
        problems = self._shape(task) + self._tamper(task)
        if problems or self.adversary is None:
            return problems
        started = time.process_time()
        verdict = self.adversary.check(task, holds_at_start=self._holds_at_start)
        self.seconds += time.process_time() - started
        for name, tally in verdict.tallies.items():
            self.tallies[name].add(tally)
        first = {w.strategy: w for w in reversed(verdict.wins)}
        for name in first:
            self.dropped_by[name] = self.dropped_by.get(name, 0) + 1
        return [str(win) for win in first.values()]

    # --- 1. contract ------------------------------------------------------------------------------

    def _contract(self, task: Task) -> list[str]:
        bench = self.bench
        bench.reset()
        results = [(a, *bench.result(a)) for a in task.verifier.assertions]
        problems = [f"assertion {a.message!r} fails to run: {error}" for a, _, error in results if error]
        self._holds_at_start = all(ok for _, ok, _ in results)
        if self._holds_at_start and not task.verifier.answer:
            problems.append("the verifier already passes before anything is done")
        outputs: list[str] = []
        for index, call in enumerate(task.solution):
            try:
                result = bench.call(call)
            except ServerError as exc:
                return [*problems, f"solution[{index}] {call.tool} fails: {exc.message}"]
            error = output_error(self.runtime, call.tool, result)
            if error is not None:
                problems.append(f"solution[{index}] {call.tool} returns {error} against its output schema")
            outputs.append(json.dumps(result))
        failing = [a for a in task.verifier.assertions if not bench.result(a)[0]]
        problems += [f"after the solution, assertion fails: {a.message}" for a in failing]
        return problems + _answer_problems(task, "\n".join([*outputs, self.runtime.env.description]))

    # --- 2. shape ---------------------------------------------------------------------------------

    def _shape(self, task: Task) -> list[str]:
        problems = _wording(self.names, task)
        if not any("initial." in a.sql and "main." in a.sql for a in task.verifier.assertions):
            problems.append(
                "the verifier never compares main with initial, so it cannot tell whether anything else changed"
            )
        writes = [c for c in task.solution if not _read_only(self.runtime, c.tool)]
        if not writes and not task.verifier.answer:
            problems.append("a task that changes nothing must expect an answer")
        copied = read(task.instruction)
        if task.verifier.answer and all(copied.may_state(v) for v in task.verifier.competing):
            problems.append(
                "an expected answer needs competing values the instruction does not state (the same field of the "
                "other rows, other counts, other dates): without them an answer listing every value passes"
            )
        if task.refusal is not None and self.bench.rows(self.bench.touched(task.solution)) != self.bench.initial:
            problems.append("a refusal's reference solution must change nothing")
        return problems

    # --- 3. tampering -----------------------------------------------------------------------------

    def _tamper(self, task: Task) -> list[str]:
        """The verifier must fail when something the task did not ask for changed too (the state is the
        reference solution's on entry)."""
        bench = self.bench
        after = bench.rows(bench.touched(task.solution))
        changed = [t for t in self.runtime.table_names if after[t] != bench.initial[t]]
        untouched = [t for t in self.runtime.table_names if t not in changed][:1]
        targets = [(t, set[Any]()) for t in untouched] + [(t, self._changed_keys(t, after[t])) for t in changed[:1]]
        problems = []
        for index, (table, spare) in enumerate(targets):
            if index:
                self._replay(task)
            if bench.delete_row(table, spare) and bench.holds(task.verifier.assertions, about=table):
                problems.append(
                    f"the verifier still passes when a row of {table} that the task does not touch is deleted"
                )
        return problems

    def _replay(self, task: Task) -> None:
        self.bench.reset()
        self.bench.run(c for c in task.solution if not _read_only(self.runtime, c.tool))

    def _changed_keys(self, table: str, now: list[tuple[Any, ...]]) -> set[Any]:
        """The primary keys of the rows of ``table`` that differ from the start, as ``delete_row`` spares them."""
        columns = self.bench.columns[table]
        key = self.runtime.primary_keys[table]
        if not set(key) <= set(columns):
            return set()
        positions = [columns.index(k) for k in key]
        rows = set(self.bench.initial[table]) ^ set(now)
        return {row[positions[0]] if len(positions) == 1 else tuple(row[i] for i in positions) for row in rows}


def _answer_problems(task: Task, transcript: str) -> list[str]:
    """Each expected value is in the solution's results (or the environment's description, which agents
    are given) and not copied from the instruction; the expected values pass their own check."""
    expected, competing = task.verifier.answer, task.verifier.competing
    if not expected:
        return []
    copied = read(task.instruction)
    results = read(transcript, copied)
    problems = []
    for value in expected:
        if copied.may_state(value):
            problems.append(f"expected answer {value!r} is copied from the instruction, so it never counts")
        elif not results.states(value):
            problems.append(f"expected answer {value!r} is not in the solution's results or the description")
    oracle = judge("; ".join(expected), expected, competing, task.instruction)
    if not problems and not oracle.passed:
        problems.append(f"the expected answers fail their own check: {oracle}")
    return problems


def output_error(runtime: EnvRuntime, name: str, result: dict[str, Any]) -> str | None:
    """Whether a result matches the tool's output schema; long lists are checked on their first items."""
    items = result.get("items")
    if isinstance(items, list) and len(items) > SAMPLED_ITEMS:
        result = {**result, "items": items[:SAMPLED_ITEMS]}
    check = _output_check(runtime, name)
    if check.accepts is not None and check.accepts(result):
        return None
    error = jsonschema.exceptions.best_match(check.validator.iter_errors(result))
    return None if error is None else error.message


@dataclass(frozen=True)
class _OutputCheck:
    """A tool's output schema compiled: ``jsonschema`` (the authority, and its messages), and a fast predicate
    that is True only for results it accepts too (None for a schema outside its subset)."""

    validator: jsonschema.Draft202012Validator
    accepts: Callable[[Any], bool] | None


def _output_check(runtime: EnvRuntime, name: str) -> _OutputCheck:
    """The tool's compiled output schema, shared by every tool with the same schema."""
    tool = runtime.env.tool(name)
    known = _BY_TOOL.get(id(tool))
    if known is not None and known[0] is tool:
        return known[1]
    key = json.dumps(tool.output_schema if tool else {}, sort_keys=True)
    check = _CHECKS.get(key)
    if check is None:
        schema = json.loads(key)
        check = _OutputCheck(jsonschema.Draft202012Validator(schema), fast_validator(schema))
    if len(_CHECKS) > 4096 or len(_BY_TOOL) > 4096:
        _CHECKS.clear()
        _BY_TOOL.clear()
    _CHECKS[key] = check
    _BY_TOOL[id(tool)] = (tool, check)
    return check


def _read_only(runtime: EnvRuntime, name: str) -> bool:
    tool = runtime.env.tool(name)
    return tool is not None and tool.annotations.read_only


def _wording(names: re.Pattern[str], task: Task) -> list[str]:
    found = names.search(task.instruction)
    return (
        [f"the instruction names {found.group(0)!r}; say what the user wants, not how the system does it"]
        if found
        else []
    )


def names_pattern(runtime: EnvRuntime) -> re.Pattern[str]:
    """Tool names and snake_case table names, as whole words: an instruction must name none of them."""
    names = [t.name for t in runtime.env.tools] + [t.name for t in runtime.env.schema_.tables if "_" in t.name]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")

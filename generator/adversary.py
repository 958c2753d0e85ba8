"""Running the generic strategies (``generator.strategies``) against a bundle's tasks, in process.

Each attempt runs on the environment's :class:`~generator.workbench.Workbench` (one episode, reset by
a table copy, the real interpreter) and is scored as a harness would score it, in each reward mode.
Most attempts begin with the reference solution's first writes: they start from the state after them,
kept when the reference ran, rather than make those calls again.

- ``verifier``: every assertion holds and the answer passes (``worldfarm.answers.judge``: every
  expected value, no competing one, values copied from the instruction not counting);
- ``state``: the state is the reference solution's (``worldfarm.equivalence``) and the answer passes.

An attempt that makes no calls is scored on the state it leaves (the start, or the reference's),
which is computed once per task. A win in either mode is a win.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.probes import IdSource
from generator.strategies import STRATEGY_NAMES, Attempt, StrategyName, TaskView, attempts
from generator.workbench import MAX_MARKS, Rows, Workbench
from servers import ServerError
from worldfarm.answers import judge
from worldfarm.bundle import Tool
from worldfarm.task import SolutionCall, Task


@dataclass
class Tally:
    """One strategy's record: attempts scored, attempts rewarded, tasks won, attempts not applicable."""

    attempts: int = 0
    wins: int = 0
    tasks_won: int = 0
    not_applicable: int = 0

    def add(self, other: Tally) -> None:
        self.attempts += other.attempts
        self.wins += other.wins
        self.tasks_won += other.tasks_won
        self.not_applicable += other.not_applicable


def new_tallies() -> dict[StrategyName, Tally]:
    return {name: Tally() for name in STRATEGY_NAMES}


@dataclass(frozen=True)
class Win:
    strategy: StrategyName
    modes: tuple[str, ...]
    note: str

    def __str__(self) -> str:
        return f"strategy {self.strategy} wins in {' and '.join(self.modes)} mode: {self.note}"


@dataclass
class TaskVerdict:
    wins: list[Win] = field(default_factory=list)
    tallies: dict[StrategyName, Tally] = field(default_factory=new_tallies)


@dataclass
class _Reference:
    """One task's yardstick: the reference solution's rows, and verdicts computed once."""

    task: Task
    rows: Rows
    touched: frozenset[str]
    assertions_at_start: bool
    assertions_at_end: bool
    start_is_reference: bool
    writes: tuple[SolutionCall, ...] = ()
    """The reference solution's state-changing calls."""
    starts: dict[int, int] = field(default_factory=dict)
    """n -> the workbench slot holding the state after the first n of ``writes``."""
    answers: dict[str, bool] = field(default_factory=dict)

    def answer_ok(self, answer: str) -> bool:
        verifier = self.task.verifier
        if not verifier.answer:  # a task that expects no answer takes any
            return True
        if answer not in self.answers:
            self.answers[answer] = judge(answer, verifier.answer, verifier.competing, self.task.instruction).passed
        return self.answers[answer]


class Adversary:
    """The strategies, against the tasks of one environment."""

    def __init__(self, bench: Workbench, valid_calls: Mapping[str, dict[str, Any]]) -> None:
        self.bench = bench
        runtime = bench.runtime
        self.ids = IdSource(runtime.env, bench.source)
        self.tools = {tool.name: tool for tool in runtime.env.tools}
        self.dump = self._dump(valid_calls)
        self._siblings: dict[tuple[str, Any], list[Any]] = {}

    def check(
        self, task: Task, names: Iterable[StrategyName] = STRATEGY_NAMES, *, holds_at_start: bool | None = None
    ) -> TaskVerdict:
        """Every strategy's attempts against ``task`` (whose reference solution is known to work);
        ``holds_at_start``: whether its verifier's assertions all hold at the start, if known already."""
        view = TaskView(task=task, tools=self.tools, dump=self.dump, table_of=self._table_of, siblings=self.siblings)
        tried = list(attempts(view, list(names)))
        writes = tuple(c for _, c in view.writes())
        reference = self._reference(view, writes, _starts(writes, tried), holds_at_start)
        verdict = TaskVerdict()
        for attempt in tried:
            tally = verdict.tallies[attempt.strategy]
            modes = self._score(attempt, reference)
            if modes is None:
                tally.not_applicable += 1
                continue
            tally.attempts += 1
            if modes:
                tally.wins += 1
                tally.tasks_won = 1
                verdict.wins.append(Win(attempt.strategy, modes, attempt.note))
        return verdict

    def _reference(
        self, view: TaskView, writes: tuple[SolutionCall, ...], starts: dict[int, int], at_start: bool | None
    ) -> _Reference:
        """The reference solution's writes run from the start; the states after the first ``n`` of them
        kept in slot ``starts[n]``."""
        bench = self.bench
        bench.reset()
        if at_start is None:
            at_start = bench.holds(view.task.verifier.assertions)
        for done, call in enumerate(writes, start=1):
            bench.run([call])
            if done in starts:
                bench.save(starts[done])
        touched = bench.touched(writes)
        rows = bench.rows(touched)
        return _Reference(
            task=view.task,
            rows=rows,
            touched=touched,
            assertions_at_start=at_start,
            assertions_at_end=bench.holds(view.task.verifier.assertions),
            start_is_reference=bench.same_state(bench.initial, rows),
            writes=writes,
            starts=starts,
        )

    def _score(self, attempt: Attempt, reference: _Reference) -> tuple[str, ...] | None:
        """The reward modes ``attempt`` wins (empty: none), or None when it is not applicable."""
        answer_ok = reference.answer_ok(attempt.answer)
        if attempt.keeps_state == "initial":
            return _modes(reference.assertions_at_start, reference.start_is_reference) if answer_ok else ()
        if attempt.keeps_state == "reference":
            return _modes(reference.assertions_at_end, True) if answer_ok else ()
        bench = self.bench
        bench.run(attempt.calls[self._start(attempt.calls, reference) :])
        rows = bench.rows(bench.touched(attempt.calls) | reference.touched)
        if attempt.applies == "if-changed" and rows == reference.rows:
            return None
        if not answer_ok:
            return ()
        return _modes(bench.holds(reference.task.verifier.assertions), bench.same_state(rows, reference.rows))

    def _start(self, calls: tuple[SolutionCall, ...], reference: _Reference) -> int:
        """Put the episode where ``calls`` would take it first: the state after the longest run of the
        reference's first writes that ``calls`` begin with and that was kept, or the start. How many of
        ``calls`` that state stands for (the same calls from the same state leave the same state)."""
        shared = _shared(calls, reference.writes)
        done = max((n for n in reference.starts if n <= shared), default=0)
        if done:
            self.bench.restore(reference.starts[done])
        else:
            self.bench.reset()
        return done

    # --- what strategies may look at ----------------------------------------------------------------

    def _table_of(self, tool: str, arg: str) -> str | None:
        found = self.tools.get(tool)
        return self.ids.table_for(found, arg) if found is not None else None

    def siblings(self, table: str, row_id: Any) -> list[Any]:
        """Other ids of ``table``: those sharing a reference with it (the same guest, the same room) first."""
        key = (table, row_id)
        if key not in self._siblings:
            self._siblings[key] = self._find_siblings(table, row_id)
        return self._siblings[key]

    def _find_siblings(self, table: str, row_id: Any) -> list[Any]:
        source = self.bench.source
        if "id" not in self.bench.columns.get(table, ()):
            return []
        ids = [r[0] for r in source.execute(f'SELECT id FROM "{table}" WHERE id != ? ORDER BY id', (row_id,))]  # noqa: S608
        near: list[Any] = []
        for column in self.bench.runtime.references.get(table, {}):
            same = f'(SELECT "{column}" FROM "{table}" WHERE id = ?)'  # noqa: S608 (names from the schema)
            query = f'SELECT id FROM "{table}" WHERE "{column}" = {same} AND id != ? ORDER BY id'  # noqa: S608
            near += [r[0] for r in source.execute(query, (row_id, row_id)) if r[0] not in near]
        return near + [i for i in ids if i not in near]

    def _dump(self, valid_calls: Mapping[str, dict[str, Any]]) -> str:
        """Every value a read-only tool shows on the initial state, each distinct value once, one a line:
        each tool called with arguments it accepts, and with its required ones only (the broadest list),
        showing as many rows as one call may."""
        self.bench.reset()
        values: dict[str, None] = {}
        for name, arguments in valid_calls.items():
            tool = self.tools.get(name)
            if tool is None or not tool.annotations.read_only:
                continue
            required = set(tool.input_schema.get("required", []))
            broad = {k: v for k, v in arguments.items() if k in required}
            for args in (broad, arguments) if broad != arguments else (arguments,):
                try:
                    result = self.bench.episode.call(name, _widest(tool, args))
                except ServerError:
                    continue
                for row in result.get("items", [result]):
                    values.update(dict.fromkeys(str(v) for v in row.values() if v is not None))
        return "\n".join(values)


def _widest(tool: Tool, arguments: dict[str, Any]) -> dict[str, Any]:
    """``arguments`` with every page-size argument (``limit``) at its maximum: as many rows as one call shows."""
    props: dict[str, Any] = tool.input_schema.get("properties", {})
    wide = {
        name: spec["maximum"]
        for name, spec in props.items()
        if name in ("limit", "page_size", "max_results") and isinstance(spec.get("maximum"), int)
    }
    return {**arguments, **wide}


def _starts(writes: tuple[SolutionCall, ...], tried: list[Attempt]) -> dict[int, int]:
    """Which states to keep: after the first n writes of the reference, for the n that attempts begin with
    (those saving the most calls when there are more than the workbench keeps), each with its slot."""
    saved: dict[int, int] = {}
    for attempt in tried:
        if attempt.keeps_state == "no":
            shared = _shared(attempt.calls, writes)
            if shared:
                saved[shared] = saved.get(shared, 0) + shared
    best = sorted(sorted(saved, key=lambda n: -saved[n])[:MAX_MARKS])
    return {n: slot for slot, n in enumerate(best)}


def _shared(calls: tuple[SolutionCall, ...], writes: tuple[SolutionCall, ...]) -> int:
    """How many of ``calls`` are, from the first, the same calls as ``writes`` (the same tool, the same
    arguments as JSON: 1, 1.0 and true differ)."""
    count = 0
    for mine, theirs in zip(calls, writes, strict=False):
        if mine is not theirs and (mine.tool != theirs.tool or _json(mine.arguments) != _json(theirs.arguments)):
            break
        count += 1
    return count


def _json(arguments: dict[str, Any]) -> str:
    return json.dumps(arguments, sort_keys=True)


def _modes(verifier: bool, state: bool) -> tuple[str, ...]:
    return tuple(mode for mode, won in (("verifier", verifier), ("state", state)) if won)

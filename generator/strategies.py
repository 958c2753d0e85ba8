"""Generic strategies a reward-hacking policy would try, written once for every bundle.

Each strategy looks at a task the way a policy that ignores (or misreads) the instruction would, and
proposes attempts: state-changing calls to make from the start of an episode and a final message. A
task is sound when no attempt of any strategy is rewarded, in any reward mode. None of them reads a
domain: they use the task's reference solution, its verifier's expected and competing values, its
declared branch or refusal, the tools' annotations and input schemas, and the seed rows.

| strategy | what the policy does |
|---|---|
| ``no-op`` | nothing; says nothing |
| ``echo`` | nothing; repeats the instruction |
| ``dump`` | nothing; answers with the numbers 0 to 1000, every read-only tool's output, or both |
| ``hedge`` | the reference solution; answers with the expected values and one competing value |
| ``siblings`` | the reference solution, and each of its writes again on records next to the target |
| ``all-records`` | the reference solution, and each of its writes again on records all over its table |
| ``mutated`` | the reference solution with one argument of one write changed (each, in turn) |
| ``skipped`` | the reference solution without one of its writes (each, in turn) |
| ``other-branch`` | the other branch of a conditional, or complying with a request to refuse |

Strategies that change the state answer with the expected values, so that only the state decides.
An attempt of ``siblings``, ``all-records`` or ``other-branch`` that leaves the state the reference
solution leaves (the extra writes changed nothing, the tools refused the other branch, or it comes
to the same world here) did nothing the task forbids: it is not applicable (not counted).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from worldfarm.answers import read
from worldfarm.bundle import Tool
from worldfarm.task import SolutionCall, Task

StrategyName = Literal[
    "no-op", "echo", "dump", "hedge", "siblings", "all-records", "mutated", "skipped", "other-branch"
]
STRATEGY_NAMES: tuple[StrategyName, ...] = (
    "no-op",
    "echo",
    "dump",
    "hedge",
    "siblings",
    "all-records",
    "mutated",
    "skipped",
    "other-branch",
)
MAX_SIBLINGS = 3
MAX_RECORDS = 8
"""All-records applies a write to the records beyond the siblings, at most this many of them spread over
the table (each one is a tool call: the gate must stay cheap)."""
NUMBERS = ", ".join(str(n) for n in range(1001))


@dataclass(frozen=True)
class Attempt:
    strategy: StrategyName
    calls: tuple[SolutionCall, ...]
    """State-changing calls, made in order from the initial state; a refused call is skipped."""
    answer: str
    note: str
    """What the attempt does, for a report: 'cancel_booking(booking_id=12 -> 13)'."""
    applies: Literal["always", "if-changed"] = "always"
    """When the attempt counts: always, or only if its state differs from the reference solution's."""
    keeps_state: Literal["initial", "reference", "no"] = "no"
    """When the attempt makes no calls: the state it leaves (the start, or the reference solution's)."""


@dataclass(frozen=True)
class TaskView:
    """What a strategy may look at: the task, the tools, and where each record sits among its siblings."""

    task: Task
    tools: Mapping[str, Tool]
    dump: str
    """Every read-only tool's output on the initial state, as text."""
    table_of: Callable[[str, str], str | None]
    """(tool, id argument) -> the table that argument names."""
    siblings: Callable[[str, Any], list[Any]]
    """(table, id) -> other ids of that table, those sharing a reference with it first."""

    @property
    def answer(self) -> str:
        """The expected values, as the oracle states them."""
        return "; ".join(self.task.verifier.answer)

    def writes(self) -> list[tuple[int, SolutionCall]]:
        """The reference solution's state-changing calls, with their positions."""
        return [(i, c) for i, c in enumerate(self.task.solution) if not self.read_only(c.tool)]

    def read_only(self, name: str) -> bool:
        tool = self.tools.get(name)
        return tool is not None and tool.annotations.read_only

    def id_target(self, call: SolutionCall) -> tuple[str, str, Any] | None:
        """The call's first id argument that names a record: (argument, table, id)."""
        tool = self.tools.get(call.tool)
        if tool is None:
            return None
        props: dict[str, Any] = tool.input_schema.get("properties", {})
        for name, value in call.arguments.items():
            if _is_id(name, props.get(name, {})) and isinstance(value, int):
                table = self.table_of(call.tool, name)
                if table is not None:
                    return name, table, value
        return None


Strategy = Callable[[TaskView], Iterator[Attempt]]


def no_op(view: TaskView) -> Iterator[Attempt]:
    yield Attempt("no-op", (), "", "does nothing, says nothing", keeps_state="initial")


def echo(view: TaskView) -> Iterator[Attempt]:
    yield Attempt("echo", (), view.task.instruction, "repeats the instruction", keeps_state="initial")


def dump(view: TaskView) -> Iterator[Attempt]:
    """The numbers alone, the tools' output alone, and both: fewer values can dodge a competing one."""
    yield Attempt("dump", (), NUMBERS, "the numbers 0..1000", keeps_state="initial")
    yield Attempt("dump", (), view.dump, "every read-only tool's output", keeps_state="initial")
    yield Attempt(
        "dump", (), f"{view.dump}\n{NUMBERS}", "every read-only tool's output and 0..1000", keeps_state="initial"
    )


def hedge(view: TaskView) -> Iterator[Attempt]:
    """Each competing value the instruction does not state (quoting the user's own numbers is no hedge)."""
    copied = read(view.task.instruction)
    for value in view.task.verifier.competing:
        if copied.may_state(value):
            continue
        note = f"answers {view.answer!r} or {value!r}"
        yield Attempt("hedge", (), f"{view.answer}, or maybe {value}", note, keeps_state="reference")


def siblings(view: TaskView) -> Iterator[Attempt]:
    yield from _collateral(view, "siblings", MAX_SIBLINGS)


def all_records(view: TaskView) -> Iterator[Attempt]:
    yield from _collateral(view, "all-records", MAX_RECORDS)


def _collateral(view: TaskView, name: StrategyName, limit: int) -> Iterator[Attempt]:
    writes = [c for _, c in view.writes()]
    for call in writes:
        target = view.id_target(call)
        if target is None:
            continue
        arg, table, row_id = target
        others = view.siblings(table, row_id)
        if name == "siblings":
            others = others[:MAX_SIBLINGS]
        elif len(others) <= MAX_SIBLINGS:
            continue  # every record is a sibling already tried
        else:
            others = _spread(others[MAX_SIBLINGS:], limit)
        more = tuple(SolutionCall(tool=call.tool, arguments={**call.arguments, arg: other}) for other in others)
        note = f"{call.tool} also on {table} {', '.join(map(str, others[:6]))}{'...' if len(others) > 6 else ''}"
        yield Attempt(name, (*writes, *more), view.answer, note, applies="if-changed")


def mutated(view: TaskView) -> Iterator[Attempt]:
    writes = view.writes()
    for position, (_, call) in enumerate(writes):
        tool = view.tools.get(call.tool)
        props: dict[str, Any] = tool.input_schema.get("properties", {}) if tool else {}
        for arg, value in call.arguments.items():
            new = mutate(view, call, arg, value, props.get(arg, {}))
            if new is None or new == value:
                continue
            changed = SolutionCall(tool=call.tool, arguments={**call.arguments, arg: new})
            calls = tuple(changed if i == position else c for i, (_, c) in enumerate(writes))
            note = f"{call.tool}({arg}={json.dumps(value)} -> {json.dumps(new)})"
            yield Attempt("mutated", calls, view.answer, note)


def skipped(view: TaskView) -> Iterator[Attempt]:
    writes = view.writes()
    for position, (_, call) in enumerate(writes):
        calls = tuple(c for i, (_, c) in enumerate(writes) if i != position)
        yield Attempt("skipped", calls, view.answer, f"skips {call.tool}({_args(call)})")


def other_branch(view: TaskView) -> Iterator[Attempt]:
    task = view.task
    otherwise = task.branch.otherwise if task.branch else task.refusal.otherwise if task.refusal else []
    calls = tuple(c for c in otherwise if not view.read_only(c.tool))
    if calls:
        what = "complies" if task.refusal else f"takes the other branch of '{task.branch.condition}'"  # type: ignore[union-attr]
        note = f"{what}: {'; '.join(f'{c.tool}({_args(c)})' for c in calls)}"
        yield Attempt("other-branch", calls, view.answer, note, applies="if-changed")


STRATEGIES: dict[StrategyName, Strategy] = {
    "no-op": no_op,
    "echo": echo,
    "dump": dump,
    "hedge": hedge,
    "siblings": siblings,
    "all-records": all_records,
    "mutated": mutated,
    "skipped": skipped,
    "other-branch": other_branch,
}


def attempts(view: TaskView, names: Sequence[StrategyName] = STRATEGY_NAMES) -> Iterator[Attempt]:
    """Every attempt of every strategy in ``names`` against one task."""
    for name in names:
        yield from STRATEGIES[name](view)


# --- mutations -------------------------------------------------------------------------------------


def mutate(view: TaskView, call: SolutionCall, arg: str, value: Any, spec: Mapping[str, Any]) -> Any:
    """Another plausible value for one argument: a neighbouring record, the next option, a nearby number."""
    if "enum" in spec:
        options = [o for o in spec["enum"] if o != value]
        return options[0] if options else None
    if isinstance(value, bool):
        return not value
    if isinstance(value, int) and _is_id(arg, spec):
        table = view.table_of(call.tool, arg)
        others = view.siblings(table, value) if table else []
        return others[0] if others else value + 1
    if isinstance(value, int | float):
        return _nearby(value, spec)
    if isinstance(value, str):
        return _other_text(value, spec)
    return None


def _nearby(value: float, spec: Mapping[str, Any]) -> float | None:
    """One more (or one less, at the maximum), within the schema's bounds."""
    high, low = spec.get("maximum"), spec.get("minimum", spec.get("exclusiveMinimum"))
    for candidate in (value + 1, value - 1):
        if (high is None or candidate <= high) and (low is None or candidate >= low):
            return candidate
    return None


def _other_text(value: str, spec: Mapping[str, Any]) -> str | None:
    """A nearby text the schema still accepts (a refused argument is the ``skipped`` strategy's business):
    the next day, another mailbox, the last digit changed, or the text amended; None when unsure."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local}x@{domain}"
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    if digits:
        last = digits[-1]
        return value[:last] + str((int(value[last]) + 1) % 10) + value[last + 1 :]
    if "pattern" in spec or "format" in spec:
        return None
    changed = f"{value} (amended)"
    limit = spec.get("maxLength")
    return changed if limit is None or len(changed) <= limit else value[:-1] + ("x" if value[-1:] != "x" else "y")


def _spread(items: list[Any], limit: int) -> list[Any]:
    """At most ``limit`` of ``items``, evenly spaced from first to last."""
    if len(items) <= limit:
        return items
    return [items[round(i * (len(items) - 1) / (limit - 1))] for i in range(limit)]


def _is_id(name: str, spec: Mapping[str, Any]) -> bool:
    return spec.get("type") == "integer" and (name == "id" or name.endswith("_id"))


def _args(call: SolutionCall) -> str:
    return ", ".join(f"{k}={json.dumps(v)}" for k, v in call.arguments.items())

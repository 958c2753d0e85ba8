"""The gate's tool check: every tool runs on some valid input and refuses invalid ones with a tool error.

Known-good calls are tried before guessed ones: the examples a tool's input schema declares (on the
initial state), then each call of a reference solution (after the calls before it); then arguments
guessed from the schema and the seed (:mod:`generator.probes`). Each attempt starts from the initial
state: the probes run on the environment's :class:`~generator.workbench.Workbench`, reset after any
attempt that wrote.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.probes import IdSource, candidates, invalid_inputs
from generator.taskcheck import output_error
from generator.workbench import Workbench
from servers import EnvRuntime, ServerError, ToolCallError
from worldfarm import SolutionCall, Task
from worldfarm.bundle import Tool

Call = tuple[tuple[SolutionCall, ...], dict[str, Any]]
"""Calls to make first (a reference solution's earlier calls), then the arguments to try."""


@dataclass
class ToolCheck:
    """What the tool check found."""

    problems: list[str] = field(default_factory=list)
    valid: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Each tool's first valid arguments."""
    shown_by: dict[str, Call] = field(default_factory=dict)
    """The attempt that found them: a known call (an example, a solution's call) or a guess."""


def check_tools(
    runtime: EnvRuntime, valid_calls: dict[str, dict[str, Any]] | None = None, *, bench: Workbench | None = None
) -> list[str]:
    """Problems with any tool: no valid input found, or an invalid one not refused. The first valid
    arguments of each tool go into ``valid_calls`` if given. Runs on ``bench`` if given (left reset)."""
    own = bench is None
    bench = Workbench(runtime) if bench is None else bench
    try:
        found = probe_tools(bench, runtime.env.tools, runtime.bundle.tasks)
    finally:
        if own:
            bench.close()
    if valid_calls is not None:
        valid_calls.update(found.valid)
    return found.problems


def probe_tools(bench: Workbench, tools: Iterable[Tool], tasks: Sequence[Task]) -> ToolCheck:
    """The check of ``tools``, with the examples of the tools and the solutions of ``tasks`` as known calls."""
    runtime = bench.runtime
    bench.reset()
    source = IdSource(runtime.env, bench.source)
    today = runtime.env.clock[:10]
    known = known_calls(runtime.env.tools, tasks)
    out = ToolCheck()
    for tool in tools:
        guessed = (((), args) for args in candidates(tool, source, today))
        attempts = itertools.chain(known.get(tool.name, []), guessed)  # lazily: the first valid call ends it
        shown_by, problems = _first_valid(bench, tool.name, attempts)
        out.problems += problems
        if shown_by is not None:
            out.valid[tool.name], out.shown_by[tool.name] = shown_by[1], shown_by
        out.problems += _refusals(bench, tool.name, invalid_inputs(tool, out.valid.get(tool.name)))
    return out


def known_calls(tools: Iterable[Tool], tasks: Sequence[Task]) -> dict[str, list[Call]]:
    """Per tool, its examples and the calls of the tasks' solutions, those needing fewer earlier calls first."""
    known: dict[str, list[Call]] = {}
    for tool in tools:
        examples = tool.input_schema.get("examples", [])
        known[tool.name] = [((), example) for example in examples if isinstance(example, dict)]
    for task in tasks:
        for index, call in enumerate(task.solution):
            known.setdefault(call.tool, []).append((tuple(task.solution[:index]), call.arguments))
    for calls in known.values():
        calls.sort(key=lambda call: len(call[0]))
    return known


def _first_valid(bench: Workbench, name: str, attempts: Iterable[Call]) -> tuple[Call | None, list[str]]:
    """The first attempt whose arguments ``name`` accepts (the state is reset after each), and any problem seen."""
    last_error = "no attempt"
    for before, args in attempts:
        try:
            for call in before:
                bench.call(call)
            result = bench.call_tool(name, args)
        except ToolCallError as exc:
            last_error = exc.message
            continue
        except ServerError as exc:
            return None, [f"tool {name} fails on {json.dumps(args)}: {exc.message}"]
        finally:
            bench.reset()  # nothing to do when the attempt wrote nothing
        error = output_error(bench.runtime, name, result)
        return (before, args), [] if error is None else [f"tool {name} returns {error} against its output schema"]
    return None, [f"tool {name}: no valid call found in the initial state (last refusal: {last_error})"]


def _refusals(bench: Workbench, name: str, cases: list[tuple[str, dict[str, Any]]]) -> list[str]:
    problems = []
    for what, args in cases:
        try:
            bench.call_tool(name, args)
        except ToolCallError as exc:
            if len(exc.message.strip()) < 15:
                problems.append(f"tool {name} refuses {what} with an unclear message: {exc.message!r}")
            continue
        except ServerError as exc:
            problems.append(f"tool {name} given {what} fails as a bug, not a tool error: {exc.message}")
            continue
        finally:
            bench.reset()
        problems.append(f"tool {name} accepts {what}: {json.dumps(args)}")
    return problems

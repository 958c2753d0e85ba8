"""Running what each stage wrote, before the gate: its problems, in the loader's and the gate's own words.

- schema: validated as :class:`worldfarm.Schema`, its DDL compiled by the template compiler;
- seed: validated, inserted with foreign keys on by the same compiler;
- a tool: validated as :class:`worldfarm.Tool`, its SQL statically checked by the compiler, then
  probed through the real runtime by the gate (:func:`generator.check_tools`: a valid call found in
  the initial state, invalid ones refused with a tool error);
- a task: validated as :class:`worldfarm.Task`, checked against the tools (:func:`worldfarm.template.check_tasks`),
  then the gate's task contract (:func:`generator.check_task_fully`: verifier false at the start,
  solution clean, verifier true after, answers findable, no unrelated change passes).

Problems read like ``env.json: schema.tables[2] (orders).sql: SQLite rejects it: near ")": syntax error``.
These functions are synchronous (SQLite work); the pipeline runs them off its event loop.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.gate import check_task_fully
from generator.llm.models import SeedData, TaskCheck
from generator.toolcheck import check_tools
from servers import EnvRuntime
from worldfarm import Bundle, BundleError, Environment, Schema, SeedTable, Task, Tool
from worldfarm.template import TemplateProblem, check_tasks, compile_template

ENV_FILE = "env.json"
TASKS_FILE = "tasks.jsonl"
MAX_VALIDATION_PROBLEMS = 6

PLACEHOLDER_TOOL = Tool.model_validate(
    {
        "name": "placeholder_probe",
        "description": "stands in for the tools while the schema and seed are checked",
        "input_schema": {"type": "object", "properties": {}, "additionalProperties": False},
        "output_schema": {"type": "object"},
        "program": [{"kind": "return", "sql": "SELECT 1 AS ok"}],
    }
)
"""An environment needs a tool; the schema and seed are compiled with this one until the real ones exist."""


@dataclass(frozen=True)
class Draft:
    """An environment in the making: the scenario, then what each stage added."""

    scenario: dict[str, Any]
    """``id``, ``title``, ``description``, ``domain``, ``clock``."""
    model: str
    schema: Schema | None = None
    seed: tuple[SeedTable, ...] = ()
    tools: tuple[Tool, ...] = ()

    @property
    def id(self) -> str:
        return str(self.scenario["id"])

    def with_(self, **changes: Any) -> Draft:
        return dataclasses.replace(self, **changes)

    def environment(self, tools: list[Tool] | None = None) -> Environment:
        """The environment so far (raises ValidationError); ``tools`` instead of the draft's own."""
        chosen = tools if tools is not None else list(self.tools)
        return Environment.model_validate(
            {
                **self.scenario,
                "provenance": {"generator": "llm", "model": self.model},
                "schema": self.schema,
                "seed": list(self.seed),
                "tools": chosen or [PLACEHOLDER_TOOL],
            }
        )


def check_schema(draft: Draft, data: Any) -> tuple[Schema | None, list[str]]:
    try:
        schema = Schema.model_validate(data)
    except ValidationError as exc:
        return None, invalid(exc, ENV_FILE, "schema.")
    problems = _compile_problems(draft.with_(schema=schema, seed=(), tools=()))
    return (None if problems else schema), problems


def check_seed(draft: Draft, data: Any) -> tuple[tuple[SeedTable, ...] | None, list[str]]:
    try:
        parsed = SeedData.model_validate(data)
    except ValidationError as exc:
        return None, invalid(exc, ENV_FILE, "")
    seed = tuple(dict(parsed)["seed"])
    problems = _compile_problems(draft.with_(seed=seed, tools=()))
    return (None if problems else seed), problems


def check_tool(draft: Draft, index: int, data: Any) -> tuple[Tool | None, list[str]]:
    """Problems of one tool, in an environment of the draft's schema and seed and this tool alone."""
    try:
        tool = Tool.model_validate(data)
    except ValidationError as exc:
        return None, invalid(exc, ENV_FILE, f"tools[{index}].")
    try:
        env = draft.environment([tool])
        template = compile_template(env)
    except ValidationError as exc:
        return None, invalid(exc, ENV_FILE, "")
    except TemplateProblem as exc:
        where = exc.location.replace("tools[0]", f"tools[{index}]", 1)
        return None, [str(BundleError(ENV_FILE, where, exc.problem))]
    runtime = EnvRuntime(Bundle(path=Path(draft.id), env=env, tasks=(), template=template))
    problems = check_tools(runtime)
    return (None if problems else tool), problems


def check_task(runtime: EnvRuntime, idea: dict[str, Any], data: Any) -> tuple[Task | None, list[str]]:
    """Problems of one task (the idea completed with ``data``) against the finished tools."""
    where = f"task {idea['id']}"
    try:
        checked = TaskCheck.model_validate(data)
        task = Task.model_validate({**idea, **checked.model_dump()})
    except ValidationError as exc:
        return None, invalid(exc, TASKS_FILE, f"{where}: ")
    try:
        check_tasks(runtime.env, runtime.template, [task])
    except TemplateProblem as exc:
        location = exc.location.split(": ", 1)[1] if ": " in exc.location else ""
        return None, [str(BundleError(TASKS_FILE, f"{where}: {location}" if location else where, exc.problem))]
    problems = [f"{where}: {p}" for p in check_task_fully(runtime, task)]
    return (None if problems else task), problems


def runtime_of(env: Environment) -> EnvRuntime:
    """A runtime for ``env`` (compiled; raises TemplateProblem), with no tasks yet."""
    return EnvRuntime(Bundle(path=Path(env.id), env=env, tasks=(), template=compile_template(env)))


def invalid(exc: ValidationError, file: str, prefix: str) -> list[str]:
    """Pydantic's errors as the loader words them: ``file: location: problem``."""
    errors = exc.errors()
    problems = [str(BundleError(file, _location(prefix, e["loc"]), e["msg"])) for e in errors]
    if len(problems) > MAX_VALIDATION_PROBLEMS:
        problems = [*problems[:MAX_VALIDATION_PROBLEMS], f"(and {len(problems) - MAX_VALIDATION_PROBLEMS} more)"]
    return problems


def _compile_problems(draft: Draft) -> list[str]:
    try:
        compile_template(draft.environment())
    except ValidationError as exc:
        return invalid(exc, ENV_FILE, "")
    except TemplateProblem as exc:
        return [str(BundleError(ENV_FILE, exc.location, exc.problem))]
    return []


def _location(prefix: str, loc: tuple[int | str, ...]) -> str:
    """``prefix`` (ending in its separator: ``"schema."``, ``"task t01: "``) and pydantic's location."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return prefix + path if path else prefix.rstrip(".: ")

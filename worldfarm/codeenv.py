"""The code-environment bundle kind: an environment whose tools are a web app's operations.

Agent World Model's released environments are FastAPI apps over SQLite (``worldfarm import awm``
turns each scenario into one of these bundles). Such a bundle is, on disk:

- ``env.json`` (:class:`CodeEnvironment`, ``"kind": "code"``): the schema, the seed rows as data
  (resolved at import against the fixed ``clock``), and the tools: each one of the app's operations
  with the JSON Schema of its arguments and the HTTP route it calls;
- ``app.py``: the app's code, verbatim; it runs only inside a sandboxed host process;
- ``tasks.jsonl`` (:class:`CodeTask`): instructions, each with its Python verifier (and optionally an
  evidence collector for a judge), and the flags the import found (satisfied at reset, verifier crashes).

Data bundles (``worldfarm.bundle``) have no ``kind``; a code bundle says ``"kind": "code"``. Both
share the serving contract: episodes, URLs, control plane, registry, harness.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from worldfarm.bundle import ENV_ID, RESERVED_TOOL_NAMES, Annotations, Provenance, Scalar
from worldfarm.task import Difficulty, Task

CODE_KIND: Literal["code"] = "code"
APP_FILE = "app.py"

ToolName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")]
Name = Annotated[str, Field(min_length=1, max_length=128)]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
ParamPlace = Literal["path", "query", "body", "json"]
"""Where an argument goes: a path segment, a query parameter, a field of the JSON body, or the whole body."""
TaskFlag = Literal["satisfied_at_reset", "verifier_error", "verifier_timeout", "no_verifier"]
"""Why a task is left out of ``worldfarm bench`` by default (``--include-flagged`` puts it back)."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Route(Model):
    """The HTTP request a tool call becomes: each argument goes to the path, the query or the JSON body."""

    method: HttpMethod
    path: str = Field(pattern=r"^/", description="the app's path template, e.g. /api/orders/{order_id}")
    params: dict[str, ParamPlace] = Field(default_factory=dict, description="argument name -> where it goes")

    @model_validator(mode="after")
    def _path_params_exist(self) -> Route:
        for name in re.findall(r"\{([^}]+)\}", self.path):
            if self.params.get(name) != "path":
                raise ValueError(f"the path names {{{name}}}, which no argument fills (params must map it to 'path')")
        return self


class CodeTool(Model):
    name: ToolName
    description: str = Field(min_length=1, description="the operation's summary and description, for the agent")
    input_schema: dict[str, Any] = Field(description="JSON Schema of the arguments (path, query and body together)")
    annotations: Annotations = Field(default_factory=Annotations)
    route: Route
    problems: list[str] = Field(
        default_factory=list, description="what the import found wrong (e.g. fails on its own spec's example)"
    )

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name in RESERVED_TOOL_NAMES:
            raise ValueError(f"{name!r} is reserved for the control plane or the harness; rename the tool")
        return name

    @model_validator(mode="after")
    def _arguments_are_routed(self) -> CodeTool:
        properties = set(self.input_schema.get("properties", {}))
        unrouted = properties - set(self.route.params)
        if unrouted:
            raise ValueError(f"argument {sorted(unrouted)[0]!r} has no place in route.params")
        return self


class CodeTable(Model):
    name: Name
    sql: str = Field(description="the CREATE TABLE (or CREATE VIRTUAL TABLE) statement, as the scenario wrote it")
    indexes: list[str] = Field(default_factory=list)

    @field_validator("sql")
    @classmethod
    def _is_create_table(cls, sql: str) -> str:
        if not re.match(r"^\s*CREATE\s+(VIRTUAL\s+)?TABLE\s", sql, re.IGNORECASE):
            raise ValueError("must be a single CREATE TABLE statement")
        return sql


class CodeSchema(Model):
    tables: list[CodeTable] = Field(min_length=1)


class CodeSeedTable(Model):
    """Rows of one table as data, inserted in list order (already resolved: no SQL expressions)."""

    table: Name
    columns: list[Name] = Field(min_length=1)
    rows: list[list[Scalar]]

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> CodeSeedTable:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} values for {width} columns")
        return self


class AppSource(Model):
    file: Literal["app.py"] = "app.py"
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="of the file's bytes: a changed app is a changed env.json"
    )
    scenario: str = Field(min_length=1, description="the scenario's name in the source it was imported from")


class CodeEnvironment(Model):
    """The contents of a code bundle's ``env.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    kind: Literal["code"]
    bundle_format: Literal[1] = 1
    id: str = Field(pattern=ENV_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1, description="what the world is, for the agent")
    domain: str = Field(min_length=1)
    version: str = "1.0.0"
    clock: str = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
        description="the fixed 'now' the seed was resolved against; SQL 'now' in the app is this time too",
    )
    provenance: Provenance
    schema_: CodeSchema = Field(alias="schema")
    seed: list[CodeSeedTable] = Field(default_factory=list)
    tools: list[CodeTool] = Field(min_length=1)
    app: AppSource

    @model_validator(mode="after")
    def _references(self) -> CodeEnvironment:
        _require_unique([t.name for t in self.tools], "tool")
        _require_unique([t.name for t in self.schema_.tables], "table")
        tables = {t.name for t in self.schema_.tables}
        for seed in self.seed:
            if seed.table not in tables:
                raise ValueError(f"seed names table {seed.table!r}, which the schema does not define")
        return self

    def tool(self, name: str) -> CodeTool | None:
        return next((t for t in self.tools if t.name == name), None)


class CodeVerifier(Model):
    """A Python function over paths to read-only copies of the initial and final databases.

    ``code`` mode: ``f(initial_db_path, final_db_path, final_answer=None) -> {"result": "complete" | ...}``
    (``complete`` scores 1.0). ``sql`` mode: ``f(initial_db_path, final_db_path) -> dict``, evidence
    kept in the verify result for a judge to read.
    """

    mode: Literal["code", "sql"]
    function: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    code: str = Field(min_length=1)


class TaskSource(Model):
    scenario: str
    task_idx: int = Field(ge=0)


class CodeTask(Model):
    """One line of a code bundle's ``tasks.jsonl``: no reference solution, a Python verifier."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    instruction: str = Field(min_length=1)
    verifier: CodeVerifier | None = Field(description="code mode; None when the source had none (flagged)")
    judge: CodeVerifier | None = Field(default=None, description="sql mode: evidence for an optional judge")
    flags: list[TaskFlag] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="what the import found, in words")
    difficulty: Difficulty = "medium"
    tags: list[str] = Field(default_factory=list)
    source: TaskSource

    @model_validator(mode="after")
    def _modes(self) -> CodeTask:
        if self.verifier is not None and self.verifier.mode != "code":
            raise ValueError("verifier must be a code-mode verifier (the judge holds the sql-mode one)")
        if self.judge is not None and self.judge.mode != "sql":
            raise ValueError("judge must be an sql-mode verifier")
        if self.verifier is None and "no_verifier" not in self.flags:
            raise ValueError("a task without a verifier must be flagged no_verifier")
        return self


AnyTask = Task | CodeTask
"""A task of either bundle kind."""

_TASKS: TypeAdapter[Task | CodeTask] = TypeAdapter(Task | CodeTask)


def parse_task(data: Any) -> Task | CodeTask:
    """A task line of either kind (a data task has a reference solution, a code task a Python verifier)."""
    if isinstance(data, dict) and "solution" not in data:
        return CodeTask.model_validate(data)
    return _TASKS.validate_python(data)


def _require_unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what} {name!r} is defined twice")
        seen.add(name)

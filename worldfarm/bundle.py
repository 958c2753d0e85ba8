"""The environment model: what ``env.json`` holds.

An environment is data: a SQLite schema, seed rows, and tools whose behaviour is a *program* of
parameterised SQL steps run in one transaction. Nothing in a bundle is ever executed as Python.

Program steps, in order:

- ``check``: a SELECT that must return a truthy first value, else the call fails with ``error``;
- ``query``: a SELECT whose first row (``rows="one"``) binds each column as ``:NAME__COLUMN``, or
  whose rows (``rows="all"``) bind as JSON text ``:NAME`` (use it with ``json_each``);
- ``exec``: an INSERT, UPDATE or DELETE; with ``error`` set, changing no row fails the call;
- ``return``: the last step, a SELECT whose row (``one``) or rows (``all``, as ``{"items": [...]}``)
  are the tool's structured result.

SQL sees the tool's arguments as ``:ARG`` (missing optional ones as NULL), earlier query results as
above, and the reserved ``:_now`` / ``:_today`` (the environment's fixed clock). Messages are
templates over the same names: ``"room {room_id} is not free on {check_in}"``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

BUNDLE_FORMAT: Literal[1] = 1
"""Version of the bundle format; bumped on any incompatible change to these models."""

IDENTIFIER = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
"""snake_case, no double underscores (``__`` separates a query name from its column)."""

ENV_ID = r"^[a-z0-9][a-z0-9_-]{1,63}$"

RESERVED_TOOL_NAMES = frozenset(
    {
        # control-plane operations: agents never get these as tools
        "reset",
        "fork",
        "snapshot",
        "restore",
        "verify",
        "diff",
        "trace",
        "query",
        "state",
        "get_state",
        "close",
        "close_episode",
        # the meta-tools the harness offers models trained the Agent World Model way
        "list_tools",
        "call_tool",
    }
)

NONDETERMINISTIC_SQL = re.compile(
    r"\b(random|randomblob|current_timestamp|current_date|current_time)\b|'now'",
    re.IGNORECASE,
)
"""SQL that would make two runs of the same calls differ. Tools use ``:_now`` instead of ``'now'``."""

Identifier = Annotated[str, Field(pattern=IDENTIFIER, max_length=64)]
Scalar = str | int | float | bool | None


class Model(BaseModel):
    """The base of every contract model (bundle and task): unknown keys are errors; values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Model):
    """Where an environment came from."""

    generator: str = Field(description="what made it: 'hand', 'blueprint', 'llm', 'awm-import'")
    seed: int | None = None
    model: str | None = Field(default=None, description="the LLM that wrote it, for the LLM path")
    blueprint: str | None = Field(default=None, description="the domain blueprint, for the blueprint path")


class Table(Model):
    name: Identifier
    sql: str = Field(description="the CREATE TABLE statement, with keys and CHECK constraints")
    indexes: list[str] = Field(default_factory=list, description="CREATE INDEX statements")
    description: str = ""
    volatile: list[Identifier] = Field(
        default_factory=list,
        description="columns whose values are incidental (generated ids, timestamps): ignored when "
        "comparing an episode's state with a replay of the reference solution",
    )

    @field_validator("sql")
    @classmethod
    def _is_create_table(cls, sql: str) -> str:
        if not re.match(r"^\s*CREATE\s+TABLE\s", sql, re.IGNORECASE):
            raise ValueError("must be a single CREATE TABLE statement")
        return sql

    @field_validator("indexes")
    @classmethod
    def _are_create_index(cls, indexes: list[str]) -> list[str]:
        for sql in indexes:
            if not re.match(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s", sql, re.IGNORECASE):
                raise ValueError(f"{sql[:60]!r} is not a CREATE INDEX statement")
        return indexes


class Schema(Model):
    tables: list[Table] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Schema:
        _require_unique([t.name for t in self.tables], "table")
        return self


class SeedTable(Model):
    """Rows of one table, inserted in list order (tables in dependency order)."""

    table: Identifier
    columns: list[Identifier] = Field(min_length=1)
    rows: list[list[Scalar]]

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> SeedTable:
        _require_unique(self.columns, "column")
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} values for {width} columns")
        return self


class Annotations(Model):
    """MCP tool annotations (hints to the agent), under their MCP names."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    read_only: bool = Field(default=False, alias="readOnlyHint")
    destructive: bool = Field(default=False, alias="destructiveHint")
    idempotent: bool = Field(default=False, alias="idempotentHint")
    open_world: bool = Field(default=False, alias="openWorldHint")


class CheckStep(Model):
    kind: Literal["check"]
    sql: str
    error: str = Field(min_length=1, description="what went wrong and what to do next; a template")


class QueryStep(Model):
    kind: Literal["query"]
    name: Identifier
    sql: str
    rows: Literal["one", "all"] = "one"
    error: str | None = Field(default=None, description="if set, finding no row fails the call with it")


class ExecStep(Model):
    kind: Literal["exec"]
    sql: str
    error: str | None = Field(default=None, description="if set, changing no row fails the call with it")


class ReturnStep(Model):
    kind: Literal["return"]
    sql: str
    rows: Literal["one", "all"] = "one"


Step = Annotated[CheckStep | QueryStep | ExecStep | ReturnStep, Field(discriminator="kind")]


class Tool(Model):
    name: Identifier
    description: str = Field(min_length=10, description="written for an LLM: what it does, when to use it")
    input_schema: dict[str, Any] = Field(description="JSON Schema of the arguments; additionalProperties false")
    output_schema: dict[str, Any] = Field(description="JSON Schema of the structured result (an object)")
    annotations: Annotations = Field(default_factory=Annotations)
    program: list[Step] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name in RESERVED_TOOL_NAMES:
            raise ValueError(f"{name!r} is reserved for the control plane or the harness; rename the tool")
        return name

    @model_validator(mode="after")
    def _program_shape(self) -> Tool:
        *body, last = self.program
        if last.kind != "return":
            raise ValueError("a program must end with a return step")
        if any(step.kind == "return" for step in body):
            raise ValueError("a program has exactly one return step, the last")
        _require_unique([s.name for s in body if isinstance(s, QueryStep)], "query name")
        for step in self.program:
            if NONDETERMINISTIC_SQL.search(step.sql):
                raise ValueError(f"step SQL {step.sql[:60]!r} is not deterministic; use :_now for the time")
        return self

    @property
    def arguments(self) -> set[str]:
        return set(self.input_schema.get("properties", {}))


class Environment(Model):
    """The contents of ``env.json``."""

    bundle_format: Literal[1] = BUNDLE_FORMAT
    id: str = Field(pattern=ENV_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1, description="what the world is, for the agent")
    domain: str = Field(min_length=1)
    version: str = "1.0.0"
    clock: str = Field(
        default="2026-03-02T09:00:00",
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
        description="the fixed 'now' of this world (ISO 8601, no zone): tools see it as :_now",
    )
    provenance: Provenance = Field(default_factory=lambda: Provenance(generator="hand"))
    schema_: Schema = Field(alias="schema")
    seed: list[SeedTable] = Field(default_factory=list)
    tools: list[Tool] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _references(self) -> Environment:
        _require_unique([t.name for t in self.tools], "tool")
        tables = {t.name for t in self.schema_.tables}
        for seed in self.seed:
            if seed.table not in tables:
                raise ValueError(f"seed names table {seed.table!r}, which the schema does not define")
        return self

    def tool(self, name: str) -> Tool | None:
        return next((t for t in self.tools if t.name == name), None)


def _require_unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what} {name!r} is defined twice")
        seen.add(name)

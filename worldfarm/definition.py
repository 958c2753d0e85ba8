"""An environment in full, for operators: what ``GET /v1/envs/{env}/definition`` answers (never agents).

Its tables with their columns and relations (foreign keys, read from the built template), its tools with
their input and output schemas and programs, and its tasks with their verifiers and reference solutions.
The web console's environment browser shows it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from worldfarm.bundle import Tool
from worldfarm.task import Task


class Column(BaseModel):
    name: str
    type: str
    primary_key: bool = False
    not_null: bool = False


class Relation(BaseModel):
    """A foreign key: ``column`` of this table refers to ``table.to_column``."""

    column: str
    table: str
    to_column: str


class TableDefinition(BaseModel):
    name: str
    description: str = ""
    sql: str
    columns: list[Column]
    relations: list[Relation] = Field(default_factory=list)
    rows: int = Field(description="rows in the seed data")


class EnvDefinition(BaseModel):
    id: str
    title: str
    description: str
    domain: str
    version: str
    tables: list[TableDefinition]
    tools: list[Tool]
    tasks: list[Task]

"""What each stage asks the model for: pieces of the bundle contract, cut from its own models.

Every stage model is built from fields of :class:`worldfarm.Environment` and :class:`worldfarm.Task`
(their types, constraints and descriptions, reused as they are), or is a contract model itself
(:class:`worldfarm.Schema`, :class:`worldfarm.Tool`). The JSON Schema sent to the model is derived
from these, so the model is asked for exactly what the loader accepts and cannot drift from it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from worldfarm import Environment, Schema, Task, Tool

_CONFIG = ConfigDict(extra="forbid", frozen=True)


def part(model: type[BaseModel], name: str, fields: list[str], doc: str) -> type[BaseModel]:
    """A model of some of ``model``'s fields, each with its own type and constraints."""
    definitions: dict[str, Any] = {f: (model.model_fields[f].annotation, model.model_fields[f]) for f in fields}
    made: type[BaseModel] = create_model(name, __config__=_CONFIG, __doc__=doc, **definitions)
    return made


def batch(item: type[BaseModel], name: str, field: str, doc: str) -> type[BaseModel]:
    """A model holding a non-empty list of ``item`` under ``field``."""
    definitions: dict[str, Any] = {field: (list[item], Field(min_length=1))}  # type: ignore[valid-type]
    made: type[BaseModel] = create_model(name, __config__=_CONFIG, __doc__=doc, **definitions)
    return made


Scenario = part(
    Environment,
    "Scenario",
    ["id", "title", "description", "domain", "clock"],
    "One scenario: what the environment is (domain: its category).",
)
Scenarios = batch(Scenario, "Scenarios", "scenarios", "New scenarios.")
TaskIdea = part(
    Task, "TaskIdea", ["id", "instruction", "difficulty", "tags"], "A task as a user would ask it: a requirement."
)
TaskIdeas = batch(TaskIdea, "TaskIdeas", "tasks", "The tasks an environment must support.")
SeedData = part(Environment, "SeedData", ["seed"], "The initial rows of every table, in dependency order.")
Toolset = part(Environment, "Toolset", ["tools"], "The tools of the environment, as programs of SQL steps.")
TaskCheck = part(
    Task,
    "TaskCheck",
    ["instruction", "verifier", "solution", "branch", "refusal"],
    "One task's reference solution and verifier (and its instruction, reworded only if asked), and whether it is "
    "conditional (branch) or a request to refuse (refusal).",
)

STAGE_MODELS: dict[str, type[BaseModel]] = {
    "scenarios": Scenarios,
    "tasks": TaskIdeas,
    "schema": Schema,
    "seed": SeedData,
    "tools": Toolset,
    "tool": Tool,
    "solution": TaskCheck,
}
"""The model each request is answered with, by the name the request gives it."""


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of ``model`` as sent to the endpoint (without pydantic's OpenAPI-only keywords)."""
    schema: dict[str, Any] = _plain(model.model_json_schema())
    return schema


def response_format(name: str) -> dict[str, Any]:
    """The ``response_format`` of a structured-output request for the stage model called ``name``."""
    return {
        "type": "json_schema",
        "json_schema": {"name": f"worldfarm_{name}", "schema": json_schema(STAGE_MODELS[name]), "strict": False},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not _openapi_discriminator(k, v)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _openapi_discriminator(key: str, value: Any) -> bool:
    return key == "discriminator" and isinstance(value, dict) and "propertyName" in value

"""The published JSON Schemas of ``env.json`` and of a ``tasks.jsonl`` line, generated from the models.

Each describes both bundle kinds (``oneOf``): data bundles (``worldfarm.bundle``, ``worldfarm.task``)
and code bundles (``worldfarm.codeenv``). ``SCHEMA_VERSION`` numbers the contract they describe and
is in each schema's ``$id``: 1 was data bundles alone, 2 added code bundles.

``worldfarm schema`` rewrites them; ``worldfarm schema --check`` (run by ``scripts/check``) fails when
the committed files no longer match the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from worldfarm.bundle import Environment
from worldfarm.codeenv import CodeEnvironment, CodeTask
from worldfarm.task import Task

HERE = Path(__file__).parent
BASE_ID = "https://worldfarm.dev/schemas"
SCHEMA_VERSION = 2


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every published schema."""
    env = _one_of(TypeAdapter(Environment | CodeEnvironment).json_schema(by_alias=True))
    task = _one_of(TypeAdapter(Task | CodeTask).json_schema(by_alias=True))
    return {
        "env.schema.json": _publish(env, "env", "An environment bundle's env.json"),
        "task.schema.json": _publish(task, "task", "One line of an environment bundle's tasks.jsonl"),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _one_of(schema: dict[str, Any]) -> dict[str, Any]:
    """The kinds exclude each other (each forbids the other's keys): say so, as ``oneOf``."""
    return {("oneOf" if key == "anyOf" else key): value for key, value in schema.items()}


def _publish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}/{name}-{SCHEMA_VERSION}.json",
        **schema,
        "title": title,
    }

"""The published JSON Schemas of ``env.json`` and of a ``tasks.jsonl`` line, generated from the models.

``worldfarm schema`` rewrites them; ``worldfarm schema --check`` (run by ``scripts/check``) fails when
the committed files no longer match the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from worldfarm.bundle import BUNDLE_FORMAT, Environment
from worldfarm.task import Task

HERE = Path(__file__).parent
BASE_ID = "https://worldfarm.dev/schemas"


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every published schema."""
    env = Environment.model_json_schema(by_alias=True)
    task = Task.model_json_schema(by_alias=True)
    return {
        "env.schema.json": _publish(env, "env", "An environment bundle's env.json"),
        "task.schema.json": _publish(task, "task", "One line of an environment bundle's tasks.jsonl"),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _publish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}/{name}-{BUNDLE_FORMAT}.json",
        **schema,
        "title": title,
    }

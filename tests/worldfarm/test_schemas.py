"""The published JSON Schemas match the models, and the example bundles validate against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from worldfarm.schemas import HERE, render, schemas


@pytest.mark.parametrize("name", sorted(schemas()))
def test_the_committed_schema_is_what_the_models_generate(name: str) -> None:
    assert (HERE / name).read_text() == render(schemas()[name]), "run `worldfarm schema` and commit the result"


def test_the_example_bundles_validate_against_the_published_schemas(examples: Path) -> None:
    env_schema = json.loads((HERE / "env.schema.json").read_text())
    task_schema = json.loads((HERE / "task.schema.json").read_text())
    for bundle in sorted(p for p in examples.iterdir() if (p / "env.json").is_file()):
        jsonschema.validate(json.loads((bundle / "env.json").read_text()), env_schema)
        for line in (bundle / "tasks.jsonl").read_text().splitlines():
            jsonschema.validate(json.loads(line), task_schema)


def test_the_published_schema_refuses_unknown_keys_in_either_kind() -> None:
    env_schema = json.loads((HERE / "env.schema.json").read_text())
    for kind in ({}, {"kind": "code"}):
        error = next(jsonschema.Draft202012Validator(env_schema).iter_errors({"id": "x", "colour": "blue", **kind}))
        assert "is not valid under any of the given schemas" in error.message
        assert any("Additional properties are not allowed ('colour'" in e.message for e in error.context)


@pytest.mark.slow  # the AWM import behind awm_envs runs sandboxed hosts
def test_imported_code_bundles_validate_against_the_published_schemas(awm_envs: Path) -> None:
    env_schema = json.loads((HERE / "env.schema.json").read_text())
    task_schema = json.loads((HERE / "task.schema.json").read_text())
    for bundle in sorted(p for p in awm_envs.iterdir() if (p / "env.json").is_file()):
        jsonschema.validate(json.loads((bundle / "env.json").read_text()), env_schema)
        for line in (bundle / "tasks.jsonl").read_text().splitlines():
            jsonschema.validate(json.loads(line), task_schema)

"""What the model is asked for is the bundle contract itself, and every stage's prompt says what it must produce."""

from __future__ import annotations

from typing import Any

import pytest

import generator.llm
from generator.llm import STAGE_MODELS, json_schema, prompt, versions
from generator.llm.models import Scenario, TaskCheck, TaskIdea
from worldfarm import Environment, Schema, Task, Tool

STAGES = ["scenarios", "tasks", "schema", "seed", "tools", "solution", "correct"]


def properties(model: Any) -> dict[str, Any]:
    return dict(model.model_json_schema()["properties"])


def test_each_stage_model_has_the_contracts_own_fields_and_constraints() -> None:
    env, task = properties(Environment), properties(Task)

    assert properties(Scenario) == {k: env[k] for k in ("id", "title", "description", "domain", "clock")}
    assert properties(TaskIdea) == {k: task[k] for k in ("id", "instruction", "difficulty", "tags")}
    assert properties(TaskCheck) == {k: task[k] for k in ("instruction", "verifier", "solution", "branch", "refusal")}
    assert STAGE_MODELS["schema"] is Schema
    assert STAGE_MODELS["tool"] is Tool
    assert json_schema(Tool)["$defs"]["CheckStep"] == Tool.model_json_schema()["$defs"]["CheckStep"]
    assert "discriminator" not in str(json_schema(Tool)["properties"]["program"])


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_has_a_versioned_prompt_that_says_what_it_produces(stage: str) -> None:
    loaded = prompt(stage)

    assert loaded.version >= 1
    assert len(loaded.produces) > 40
    assert "$" in loaded.user


def test_versions_lists_every_prompt() -> None:
    assert sorted(versions()) == sorted(STAGES)


def test_a_prompt_refuses_to_render_with_a_value_missing() -> None:
    with pytest.raises(KeyError, match="env_id"):
        prompt("schema").messages(title="x")


def test_the_public_api_is_written_down_once() -> None:
    assert len(generator.llm.__all__) == len(set(generator.llm.__all__))
    assert [name for name in generator.llm.__all__ if not hasattr(generator.llm, name)] == []

"""Every example bundle meets the environment contract, run through the real runtime."""

from __future__ import annotations

from pathlib import Path

import pytest

from servers import EnvRuntime, EpisodeStore, check_environment, check_task
from tests.conftest import EXAMPLES
from worldfarm import Assertion, Verifier, find_bundles, load_bundle

BUNDLES = find_bundles(EXAMPLES)


@pytest.fixture(scope="module", params=BUNDLES, ids=[p.name for p in BUNDLES])
def runtime(request: pytest.FixtureRequest) -> EnvRuntime:
    path: Path = request.param
    return EnvRuntime(load_bundle(path))


def test_every_tool_is_described_with_schemas_for_an_llm(runtime: EnvRuntime) -> None:
    for tool in runtime.env.tools:
        assert len(tool.description.split()) >= 6, tool.name
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema["type"] == "object"
        for name, spec in tool.input_schema.get("properties", {}).items():
            assert "type" in spec or "enum" in spec, f"{tool.name}.{name} has no type"


def test_every_task_is_unsolved_at_start_and_solved_by_its_reference_solution(runtime: EnvRuntime) -> None:
    assert check_environment(runtime) == []
    assert len(runtime.bundle.tasks) >= 10


def test_the_contract_check_catches_a_task_that_is_already_solved(runtime: EnvRuntime) -> None:
    task = runtime.bundle.tasks[0]
    always = Verifier(assertions=[Assertion(sql="SELECT 1", message="always true")])
    problems = check_task(EpisodeStore(), runtime, task.model_copy(update={"verifier": always}))
    assert problems == ["the verifier already passes before anything is done"]


def test_the_contract_check_catches_a_solution_that_does_not_solve(runtime: EnvRuntime) -> None:
    task = runtime.bundle.tasks[0]
    never = Verifier(assertions=[Assertion(sql="SELECT 0", message="never true")])
    problems = check_task(EpisodeStore(), runtime, task.model_copy(update={"verifier": never}))
    assert problems == ["after the solution, assertion fails: never true"]

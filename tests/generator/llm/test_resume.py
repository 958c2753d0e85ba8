"""An interrupted run resumes from the answer cache: a rerun pays only for what the first run lacked."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.llm import generate_llm
from generator.llm.scripted import Reply, Script, ScriptedWorld
from tests.generator.llm.test_corrections import scripted_options
from worldfarm.testing import FakeLLM, Raw

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them


def test_a_run_cut_short_by_the_endpoint_resumes_paying_only_for_what_it_lacked(
    worlds: list[ScriptedWorld], seeds: Path, tmp_path: Path
) -> None:
    a, b = worlds[0], worlds[2]
    scenarios: list[Reply] = [{"scenarios": [a.scenario(), b.scenario()]}]
    failing = Script([a, b], scenarios)
    failing.defects = {("seed", b.id, ""): [Raw(401, '{"error": {"message": "the key was revoked"}}')]}
    with FakeLLM.in_thread() as llm:
        llm.responder = failing
        first = generate_llm(scripted_options(tmp_path, llm, seeds))
    with FakeLLM.in_thread() as llm:
        llm.responder = Script([a, b], scenarios)
        second = generate_llm(scripted_options(tmp_path, llm, seeds))

    assert first["kept"] == [a.id]
    assert "the key was revoked" in {d["env"]: d["reason"] for d in first["dropped"]}[b.id]
    assert second["kept"] == [a.id, b.id]
    asked = {r["response_format"]["json_schema"]["name"] for r in llm.requests}
    assert asked == {"worldfarm_seed", "worldfarm_tools", "worldfarm_solution"}
    assert all(f"Scenario id: {b.id}" in r["messages"][1]["content"] for r in llm.requests)

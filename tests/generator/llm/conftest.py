"""Fixtures of the LLM pipeline tests: blueprint bundles as the worlds a scripted model answers from."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import MIN_TASKS, build, make_env
from generator.llm.scripted import ScriptedWorld


@pytest.fixture(scope="session")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> list[ScriptedWorld]:
    """Three blueprint environments (each passes the gate): what a perfect model would write, with two
    tasks more than the gate's minimum, so a run that drops one still keeps the environment."""
    root = tmp_path_factory.mktemp("worlds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "TARGET_TASKS", MIN_TASKS + 2)
        patch.setattr(build, "CANDIDATES", MIN_TASKS + 4)
        records = [make_env(root, 0, index) for index in range(3)]
    assert all(r.ok for r in records), [r.problems for r in records]
    return [ScriptedWorld.read(root / r.env_id) for r in records]


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed scenarios in AWM's format (JSON lines with a name and a description), unlike the worlds."""
    path = tmp_path_factory.mktemp("seeds") / "seed_scenario.jsonl"
    lines = [
        '{"name": "GitHub", "description": "Code hosting: repositories, issues, pull requests and reviews.", "x": 1}',
        '{"name": "Gmail", "description": "Email: messages, labels, threads, filters and contacts."}',
    ]
    path.write_text("\n".join(lines) + "\n")
    return path

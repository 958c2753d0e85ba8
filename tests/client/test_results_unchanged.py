"""A bench run's results, rewards and trajectories stay what they were: pinned against a recorded expectation.

The expectation (``expected/*.jsonl``) was recorded before the harness and the worker were made fast
(issue 17); everything a run writes is compared to it except timings and ids. After a deliberate
change of what a run writes, record it again: ``WORLDFARM_RECORD_EXPECTED=1 pytest`` on this module.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from client import Agent, BenchOptions, Farm, NoopAgent, OracleAgent, RandomAgent, RunStore, plan_episodes, run_bench

EXPECTED = Path(__file__).parent / "expected"
RECORD = "WORLDFARM_RECORD_EXPECTED"
OPTIONS = BenchOptions(concurrency=4, progress=False)
VARYING = {"duration_s", "agent_s", "episode_id", "started_at", "started_s", "duration_ms", "timings"}
"""Keys whose values differ from run to run (timings, ids, clock times): left out of the comparison."""

AGENTS: dict[str, Agent] = {"oracle": OracleAgent(), "random": RandomAgent(calls=6, seed=3), "noop": NoopAgent()}


def without_varying(value: Any) -> Any:
    """``value`` with every key in VARYING removed, at any depth."""
    if isinstance(value, dict):
        return {key: without_varying(item) for key, item in value.items() if key not in VARYING}
    if isinstance(value, list):
        return [without_varying(item) for item in value]
    return value


def content(out: Path) -> dict[str, Any]:
    """What a bench run wrote, keyed by (env, task, trial): its results line and its trajectory."""
    written: dict[str, Any] = {}
    for line in (out / "results.jsonl").read_text().splitlines():
        result = json.loads(line)
        trajectory = json.loads((out / result["trajectory"]).read_text())
        key = f"{result['env']}/{result['task']}/{result['trial']}"
        written[key] = {"result": without_varying(result), "trajectory": without_varying(trajectory)}
    return dict(sorted(written.items()))


async def bench(farm: Farm, agent: str, out: Path) -> dict[str, Any]:
    plan = await plan_episodes(farm)
    await run_bench(farm, AGENTS[agent], plan, RunStore(out), OPTIONS)
    return content(out)


def expected(name: str, written: dict[str, Any]) -> dict[str, Any]:
    """The recorded expectation ``name`` (recorded from ``written`` when WORLDFARM_RECORD_EXPECTED is set)."""
    path = EXPECTED / f"{name}.jsonl"
    if os.environ.get(RECORD):
        path.parent.mkdir(exist_ok=True)
        lines = (json.dumps({key: episode}, sort_keys=True) for key, episode in written.items())
        path.write_text("\n".join(lines) + "\n")
    recorded: dict[str, Any] = {}
    for line in path.read_text().splitlines():  # one episode a line, so that a change shows as lines in a diff
        recorded.update(json.loads(line))
    return recorded


@pytest.mark.parametrize("agent", sorted(AGENTS))
async def test_a_bench_writes_the_same_results_and_trajectories_as_recorded(
    farm: Farm, agent: str, tmp_path: Path
) -> None:
    written = await bench(farm, agent, tmp_path)

    recorded = expected(agent, written)
    assert written.keys() == recorded.keys()
    for key, episode in written.items():
        assert episode == recorded[key], key


@pytest.mark.parametrize("agent", ["oracle", "random"])
async def test_environment_errors_are_written_as_recorded(defective_farm: Farm, agent: str, tmp_path: Path) -> None:
    written = await bench(defective_farm, agent, tmp_path)

    recorded = expected(f"defective-{agent}", written)
    assert written.keys() == recorded.keys()
    assert any(e["result"]["outcome"] == "environment_error" for e in written.values())
    for key, episode in written.items():
        assert episode == recorded[key], key

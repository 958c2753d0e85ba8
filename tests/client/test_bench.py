"""Bench runs: every planned episode once, results as they finish, resumable, a summary, a report."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from client import AgentContext, AgentResult, BenchError, EpisodeResult, Farm, NoopAgent, OracleAgent, RandomAgent
from client.bench import BenchOptions, plan_episodes, run_bench
from client.store import RunStore
from tests.client.conftest import EXAMPLE_ENVS, EXAMPLE_TASKS

QUIET = BenchOptions(concurrency=4, progress=False)


def lines(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]


async def test_the_default_plan_is_every_task_of_every_environment_times_the_trials(farm: Farm) -> None:
    plan = await plan_episodes(farm, trials=2)

    assert len(plan) == 2 * len(EXAMPLE_TASKS)
    assert {(env, task) for env, task, _ in plan} == set(EXAMPLE_TASKS)
    assert {trial for _, _, trial in plan} == {0, 1}


async def test_a_plan_takes_ids_globs_and_env_slash_task(farm: Farm) -> None:
    plan = await plan_episodes(farm, envs=["ho*"], tasks=["hotel/cancel-*", "suite-rate"])

    assert sorted(task for _, task, _ in plan) == ["cancel-farid", "suite-rate"]


async def test_a_plan_naming_what_the_farm_lacks_fails_before_running(farm: Farm) -> None:
    with pytest.raises(BenchError, match="atlantis"):
        await plan_episodes(farm, envs=["atlantis"])
    with pytest.raises(BenchError, match="fly-away"):
        await plan_episodes(farm, tasks=["fly-away"])


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
async def test_a_bench_of_the_oracle_scores_one_everywhere_and_writes_each_episode(farm: Farm, tmp_path: Path) -> None:
    plan = await plan_episodes(farm, trials=2)

    summary = await run_bench(farm, OracleAgent(), plan, RunStore(tmp_path), QUIET)

    written = lines(tmp_path)
    assert len(written) == len(plan)
    assert {(r["env"], r["task"], r["trial"]) for r in written} == set(plan)
    for record in written:
        assert {"env", "task", "trial", "agent", "reward", "outcome"} <= set(record)
        assert record["reward"] == 1.0
        assert record["outcome"] == "success"
        trajectory = json.loads((tmp_path / str(record["trajectory"])).read_text())
        assert trajectory["trace"]
        assert trajectory["reward_info"]["passed"]
    assert summary["success_rate"] == 1.0
    assert summary["pass_k"] == {"1": 1.0, "2": 1.0}
    assert set(summary["by_env"]) == set(EXAMPLE_ENVS)
    assert json.loads((tmp_path / "summary.json").read_text())["episodes"] == len(plan)


async def test_a_bench_of_noop_scores_zero_everywhere(farm: Farm, tmp_path: Path) -> None:
    summary = await run_bench(farm, NoopAgent(), await plan_episodes(farm), RunStore(tmp_path), QUIET)

    assert summary["counted"] == len(EXAMPLE_TASKS)
    assert summary["success_rate"] == 0.0
    assert summary["mean_reward"] == 0.0


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
async def test_a_rerun_after_an_interruption_loses_and_duplicates_nothing(farm: Farm, tmp_path: Path) -> None:
    plan = await plan_episodes(farm, trials=2)
    finished: list[EpisodeResult] = []

    def stop_after_five(result: EpisodeResult) -> None:
        finished.append(result)
        if len(finished) == 5:
            bench.cancel()  # what Ctrl-C does to asyncio.run: episodes in flight are cut short

    bench = asyncio.create_task(
        run_bench(farm, RandomAgent(), plan, RunStore(tmp_path), QUIET, on_result=stop_after_five)
    )
    with pytest.raises(asyncio.CancelledError):
        await bench
    before = lines(tmp_path)
    with (tmp_path / "results.jsonl").open("a") as results:
        results.write('{"env": "hotel", "task": "cut-short-by-a-cra')  # a line a crash left half written

    ran_again: list[EpisodeResult] = []
    summary = await run_bench(farm, RandomAgent(), plan, RunStore(tmp_path), QUIET, on_result=ran_again.append)

    after = lines(tmp_path)
    keys = [(r["env"], r["task"], r["trial"]) for r in after]
    assert 5 <= len(before) < len(plan)
    assert after[: len(before)] == before
    assert sorted(keys) == sorted(plan)  # every episode exactly once
    assert len(ran_again) == len(plan) - len(before)
    assert summary["episodes"] == len(plan)
    sessions = json.loads((tmp_path / "run.json").read_text())["sessions"]
    assert [s["skipped"] for s in sessions] == [0, len(before)]


async def test_results_of_another_agent_never_mix_into_a_run(farm: Farm, tmp_path: Path) -> None:
    plan = await plan_episodes(farm, tasks=["suite-rate"])
    await run_bench(farm, NoopAgent(), plan, RunStore(tmp_path), QUIET)

    with pytest.raises(BenchError, match="another --out"):
        await run_bench(farm, OracleAgent(), plan, RunStore(tmp_path), QUIET)


async def test_environment_errors_are_counted_apart_and_run_again_on_resume(
    defective_farm: Farm, tmp_path: Path
) -> None:
    plan = await plan_episodes(defective_farm, tasks=["cancel-farid", "suite-rate"])

    first = await run_bench(defective_farm, OracleAgent(), plan, RunStore(tmp_path), QUIET)
    second = await run_bench(defective_farm, OracleAgent(), plan, RunStore(tmp_path), QUIET)

    assert first["environment_errors"] == 1
    assert first["counted"] == 1
    assert first["success_rate"] == 1.0  # the broken task is not a failure of the agent
    assert first["outcomes"]["environment_error"] == 1
    assert second["episodes"] == 2  # the error was run again, and the latest line of each episode counts
    assert len(lines(tmp_path)) == 3


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
async def test_episodes_run_concurrently_up_to_the_limit(farm: Farm, tmp_path: Path) -> None:
    inside = most = entered = 0
    five_in = asyncio.Event()

    class Counting(NoopAgent):
        async def run(self, ctx: AgentContext) -> AgentResult:
            nonlocal inside, most, entered
            inside, entered = inside + 1, entered + 1
            most = max(most, inside)
            if entered == 5:
                five_in.set()
            if entered <= 5:  # the first five wait for each other: they must all be in at once
                async with asyncio.timeout(10):
                    await five_in.wait()
            await ctx.episode.call_tool("list_room_types", {})
            inside -= 1
            return await super().run(ctx)

    plan = await plan_episodes(farm, trials=3)
    await run_bench(farm, Counting(), plan, RunStore(tmp_path), BenchOptions(concurrency=5, progress=False))

    assert most == 5

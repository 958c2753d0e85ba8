"""The issue's promise, as a user runs it: ``worldfarm import awm tests/fixtures/awm --out envs-awm`` then
``worldfarm up --envs envs-awm``: the fixture served over MCP through real processes, isolated episodes,
the verifier scoring on the control plane, the harness benchmarking it without the flagged tasks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client import BenchOptions, Farm, RunStore, plan_episodes, run_bench
from client.agents.baselines import NoopAgent
from tests.cli.conftest import RunningFarm as UpFarm
from tests.cli.conftest import start_farm
from tests.conftest import AWM_FIXTURE, ROOT, TOKEN, stop_process

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("envs-awm")
    command = [sys.executable, "-m", "cli", "import", "awm", str(AWM_FIXTURE), "--out", str(out)]
    command += ["--call-time-limit", "2", "--verify-time-limit", "3", "--no-progress", "--workers", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "3 of 3 scenarios imported" in done.stdout
    assert "1 satisfied at reset, 1 verifier errors, 1 verifier time-outs; 7 tools fail" in done.stdout
    return out


@pytest.fixture(scope="module")
def awm_farm(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpFarm]:
    farm = start_farm(imported, tmp_path_factory.mktemp("farm"), "--workers", "2")
    try:
        yield farm
    finally:
        stop_process(farm.process)


async def test_the_imported_fixture_is_served_over_mcp_with_isolated_episodes_and_scored(awm_farm: UpFarm) -> None:
    async with Farm(awm_farm.url, TOKEN) as farm:
        assert sorted(await farm.env_ids()) == ["clinic_scheduler_7", "online_bookstore_12", "photo_gallery_3"]
        async with farm.episode("clinic_scheduler_7", "task-0") as mine, farm.episode("clinic_scheduler_7") as other:
            booking = {"doctor_id": 1, "starts_at": "2026-03-05 09:30:00", "reason": "Rash on the arm"}
            booked = await mine.call_tool("book_appointment", booking)
            assert not booked.is_error, booked.text
            assert booked.structured == {**{k: v for k, v in booking.items()}, "id": 5, "status": "booked"}
            theirs = await other.call_tool("list_appointments", {})
            assert theirs.structured is not None
            assert [a["id"] for a in theirs.structured["items"]] == [4, 2, 1]
            verdict = await mine.verify()
            assert verdict.passed
            assert verdict.evidence is not None
            assert verdict.evidence.returned["appointments"][-1] == [
                1,
                "2026-03-05 09:30:00",
                "Rash on the arm",
                "booked",
            ]
            assert not (await other.verify(task_id="task-0")).passed


async def test_misbehaving_code_is_contained_on_a_real_farm_and_the_worker_serves_on(awm_farm: UpFarm) -> None:
    async with Farm(awm_farm.url, TOKEN) as farm, farm.episode("photo_gallery_3") as episode:
        probe = await episode.call_tool("backup_gallery", {})
        assert probe.is_error
        assert "starting a process (subprocess.Popen) is not allowed here" in probe.text
        followers = await episode.call_tool("count_followers", {})
        assert followers.structured == {"count": 2}
        described = await farm.request("GET", f"{episode.mcp_url.split('/envs/')[0]}/v1/envs/photo_gallery_3")
        assert described["host"]["failures"][-1]["kind"] == "violation"


async def test_the_harness_leaves_flagged_tasks_out_and_reports_the_rest(awm_farm: UpFarm, tmp_path: Path) -> None:
    async with Farm(awm_farm.url, TOKEN) as farm:
        plan = await plan_episodes(farm, envs=["online_bookstore_12"])
        assert sorted(task for _, task, _ in plan) == [f"task-{i}" for i in (0, 1, 2, 3, 4, 6, 9)]
        everything = await plan_episodes(farm, envs=["online_bookstore_12"], include_flagged=True)
        assert len(everything) == 10
        summary = await run_bench(farm, NoopAgent(), plan, RunStore(tmp_path / "run"), BenchOptions(progress=False))
    assert summary["episodes"] == 7
    results = [json.loads(line) for line in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    assert {r["outcome"] for r in results} <= {"failure", "agent_error"}
    assert all(r["reward"] == 0.0 for r in results)

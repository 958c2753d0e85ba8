"""``worldfarm bench`` and ``worldfarm report`` as a user runs them: real processes against a real worker."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.client.conftest import EXAMPLE_TASKS
from tests.conftest import ROOT, Process
from worldfarm.testing import FakeLLM, text, tool_calls

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


def worldfarm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_bench_of_the_oracle_from_the_environment_variables_prints_a_perfect_summary_and_a_report(
    worker: Process, tmp_path: Path
) -> None:
    out = tmp_path / "oracle"
    farm = {"WORLDFARM_URL": worker.url, "WORLDFARM_TOKEN": worker.token}

    done = worldfarm("bench", "--agent", "oracle", "--out", str(out), "--concurrency", "4", "--no-progress", env=farm)

    assert done.returncode == 0, done.stderr
    assert "success rate: 100.0%" in done.stdout
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(results) == len(EXAMPLE_TASKS)
    html = (out / "report.html").read_text()
    assert html.count("<svg") >= 5
    assert "http://" not in html.split("<body>")[0]
    assert "# worldfarm bench: oracle" in (out / "report.md").read_text()


def test_report_rebuilds_the_report_of_a_run_directory(worker: Process, tmp_path: Path) -> None:
    out = tmp_path / "noop"
    flags = ["--farm", worker.url, "--token", worker.token, "--no-progress", "--no-report", "--tasks", "suite-rate"]
    assert worldfarm("bench", "--agent", "noop", "--out", str(out), *flags).returncode == 0
    assert not (out / "report.html").exists()

    done = worldfarm("report", str(out))

    assert done.returncode == 0, done.stderr
    assert "0.0%" in (out / "report.html").read_text()


def test_bench_exits_non_zero_with_a_clear_message_when_the_farm_is_unreachable(tmp_path: Path) -> None:
    done = worldfarm("bench", "--agent", "noop", "--farm", "http://127.0.0.1:9", "--token", "t", "--out", str(tmp_path))

    assert done.returncode == 2
    assert "cannot reach the farm at http://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr


def test_bench_of_the_openai_agent_without_a_model_says_what_is_missing(worker: Process, tmp_path: Path) -> None:
    done = worldfarm(
        "bench", "--agent", "openai", "--farm", worker.url, "--token", worker.token, "--out", str(tmp_path)
    )

    assert done.returncode == 2
    assert "--model" in done.stderr


def test_report_of_a_directory_without_a_run_says_so(tmp_path: Path) -> None:
    done = worldfarm("report", str(tmp_path))

    assert done.returncode == 2
    assert "holds no bench run" in done.stderr


async def bench_process(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """``worldfarm bench ARGS`` as a child process, while this event loop keeps serving the fake model."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "bench", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env={**os.environ, **env},
    )  # fmt: skip
    async with asyncio.timeout(120):
        out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_bench_of_the_openai_agent_runs_a_model_end_to_end(worker: Process, llm: FakeLLM, tmp_path: Path) -> None:
    llm.script(tool_calls(("cancel_booking", {"booking_id": 6})), text("Cancelled booking 6."))
    farm = {"WORLDFARM_URL": worker.url, "WORLDFARM_TOKEN": worker.token, "OPENAI_BASE_URL": llm.base_url}
    flags = ["--model", "fake-8b", "--temperature", "0.3", "--max-turns", "5", "--max-tokens", "256"]

    status, out, err = await bench_process(
        "--agent", "openai", *flags, "--tasks", "cancel-farid", "--out", str(tmp_path), "--no-progress", env=farm
    )

    assert status == 0, err
    assert "success rate: 100.0%" in out
    sent = llm.requests[0]
    assert (sent["model"], sent["temperature"], sent["max_tokens"]) == ("fake-8b", 0.3, 256)
    trajectory = json.loads((tmp_path / "trajectories/hotel/cancel-farid/0.json").read_text())
    assert [m["role"] for m in trajectory["messages"]] == ["system", "user", "assistant", "tool", "assistant"]
    assert trajectory["usage"]["prompt_tokens"] == 200


async def test_bench_of_a_command_agent_runs_the_example_mcp_agent(
    worker: Process, llm: FakeLLM, tmp_path: Path
) -> None:
    llm.script(tool_calls(("cancel_booking", {"booking_id": 6})), text("Cancelled booking 6."))
    env = {"WORLDFARM_URL": worker.url, "WORLDFARM_TOKEN": worker.token, "OPENAI_BASE_URL": llm.base_url}
    command = f"{sys.executable} {ROOT / 'examples/agents/mcp_chat_agent.py'} {{mcp_url}} {{instruction}}"

    status, out, err = await bench_process(
        "--agent", "command", "--command", command, "--tasks", "cancel-farid", "--out", str(tmp_path), env=env
    )

    assert status == 0, err
    assert "success rate: 100.0%" in out
    line = json.loads((tmp_path / "results.jsonl").read_text())
    assert (line["agent"], line["answer"], line["tool_calls"]) == ("command", "Cancelled booking 6.", 1)

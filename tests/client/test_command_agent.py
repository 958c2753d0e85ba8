"""The command agent: an external program given the MCP URL and the instruction, bounded in time, its answer read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from client import CommandAgent, Farm, run_episode
from client.agents import read_answer
from tests.conftest import ROOT
from worldfarm.testing import FakeLLM, text, tool_calls

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them

EXAMPLE_AGENT = str(ROOT / "examples" / "agents" / "mcp_chat_agent.py")


async def test_the_example_mcp_agent_solves_a_task_driven_by_a_model(farm: Farm, llm: FakeLLM) -> None:
    llm.script(
        tool_calls(("search_guests", {"query": "Farid"})),
        tool_calls(("cancel_booking", {"booking_id": 6})),
        text("Booking 6 is cancelled."),
    )
    agent = CommandAgent(
        [sys.executable, EXAMPLE_AGENT, "{mcp_url}", "{instruction}"],
        env={"OPENAI_BASE_URL": llm.base_url, "OPENAI_MODEL": "fake"},
    )

    run = await run_episode(farm, agent, "hotel", "cancel-farid", time_limit=60)

    assert run.result.outcome == "success"
    assert run.result.reward == 1.0
    assert run.result.answer == "Booking 6 is cancelled."
    assert run.result.tool_calls == 2  # from the worker's trace: the harness never saw these calls
    assert [t.tool for t in run.trajectory.trace] == ["search_guests", "cancel_booking"]
    assert (run.result.prompt_tokens, run.result.completion_tokens) == (300, 60)
    assert llm.requests[0]["messages"][1]["content"].startswith("Farid")


def script(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "agent.py"
    path.write_text(body)
    return [sys.executable, str(path)]


async def test_the_program_gets_the_episode_in_its_arguments_and_environment_but_not_the_token(
    farm: Farm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORLDFARM_TOKEN", "secret")
    body = (
        "import json, os, sys\n"
        "keys = ['WORLDFARM_MCP_URL', 'WORLDFARM_EPISODE_ID', 'WORLDFARM_INSTRUCTION', 'WORLDFARM_TOKEN']\n"
        "seen = {'argv': sys.argv[1:], 'env': {k: os.environ.get(k) for k in keys}}\n"
        "print(json.dumps({'answer': json.dumps(seen)}))\n"
    )
    agent = CommandAgent([*script(tmp_path, body), "{mcp_url}", "{episode_id}"])

    run = await run_episode(farm, agent, "hotel", "suite-rate")

    seen = json.loads(run.result.answer or "{}")
    assert seen["argv"] == [seen["env"]["WORLDFARM_MCP_URL"], seen["env"]["WORLDFARM_EPISODE_ID"]]
    assert seen["argv"][0].endswith(f"/envs/hotel/e/{run.result.episode_id}/mcp")
    assert seen["env"]["WORLDFARM_INSTRUCTION"].startswith("How much")
    assert seen["env"]["WORLDFARM_TOKEN"] is None


async def test_a_program_that_fails_is_an_agent_error_with_its_last_words(farm: Farm, tmp_path: Path) -> None:
    agent = CommandAgent(script(tmp_path, "import sys\nprint('giving up', file=sys.stderr)\nsys.exit(3)\n"))

    run = await run_episode(farm, agent, "hotel", "cancel-farid")

    assert run.result.outcome == "agent_error"
    assert run.result.error == "exit status 3: giving up"
    assert run.trajectory.notes["exit_status"] == 3


async def test_a_program_past_its_time_is_stopped_with_everything_it_started(farm: Farm, tmp_path: Path) -> None:
    child_pid = tmp_path / "child.pid"
    body = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"open({str(child_pid)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(120)\n"
    )
    agent = CommandAgent(script(tmp_path, body), grace=1.0)

    run = await run_episode(farm, agent, "hotel", "cancel-farid", time_limit=2.0)

    assert run.result.outcome == "timeout"
    assert run.result.agent_status == "timeout"
    assert not running(run.trajectory.notes["pid"])
    assert not running(int(child_pid.read_text()))  # what it started went with it


def running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize(
    ("stdout", "answer"),
    [
        ('thinking...\n{"answer": "Room 12"}\n', "Room 12"),
        ('{"answer": "first"}\n{"answer": "second"}\nbye\n', "second"),
        ("line one\nthe answer is 42\n\n", "the answer is 42"),
        ('{"answer": 42}\n', "42"),
        ('{"not": "an answer"}\n', '{"not": "an answer"}'),
        ("", None),
    ],
)
def test_the_final_answer_is_the_last_answer_line_else_the_last_line(stdout: str, answer: str | None) -> None:
    assert read_answer(stdout)[0] == answer


def test_usage_reported_on_the_answer_line_is_read() -> None:
    _, usage = read_answer('{"answer": "ok", "usage": {"prompt_tokens": 12, "completion_tokens": 3}}')

    assert usage is not None
    assert (usage.prompt_tokens, usage.completion_tokens) == (12, 3)


async def test_a_program_that_dies_of_an_exception_group_is_recorded_with_the_exception_inside(
    farm: Farm, tmp_path: Path
) -> None:
    body = (
        "import asyncio, httpx2\n"
        "async def main():\n"
        "    async with httpx2.AsyncClient() as http, asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(http.post('http://127.0.0.1:9/v1/chat/completions'))\n"
        "asyncio.run(main())\n"
    )
    agent = CommandAgent(script(tmp_path, body))

    run = await run_episode(farm, agent, "hotel", "cancel-farid", time_limit=60)

    assert run.result.outcome == "agent_error"
    assert run.result.error is not None
    assert run.result.error.startswith("exit status 1: httpx2.ConnectError:")

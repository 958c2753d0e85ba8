"""``worldfarm episode``: what it says when no farm runs or no token is known, and ids that look like options."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from cli.main import dashed_values
from tests.conftest import ROOT, Process

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


def free_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def worldfarm(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("WORLDFARM_URL", "WORLDFARM_TOKEN")}
    command = [sys.executable, "-m", "cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env={**environment, **env}, timeout=60, check=False)


def test_with_no_farm_running_it_says_so_and_how_to_start_one() -> None:
    done = worldfarm("episode", "new", "hotel", "--farm", free_url())
    assert done.returncode == 2
    assert "no farm is running at" in done.stderr
    assert "worldfarm up" in done.stderr
    assert "Traceback" not in done.stderr


def test_with_a_farm_running_and_no_token_it_asks_for_the_token(live_worker: Process) -> None:
    done = worldfarm("episode", "new", "hotel", "--farm", live_worker.url)
    assert done.returncode == 2
    assert "no token for the farm at" in done.stderr
    assert "--token" in done.stderr


def test_an_episode_id_that_starts_with_a_dash_is_taken_as_the_id(live_worker: Process) -> None:
    done = worldfarm("episode", "show", "-3jw5QOdoesnotexist", "--farm", live_worker.url, "--token", live_worker.token)
    assert done.returncode == 2
    assert "arguments are required" not in done.stderr
    assert "-3jw5QOdoesnotexist" in done.stderr  # the farm's own answer: no such episode


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["episode", "close", "-abc"], ["episode", "close", "--", "-abc"]),
        (["episode", "show", "--farm", "http://x", "-abc"], ["episode", "show", "--farm", "http://x", "--", "-abc"]),
        (["episode", "show", "--token", "-t0k", "-abc"], ["episode", "show", "--token=-t0k", "--", "-abc"]),
        (["episode", "show", "abc", "--farm=u"], ["episode", "show", "abc", "--farm=u"]),
        (["episode", "new", "hotel", "--task", "t"], ["episode", "new", "hotel", "--task", "t"]),
        (["bench", "--token", "-t0k"], ["bench", "--token=-t0k"]),
    ],
)
def test_values_that_start_with_a_dash_are_kept_as_values(argv: list[str], expected: list[str]) -> None:
    assert dashed_values(argv) == expected


def test_the_tour_scripts_explain_their_misuse_without_a_traceback() -> None:
    connect = ROOT / "examples" / "tour" / "connect.py"
    for args in ([], ["http://127.0.0.1:8000/v1/episodes/abc"]):
        done = subprocess.run([sys.executable, str(connect), *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 1
        assert "usage:" in done.stderr
    env = {**os.environ, "WORLDFARM_URL": free_url()}
    env.pop("WORLDFARM_TOKEN", None)
    score = ROOT / "examples" / "tour" / "score.py"
    done = subprocess.run([sys.executable, str(score)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "no farm is running at" in done.stderr
    assert "Traceback" not in done.stderr

"""The README's code is real: each Python block names its file, matches it, and the file runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from tests.conftest import ROOT, Process

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n# (\S+)\n(.*?)```", README, re.DOTALL)


def test_every_python_block_of_the_readme_is_a_file_of_the_repository() -> None:
    assert len(BLOCKS) >= 2
    for path, code in BLOCKS:
        assert (ROOT / path).read_text() == code, f"README block for {path} differs from the file"


@pytest.mark.parametrize("path", [path for path, _ in BLOCKS])
def test_every_readme_example_runs_against_a_real_worker(live_worker: Process, path: str) -> None:
    env = {**os.environ, "WORLDFARM_URL": live_worker.url, "WORLDFARM_TOKEN": live_worker.token}
    headers = {"Authorization": f"Bearer {live_worker.token}"}
    episode = httpx2.post(f"{live_worker.url}/v1/episodes", json={"env": "hotel"}, headers=headers).json()
    command = [sys.executable, str(ROOT / path), episode["mcp_url"]]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    expected = {
        "examples/tour/connect.py": "refused: booking 2 is not",
        "examples/tour/score.py": "reward: 1.0",
        "examples/openenv/episode.py": "reward: 1.0 complete",
    }
    assert expected.get(path, "") in done.stdout


def test_the_readme_names_the_install_run_and_test_commands() -> None:
    for command in ("scripts/install", "worldfarm up", "scripts/test"):
        assert command in README
    assert Path(ROOT / ".ci/run").read_text().count("scripts/test") == 1

"""The OpenEnv rollout example runs against a real worker: TRL's rollout_func shape, rewards from the farm."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, Process

pytestmark = pytest.mark.slow  # a real worker process: the fast loop (scripts/test --fast) skips it


def test_the_rollout_example_scores_the_reference_solutions_1(live_worker: Process) -> None:
    env = {**os.environ, "WORLDFARM_URL": live_worker.url, "WORLDFARM_TOKEN": live_worker.token}
    command = [sys.executable, str(ROOT / "examples/openenv/rollout.py")]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "env_reward: [1.0, 1.0, 1.0, 1.0]" in done.stdout

"""``worldfarm up`` refuses what it cannot serve, clearly and before starting anything."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli.launcher import state as farmstate
from worldfarm import find_bundles

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


def up(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", "up", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_up_with_a_folder_without_bundles_says_so(tmp_path: Path) -> None:
    done = up("--envs", str(tmp_path), "--port", "0", "--state-dir", str(tmp_path / "state"))
    assert done.returncode == 2
    assert "holds no bundles" in done.stderr
    assert not (tmp_path / "state" / "farm.json").exists()


def test_up_on_a_port_in_use_says_to_pick_another(tmp_path: Path, envs: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = up("--envs", str(envs), "--port", port, "--state-dir", str(tmp_path))
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "--port" in done.stderr


def test_up_with_more_replicas_than_workers_is_refused(tmp_path: Path, envs: Path) -> None:
    done = up("--envs", str(envs), "--workers", "2", "--replicas", "3", "--state-dir", str(tmp_path))
    assert done.returncode == 2
    assert "--replicas must be between 1 and the number of workers (2)" in done.stderr


def test_a_second_farm_on_the_same_state_directory_is_refused(tmp_path: Path, envs: Path) -> None:
    (tmp_path / "farm.json").write_text(json.dumps({"url": "http://127.0.0.1:8123", "token": "t", "pid": os.getpid()}))
    done = up("--envs", str(envs), "--port", "0", "--state-dir", str(tmp_path))
    assert done.returncode == 2
    assert "a farm is already running" in done.stderr
    assert "--state-dir" in done.stderr


def test_with_no_envs_up_serves_the_generators_default_set_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(farmstate, "DEFAULT_SET_SIZE", 3)
    first = farmstate.default_envs()
    made = {path.name: path.stat().st_mtime_ns for path in find_bundles(first)}
    again = farmstate.default_envs()
    assert again == first
    assert first.is_relative_to(tmp_path / "worldfarm" / "envs")
    assert len(made) == 3
    assert {path.name: path.stat().st_mtime_ns for path in find_bundles(again)} == made  # not regenerated

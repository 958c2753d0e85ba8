"""``worldfarm up`` refuses what it cannot serve, clearly and before starting anything."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path


def up(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "worldfarm.cli", "up", *args], capture_output=True, text=True, timeout=60, check=False
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

"""The command line finds a running farm through the state file ``worldfarm up`` writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from worldfarm.settings import farm_token, farm_url


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("WORLDFARM_URL", "WORLDFARM_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORLDFARM_STATE_DIR", str(tmp_path))
    return tmp_path


def test_a_running_farm_is_found_after_flags_and_environment(state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (state / "farm.json").write_text(json.dumps({"url": "http://127.0.0.1:8123", "token": "t0k", "pid": os.getpid()}))
    assert (farm_url(None), farm_token(None)) == ("http://127.0.0.1:8123", "t0k")
    assert (farm_url("http://flag:1"), farm_token("flag")) == ("http://flag:1", "flag")
    monkeypatch.setenv("WORLDFARM_TOKEN", "from-env")
    assert farm_token(None) == "from-env"


def test_the_state_file_of_a_farm_that_is_gone_is_ignored(state: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead = int(ended.stdout)
    (state / "farm.json").write_text(json.dumps({"url": "http://127.0.0.1:8123", "token": "t0k", "pid": dead}))
    assert (farm_url(None), farm_token(None)) == ("http://127.0.0.1:8000", None)


def test_the_command_line_stops_quietly_when_its_reader_goes_away(
    examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone: every write now fails with EPIPE
    with open(write, "w", buffering=1) as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert main(["validate", str(examples)]) == 141

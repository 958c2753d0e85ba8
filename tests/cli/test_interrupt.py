"""One Ctrl-C stops a long generation at once, says what was kept, and the next run resumes from it;
output that is not a terminal gets progress lines."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator import generate
from generator.build import generate_set
from tests.conftest import ROOT, poll

pytestmark = pytest.mark.slow  # real processes: the fast loop (scripts/test --fast) skips them


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """``worldfarm ARGS`` in a process group of its own, as a terminal runs a command."""
    return subprocess.Popen(
        [sys.executable, "-m", "cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        start_new_session=True,
    )


def ctrl_c(process: subprocess.Popen[str], started: Path) -> tuple[str, str]:
    """Once a bundle appears under ``started``, SIGINT the whole process group, as Ctrl-C does."""
    poll(lambda: any(started.rglob("env.json")), timeout=120)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=20)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the group is left: no worker process survives
    return out, err


def test_one_ctrl_c_stops_generate_and_says_what_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "envs"
    process = start(["generate", "--count", "400", "--out", str(out), "--workers", "2"], {})

    stdout, stderr = ctrl_c(process, out)

    assert process.returncode == 130
    assert "interrupted; the" in stderr
    assert "same command resumes" in stderr
    assert "Traceback" not in stderr + stdout
    assert "KeyboardInterrupt" not in stderr + stdout
    assert not (out / "report.json").exists()


def test_one_ctrl_c_stops_the_first_up_while_it_generates(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "WORLDFARM_STATE_DIR": str(tmp_path / "state")}
    process = start(["up", "--port", "0"], env)

    stdout, stderr = ctrl_c(process, tmp_path / "cache")

    assert process.returncode == 130
    assert "of 1,000 environments are kept in" in stderr
    assert "next `worldfarm up` resumes" in stderr
    assert "Traceback" not in stderr + stdout
    assert "generating once: 0 of 1,000" in stdout  # not a terminal: progress as lines


def test_output_that_is_not_a_terminal_gets_progress_lines(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli", "generate", "--count", "2", "--out", str(tmp_path), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "generating: 0 of 2" in done.stdout
    assert "generating: 2 of 2 (100%)" in done.stdout


def test_a_resumed_generation_trusts_the_proofs_of_unchanged_bundles_only(tmp_path: Path) -> None:
    generate(tmp_path, 3, 0, workers=1)
    tasks = next(tmp_path.glob("*-0001")) / "tasks.jsonl"
    tasks.write_text(tasks.read_text().replace("\n", "\n ", 1))  # same tasks, other bytes

    again = generate_set(tmp_path, 3, 0, workers=1)

    assert [(r.env_id, r.resumed, r.proven) for r in again] == [
        (r.env_id, True, r.env_id != tasks.parent.name) for r in again
    ]
    assert generate(tmp_path, 3, 0, workers=1)["resumed_on_proof"] == 3  # the changed one was proven again

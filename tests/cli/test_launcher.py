"""The launcher's child processes: a worker's port refuses connections until the worker serves (an MCP
call to a worker being restarted fails at once instead of waiting), and logs only their owner reads."""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from cli.launcher.processes import Child, start_server, stop_all
from tests.conftest import EXAMPLES, TOKEN, poll

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them


@pytest.fixture
def held_start(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment in which a child Python process waits, before running anything, until the FIFO
    it returns is written to (a ``sitecustomize`` reads it): a worker held mid-start, deterministically."""
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(f"open({str(gate)!r}).read()\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), *sys.path]), "WORLDFARM_TOKEN": TOKEN}
    return env, gate


def refuses(url: str) -> bool:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_a_worker_port_refuses_connections_until_the_worker_serves(
    tmp_path: Path, held_start: tuple[dict[str, str], Path]
) -> None:
    env, gate = held_start
    child = Child("worker-1", ["serve", str(EXAMPLES), "--name", "worker-1"], tmp_path / "logs" / "w.log", env)
    url = start_server(child, "127.0.0.1", 0)
    try:
        refused_while_starting = refuses(url)
        with gate.open("w") as release:
            release.write("go")
        poll(lambda: not refuses(url), timeout=60)
    finally:
        stop_all([child])
    assert refused_while_starting
    assert child.exited() is not None


def test_a_childs_log_and_its_folder_are_its_owners_only(tmp_path: Path) -> None:
    log = tmp_path / "state" / "logs" / "registry.log"
    log.parent.mkdir(parents=True)
    log.write_text("from an older farm\n")
    log.chmod(0o644)
    child = Child("probe", ["--version"], log, dict(os.environ))
    child.start()
    poll(lambda: child.exited() is not None, timeout=60)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.read_text().startswith("from an older farm\n")
    fresh = Child("probe", ["--version"], tmp_path / "new" / "logs" / "w.log", dict(os.environ))
    fresh.start()
    poll(lambda: fresh.exited() is not None, timeout=60)
    assert stat.S_IMODE((tmp_path / "new" / "logs").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "logs" / "w.log").stat().st_mode) == 0o600

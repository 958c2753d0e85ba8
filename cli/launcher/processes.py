"""Child processes of ``worldfarm up``: started in their own process group, logged to a file, stopped
with SIGTERM then SIGKILL within bounded waits.

Each child runs ``python -m cli ...``. On Linux a child also gets SIGTERM if ``worldfarm up``
itself dies without cleaning up (``PR_SET_PDEATHSIG``), so no worker outlives its farm. Logs are
readable by their owner only (they name episodes), in a folder only the owner can enter.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from worldfarm.errors import ConfigError
from worldfarm.serving import bind, url_of

STOP_TIMEOUT = 10.0
PR_SET_PDEATHSIG = 1


class Child:
    """One child process (a worker or the registry), restartable."""

    def __init__(self, name: str, args: Sequence[str], log: Path, env: dict[str, str]) -> None:
        self.name = name
        self.args = list(args)
        self.log = log
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.starts: list[float] = []

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self, extra_args: Sequence[str] = (), pass_fds: Sequence[int] = ()) -> None:
        self.log.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(descriptor, 0o600)  # a log left by an older farm may be readable by others
        with os.fdopen(descriptor, "ab") as log:
            log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting {self.name} ---\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cli", *self.args, *extra_args],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                pass_fds=tuple(pass_fds),
                process_group=0,
                preexec_fn=_die_with_parent(),
            )
        self.starts.append(time.monotonic())

    def exited(self) -> int | None:
        """The exit status if the process has ended, else None."""
        return self.process.poll() if self.process is not None else None

    def signal(self, signum: int) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def start_server(child: Child, host: str, port: int) -> str:
    """Start ``child`` serving on ``host:port`` (on a free port if that one is taken); its URL.

    The socket is bound here and handed over before anything listens on it: until the child serves,
    a connection is refused at once, never queued for a process that is still starting (or gone).
    """
    try:
        sock = bind(host, port)
    except ConfigError:
        sock = bind(host, 0)
    try:
        child.start(["--fd", str(sock.fileno())], pass_fds=[sock.fileno()])
        return url_of(sock)
    finally:
        sock.close()


def stop_all(children: Sequence[Child], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM every child's process group, wait up to ``timeout``, then SIGKILL what is left."""
    for child in children:
        child.signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        if child.process is None:
            continue
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.signal(signal.SIGKILL)
            child.process.wait(timeout=timeout)
        # the group may hold descendants of the child: they go with it
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, signal.SIGKILL)


def _die_with_parent() -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None

    def set_death_signal() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    return set_death_signal

"""Starting a sandboxed child (an app host or a verifier run) and talking to it over its stdin/stdout.

The child is this Python, isolated (``-I``: no user site, no ``PYTHON*`` variables), with a clean
environment (no token, no farm settings), in a temp folder of its own that is deleted with it. It
imports ``servers.code.host`` without the rest of ``servers`` or ``worldfarm`` (their package
``__init__`` are skipped), so it loads only the standard library and what the app needs. What it
writes to stderr (and what the app prints) goes to a file in its temp folder, whose last lines say
why it died.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import anyio
from anyio.abc import Process
from anyio.streams.buffered import BufferedByteReceiveStream

from servers.code.host.protocol import PREFIX, Header, ProtocolError, decode_header, encode, sizes
from servers.code.host.sandbox import SandboxSettings

logger = logging.getLogger(__name__)

PACKAGES = {
    "servers": Path(__file__).resolve().parents[1],
    "worldfarm": Path(__file__).resolve().parents[2] / "worldfarm",
}
UID_BASE = 200_000
_uids = itertools.count()
STDERR_FILE = "stderr.log"
TAIL_BYTES = 2000


class ChildDied(Exception):
    """The child's channel closed: it exited or was killed. ``detail`` says how, with its last words."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


def bootstrap(module: str) -> str:
    """Python code that imports ``servers.code.host.<module>`` without running the packages' ``__init__``."""
    lines = ["import sys, types"]
    for name, path in PACKAGES.items():
        lines.append(f"m = types.ModuleType({name!r}); m.__path__ = [{str(path)!r}]; sys.modules[{name!r}] = m")
    lines.append(f"from servers.code.host.{module} import main")
    lines.append("main()")
    return "\n".join(lines)


def unprivileged_uid() -> int | None:
    """A user id of its own for the next child, when this process is root (else None: it keeps ours)."""
    return UID_BASE + next(_uids) % 50_000 if os.geteuid() == 0 else None


class Child:
    """One sandboxed child process and its channel."""

    def __init__(self, process: Process, temp_dir: str, name: str) -> None:
        self.process = process
        self.temp_dir = temp_dir
        self.name = name
        assert process.stdout is not None
        self._out = BufferedByteReceiveStream(process.stdout)

    @classmethod
    async def start(cls, module: str, name: str) -> Child:
        temp_dir = tempfile.mkdtemp(prefix=f"worldfarm-{module}-")
        environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "TMPDIR": temp_dir}
        command = [sys.executable, "-I", "-B", "-c", bootstrap(module)]
        try:
            stderr = os.open(os.path.join(temp_dir, STDERR_FILE), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                process = await anyio.open_process(
                    command, env=environment, cwd=temp_dir, stderr=stderr, start_new_session=True
                )
            finally:
                os.close(stderr)
        except OSError:
            shutil.rmtree(temp_dir, ignore_errors=True)
            raise
        return cls(process, temp_dir, name)

    def settings(self, **limits: Any) -> dict[str, Any]:
        """The ``sandbox`` part of the first message: the limits, the temp folder, what to read."""
        fields = {"temp_dir": self.temp_dir, "read_roots": tuple(str(p) for p in PACKAGES.values()), **limits}
        fields["layers"] = tuple(fields.get("layers", ()))
        return asdict(SandboxSettings(**fields))

    async def send(self, header: Header, blob: bytes = b"") -> None:
        assert self.process.stdin is not None
        try:
            await self.process.stdin.send(encode(header, blob))
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
            raise ChildDied(await self._death()) from None

    async def receive(self) -> tuple[Header, bytes]:
        try:
            prefix = await self._out.receive_exactly(PREFIX.size)
            header_size, blob_size = sizes(prefix)
            header = decode_header(await self._out.receive_exactly(header_size))
            blob = await self._out.receive_exactly(blob_size) if blob_size else b""
        except (anyio.IncompleteRead, anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError):
            raise ChildDied(await self._death()) from None
        except ProtocolError as exc:
            self.kill()
            raise ChildDied(f"it broke the protocol ({exc})") from None
        return header, blob

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, OSError):
            self.process.kill()

    async def close(self) -> None:
        """Stop the child (if it still runs), wait for it, and delete its temp folder."""
        self.kill()
        with anyio.CancelScope(shield=True), anyio.move_on_after(5):
            await self.process.wait()
        with contextlib.suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
            await self.process.aclose()
        shutil.rmtree(self.temp_dir, ignore_errors=True)

    async def _death(self) -> str:
        with anyio.move_on_after(2):
            await self.process.wait()
        code = self.process.returncode
        if code is None:
            how = "its channel closed"
        elif code < 0:
            how = f"it was killed by {_signal_name(-code)}"
        else:
            how = f"it exited with status {code}"
        last = " | ".join(self.tail().splitlines()[-3:])
        return f"{how}{f' (last output: {last})' if last else ''}"

    def tail(self) -> str:
        """The end of what the child wrote to stderr."""
        try:
            with open(os.path.join(self.temp_dir, STDERR_FILE), "rb") as stderr:
                stderr.seek(0, os.SEEK_END)
                stderr.seek(max(0, stderr.tell() - TAIL_BYTES))
                return stderr.read().decode("utf-8", errors="replace")
        except OSError:
            return ""


def _signal_name(number: int) -> str:
    try:
        name = signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
    hints = {"SIGXCPU": " (CPU time limit)", "SIGKILL": "", "SIGSEGV": " (a crash)"}
    return name + hints.get(name, "")

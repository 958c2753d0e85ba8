"""Python audit hooks (PEP 578): the interpreter refuses, with a clear message, what the kernel layers refuse
with a bare errno, and records every attempt so the worker can report it and stop the host.

A second layer, not the only one: code that reaches C directly is stopped by the kernel layers, and
``ctypes`` is among what is refused here. Once installed a hook cannot be removed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

_FORBIDDEN = {
    "os.system": "running a shell command",
    "os.exec": "running a program",
    "os.posix_spawn": "starting a process",
    "os.spawn": "starting a process",
    "os.fork": "forking a process",
    "os.forkpty": "forking a process",
    "subprocess.Popen": "starting a process",
    "pty.spawn": "starting a process",
    "os.kill": "signalling a process",
    "os.killpg": "signalling a process group",
    "socket.__new__": "opening a socket",
    "socket.connect": "connecting a socket",
    "socket.bind": "binding a socket",
    "socket.getaddrinfo": "resolving a host name",
    "socket.gethostbyname": "resolving a host name",
    "ctypes.dlopen": "loading a native library",
    "ctypes.dlsym": "calling native code",
    "ctypes.call_function": "calling native code",
    "resource.setrlimit": "changing resource limits",
    "resource.prlimit": "changing resource limits",
    "os.chroot": "changing the root folder",
    "os.setuid": "changing user",
    "sys.remote_exec": "running code in another process",
}
_PATH_EVENTS = {
    "os.remove": 0,
    "os.rmdir": 0,
    "os.rename": 0,
    "os.mkdir": 0,
    "os.chmod": 0,
    "os.chown": 0,
    "os.link": 1,
    "os.symlink": 1,
    "os.truncate": 0,
    "shutil.rmtree": 0,
    "os.utime": 0,
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_DEVICES = ("/dev/null", "/dev/urandom", "/dev/random")


class Guard:
    """The hook: reads allowed under ``readable`` (and ``writable``), writes only under ``writable``."""

    def __init__(self, readable: Iterable[str], writable: Iterable[str]) -> None:
        self.readable = tuple(os.path.realpath(p) for p in readable)
        self.writable = tuple(os.path.realpath(p) for p in writable)
        self.databases: tuple[str, ...] = ()
        """Database files that may be opened (a verifier's two copies), besides any under ``writable``."""
        self.violations: list[str] = []

    def install(self) -> None:
        sys.addaudithook(self)

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        what = _FORBIDDEN.get(event)
        if what is None and event.startswith("os.exec"):
            what = "running a program"
        if what is not None:
            self.refuse(f"{what} ({event})")
        elif event == "open":
            self._open(args)
        elif event == "sqlite3.connect":
            self._database(args)
        elif event in _PATH_EVENTS:
            self._write(args[_PATH_EVENTS[event]], event)

    def refuse(self, what: str) -> None:
        message = f"sandbox: {what} is not allowed here"
        self.violations.append(message)
        raise PermissionError(message)

    def _open(self, args: tuple[Any, ...]) -> None:
        path, mode, flags = [*args, None, None, None][:3]
        if not isinstance(path, str | bytes):
            return  # an open file descriptor
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
        )
        if writing:
            self._write(path, "writing a file")
        elif not self._under(path, self.readable + self.writable + _DEVICES):
            self.refuse(f"reading {os.fsdecode(path)}")

    def _database(self, args: tuple[Any, ...]) -> None:
        database = args[0] if args else None
        if not isinstance(database, str | bytes | os.PathLike):
            return
        name = os.fsdecode(database)
        if name in ("", ":memory:") or name.startswith("file::memory:"):
            return
        path = name.removeprefix("file:").split("?", 1)[0] if name.startswith("file:") else name
        if os.path.realpath(path) not in self.databases:
            self._write(path, "opening a database file")

    def _write(self, path: object, what: str) -> None:
        if isinstance(path, str | bytes | os.PathLike) and not self._under(path, (*self.writable, "/dev/null")):
            self.refuse(f"{what}: {os.fsdecode(path)}")

    @staticmethod
    def _under(path: str | bytes | os.PathLike[str], roots: tuple[str, ...]) -> bool:
        real = os.path.realpath(os.fsdecode(path))
        return any(real == root or real.startswith(root.rstrip("/") + "/") for root in roots)

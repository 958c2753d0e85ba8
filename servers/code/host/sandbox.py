"""The sandbox a host or verifier process puts itself in before it runs generated code.

Layers, applied in this order, each where this machine allows it (``apply`` says which took):

1. ``rlimits``: address space (memory), open files, file size, CPU seconds, no core dumps; processes
   too when not root (the kernel exempts root from that one).
2. ``network``: a network namespace of its own (no interface but a down loopback): nothing to reach.
3. ``privileges``: as root, switch to an unprivileged user id of its own when the Python installation
   is readable by others; else keep uid 0 but drop every capability.
4. ``landlock``: files read-only outside the temp folder, and only the Python installation at that;
   TCP refused; signals and abstract sockets confined.
5. ``seccomp``: no processes, programs, sockets, signals to others, tracing, mounts, namespaces.
6. ``audit``: Python audit hooks refusing the same with readable messages, and recording attempts.

The worker's watchdog is outside all of them: a call past its time limit gets the process killed.
"""

from __future__ import annotations

import ctypes
import os
import resource
import stat
import sys
from dataclasses import dataclass, field

from servers.code.host import landlock, seccomp
from servers.code.host.audit import Guard

LAYERS = ("rlimits", "network", "privileges", "landlock", "seccomp", "audit")
_CLONE_NEWNET = 0x40000000
_PR_CAPBSET_DROP = 24
_PR_SET_PDEATHSIG = 1
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
EXTRA_READABLE = ("/usr/share/zoneinfo", "/etc/localtime")


@dataclass(frozen=True)
class SandboxSettings:
    temp_dir: str
    read_roots: tuple[str, ...] = ()
    memory_bytes: int = 1024 * 1024 * 1024
    open_files: int = 64
    processes: int = 64
    """Threads and processes of the user id, where the kernel enforces it (not for root)."""
    cpu_seconds: int = 3600
    """Over the process's life: a backstop; the worker's per-call watchdog is the real time limit."""
    file_bytes: int = 256 * 1024 * 1024
    writable_temp: bool = True
    """False for a verifier: it reads its two databases and writes nothing, not even there."""
    uid: int | None = None
    """The unprivileged user id to become when started as root (None: stay uid 0 without capabilities)."""
    layers: tuple[str, ...] = LAYERS


@dataclass
class Sandbox:
    settings: SandboxSettings
    status: dict[str, str] = field(default_factory=dict)
    guard: Guard | None = None

    def apply(self) -> dict[str, str]:
        """Apply every enabled layer; ``status`` says, per layer, 'active: ...', 'unavailable: ...' or 'off'."""
        steps = {
            "rlimits": self._rlimits,
            "network": _network,
            "privileges": self._privileges,
            "landlock": self._landlock,
            "seccomp": seccomp.install,
            "audit": self._audit,
        }
        seccomp.prepare()
        for name, step in steps.items():
            if name not in self.settings.layers:
                self.status[name] = "off"
                if name == "privileges":
                    _die_with_parent()
                continue
            try:
                self.status[name] = "active: " + step()
            except (OSError, landlock.LandlockUnavailable, seccomp.SeccompUnavailable) as exc:
                self.status[name] = f"unavailable: {exc}"
            if name == "privileges":
                _die_with_parent()
        return self.status

    def readable(self) -> list[str]:
        roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, *self.settings.read_roots, *EXTRA_READABLE}
        roots |= {p for p in sys.path if p and os.path.isdir(p)}
        return sorted(roots)

    def _rlimits(self) -> str:
        s = self.settings
        limits = {
            resource.RLIMIT_AS: s.memory_bytes,
            resource.RLIMIT_NOFILE: s.open_files,
            resource.RLIMIT_FSIZE: s.file_bytes,
            resource.RLIMIT_CPU: s.cpu_seconds,
            resource.RLIMIT_CORE: 0,
        }
        if os.getuid() != 0 or s.uid is not None:
            limits[resource.RLIMIT_NPROC] = s.processes
        for which, value in limits.items():
            resource.setrlimit(which, (value, value))
        nproc = f", {s.processes} processes/threads" if resource.RLIMIT_NPROC in limits else ""
        return f"memory {s.memory_bytes >> 20} MiB, {s.open_files} open files, CPU {s.cpu_seconds} s{nproc}"

    def _privileges(self) -> str:
        if os.getuid() != 0:
            return f"already unprivileged (uid {os.getuid()})"
        uid = self.settings.uid
        unreadable = [p for p in self.readable() if p not in EXTRA_READABLE and not _others_can_read(p)]
        if uid is not None and not unreadable:
            os.chown(self.settings.temp_dir, uid, uid)
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            return f"uid {uid}"
        _drop_capabilities()
        why = f" ({unreadable[0]} is not readable by other users)" if unreadable else ""
        return f"uid 0 without capabilities{why}"

    def _landlock(self) -> str:
        temp = [self.settings.temp_dir]
        if self.settings.writable_temp:
            return landlock.restrict(self.readable(), [*temp, "/dev/null"])
        return landlock.restrict([*self.readable(), *temp], ["/dev/null"])

    def _audit(self) -> str:
        writable = [self.settings.temp_dir] if self.settings.writable_temp else []
        self.guard = Guard([*self.readable(), self.settings.temp_dir], writable)
        self.guard.install()
        return "processes, programs, sockets, native code and files outside the temp folder refused"


def _network() -> str:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), f"unshare(CLONE_NEWNET): {os.strerror(ctypes.get_errno())}")
    return "a network namespace of its own: no interface up"


def _die_with_parent() -> None:
    """SIGKILL this process when the worker that started it dies (set last: a change of user clears it)."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)


def _drop_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)  # EINVAL past the last capability: fine
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), f"capset: {os.strerror(ctypes.get_errno())}")


def _others_can_read(path: str) -> bool:
    """Whether a user other than the owner can reach and read ``path`` (every parent searchable by others)."""
    current = os.path.realpath(path)
    while True:
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return True  # what does not exist is not a reason to stay root
        if not mode & stat.S_IXOTH or (current == os.path.realpath(path) and not mode & stat.S_IROTH):
            return False
        parent = os.path.dirname(current)
        if parent == current:
            return True
        current = parent

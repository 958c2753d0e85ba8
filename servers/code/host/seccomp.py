"""seccomp: the kernel refuses, with EPERM, the system calls generated code has no business making.

The filter (built with ``pyseccomp``, over the system's libseccomp) allows everything but: creating
processes (fork, vfork, clone without CLONE_THREAD; clone3 answers ENOSYS so that thread creation
falls back to clone), executing programs, creating sockets, signalling another process, tracing,
mounting, namespaces, raising resource limits, loading modules or BPF programs, io_uring and a few
more. Threads still work.
"""

from __future__ import annotations

import contextlib
import errno
import os
from typing import Any

_CLONE_THREAD = 0x00010000
_DENIED = (
    "fork",
    "vfork",
    "execve",
    "execveat",
    "socket",
    "socketpair",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "kexec_load",
    "init_module",
    "finit_module",
    "delete_module",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "io_uring_setup",
    "reboot",
    "swapon",
    "swapoff",
    "syslog",
    "acct",
    "settimeofday",
    "clock_settime",
    "setrlimit",
)


class SeccompUnavailable(Exception):
    pass


_library: list[Any] = []


def prepare() -> None:
    """Load pyseccomp and libseccomp now, while finding a library may still run ``ldconfig``."""
    if _library:
        return
    try:
        import pyseccomp
    except (ImportError, OSError, RuntimeError) as exc:  # pyseccomp absent, or no libseccomp.so.2 on the system
        _library.append(exc)
    else:
        _library.append(pyseccomp)


def install() -> str:
    """Load the filter into this process (and every thread it starts); a summary of what it refuses."""
    prepare()
    seccomp = _library[0]
    if isinstance(seccomp, Exception):
        raise SeccompUnavailable(f"pyseccomp cannot load libseccomp: {seccomp}")
    pid = os.getpid()
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for name in _DENIED:
            _deny(seccomp, rules, name)
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, _CLONE_THREAD, 0))
        _deny(seccomp, rules, "prlimit64", seccomp.Arg(2, seccomp.NE, 0))  # reading a limit stays allowed
        for name in ("kill", "tgkill", "pidfd_open"):
            _deny(seccomp, rules, name, seccomp.Arg(0, seccomp.NE, pid))
        rules.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SeccompUnavailable(f"the filter could not be loaded: {exc}") from None
    return "no new processes, programs, sockets, signals to others, tracing, mounts or namespaces (EPERM)"


def _deny(seccomp: object, rules: object, name: str, *conditions: object) -> None:
    with contextlib.suppress(OSError, RuntimeError, ValueError):  # a call this architecture does not have
        rules.add_rule(seccomp.ERRNO(errno.EPERM), name, *conditions)  # type: ignore[attr-defined]

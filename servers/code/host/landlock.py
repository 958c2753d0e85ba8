"""Landlock (Linux 5.13+): the kernel confines this process's file access, TCP and signals, for good.

Three system calls through ctypes (the ABI is small and stable): create a ruleset that handles every
file right the kernel knows (and TCP bind/connect, and signals and abstract sockets where the ABI
has them), add read-only rules for the Python installation and read-write for the temp folder, and
restrict this process. Anything else is refused with EACCES (files) or EACCES/EPERM (network,
signals), root or not, and the restriction cannot be lifted.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct

_SYSCALLS = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
_FS_RIGHTS_LATEST = (1 << 16) - 1
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | (1 << 15)
"""The rights that make sense on a file (not a directory): execute, write, read, truncate, ioctl."""
READ_ONLY = EXECUTE | READ_FILE | READ_DIR
_NET_BIND_CONNECT = 0b11
_SCOPE_ABSTRACT_UNIX_AND_SIGNAL = 0b11


class LandlockUnavailable(Exception):
    pass


def abi_version() -> int:
    """The kernel's Landlock ABI version; LandlockUnavailable if it has none (or the arch is unknown)."""
    numbers = _SYSCALLS.get(platform.machine())
    if numbers is None:
        raise LandlockUnavailable(f"no Landlock system call numbers known for {platform.machine()}")
    version = _libc().syscall(numbers[0], None, 0, _CREATE_RULESET_VERSION)
    if version < 0:
        raise LandlockUnavailable(f"the kernel has no Landlock ({os.strerror(ctypes.get_errno())})")
    return int(version)


def restrict(read_only: list[str], read_write: list[str]) -> str:
    """Confine this process to reading ``read_only`` and reading and writing ``read_write``; a summary."""
    version = abi_version()
    create, add_rule, restrict_self = _SYSCALLS[platform.machine()]
    handled_fs = _FS_RIGHTS_BY_ABI.get(version, _FS_RIGHTS_LATEST)
    net = _NET_BIND_CONNECT if version >= 4 else 0
    scoped = _SCOPE_ABSTRACT_UNIX_AND_SIGNAL if version >= 6 else 0
    attr = struct.pack("=QQQ", handled_fs, net, scoped)
    size = 8 if version < 4 else (16 if version < 6 else 24)
    buffer = ctypes.create_string_buffer(attr[:size])
    ruleset = _check(_libc().syscall(create, buffer, size, 0), "landlock_create_ruleset")
    try:
        for path in read_only:
            _allow(add_rule, ruleset, path, READ_ONLY & handled_fs)
        for path in read_write:
            _allow(add_rule, ruleset, path, handled_fs)
        _check(_libc().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
        _check(_libc().syscall(restrict_self, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    parts = [f"ABI {version}", "files: read-only Python, read-write temp folder"]
    parts += ["TCP bind/connect refused"] if net else []
    parts += ["signals and abstract sockets scoped to the sandbox"] if scoped else []
    return "; ".join(parts)


def _allow(add_rule: int, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist needs no rule
    try:
        if not os.path.isdir(path):
            rights &= _FILE_RIGHTS
        rule = ctypes.create_string_buffer(struct.pack("=Qi", rights, fd))
        _check(_libc().syscall(add_rule, ruleset, _RULE_PATH_BENEATH, rule, 0), f"landlock_add_rule({path})")
    finally:
        os.close(fd)


def _check(result: int, what: str) -> int:
    if result < 0:
        raise LandlockUnavailable(f"{what} failed: {os.strerror(ctypes.get_errno())}")
    return result


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc

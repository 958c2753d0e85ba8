"""A fixed 'now' for SQLite: ``datetime('now', '-3 days')`` means three days before the world's clock.

    conn = sqlite3.connect(":memory:")
    fix_clock(conn, "2026-03-02T09:00:00")
    conn.execute("SELECT datetime('now', '-1 day')").fetchone()   # ('2026-03-01 09:00:00',)

SQLite looks functions up on the connection before its built-ins, so registering ``date``, ``time``,
``datetime``, ``julianday``, ``unixepoch``, ``strftime`` and the ``CURRENT_*`` keywords (which SQLite
parses as calls of functions of those names) replaces every way SQL can read the clock. Each
replacement puts the fixed time where ``'now'`` (or no time at all) was, then asks a private
connection with the real built-ins. Only the standard library: the sandboxed host uses it too.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

_TIME_FIRST = ("date", "time", "datetime", "julianday", "unixepoch")
_local = threading.local()


def fix_clock(conn: sqlite3.Connection, clock: str) -> None:
    """Make every SQL reading of the current time on ``conn`` return ``clock`` (ISO 8601, no zone)."""
    now = clock.replace("T", " ")
    for name in _TIME_FIRST:
        conn.create_function(name, -1, _shifted(name, now, 0))
    conn.create_function("strftime", -1, _shifted("strftime", now, 1))
    conn.create_function("current_timestamp", 0, lambda: now)
    conn.create_function("current_date", 0, lambda: now[:10])
    conn.create_function("current_time", 0, lambda: now[11:19])


def _shifted(name: str, now: str, position: int) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        values = list(args)
        if len(values) <= position:
            values.append(now)
        elif isinstance(values[position], str) and values[position].strip().lower() == "now":
            values[position] = now
        marks = ", ".join("?" * len(values))
        return _builtins().execute(f"SELECT {name}({marks})", values).fetchone()[0]

    return call


def _builtins() -> sqlite3.Connection:
    """A connection (one per thread) that still has SQLite's own date and time functions."""
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        _local.conn = conn
    return conn

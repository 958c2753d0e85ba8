"""The episodes' databases inside a host: in-memory copies the worker sends, and the one a request acts on.

The worker owns every episode's state; a host keeps copies of the ones it served lately (bounded in
bytes, least recently used first out) so that a run of calls on one episode sends its state once.
SQLAlchemy engines the app creates all talk to :class:`CurrentConnection`, which forwards to the
database of the episode the current request acts on.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import OrderedDict
from typing import Any

from worldfarm.clock import fix_clock

DEFAULT_BUDGET = 256 * 1024 * 1024
MAX_DB_BYTES = 64 * 1024 * 1024


class Databases:
    def __init__(self, clock: str, budget: int = DEFAULT_BUDGET) -> None:
        self.clock = clock
        self.budget = budget
        self.deadline = float("inf")
        self._cache: OrderedDict[str, sqlite3.Connection] = OrderedDict()
        self._current: sqlite3.Connection | None = None

    @property
    def current(self) -> sqlite3.Connection:
        if self._current is None:
            raise RuntimeError("the app touched its database outside a request")
        return self._current

    def use(self, conn: sqlite3.Connection | None) -> None:
        self._current = conn

    def get(self, episode: str) -> sqlite3.Connection | None:
        conn = self._cache.get(episode)
        if conn is not None:
            self._cache.move_to_end(episode)
        return conn

    def put(self, episode: str, data: bytes) -> sqlite3.Connection:
        """A fresh connection holding ``data`` for ``episode`` (replacing any it had)."""
        self.drop(episode)
        conn = self.open(data)
        self._cache[episode] = conn
        self._evict()
        return conn

    def drop(self, episode: str) -> None:
        conn = self._cache.pop(episode, None)
        if conn is not None:
            conn.close()

    def open(self, data: bytes) -> sqlite3.Connection:
        """A connection to a copy of ``data`` as the app expects it: fixed clock, foreign keys, limits."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.deserialize(data)
        fix_clock(conn, self.clock)
        conn.create_function("regexp", 2, _regexp)
        conn.execute("PRAGMA foreign_keys = ON")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {MAX_DB_BYTES // page_size}")
        conn.set_progress_handler(self._over_time, 20_000)
        return conn

    def _over_time(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0

    def _evict(self) -> None:
        while len(self._cache) > 1 and self._bytes() > self.budget:
            _, conn = self._cache.popitem(last=False)
            conn.close()

    def _bytes(self) -> int:
        return sum(_size(conn) for conn in self._cache.values())

    def __len__(self) -> int:
        return len(self._cache)


class CurrentConnection:
    """The DB-API connection SQLAlchemy holds: every attribute is the current episode's connection's."""

    def __init__(self, databases: Databases) -> None:
        object.__setattr__(self, "_databases", databases)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._databases.current, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._databases.current, name, value)

    def close(self) -> None:
        """SQLAlchemy returning the connection: end any transaction, keep the database."""
        if self._databases._current is not None and self._databases.current.in_transaction:
            self._databases.current.rollback()


def _size(conn: sqlite3.Connection) -> int:
    pages: int = conn.execute("PRAGMA page_count").fetchone()[0]
    size: int = conn.execute("PRAGMA page_size").fetchone()[0]
    return pages * size


def _regexp(pattern: str | None, value: str | None) -> bool | None:
    """SQLAlchemy's REGEXP for SQLite, on every episode's connection (it registers it on the first only)."""
    if pattern is None or value is None:
        return None
    return re.search(pattern, value) is not None

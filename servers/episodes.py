"""Episodes: isolated in-memory SQLite state per rollout, made from a template's bytes.

An episode owns one ``:memory:`` connection, deserialized from the environment's template (or from
another episode, for a fork), that runs nothing but tool programs; a new state (reset, restore)
gets a new connection. The state at its start stays as bytes (shared with the template when nothing
forked it); verifiers, queries and diffs read a scratch connection holding a copy of the current
state as ``main`` and the start as ``initial``. So a live episode costs about one copy of its
database. The id carries 144 random bits: holding it is what grants access to the episode.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from servers import telemetry
from servers.environments import EnvRuntime
from servers.errors import EpisodeNotFound, ServerError, WorkerFull
from servers.program import find_tool, run_program, validate_arguments
from worldfarm.control import TraceEntry
from worldfarm.ids import random_id
from worldfarm.task import Task

MAX_TRACE = 10_000
MAX_SNAPSHOTS = 32


@dataclass(frozen=True)
class Limits:
    """Per-worker bounds on episodes."""

    max_episodes: int = 10_000
    idle_ttl: float = 1800.0
    """Seconds without use after which an episode is closed."""
    call_time_limit: float = 1.0
    """Seconds of SQL one call (tool call or query) may run before it is interrupted and undone."""
    max_db_bytes: int = 64 * 1024 * 1024
    """Size an episode database may grow to."""


@dataclass(eq=False)
class LiveEpisode:
    id: str
    env: EnvRuntime
    task: Task | None
    conn: sqlite3.Connection
    initial: bytes
    limits: Limits
    origin: str = "control"
    mcp_session: str | None = None
    created_at: float = field(default_factory=time.time)
    last_used: float = field(default_factory=time.monotonic)
    trace: list[TraceEntry] = field(default_factory=list)
    trace_dropped: int = 0
    calls: int = 0
    snapshots: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    deadline: float = float("inf")

    def call(self, tool_name: str, arguments: dict[str, Any] | None) -> dict[str, Any]:
        """Run one tool call, record it in the trace, and return its structured result."""
        started, wall = time.perf_counter(), time.time()
        try:
            tool = find_tool(self.env.tools, tool_name)
            args = validate_arguments(tool, arguments)
            with self.time_limit():
                result = run_program(self.conn, tool, args, self.env.reserved)
        except ServerError as exc:
            self._record(tool_name, arguments, wall, started, error=exc)
            raise
        self._record(tool_name, arguments, wall, started, result=result)
        return result

    @contextlib.contextmanager
    def time_limit(self) -> Iterator[None]:
        """SQL run inside is interrupted once it passes the per-call time limit."""
        self.deadline = time.monotonic() + self.limits.call_time_limit
        try:
            yield
        finally:
            self.deadline = float("inf")

    def _record(
        self,
        tool: str,
        arguments: dict[str, Any] | None,
        wall: float,
        started: float,
        result: dict[str, Any] | None = None,
        error: ServerError | None = None,
    ) -> None:
        self.calls += 1
        self.last_used = time.monotonic()
        seconds = time.perf_counter() - started
        telemetry.tool_called(self.env.id, tool, error, wall, seconds)
        entry = TraceEntry.model_construct(  # built from checked values: skip re-validating them
            index=self.calls - 1,
            tool=tool,
            arguments=dict(arguments or {}),
            result=result,
            error=error.message if error else None,
            error_code=error.code if error else None,
            started_at=iso(wall),
            duration_ms=round(seconds * 1000, 3),
        )
        if len(self.trace) >= MAX_TRACE:
            del self.trace[0]
            self.trace_dropped += 1
        self.trace.append(entry)

    @property
    def last_used_wall(self) -> float:
        """When the episode was last used, as a wall-clock timestamp."""
        return time.time() - (time.monotonic() - self.last_used)

    def touch(self) -> None:
        self.last_used = time.monotonic()

    def serialize(self) -> bytes:
        return self.conn.serialize()

    def replace_state(self, data: bytes) -> None:
        """Make ``data`` the episode's database, on a fresh connection.

        Never deserialized into the connection in use: SQLite 3.40 crashes the process when a
        connection that has used a table-valued function (``json_each``) gets a new main database and
        is then configured (tests/servers/test_episodes.py shows it).
        """
        old, self.conn = self.conn, open_database(data, self)
        old.close()

    def reset(self) -> None:
        self.replace_state(self.initial)
        self.trace.clear()
        self.trace_dropped = 0
        self.calls = 0
        self.snapshots.clear()

    def snapshot(self) -> str:
        if len(self.snapshots) >= MAX_SNAPSHOTS:
            self.snapshots.popitem(last=False)
        snapshot_id = "snap_" + random_id(12)
        self.snapshots[snapshot_id] = self.serialize()
        return snapshot_id

    def restore(self, snapshot_id: str) -> None:
        data = self.snapshots.get(snapshot_id)
        if data is None:
            known = ", ".join(self.snapshots) or "none"
            raise EpisodeNotFound(f"episode {self.id} has no snapshot {snapshot_id!r} (its snapshots: {known})")
        self.replace_state(data)

    @contextlib.contextmanager
    def with_initial(self) -> Iterator[sqlite3.Connection]:
        """A scratch connection holding a copy of the episode's state as ``main`` and its start as
        ``initial``, for reading (verifiers, queries, diffs); the episode's own connection is untouched."""
        conn = _connect()
        try:
            conn.deserialize(self.serialize())
            conn.execute("ATTACH ':memory:' AS initial")
            conn.deserialize(self.initial, name="initial")
            _limit_time(conn, self)
            yield conn
        finally:
            conn.close()

    def close(self) -> None:
        self.conn.close()


class EpisodeStore:
    """The live episodes of one worker, bounded in number and idle time."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._live: dict[str, LiveEpisode] = {}
        self._gone: OrderedDict[str, str] = OrderedDict()
        """Recently ended episodes and why, so a late caller learns 'expired' rather than 'unknown'."""

    def __len__(self) -> int:
        return len(self._live)

    def __contains__(self, episode_id: object) -> bool:
        return episode_id in self._live

    def __iter__(self) -> Iterator[LiveEpisode]:
        return iter(list(self._live.values()))

    def has_room(self) -> bool:
        """Whether one more episode fits (after closing expired ones if needed)."""
        if len(self._live) >= self.limits.max_episodes:
            self.reap()
        return len(self._live) < self.limits.max_episodes

    def create(
        self, env: EnvRuntime, task: Task | None = None, *, state: bytes | None = None, origin: str = "control"
    ) -> LiveEpisode:
        """A new episode of ``env`` starting from its template (or from ``state``); WorkerFull at capacity."""
        if not self.has_room():
            raise WorkerFull(
                f"this worker is full: {len(self._live)} live episodes, its limit is {self.limits.max_episodes}. "
                "Close episodes you are done with (DELETE /v1/episodes/{id}), retry later, or add workers"
            )
        started = time.perf_counter()
        episode = LiveEpisode(
            id=random_id(18),
            env=env,
            task=task,
            conn=_UNOPENED,
            initial=env.template,
            limits=self.limits,
            origin=origin,
        )
        episode.conn = open_database(state if state is not None else env.template, episode)
        self._live[episode.id] = episode
        telemetry.episode_created(origin, time.perf_counter() - started)
        return episode

    def fork(self, source: LiveEpisode) -> LiveEpisode:
        """A new episode holding a copy of ``source``'s current state, its start and its trace."""
        episode = self.create(source.env, source.task, state=source.serialize(), origin="fork")
        episode.initial = source.initial
        episode.trace = list(source.trace)
        episode.calls = source.calls
        return episode

    def get(self, episode_id: str) -> LiveEpisode:
        """The live episode ``episode_id``; EpisodeNotFound saying whether it ended and why."""
        episode = self._live.get(episode_id)
        if episode is not None and self._expired(episode, time.monotonic()):
            self._end(episode, f"expired after {self.limits.idle_ttl:g} s without use", "expired")
            episode = None
        if episode is None:
            why = self._gone.get(episode_id)
            if why is not None:
                raise EpisodeNotFound(f"episode {episode_id} {why}; create a new one (POST /v1/episodes)")
            raise EpisodeNotFound(
                f"no episode {episode_id!r} on this worker; create one with POST /v1/episodes "
                "and use the episode_id and mcp_url it returns"
            )
        return episode

    def close(self, episode_id: str) -> None:
        self._end(self.get(episode_id), "was closed", "closed")

    def reap(self) -> int:
        """Close every episode idle for longer than the TTL; return how many."""
        now = time.monotonic()
        expired = [e for e in self._live.values() if self._expired(e, now)]
        for episode in expired:
            self._end(episode, f"expired after {self.limits.idle_ttl:g} s without use", "expired")
        return len(expired)

    def close_all(self) -> None:
        for episode in list(self._live.values()):
            self._end(episode, "was closed when its worker stopped", "worker_stopped")

    def _expired(self, episode: LiveEpisode, now: float) -> bool:
        return now - episode.last_used > self.limits.idle_ttl

    def _end(self, episode: LiveEpisode, why: str, reason: telemetry.EndReason) -> None:
        self._live.pop(episode.id, None)
        episode.close()
        telemetry.episode_ended(reason)
        self._gone[episode.id] = why
        while len(self._gone) > 100_000:
            self._gone.popitem(last=False)


_UNOPENED = sqlite3.connect(":memory:")
"""A closed connection, there only until the episode's own is opened."""
_UNOPENED.close()


def open_database(data: bytes, episode: LiveEpisode) -> sqlite3.Connection:
    """A new in-memory connection holding a copy of ``data``, with the episode's limits applied."""
    conn = _connect()
    conn.deserialize(data)
    _configure(conn, episode)
    return conn


def _connect() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False, cached_statements=256)


def _configure(conn: sqlite3.Connection, episode: LiveEpisode) -> None:
    """Apply the per-episode limits: foreign keys, database size, SQL time per call."""
    conn.execute("PRAGMA foreign_keys = ON")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {episode.limits.max_db_bytes // page_size}")
    _limit_time(conn, episode)


def _limit_time(conn: sqlite3.Connection, episode: LiveEpisode) -> None:
    """Interrupt SQL on ``conn`` once it runs past the episode's current deadline."""

    def over_time() -> int:
        return 1 if time.monotonic() > episode.deadline else 0

    conn.set_progress_handler(over_time, 20_000)


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

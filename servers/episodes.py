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
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from servers import telemetry
from servers.arguments import MAX_NESTING, MAX_STRING_CHARS
from servers.defects import RateLimitedLog
from servers.environments import EnvRuntime
from servers.errors import EnvironmentDefect, EpisodeNotFound, ServerError, WorkerFull
from servers.program import find_tool, run_program, validate_arguments
from servers.runtime import Runtime
from servers.trace import (
    ENTRY_OVERHEAD,
    MAX_TRACE_BYTES,
    CallTrace,
    traced_arguments,
    traced_error,
    traced_name,
    traced_result,
)
from worldfarm.codeenv import CodeTask
from worldfarm.control import TraceEntry
from worldfarm.ids import random_id
from worldfarm.task import Task

MAX_SNAPSHOTS = 32
UNKNOWN_TOOL = "_unknown"
"""How metrics and spans name a call to a tool the environment does not have."""
ANONYMOUS = "mcp-session"
"""The origin of an episode opened by a legacy MCP session on the per-environment URL."""
_defects = RateLimitedLog(logging.getLogger(__name__))


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
    max_string_chars: int = MAX_STRING_CHARS
    """Characters any one string in a call's arguments may have (more if the tool's schema declares it)."""
    max_nesting: int = MAX_NESTING
    """Levels of arrays and objects a call's arguments may nest."""
    max_trace_bytes: int = MAX_TRACE_BYTES
    """Bytes an episode's trace may hold; past it the oldest calls are dropped (and counted)."""
    anonymous_sessions: int = 0
    """Episodes that legacy MCP sessions may open on ``/envs/{env}/mcp`` without a token: a share of
    their own, on top of ``max_episodes``. 0 (the default): that URL opens none."""
    sessions_per_episode: int = 8
    """Legacy MCP sessions one episode's URL may have open at once."""
    session_ttl: float = 300.0
    """Seconds without use after which a legacy MCP session ends, and with it the episode of an
    anonymous one: clients (the MCP Inspector's CLI, conformance runs) often leave without closing."""

    def ttl(self, origin: str) -> float:
        """How long an episode of this origin lives without use."""
        return min(self.idle_ttl, self.session_ttl) if origin == ANONYMOUS else self.idle_ttl


@dataclass(eq=False)
class LiveEpisode:
    id: str
    env: Runtime
    task: Task | CodeTask | None
    conn: sqlite3.Connection
    initial: bytes
    limits: Limits
    origin: str = "control"
    mcp_session: str | None = None
    created_at: float = field(default_factory=time.time)
    last_used: float = field(default_factory=time.monotonic)
    trace: CallTrace = field(default_factory=CallTrace)
    calls: int = 0
    snapshots: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    deadline: float = float("inf")
    traced: bool = True
    """Whether calls go into the trace and the metrics; off for the generator's gate, which replays
    thousands of calls that no one reads."""

    def call(self, tool_name: str, arguments: dict[str, Any] | None) -> dict[str, Any]:
        """Run one tool call, record it in the trace, and return its structured result.

        Every failure is a ServerError and every call is traced, whatever the agent sent: a failure
        that is no ServerError is a bug in worldfarm, logged (at a bounded rate) and answered as one.
        """
        started, wall = time.perf_counter(), time.time()
        args, checked = arguments or {}, False
        try:
            if not isinstance(self.env, EnvRuntime):
                raise EnvironmentDefect(f"{self.env.id} is a code environment: its tools run in its host, not here")
            tool = find_tool(self.env.tools, tool_name)
            limits = self.limits
            args = validate_arguments(tool, args, max_chars=limits.max_string_chars, max_nesting=limits.max_nesting)
            checked = True
            with self.time_limit():
                result = run_program(self.conn, tool, args, self.env.reserved)
        except ServerError as exc:
            if isinstance(exc, EnvironmentDefect):
                _defects.error("%s: %s", self.env.id, exc.message)
            self.record(tool_name, args, checked, wall, started, error=exc)
            raise
        except Exception as exc:  # a bug in worldfarm: never the agent's doing, never a crash
            _defects.error("%s: tool %s raised", self.env.id, traced_name(tool_name), exc_info=exc)
            defect = EnvironmentDefect(
                f"tool {traced_name(tool_name)} failed in the worker ({type(exc).__name__}); "
                "this is a bug in worldfarm, and it was logged"
            )
            self.record(tool_name, args, checked, wall, started, error=defect)
            raise defect from exc
        self.record(tool_name, args, checked, wall, started, result=result)
        return result

    @contextlib.contextmanager
    def time_limit(self) -> Iterator[None]:
        """SQL run inside is interrupted once it passes the per-call time limit."""
        self.deadline = time.monotonic() + self.limits.call_time_limit
        try:
            yield
        finally:
            self.deadline = float("inf")

    def record(
        self,
        tool: str,
        arguments: dict[str, Any],
        checked: bool,
        wall: float,
        started: float,
        result: dict[str, Any] | None = None,
        error: ServerError | None = None,
    ) -> None:
        """Add the call to the trace, within its bounds (servers.trace)."""
        self.calls += 1
        self.last_used = time.monotonic()
        if not self.traced:
            return
        seconds = time.perf_counter() - started
        known = tool if tool in self.env.tools else UNKNOWN_TOOL  # an agent's made-up names are no metric labels
        telemetry.tool_called(self.env.id, known, error, wall, seconds)
        kept_args, size, cut = traced_arguments(arguments, checked)
        kept_result, message = None, None
        if result is not None:
            kept_result, result_size, result_cut = traced_result(result)
            size, cut = size + result_size, cut or result_cut
        if error is not None:
            message, error_cut = traced_error(error.message)
            size, cut = size + len(message), cut or error_cut
        entry = TraceEntry.model_construct(  # built from checked values: skip re-validating them
            index=self.calls - 1,
            tool=traced_name(tool),
            arguments=kept_args,
            result=kept_result,
            error=message,
            error_code=error.code if error else None,
            started_at=iso(wall),
            duration_ms=round(seconds * 1000, 3),
            truncated=cut,
        )
        self.trace.add(entry, size + ENTRY_OVERHEAD)

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
        self.anonymous = 0
        """Live episodes opened by anonymous MCP sessions (their own share, see Limits.anonymous_sessions)."""
        self._gone: OrderedDict[str, str] = OrderedDict()
        """Recently ended episodes and why, so a late caller learns 'expired' rather than 'unknown'."""

    def __len__(self) -> int:
        return len(self._live)

    def __contains__(self, episode_id: object) -> bool:
        return episode_id in self._live

    def __iter__(self) -> Iterator[LiveEpisode]:
        return iter(list(self._live.values()))

    @property
    def counted(self) -> int:
        """Live episodes counted against ``max_episodes`` (all but the anonymous sessions' own share)."""
        return len(self._live) - self.anonymous

    def has_room(self, origin: str = "control") -> bool:
        """Whether one more episode of ``origin`` fits (after closing expired ones if needed)."""
        if not self._fits(origin):
            self.reap()
        return self._fits(origin)

    def _fits(self, origin: str) -> bool:
        if origin == ANONYMOUS:
            return self.anonymous < self.limits.anonymous_sessions
        return self.counted < self.limits.max_episodes

    def create(
        self, env: Runtime, task: Task | CodeTask | None = None, *, state: bytes | None = None, origin: str = "control"
    ) -> LiveEpisode:
        """A new episode of ``env`` starting from its template (or from ``state``); WorkerFull at capacity."""
        if not self.has_room(origin):
            raise WorkerFull(self.full_message(origin))
        started = time.perf_counter()
        episode = LiveEpisode(
            id=random_id(18),
            env=env,
            task=task,
            conn=_UNOPENED,
            initial=env.template,
            limits=self.limits,
            origin=origin,
            trace=CallTrace(self.limits.max_trace_bytes),
        )
        episode.conn = open_database(state if state is not None else env.template, episode)
        self._live[episode.id] = episode
        self.anonymous += origin == ANONYMOUS
        telemetry.episode_created(origin, time.perf_counter() - started)
        return episode

    def full_message(self, origin: str) -> str:
        if origin == ANONYMOUS:
            return (
                f"this worker's {self.limits.anonymous_sessions} episodes for anonymous MCP sessions are all in use; "
                "create an episode (POST /v1/episodes) and connect to its mcp_url, or retry later"
            )
        return (
            f"this worker is full: {self.counted} live episodes, its limit is {self.limits.max_episodes}. "
            "Close episodes you are done with (DELETE /v1/episodes/{id}), retry later, or add workers"
        )

    def fork(self, source: LiveEpisode) -> LiveEpisode:
        """A new episode holding a copy of ``source``'s current state, its start and its trace."""
        episode = self.create(source.env, source.task, state=source.serialize(), origin="fork")
        episode.initial = source.initial
        episode.trace = source.trace.copy()
        episode.calls = source.calls
        return episode

    def get(self, episode_id: str) -> LiveEpisode:
        """The live episode ``episode_id``; EpisodeNotFound saying whether it ended and why."""
        episode = self._live.get(episode_id)
        if episode is not None and self._expired(episode, time.monotonic()):
            self._end(episode, f"expired after {self.limits.ttl(episode.origin):g} s without use", "expired")
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
            self._end(episode, f"expired after {self.limits.ttl(episode.origin):g} s without use", "expired")
        return len(expired)

    def close_all(self) -> None:
        for episode in list(self._live.values()):
            self._end(episode, "was closed when its worker stopped", "worker_stopped")

    def _expired(self, episode: LiveEpisode, now: float) -> bool:
        return now - episode.last_used > self.limits.ttl(episode.origin)

    def _end(self, episode: LiveEpisode, why: str, reason: telemetry.EndReason) -> None:
        if self._live.pop(episode.id, None) is not None:
            self.anonymous -= episode.origin == ANONYMOUS
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

"""The OpenEnv sessions of one worker, bounded like its episodes: a maximum number, an idle TTL.

A session holds at most one episode; the table holds at most ``max_sessions`` sessions (by default
the worker's episode limit) and closes any left idle past the episodes' TTL, together with its socket
(the cancel scope its WebSocket handler registered) and its episode.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator

import anyio

from servers.openenv.session import Farmland, Session, SessionFull


class SessionTable:
    def __init__(self, land: Farmland, max_sessions: int, idle_ttl: float) -> None:
        self.land = land
        self.max_sessions = max_sessions
        self.idle_ttl = idle_ttl
        self._sessions: dict[str, Session] = {}
        self._sockets: dict[str, anyio.CancelScope] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self._sessions.values()))

    def open(self, scope_env: str | None = None) -> Session:
        """A new session; SessionFull (saying what to do) when the worker holds its maximum."""
        if len(self._sessions) >= self.max_sessions:
            self.reap()
        if len(self._sessions) >= self.max_sessions:
            raise SessionFull(
                f"this worker is full: {len(self._sessions)} OpenEnv sessions open, its limit is "
                f"{self.max_sessions}. Close sessions you are done with, retry later, or add workers"
            )
        session = Session(id=secrets.token_urlsafe(18), land=self.land, scope_env=scope_env)
        self._sessions[session.id] = session
        return session

    def get(self, session_id: str) -> Session | None:
        session = self._sessions.get(session_id)
        if session is not None and self._idle(session, time.monotonic()):
            self.close(session_id)
            return None
        return session

    def attach(self, session: Session, scope: anyio.CancelScope) -> None:
        """The cancel scope of the session's socket: cancelled when the session expires."""
        self._sockets[session.id] = scope

    def close(self, session_id: str) -> None:
        """End the session: its episode is freed, its socket (if any) closed."""
        session = self._sessions.pop(session_id, None)
        scope = self._sockets.pop(session_id, None)
        if session is not None:
            session.end()
        if scope is not None:
            scope.cancel()

    def reap(self) -> int:
        """Close every session idle past the TTL; return how many."""
        now = time.monotonic()
        idle = [s.id for s in self._sessions.values() if self._idle(s, now)]
        for session_id in idle:
            self.close(session_id)
        return len(idle)

    def close_all(self) -> None:
        for session_id in list(self._sessions):
            self.close(session_id)

    def _idle(self, session: Session, now: float) -> bool:
        return now - session.last_used > self.idle_ttl

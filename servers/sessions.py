"""Legacy MCP sessions (protocol 2025-11-25 and older) on episode URLs, counted per episode.

An older client opens a session with an ``initialize`` request and then sends its ``Mcp-Session-Id``;
the SDK keeps each open session (a task and its streams) until the client ends it (DELETE) or it has
been idle for the session timeout. Sessions are bounded per episode, so an agent that opens sessions
on its own episode's URL uses up its own share only, never other clients' room on the environment.

A session counts until it is ended or idle for ``idle`` seconds, the SDK's own idle timeout.
"""

from __future__ import annotations

import time
from collections.abc import Container


class EpisodeSessions:
    def __init__(self, per_episode: int, idle: float) -> None:
        self.per_episode = per_episode
        self.idle = idle
        self._by_episode: dict[str, dict[str, float]] = {}
        """Episode id -> its open sessions -> when each was last used (monotonic)."""
        self._episode_of: dict[str, str] = {}

    def has_room(self, episode_id: str) -> bool:
        """Whether ``episode_id`` may open one more session."""
        sessions = self._by_episode.get(episode_id)
        if not sessions:
            return True
        if len(sessions) >= self.per_episode:
            cutoff = time.monotonic() - self.idle
            for session, used in list(sessions.items()):
                if used < cutoff:
                    self.ended(session)
        return len(self._by_episode.get(episode_id, ())) < self.per_episode

    def opened(self, episode_id: str, session: str) -> None:
        self._by_episode.setdefault(episode_id, {})[session] = time.monotonic()
        self._episode_of[session] = episode_id

    def used(self, session: str) -> None:
        episode_id = self._episode_of.get(session)
        if episode_id is not None:
            self._by_episode[episode_id][session] = time.monotonic()

    def ended(self, session: str) -> None:
        episode_id = self._episode_of.pop(session, None)
        if episode_id is None:
            return
        sessions = self._by_episode[episode_id]
        sessions.pop(session, None)
        if not sessions:
            del self._by_episode[episode_id]

    def forget_ended_episodes(self, live: Container[str]) -> None:
        """Drop the sessions of episodes that are no longer in ``live``."""
        for episode_id in [e for e in self._by_episode if e not in live]:
            for session in list(self._by_episode[episode_id]):
                self.ended(session)

    def open_count(self, episode_id: str) -> int:
        return len(self._by_episode.get(episode_id, ()))

"""Errors of the client harness, sorted by whose fault they are: that decides how an episode is scored.

ClientError (WorldfarmError)
├── FarmRejected (also FarmError)   the farm refused a request as asked (4xx): unknown env or task,
│                                   wrong token. The harness's input is wrong: fix it and rerun.
├── EnvironmentFailure              the farm or the environment failed (5xx, unreachable, episode
│   │                               lost, environment defect, a result that breaks its schema):
│   │                               never the agent's fault, never scored as a plain 0
│   ├── EpisodeLost                 the episode is gone (expired, its worker died or restarted)
│   └── ReferenceBroken             a task's reference solution fails: the task is defective
├── AgentFailure                    the agent could not go on (no usable reply, crashed program)
│   └── ModelEndpointError          the chat-completions endpoint failed after every retry
│                                   (also a worldfarm ChatEndpointError)
└── BenchError                      a bench run cannot be set up as asked (its output directory)
"""

from __future__ import annotations

from worldfarm.errors import ChatEndpointError, FarmError, WorldfarmError


class ClientError(WorldfarmError):
    """Root of the harness's errors."""


class FarmRejected(ClientError, FarmError):
    """The farm answered 4xx: the request is wrong as asked; the message says what the farm said."""

    def __init__(self, status: int, message: str, url: str = "", code: str = "") -> None:
        self.code = code
        FarmError.__init__(self, status, message, url)


class EnvironmentFailure(ClientError):
    """The farm or the environment failed: the episode says nothing about the agent."""

    def __init__(self, message: str, *, status: int = 0, url: str = "") -> None:
        self.message = message
        self.status = status
        self.url = url
        super().__init__(message)


class EpisodeLost(EnvironmentFailure):
    """The episode is gone: it expired, or its worker died or restarted."""


class ReferenceBroken(EnvironmentFailure):
    """A step of a task's reference solution fails: the task is defective, not the agent."""


class AgentFailure(ClientError):
    """The agent could not go on; the message says why."""


class ModelEndpointError(AgentFailure, ChatEndpointError):
    """The chat-completions endpoint failed after every retry (unreachable, 5xx, malformed replies)."""


class BenchError(ClientError):
    """A bench run cannot be set up as asked."""

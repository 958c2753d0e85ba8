"""What an agent is to the harness: given an open episode, act through its tools and give a final answer.

An agent sees the episode's instruction and MCP tools. The context also carries the task in full
(``reference``: verifier and reference solution) for oracle-style agents; an agent under evaluation
must never read it. Whatever an agent says or uses is recorded as it goes (``messages``, ``usage``),
so a run cut short by its time limit still leaves its trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from client.episode import Episode
from worldfarm.chat import ChatUsage
from worldfarm.codeenv import AnyTask

Usage = ChatUsage
"""What a model-backed agent consumed (the shared :class:`worldfarm.ChatUsage`)."""

AgentStatus = Literal["finished", "max_turns", "error", "timeout"]


@dataclass
class AgentContext:
    episode: Episode
    instruction: str
    reference: AnyTask
    """The task in full, verifier and reference solution (a data task's) included: for oracle-style agents only."""
    trial: int = 0
    seed: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    """The conversation so far (model-backed agents), in chat-completions form."""
    usage: Usage = field(default_factory=Usage)
    notes: dict[str, Any] = field(default_factory=dict)
    """Anything else worth keeping in the trajectory (a program's stderr, its exit status)."""


@dataclass
class AgentResult:
    answer: str | None = None
    """The agent's final message: what answer checks read."""
    status: AgentStatus = "finished"
    error: str | None = None
    """Why the agent stopped, when it did not finish."""


class Agent:
    """Base of every agent: ``run`` acts on one episode; ``aclose`` releases what the agent holds."""

    name = "agent"

    async def run(self, ctx: AgentContext) -> AgentResult:
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """The agent's configuration, for the run's record (never secrets)."""
        return {"agent": self.name}

    async def aclose(self) -> None:
        return None

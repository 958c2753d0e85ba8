"""Running one (env, task, trial) episode with an agent: open, act, read the state, score, classify, close.

Outcomes, decided in this order:

- ``environment_error``: the farm or the environment failed (unreachable, 5xx, episode lost, a tool
  failing with ``environment_defect``, a broken reference solution). Not counted: excluded from
  success rates and reported apart, never a plain 0.
- ``success``: the reward's checks pass (the reward is 1.0).
- ``timeout``: the agent was still going when its time ran out (the state it left is still scored).
- ``agent_error``: the agent broke down: it gave no final answer (crashed, exited non-zero, ran out
  of turns, its model endpoint failed), or every tool call it made was malformed or invalid.
- ``failure``: the agent finished normally and the task is not done.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from client.agents.base import Agent, AgentContext, AgentResult, AgentStatus, Usage
from client.episode import Episode, ToolCall
from client.errors import AgentFailure, EnvironmentFailure
from client.farm import Farm
from client.rewards import RewardInfo
from worldfarm.codeenv import AnyTask
from worldfarm.control import EnvInfo, EpisodeInfo, RewardMode, Trace, TraceEntry

logger = logging.getLogger(__name__)

Outcome = Literal["success", "failure", "agent_error", "environment_error", "timeout"]
OUTCOMES: tuple[Outcome, ...] = ("success", "failure", "agent_error", "environment_error", "timeout")
INVALID_CALL_CODES = frozenset({"invalid_arguments", "unknown_tool"})
DEFECT_CODE = "environment_defect"


class EpisodeResult(BaseModel):
    """One line of a bench's results file."""

    env: str
    task: str
    trial: int
    agent: str
    reward: float = Field(ge=0.0, le=1.0)
    outcome: Outcome
    counted: bool = Field(description="false for environment errors: excluded from success rates")
    domain: str = ""
    difficulty: str = ""
    tags: list[str] = Field(default_factory=list)
    agent_status: AgentStatus | None = None
    answer: str | None = None
    error: str | None = None
    checks: dict[str, Any] | None = None
    tool_calls: int = 0
    tool_errors: int = 0
    invalid_calls: int = 0
    turns: int | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0
    agent_s: float = 0.0
    episode_id: str | None = None
    started_at: str = ""
    trajectory: str | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.env, self.task, self.trial)


class Trajectory(BaseModel):
    """Everything about one episode: the conversation, every tool call and its result, timings, tokens."""

    env: str
    task: str
    trial: int
    agent: dict[str, Any]
    instruction: str = ""
    episode_id: str | None = None
    outcome: Outcome
    reward: float
    reward_info: RewardInfo | None = None
    answer: str | None = None
    agent_status: AgentStatus | None = None
    error: str | None = None
    messages: list[dict[str, Any]] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list, description="as the harness made them (client timing)")
    trace: list[TraceEntry] = Field(default_factory=list, description="as the worker recorded them (every agent)")
    usage: dict[str, Any] = Field(default_factory=dict)
    notes: dict[str, Any] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)


@dataclass
class EpisodeRun:
    result: EpisodeResult
    trajectory: Trajectory


@dataclass
class _Observed:
    """What one run gathered before it was scored (any part may be missing if the farm failed)."""

    agent: AgentResult | None = None
    ctx: AgentContext | None = None
    episode_id: str | None = None
    trace: Trace | None = None
    reward: RewardInfo | None = None
    env_error: str | None = None
    agent_s: float = 0.0


async def run_episode(
    farm: Farm,
    agent: Agent,
    env_id: str,
    task_id: str,
    trial: int = 0,
    *,
    time_limit: float = 300.0,
    mode: RewardMode = "verifier",
    check_state: bool = True,
    seed: int = 0,
    created: EpisodeInfo | None = None,
) -> EpisodeRun:
    """Run ``agent`` on a fresh episode of (env, task) and score it; ``time_limit`` bounds the agent's turn.

    ``created``: a fresh episode of (env, task) already created (in a batch); then the caller closes it.
    Raises only for bad input (FarmRejected): every failure of the farm or the agent is in the result.
    """
    wall, started = datetime.now(UTC), time.perf_counter()
    seen = _Observed()
    env: EnvInfo | None = None
    task: AnyTask | None = None
    try:
        env, task = await farm.env(env_id), await farm.task(env_id, task_id)
        async with farm.episode(env_id, task_id, created=created, keep=created is not None) as episode:
            seen.episode_id = episode.id
            await _act(agent, episode, task, trial, seed, time_limit, seen)
            answer = seen.agent.answer if seen.agent else None
            with_state = await episode.wants_state(mode, check_state)
            verified = await episode.verify(answer, with_state=with_state, with_trace=True)
            seen.trace = verified.trace
            seen.env_error = _defect(verified.trace) if verified.trace is not None else None
            seen.reward = await episode.reward_of(verified, mode)
    except EnvironmentFailure as exc:
        seen.env_error = exc.message
    return _assemble((env_id, task_id, trial), agent, env, task, seen, wall, time.perf_counter() - started)


async def _act(
    agent: Agent, episode: Episode, task: AnyTask, trial: int, seed: int, time_limit: float, seen: _Observed
) -> None:
    instruction = episode.instruction or task.instruction
    ctx = AgentContext(episode=episode, instruction=instruction, reference=task, trial=trial, seed=seed)
    seen.ctx = ctx
    started = time.perf_counter()
    try:
        async with asyncio.timeout(time_limit):
            seen.agent = await agent.run(ctx)
    except TimeoutError:
        seen.agent = AgentResult(status="timeout", error=f"the agent was still running after {time_limit:g} s")
    except AgentFailure as exc:
        seen.agent = AgentResult(status="error", error=str(exc))
    except EnvironmentFailure:
        raise
    except Exception as exc:  # boundary: an agent's own bug must not end the run; it is that agent's error
        logger.exception("agent %s failed on %s/%s", agent.name, episode.env_id, task.id)
        seen.agent = AgentResult(status="error", error=f"{type(exc).__name__}: {exc}")
    finally:
        seen.agent_s = time.perf_counter() - started


def classify(seen: _Observed, attempts: int, invalid: int) -> Outcome:
    """The episode's outcome (see the module docstring for the rules and their order)."""
    agent = seen.agent
    if seen.env_error is not None or seen.reward is None or agent is None:
        return "environment_error"
    if seen.reward.passed:
        return "success"
    if agent.status == "timeout":
        return "timeout"
    if agent.status != "finished" or agent.answer is None or (attempts and invalid >= attempts):
        return "agent_error"
    return "failure"


def _defect(trace: Trace) -> str | None:
    """An environment defect the worker recorded in the trace, if any: the environment failed, not the agent."""
    for entry in trace.calls:
        if entry.error_code == DEFECT_CODE:
            return f"the environment failed on {entry.tool} (call {entry.index}): {entry.error}"
    return None


def _assemble(
    key: tuple[str, str, int],
    agent: Agent,
    env: EnvInfo | None,
    task: AnyTask | None,
    seen: _Observed,
    wall: datetime,
    duration: float,
) -> EpisodeRun:
    """The results line and the trajectory of one run."""
    ctx, result = seen.ctx, seen.agent or AgentResult(status="error", error=seen.env_error)
    trace = seen.trace.calls if seen.trace else []
    attempts, invalid, malformed = _call_counts(seen)
    outcome = classify(seen, attempts, invalid)
    counted = outcome != "environment_error"
    usage = ctx.usage if ctx else Usage()
    env_id, task_id, trial = key
    line = EpisodeResult(
        env=env_id,
        task=task_id,
        trial=trial,
        agent=agent.name,
        reward=seen.reward.reward if seen.reward is not None and counted else 0.0,
        outcome=outcome,
        counted=counted,
        domain=env.domain if env else "",
        difficulty=task.difficulty if task else "",
        tags=list(task.tags) if task else [],
        agent_status=seen.agent.status if seen.agent else None,
        answer=result.answer,
        error=seen.env_error if outcome == "environment_error" else result.error,
        checks=seen.reward.summary() if seen.reward else None,
        tool_calls=attempts,
        tool_errors=sum(entry.error is not None for entry in trace) + malformed,
        invalid_calls=invalid,
        turns=ctx.notes.get("turns") if ctx else None,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        duration_s=round(duration, 4),
        agent_s=round(seen.agent_s, 4),
        episode_id=seen.episode_id,
        started_at=wall.isoformat(timespec="milliseconds"),
    )
    return EpisodeRun(line, _trajectory(line, agent, task, seen, usage))


def _call_counts(seen: _Observed) -> tuple[int, int, int]:
    """(tool calls attempted, invalid ones, malformed ones): the worker's trace plus what never reached it."""
    ctx = seen.ctx
    malformed = int(ctx.notes.get("malformed_calls", 0)) if ctx else 0
    if seen.trace is not None:
        made = len(seen.trace.calls) + seen.trace.dropped
    else:
        made = len(ctx.episode.calls) if ctx else 0
    invalid = sum(entry.error_code in INVALID_CALL_CODES for entry in seen.trace.calls) if seen.trace else 0
    return made + malformed, invalid + malformed, malformed


def _trajectory(line: EpisodeResult, agent: Agent, task: AnyTask | None, seen: _Observed, usage: Usage) -> Trajectory:
    ctx = seen.ctx
    return Trajectory(
        env=line.env,
        task=line.task,
        trial=line.trial,
        agent=agent.describe(),
        instruction=ctx.instruction if ctx else (task.instruction if task else ""),
        episode_id=seen.episode_id,
        outcome=line.outcome,
        reward=line.reward,
        reward_info=seen.reward,
        answer=line.answer,
        agent_status=line.agent_status,
        error=line.error,
        messages=ctx.messages if ctx else [],
        tool_calls=ctx.episode.calls if ctx else [],
        trace=seen.trace.calls if seen.trace else [],
        usage={**vars(usage), "total_tokens": usage.total_tokens},
        notes=dict(ctx.notes) if ctx else {},
        timings={"total_s": line.duration_s, "agent_s": line.agent_s},
    )

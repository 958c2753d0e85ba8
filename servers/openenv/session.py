"""One OpenEnv session: reset/step over the worker's episodes, with Agent World Model's semantics.

    reset(scenario=ENV, task_idx=N | task=ID)   a new episode (the previous one, if any, is freed)
    step(list_tools)                            the episode's tools
    step(call_tool NAME ARGS)                   a tool call; a failure is an error observation
    step(call_tool verify {final_answer})       the farm's verifier -> complete | incomplete; tool
                                                calls are closed from then on and the episode freed
    step(call_tool done)                        ends the episode (done=True); steps answer
                                                episode_already_done until the next reset
    step(call_tool __list_scenarios__)          the environments this worker serves

A session is an adapter: its episode lives in the worker's EpisodeStore (so the store's capacity and
idle TTL bound it), tool calls are the episode's own calls, and verify runs the control plane's
verifier (:func:`servers.inspection.verify`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from servers.code.calls import call_code_tool
from servers.code.hosts import HostPool
from servers.code.runtime import CodeRuntime
from servers.code.verifiers import verify_code_task
from servers.environments import EnvRuntime, ServedEnvironments
from servers.episodes import EpisodeStore, LiveEpisode
from servers.errors import (
    EnvironmentDefect,
    EnvironmentUnavailable,
    EpisodeNotFound,
    InvalidArguments,
    ServerError,
    ToolCallError,
    UnknownEnvironment,
    UnknownTask,
    UnknownTool,
    WorkerFull,
)
from servers.inspection import read_state, verify
from servers.reference import replay_reference
from worldfarm.codeenv import CodeTask
from worldfarm.control import RewardMode, VerifyResult
from worldfarm.equivalence import compare_states
from worldfarm.openenv import (
    DEFAULT_REWARD_CONFIG,
    DONE,
    LIST_SCENARIOS,
    VERIFIER_MODES,
    VERIFY,
    CallTool,
    ListTools,
    Observation,
    ResetParams,
    State,
    StepResult,
    ToolList,
    ToolSpec,
    not_started,
    reset_refused,
    reward_of,
)
from worldfarm.task import Task

Scenarios = Callable[[], Awaitable[StepResult]]
"""Answers ``__list_scenarios__``."""

ORIGIN = "openenv"


@dataclass(frozen=True)
class Farmland:
    """What sessions act on: the worker's environments and episodes, and the scenario list."""

    catalog: ServedEnvironments
    store: EpisodeStore
    scenarios: Scenarios
    hosts: HostPool = field(default_factory=HostPool)
    """The code environments' app hosts (the worker's own pool)."""
    _tools: dict[str, list[ToolSpec]] = field(default_factory=dict)

    def tools(self, runtime: EnvRuntime | CodeRuntime) -> list[ToolSpec]:
        """The environment's tools as OpenEnv lists them (built once per environment)."""
        specs = self._tools.get(runtime.id)
        if specs is None:
            specs = [
                ToolSpec(name=t.name, description=t.description or "", input_schema=t.input_schema)
                for t in runtime.mcp_tools
            ]
            self._tools[runtime.id] = specs
        return specs


@dataclass(frozen=True)
class Opened:
    """What the current reset opened."""

    runtime: EnvRuntime | CodeRuntime
    task: Task | CodeTask | None
    task_idx: int | None
    name: str
    config: dict[str, float]
    mode: RewardMode = "verifier"


class SessionFull(ServerError):
    """The worker cannot hold another episode (or session): the client should retry or go elsewhere."""

    code = "worker_full"
    status = 503


@dataclass(eq=False)
class Session:
    id: str
    land: Farmland
    scope_env: str | None = None
    """The environment of an environment-scoped URL (``/openenv/envs/{env}``): reset defaults to it."""
    opened: Opened | None = None
    episode_id: str | None = None
    """The farm's episode, while there is one (never shown to the client)."""
    steps: int = 0
    verified: StepResult | None = None
    finished: bool = False
    last_used: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        self.last_used = time.monotonic()

    def state(self) -> State:
        return State(episode_id=self.opened.name if self.opened else None, step_count=self.steps)

    def reset(self, data: dict[str, Any]) -> StepResult:
        """Start a new episode; a reset_error observation if the parameters cannot be served."""
        self.touch()
        try:
            params = ResetParams.model_validate(data)
            runtime, task, index = self._choose(params)
        except (ValidationError, ResetRefused) as exc:
            return _reset_error(exc)
        self.end()
        self.opened, self.finished = None, False
        try:
            episode = self.land.store.create(runtime, task, origin=ORIGIN)
        except WorkerFull as exc:
            raise SessionFull(exc.message) from None
        self.episode_id = episode.id
        self.opened = Opened(
            runtime=runtime,
            task=task,
            task_idx=index,
            name=params.episode_id or uuid.uuid4().hex,
            config=dict(params.reward_config or DEFAULT_REWARD_CONFIG),
            mode=params.reward_mode,
        )
        self.steps, self.verified, self.finished = 0, None, False
        has_verifier = {mode: True for mode in VERIFIER_MODES} if task else None
        return StepResult(
            observation=Observation(
                reward_type="reset_ok",
                scenario=runtime.id,
                task=task.instruction if task else None,
                task_idx=index,
                has_verifier=has_verifier,
                num_tools=len(runtime.mcp_tools),
            )
        )

    async def step(self, action: ListTools | CallTool) -> StepResult:
        self.touch()
        if self.finished:
            return StepResult(
                observation=Observation(
                    reward_type="episode_already_done",
                    error="the episode has ended; call reset() to start a new one",
                ),
                done=True,
            )
        self.steps += 1
        if isinstance(action, CallTool) and action.tool_name == LIST_SCENARIOS:
            return await self.land.scenarios()
        if self.opened is None:
            if isinstance(action, CallTool) and action.tool_name == DONE:
                self.finished = True
            return not_started(action)
        if isinstance(action, ListTools):
            return StepResult(observation=ToolList(tools=self.land.tools(self.opened.runtime)))
        if action.tool_name == DONE:
            return self._done(self.opened)
        if action.tool_name == VERIFY:
            return await self._verify(self.opened, action.arguments)
        return await self._call(self.opened, action)

    def end(self) -> None:
        """Free the episode, if the session holds one."""
        if self.episode_id is not None:
            episode_id, self.episode_id = self.episode_id, None
            if episode_id in self.land.store:
                self.land.store.close(episode_id)

    def _choose(self, params: ResetParams) -> tuple[EnvRuntime | CodeRuntime, Task | CodeTask | None, int | None]:
        scenario = params.scenario or self.scope_env
        if scenario is None:
            raise ResetRefused("parameter 'scenario' is required: the id of an environment (see __list_scenarios__)")
        if self.scope_env is not None and scenario != self.scope_env:
            raise ResetRefused(f"this URL serves {self.scope_env} only; use the farm's /openenv URL for {scenario}")
        try:
            runtime = self.land.catalog.get(scenario)
        except (UnknownEnvironment, EnvironmentUnavailable) as exc:
            raise ResetRefused(exc.message) from None
        tasks = runtime.tasks
        index = params.task_idx
        if index is not None and index >= len(tasks):
            raise ResetRefused(f"task_idx {index} out of range (0..{len(tasks) - 1}) for {scenario}")
        if params.task is not None:
            try:
                task = runtime.task(params.task)
            except UnknownTask as exc:
                raise ResetRefused(exc.message) from None
            found = tasks.index(task)
            if index is not None and index != found:
                raise ResetRefused(f"task {params.task!r} is task_idx {found}, not {index}; pass one of the two")
            return runtime, task, found
        return runtime, (tasks[index] if index is not None else None), index

    async def _call(self, opened: Opened, action: CallTool) -> StepResult:
        name = action.tool_name
        if self.verified is not None:
            return self._observe(
                opened,
                "episode_verified",
                tool_name=name,
                error="this episode was verified: tool calls are "
                "closed. Call done to end it, or reset to start a new episode",
            )
        try:
            if isinstance(opened.runtime, CodeRuntime):
                code = await call_code_tool(self.land.hosts, opened.runtime, self._episode(), name, action.arguments)
                result = code.structured
            else:
                result = self._episode().call(name, action.arguments)
        except ToolCallError as exc:
            return self._observe(opened, _classify(exc), tool_name=name, error=exc.message)
        except (EpisodeNotFound, EnvironmentDefect) as exc:
            return self._observe(opened, "server_error", tool_name=name, error=exc.message)
        return self._observe(opened, "tool_call_ok", tool_name=name, tool_result=result)

    async def _verify(self, opened: Opened, arguments: dict[str, Any]) -> StepResult:
        if self.verified is not None:
            return self.verified
        if opened.task is None:
            return self._observe(opened, "no_verifier", error="cannot verify: no task was named at reset")
        mode, answer = arguments.get("verifier_mode", VERIFIER_MODES[0]), arguments.get("final_answer")
        if mode not in VERIFIER_MODES or not (answer is None or isinstance(answer, str)):
            problem = f"verifier_mode must be one of {', '.join(VERIFIER_MODES)}; final_answer a string"
            return self._observe(opened, "invalid_args", tool_name=VERIFY, error=problem)
        state: bool | None = None
        try:
            episode = self._episode()
            if isinstance(opened.task, CodeTask):  # its Python verifier alone decides, whatever the mode
                final = episode.serialize()
                outcome = await verify_code_task(opened.task, episode.initial, final, answer, self.land.hosts.settings)
            else:
                outcome = verify(episode, opened.task, answer)
                if opened.mode != "verifier" and isinstance(opened.runtime, EnvRuntime):
                    state = self._same_state_as_reference(episode, opened.runtime, opened.task)
        except (EpisodeNotFound, EnvironmentDefect, WorkerFull) as exc:  # full: no room to replay the reference
            return self._observe(opened, "server_error", tool_name=VERIFY, error=exc.message)
        passed = _passes(opened.mode, outcome.passed, outcome, state)
        reward_type = "complete" if passed else "incomplete"
        breakdown: dict[str, Any] = {
            "task": outcome.task,
            "passed": passed,
            "reward": 1.0 if passed else 0.0,
            "mode": opened.mode if state is not None else "verifier",
            "assertions": f"{sum(a.passed for a in outcome.assertions)}/{len(outcome.assertions)}",
            "answers": f"{sum(a.found for a in outcome.answers)}/{len(outcome.answers)}",
        }
        if state is not None:
            breakdown["state"] = state
        self.verified = self._observe(opened, reward_type, verify_result=breakdown, steps_taken=self.steps)
        self.end()
        return self.verified

    def _same_state_as_reference(self, episode: LiveEpisode, runtime: EnvRuntime, task: Task) -> bool:
        """Whether the episode holds the world the task's reference solution leaves (``worldfarm.equivalence``)."""
        replay = replay_reference(self.land.store, runtime, task)
        if replay.state is None:
            raise EnvironmentDefect(f"task {task.id}'s reference solution fails, so no state to compare with")
        compared = compare_states(read_state(episode), replay.state, runtime.volatile, runtime.references)
        return compared.matched

    def _done(self, opened: Opened) -> StepResult:
        self.end()
        self.finished = True
        return StepResult(
            observation=Observation(
                reward_type="episode_done",
                scenario=opened.runtime.id,
                task=opened.task.instruction if opened.task else None,
                task_idx=opened.task_idx,
                steps_taken=self.steps,
            ),
            reward=0.0,
            done=True,
        )

    def _episode(self) -> LiveEpisode:
        if self.episode_id is None:
            raise EpisodeNotFound("the episode was freed; call reset() to start a new one")
        try:
            return self.land.store.get(self.episode_id)
        except EpisodeNotFound as exc:
            raise EpisodeNotFound(f"{exc.message.split(';')[0]}; call reset() to start a new one") from None

    def _observe(self, opened: Opened, reward_type: str, **fields: Any) -> StepResult:
        """An observation of the episode, worth what ``reward_type`` is under the session's config."""
        if reward_type in ("complete", "incomplete", "no_verifier"):
            fields.setdefault("scenario", opened.runtime.id)
            fields.setdefault("task", opened.task.instruction if opened.task else None)
            fields.setdefault("task_idx", opened.task_idx)
        return StepResult(
            observation=Observation(reward_type=reward_type, **fields), reward=reward_of(reward_type, opened.config)
        )


class ResetRefused(Exception):
    """Reset parameters that cannot be served; answered as a reset_error observation."""


def _reset_error(exc: ValidationError | ResetRefused) -> StepResult:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return reset_refused(f"reset parameter {'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
    return reset_refused(str(exc))


def _passes(mode: RewardMode, verified: bool, outcome: VerifyResult, state: bool | None) -> bool:
    """The harness's rule (``client.rewards``): verifier = assertions and answers, state = the reference's
    state and the answers, all = the three; without a state comparison (a code task) the verifier decides."""
    if state is None or mode == "verifier":
        return verified
    answers = all(a.found for a in outcome.answers) and not outcome.competing
    return state and answers if mode == "state" else state and verified


def _classify(exc: ToolCallError) -> str:
    """AWM's reward type for a tool error: format errors (unknown tool, bad arguments) cost the most."""
    if isinstance(exc, UnknownTool):
        return "tool_not_found"
    if isinstance(exc, InvalidArguments):
        return "invalid_args"
    return "tool_error"

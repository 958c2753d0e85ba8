"""One episode seen from the harness: its MCP tools (what the agent sees) and its control plane (what it doesn't).

An episode is created on entry and closed on exit. Tool calls go over MCP to the episode's own
``mcp_url`` through the farm's shared HTTP client, one request each (protocol 2026-07-28: no session
to open); its tools are its environment's, listed once per farm. State, diff, trace and verifier
results come from its ``control_url``. Both URLs are used exactly as the farm returned them: they may point at a
worker or at the registry.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar

import httpx2
import mcp_types as types
from pydantic import BaseModel, Field

from client import telemetry
from client.calls import McpAnswerError, McpError, ToolResult, mcp_failure
from client.control import ControlPlane
from client.errors import ClientError, EnvironmentFailure
from client.rewards import RewardInfo, score
from client.tools import openai_tools
from worldfarm.codeenv import AnyTask, CodeTask
from worldfarm.control import (
    Diff,
    EnvInfo,
    EpisodeInfo,
    QueryRequest,
    QueryResult,
    RewardMode,
    State,
    Trace,
    VerifyRequest,
    VerifyResult,
)
from worldfarm.tracing import Opened

M = TypeVar("M", bound=BaseModel)

ReferenceState = Callable[[str, str], Awaitable[State]]
"""The state a task's reference solution leaves, by (environment, task): what ``state`` rewards compare with."""


class ToolCall(BaseModel):
    """One tool call as the harness made it and the agent saw its result."""

    index: int
    tool: str
    arguments: dict[str, Any]
    text: str = Field(description="the result as text, as an agent reads it")
    structured: dict[str, Any] | None = None
    is_error: bool = False
    started_s: float = Field(description="seconds since the episode opened")
    duration_ms: float


class Episode:
    """An open episode: ``async with farm.episode(env, task) as episode: ...``."""

    def __init__(
        self,
        farm: ControlPlane,
        env_id: str,
        task_id: str | None = None,
        *,
        keep: bool = False,
        reference_state: ReferenceState | None = None,
        created: EpisodeInfo | None = None,
    ) -> None:
        self.farm = farm
        self.created = created
        """The episode as already created on the farm (e.g. in a batch): entering opens it, creates nothing."""
        self.reference_state = reference_state
        self.env_id = env_id
        self.task_id = task_id
        self.keep = keep
        self.calls: list[ToolCall] = []
        self.tools: list[types.Tool] = []
        self._info: EpisodeInfo | None = None
        self._listed: dict[str, types.Tool] = {}
        self._open = False
        self._opened = 0.0
        self._closed = False
        self._span: Opened | None = None

    @property
    def info(self) -> EpisodeInfo:
        """The episode as the farm created it (still readable after it closed)."""
        if self._info is None:
            raise ClientError("the episode is not open; use 'async with farm.episode(...)'")
        return self._info

    @property
    def id(self) -> str:
        return self.info.episode_id

    @property
    def mcp_url(self) -> str:
        return self.info.mcp_url

    @property
    def instruction(self) -> str:
        return self.info.instruction or ""

    async def __aenter__(self) -> Episode:
        self._span = telemetry.episode_opened(self.env_id, self.task_id)
        try:
            self._info = self.created or await self.farm.create_episode(self.env_id, self.task_id)
            self._opened = time.perf_counter()
            self.tools = await self._mcp_op("listing tools", lambda: self.farm.tools(self.env_id, self.mcp_url))
        except BaseException:
            await self.aclose()
            raise
        self._listed = {tool.name: tool for tool in self.tools}
        self._open = True
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the episode on the farm (unless kept). Closing twice is harmless."""
        self._open = False
        if self._info is not None and not self.keep and not self._closed:
            self._closed, info = True, self._info
            with contextlib.suppress(EnvironmentFailure):  # gone already, or its worker with it
                await self.farm.request("DELETE", info.control_url)
        telemetry.episode_closed(self._span)
        self._span = None

    # -- what the agent sees -------------------------------------------------------------------

    def openai_tools(self) -> list[dict[str, Any]]:
        """The episode's tools in OpenAI function-calling form."""
        return openai_tools(self.tools)

    async def call_tool(self, name: str, arguments: dict[str, Any] | None = None) -> ToolCall:
        """Call a tool over MCP; a failure the agent caused comes back as ``is_error``, never raised."""
        if not self._open:
            raise ClientError("the episode is not open; use 'async with farm.episode(...)'")
        args = dict(arguments or {})
        started = time.perf_counter()

        async def call() -> ToolResult:
            return await self.farm.mcp.call_tool(self.mcp_url, self._listed.get(name), name, args)

        result: ToolResult = await self._mcp_op(f"calling {name}", call)
        record = ToolCall(
            index=len(self.calls),
            tool=name,
            arguments=args,
            text=result.text,
            structured=result.structured,
            is_error=result.is_error,
            started_s=round(started - self._opened, 6),
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
        self.calls.append(record)
        return record

    async def _mcp_op(self, what: str, operation: Callable[[], Awaitable[Any]]) -> Any:
        """Run one MCP operation; every way it can fail that is not the agent's is an EnvironmentFailure."""
        try:
            return await operation()
        except McpError as exc:
            await self._raise_if_lost()
            raise mcp_failure(what, exc) from None
        except httpx2.TimeoutException:
            raise EnvironmentFailure(f"the MCP server did not answer {what} in time") from None
        except httpx2.TransportError as exc:
            raise EnvironmentFailure(f"cannot reach the MCP server {what}: {exc or type(exc).__name__}") from None
        except McpAnswerError as exc:
            raise mcp_failure(what, exc) from None

    async def _raise_if_lost(self) -> None:
        """Raise EpisodeLost if the control plane no longer knows the episode."""
        await self.farm.request("GET", self.info.control_url)

    # -- what the harness reads --------------------------------------------------------------

    async def env(self) -> EnvInfo:
        return await self.farm.env(self.env_id)

    async def task(self) -> AnyTask | None:
        """The episode's task in full (verifier, reference solution): for the harness, never for an agent."""
        return await self.farm.task(self.env_id, self.task_id) if self.task_id is not None else None

    async def state(self, tables: list[str] | None = None) -> State:
        params = {"tables": ",".join(tables)} if tables else None
        return await self._read(State, "GET", "/state", params=params)

    async def diff(self) -> Diff:
        return await self._read(Diff, "GET", "/diff")

    async def trace(self) -> Trace:
        return await self._read(Trace, "GET", "/trace")

    async def query(self, sql: str, params: dict[str, Any] | None = None) -> QueryResult:
        body = QueryRequest(sql=sql, params=params or {}).model_dump()
        return await self._read(QueryResult, "POST", "/query", json=body)

    async def verify(
        self,
        answer: str | None = None,
        task_id: str | None = None,
        *,
        with_state: bool = False,
        with_trace: bool = False,
    ) -> VerifyResult:
        """The task's verifier run on the episode; with the state and the trace it ran on if asked (one request)."""
        request = VerifyRequest(task=task_id, answer=answer, with_state=with_state, with_trace=with_trace)
        body = request.model_dump(exclude_none=True, exclude_defaults=True)
        result = await self._read(VerifyResult, "POST", "/verify", json=body)
        if (with_state and result.state is None) or (with_trace and result.trace is None):  # an older farm
            state = await self.state() if with_state else None
            trace = await self.trace() if with_trace else None
            result = VerifyResult(
                task=result.task,
                passed=result.passed,
                assertions=result.assertions,
                answers=result.answers,
                state=state,
                trace=trace,
            )
        return result

    async def _read(
        self, model: type[M], method: str, operation: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> M:
        """A read of the episode: from its worker directly when the farm gave its URL (no hop through a
        registry); if that worker cannot be reached, through ``control_url``, which says if the episode is lost."""
        direct = self.info.direct_control_url
        if direct is not None:
            try:
                return await self.farm.read(model, method, direct + operation, json=json, params=params)
            except EnvironmentFailure as exc:
                if exc.status:  # the worker answered: that is the answer
                    raise
        return await self.farm.read(model, method, self.info.control_url + operation, json=json, params=params)

    async def reward(
        self, answer: str | None = None, mode: RewardMode = "verifier", *, check_state: bool = True
    ) -> RewardInfo:
        """The reward of the state the episode is in now, given the agent's final ``answer``, with its
        breakdown; ``check_state`` off skips the state comparison where ``mode`` does not need it."""
        if self.task_id is None:
            raise ClientError("an episode without a task has no reward; open it with a task id")
        verified = await self.verify(answer, with_state=await self.wants_state(mode, check_state))
        return await self.reward_of(verified, mode)

    async def wants_state(self, mode: RewardMode = "verifier", check_state: bool = True) -> bool:
        """Whether this episode's reward in ``mode`` compares its state with its task's reference state
        (``check_state`` asks for it in the verifier mode; a code environment's task has no reference)."""
        return (check_state or mode != "verifier") and not isinstance(await self.task(), CodeTask)

    async def reward_of(self, verified: VerifyResult, mode: RewardMode = "verifier") -> RewardInfo:
        """The reward given what the verifier found (``verify``, with the state when :meth:`wants_state`):
        the state is compared with the task's reference state."""
        if self.task_id is None:
            raise ClientError("an episode without a task has no reward; open it with a task id")
        if isinstance(await self.task(), CodeTask):  # no reference solution: its verifier alone decides
            return score(verified, "verifier", None, None, {})
        if verified.state is None:
            if mode != "verifier":
                raise ClientError(f"a {mode!r} reward compares states: verify with_state=True")
            return score(verified, mode, None, None, {})
        if self.reference_state is None:
            raise ClientError("this episode was opened without reference states: open it with Farm.episode()")
        env, reference = await self.env(), await self.reference_state(self.env_id, self.task_id)
        return score(verified, mode, verified.state, reference, env.volatile, env.references)

"""One episode seen from the harness: its MCP tools (what the agent sees) and its control plane (what it doesn't).

An episode is created on entry and closed on exit. Tool calls go over MCP to the episode's own
``mcp_url`` through the farm's shared HTTP client; state, diff, trace and verifier results come from
its ``control_url``. Both URLs are used exactly as the farm returned them: they may point at a
worker or at the registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from types import TracebackType
from typing import Any

import httpx2
import mcp_types as types
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types.version import LATEST_MODERN_VERSION
from pydantic import BaseModel, Field, ValidationError

from client import telemetry
from client.control import ControlPlane
from client.errors import ClientError, EnvironmentFailure
from client.rewards import RewardInfo, RewardMode, score
from client.tools import openai_tools
from worldfarm.codeenv import AnyTask, CodeTask
from worldfarm.control import (
    Diff,
    EnvInfo,
    EpisodeInfo,
    QueryRequest,
    QueryResult,
    State,
    Trace,
    VerifyRequest,
    VerifyResult,
)
from worldfarm.tracing import Opened

MCP_READ_TIMEOUT = 60.0

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
    ) -> None:
        self.farm = farm
        self.reference_state = reference_state
        self.env_id = env_id
        self.task_id = task_id
        self.keep = keep
        self.calls: list[ToolCall] = []
        self.tools: list[types.Tool] = []
        self._info: EpisodeInfo | None = None
        self._mcp: Client | None = None
        self._stack: AsyncExitStack | None = None
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
            self._info = await self.farm.create_episode(self.env_id, self.task_id)
            self._opened = time.perf_counter()
            await self._connect()
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Disconnect MCP and close the episode on the farm (unless kept). Closing twice is harmless.

        A request that failed on the wire surfaces here: the SDK's transport ends its task group
        with the error (and cancels what was running in the episode). It becomes an EnvironmentFailure.
        """
        stack, self._stack, self._mcp = self._stack, None, None
        failure: EnvironmentFailure | None = None
        if stack is not None:
            try:
                await stack.aclose()
            except BaseExceptionGroup as group:
                errors = group.subgroup(lambda e: isinstance(e, Exception))
                if errors is None:
                    raise
                failure = EnvironmentFailure(f"the MCP connection to {self.mcp_url} failed: {_first(errors)}")
        if self._info is not None and not self.keep and not self._closed:
            self._closed, info = True, self._info
            with contextlib.suppress(EnvironmentFailure):  # gone already, or its worker with it
                await self.farm.request("DELETE", info.control_url)
        telemetry.episode_closed(self._span, failure.message if failure else None)
        self._span = None
        if failure is not None:
            raise failure

    async def _connect(self) -> None:
        stack = AsyncExitStack()
        transport = streamable_http_client(self.mcp_url, http_client=self.farm.http)
        client = Client(transport, mode=LATEST_MODERN_VERSION, cache=None, read_timeout_seconds=MCP_READ_TIMEOUT)
        self._stack = stack
        self._mcp = await stack.enter_async_context(client)
        self.tools = await self._mcp_op("listing tools", self._list_tools)
        self.farm.validators.prime(self._mcp.session, self.tools)

    async def _list_tools(self) -> list[types.Tool]:
        assert self._mcp is not None
        return list((await self._mcp.list_tools()).tools)

    # -- what the agent sees -------------------------------------------------------------------

    def openai_tools(self) -> list[dict[str, Any]]:
        """The episode's tools in OpenAI function-calling form."""
        return openai_tools(self.tools)

    async def call_tool(self, name: str, arguments: dict[str, Any] | None = None) -> ToolCall:
        """Call a tool over MCP; a failure the agent caused comes back as ``is_error``, never raised."""
        if self._mcp is None:
            raise ClientError("the episode is not open; use 'async with farm.episode(...)'")
        mcp, args = self._mcp, dict(arguments or {})
        started = time.perf_counter()

        async def call() -> types.CallToolResult:
            return await mcp.call_tool(name, args)

        result = await self._mcp_op(f"calling {name}", call)
        record = ToolCall(
            index=len(self.calls),
            tool=name,
            arguments=args,
            text=result_text(result),
            structured=result.structured_content,
            is_error=bool(result.is_error),
            started_s=round(started - self._opened, 6),
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
        self.calls.append(record)
        return record

    async def _mcp_op(self, what: str, operation: Any) -> Any:
        """Run one MCP operation; every way it can fail that is not the agent's is an EnvironmentFailure."""
        try:
            return await operation()
        except MCPError as exc:
            await self._raise_if_lost()
            raise EnvironmentFailure(f"the MCP server failed {what}: {exc.error.message}") from None
        except httpx2.TransportError as exc:
            raise EnvironmentFailure(f"cannot reach the MCP server {what}: {exc or type(exc).__name__}") from None
        except (RuntimeError, ValidationError) as exc:
            # the SDK raises RuntimeError for a result that breaks the tool's output schema
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EnvironmentFailure(f"the MCP server answered badly {what}: {first_line}") from None
        except TimeoutError:
            raise EnvironmentFailure(f"the MCP server did not answer {what} in {MCP_READ_TIMEOUT:g} s") from None

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
        return State.model_validate(await self.farm.request("GET", f"{self.info.control_url}/state", params=params))

    async def diff(self) -> Diff:
        return Diff.model_validate(await self.farm.request("GET", f"{self.info.control_url}/diff"))

    async def trace(self) -> Trace:
        return Trace.model_validate(await self.farm.request("GET", f"{self.info.control_url}/trace"))

    async def query(self, sql: str, params: dict[str, Any] | None = None) -> QueryResult:
        body = QueryRequest(sql=sql, params=params or {}).model_dump()
        return QueryResult.model_validate(await self.farm.request("POST", f"{self.info.control_url}/query", json=body))

    async def verify(self, answer: str | None = None, task_id: str | None = None) -> VerifyResult:
        body = VerifyRequest(task=task_id, answer=answer).model_dump(exclude_none=True)
        url = f"{self.info.control_url}/verify"
        return VerifyResult.model_validate(await self.farm.request("POST", url, json=body))

    async def reward(
        self, answer: str | None = None, mode: RewardMode = "verifier", *, check_state: bool = True
    ) -> RewardInfo:
        """The reward of the state the episode is in now, given the agent's final ``answer``, with its
        breakdown; ``check_state`` off skips the state comparison where ``mode`` does not need it."""
        if self.task_id is None:
            raise ClientError("an episode without a task has no reward; open it with a task id")
        if isinstance(await self.task(), CodeTask):  # no reference solution: its verifier alone decides
            return score(await self.verify(answer), "verifier", None, None, {})
        if not (check_state or mode != "verifier"):
            return score(await self.verify(answer), mode, None, None, {})
        if self.reference_state is None:
            raise ClientError("this episode was opened without reference states: open it with Farm.episode()")
        env = await self.env()

        async def own() -> tuple[VerifyResult, State]:
            # one request at a time per episode: a worker may serve concurrent requests on one episode badly
            return await self.verify(answer), await self.state()

        (result, actual), reference = await asyncio.gather(own(), self.reference_state(self.env_id, self.task_id))
        return score(result, mode, actual, reference, env.volatile, env.references)


def result_text(result: types.CallToolResult) -> str:
    """A tool result as one text, the way an agent is shown it."""
    parts: list[str] = []
    for block in result.content:
        if isinstance(block, types.TextContent):
            parts.append(block.text)
        else:
            parts.append(json.dumps(block.model_dump(mode="json", by_alias=True, exclude_none=True)))
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)


def _first(group: BaseExceptionGroup[Exception]) -> str:
    """The innermost first error of a group, as ``Type: message``."""
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

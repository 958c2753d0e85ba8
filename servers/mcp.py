"""One low-level MCP server per environment: its tools, acting on the episode each request names.

The SDK's low-level ``Server`` publishes the bundle's JSON Schemas exactly and validates nothing;
arguments are validated by the episode before any SQL runs. Which episode a request acts on is
decided by a resolver: the path segment of the episode URL over HTTP, the MCP session for legacy
clients on the per-environment URL, the one episode of a stdio process.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError

from servers.episodes import LiveEpisode
from servers.errors import EpisodeNotFound, ServerError
from servers.runtime import Runtime
from worldfarm.codeenv import CodeTask
from worldfarm.task import Task

EpisodeResolver = Callable[[ServerRequestContext[Any, Any]], LiveEpisode]
"""Finds the episode a request acts on; raises EpisodeNotFound."""

TASK_PROMPT = "task"


CodeCaller = Callable[[LiveEpisode, str, dict[str, Any] | None], Awaitable[tuple[str, dict[str, Any]]]]
"""Runs a code environment's tool call on an episode (in its host): the result's text and structured form."""


def build_server(
    runtime: Runtime, resolve: EpisodeResolver, *, tracing: bool = False, code: CodeCaller | None = None
) -> Server[Any]:
    """The MCP server of ``runtime``: its tools, and the episode's task as a prompt.

    ``tracing`` keeps the SDK's OpenTelemetry span per request (off by default: it costs CPU on
    every call even with no exporter configured).
    """
    tools = types.ListToolsResult(tools=runtime.mcp_tools)

    async def list_tools(ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None) -> Any:
        return tools

    async def call_tool(ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams) -> Any:
        if code is not None:
            return await call_code(resolve, ctx, params.name, params.arguments, code)
        return call(resolve, ctx, params.name, params.arguments)

    async def list_prompts(ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None) -> Any:
        task = _episode_task(resolve, ctx)
        if task is None:
            return types.ListPromptsResult(prompts=[])
        prompt = types.Prompt(name=TASK_PROMPT, title="Your task", description="What the user asks of you here")
        return types.ListPromptsResult(prompts=[prompt])

    async def get_prompt(ctx: ServerRequestContext[Any, Any], params: types.GetPromptRequestParams) -> Any:
        task = _episode_task(resolve, ctx)
        if params.name != TASK_PROMPT or task is None:
            raise MCPError(types.INVALID_PARAMS, f"no prompt {params.name!r}; prompts/list shows what there is")
        message = types.PromptMessage(role="user", content=types.TextContent(type="text", text=task.instruction))
        return types.GetPromptResult(description="Your task", messages=[message])

    server: Server[Any] = Server(
        runtime.id,
        version=runtime.version,
        title=runtime.title,
        description=runtime.description,
        instructions=runtime.description,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_prompts=list_prompts,
        on_get_prompt=get_prompt,
        # Bundles declare no Mcp-Param headers, so there is nothing to check them against: say so,
        # rather than have the SDK walk each tool's schema on every call.
        get_tool_input_schema=lambda name: None,
    )
    if not tracing:
        server.middleware = []
    return server


def call(
    resolve: EpisodeResolver, ctx: ServerRequestContext[Any, Any], name: str, arguments: dict[str, Any] | None
) -> types.CallToolResult:
    """Run a tool call on the resolved episode; every failure is a readable ``isError`` result."""
    return call_on(lambda: resolve(ctx), name, arguments)


def call_on(episode: Callable[[], LiveEpisode], name: str, arguments: dict[str, Any] | None) -> types.CallToolResult:
    """A tool call on ``episode()`` as its MCP result: the one way both the SDK's path and the fast path
    (``servers.fastcall``) run a call of a data environment. Every failure is a readable ``isError``
    result: ``LiveEpisode.call`` turns every failure into a ServerError (and logs defects, at a bounded rate).
    """
    try:
        result = episode().call(name, arguments)
    except ServerError as exc:
        return error_result(exc.message)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=result)


async def call_code(
    resolve: EpisodeResolver,
    ctx: ServerRequestContext[Any, Any],
    name: str,
    arguments: dict[str, Any] | None,
    caller: CodeCaller,
) -> types.CallToolResult:
    """A code environment's tool call (in its host) on the resolved episode; every failure an ``isError`` result."""
    try:
        text, structured = await caller(resolve(ctx), name, arguments)
    except ServerError as exc:
        return error_result(exc.message)
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=structured)


def error_result(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(type="text", text=message)], is_error=True)


def _episode_task(resolve: EpisodeResolver, ctx: ServerRequestContext[Any, Any]) -> Task | CodeTask | None:
    try:
        return resolve(ctx).task
    except EpisodeNotFound:
        return None

"""MCP requests to any episode, through the farm's one HTTP client: protocol 2026-07-28, no session, no handshake.

The 2026-07-28 protocol has no ``initialize`` handshake and no session: each request is one POST that
carries its own protocol version, client info and capabilities. So the harness needs no MCP client
object per episode (the SDK's costs several milliseconds of CPU to open, and lists the tools again
in every episode): a tool call is one POST to the episode's ``mcp_url``, answered as the SDK's client
would answer it. The result is checked as the SDK checks it (its shape, then its structured content
against the tool's output schema, with the SDK's messages); a JSON-RPC error, an HTTP error and a
malformed answer raise :class:`McpError` or :class:`McpAnswerError`. Tool lists are fetched once per
environment by the farm (:meth:`McpCaller.list_tools`), filtered as the SDK filters them. When tracing
is on, each request gets the SDK client's span and carries its context in ``_meta``, as the SDK's does.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import httpx2
import mcp_types as types
from jsonschema import SchemaError
from jsonschema import exceptions as jsonschema_exceptions
from mcp_types.version import LATEST_MODERN_VERSION
from opentelemetry.trace import SpanKind
from pydantic import TypeAdapter, ValidationError
from referencing.exceptions import Unresolvable

from client.errors import EnvironmentFailure
from client.validators import ValidatorCache
from worldfarm import tracing

PROTOCOL_VERSION = LATEST_MODERN_VERSION
CLIENT_INFO = {"name": "worldfarm-harness", "version": "1"}
_META = {
    "io.modelcontextprotocol/protocolVersion": PROTOCOL_VERSION,
    "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
    "io.modelcontextprotocol/clientCapabilities": {},
}
_HEADERS = {
    "accept": "application/json, text/event-stream",
    "content-type": "application/json",
    "mcp-protocol-version": PROTOCOL_VERSION,
}
_CONTENT_BLOCK: TypeAdapter[types.ContentBlock] = TypeAdapter(types.ContentBlock)
X_MCP_HEADER = '"x-mcp-header"'


class McpError(Exception):
    """The server answered with a JSON-RPC error (or an HTTP error standing for one)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class McpAnswerError(Exception):
    """The server's answer is not a valid result (its shape, or its structured content against its schema)."""


@dataclass(frozen=True)
class ToolResult:
    """A tool call's result as an agent is shown it."""

    text: str
    structured: dict[str, Any] | None
    is_error: bool


class McpCaller:
    """Tool calls and tool listings over MCP for every episode of a farm, on one shared HTTP client."""

    def __init__(self, http: httpx2.AsyncClient, validators: ValidatorCache | None = None) -> None:
        self.http = http
        self.validators = validators or ValidatorCache()
        self._ids = itertools.count(1)

    async def list_tools(self, mcp_url: str) -> list[types.Tool]:
        """Every tool the server at ``mcp_url`` lists (every page), less those the protocol says to drop."""
        tools: list[types.Tool] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"_meta": _META} if cursor is None else {"_meta": _META, "cursor": cursor}
            result = await self._request(mcp_url, "tools/list", params, None)
            try:
                page = types.ListToolsResult.model_validate(result)
            except ValidationError as exc:
                raise McpAnswerError(str(exc)) from None
            tools += [tool for tool in page.tools if not _invalid_x_mcp_header(tool)]
            cursor = page.next_cursor
            if cursor is None:
                return tools

    async def call_tool(
        self, mcp_url: str, tool: types.Tool | None, name: str, arguments: dict[str, Any]
    ) -> ToolResult:
        """Call ``name`` (listed as ``tool``, None if it was not listed) with ``arguments``."""
        params = {"name": name, "arguments": arguments, "_meta": _META}
        return self.interpret(tool, await self._request(mcp_url, "tools/call", params, name))

    def interpret(self, tool: types.Tool | None, result: dict[str, Any]) -> ToolResult:
        """A ``tools/call`` result (as MCP carries it) of ``tool`` (None if not listed), checked as the SDK's
        client checks it; McpAnswerError if it is malformed or breaks the tool's output schema."""
        answer = _tool_result(result)
        if not answer.is_error and tool is not None and tool.output_schema is not None:
            self._check_output(tool, result)
        return answer

    async def _request(self, url: str, method: str, params: dict[str, Any], name: str | None) -> dict[str, Any]:
        request_id = next(self._ids)
        if not tracing.enabled():
            return await self._post(url, request_id, method, params, name)
        # as the SDK's client does: a client span per request, its context carried in the request's _meta
        attributes = {"mcp.method.name": method, "jsonrpc.request.id": str(request_id)}
        with tracing.span(f"MCP send {method}{f' {name}' if name else ''}", attributes, SpanKind.CLIENT):
            carrier: dict[str, str] = {}
            tracing.inject(carrier)
            return await self._post(url, request_id, method, {**params, "_meta": {**_META, **carrier}}, name)

    async def _post(
        self, url: str, request_id: int, method: str, params: dict[str, Any], name: str | None
    ) -> dict[str, Any]:
        body = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}
        headers = (
            {**_HEADERS, "mcp-method": method} if name is None else {**_HEADERS, "mcp-method": method, "mcp-name": name}
        )
        response = await self.http.post(url, content=json.dumps(body, separators=(",", ":")), headers=headers)
        if response.status_code >= 400:
            raise McpError(_http_error(response))
        try:
            message = json.loads(response.content)
        except ValueError as exc:
            raise McpError(f"Failed to parse JSON response: {exc}") from None
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            raise McpError("Failed to parse JSON response: not a JSON-RPC message")
        if "error" in message:
            raise McpError(_error_message(message["error"]))
        result = message.get("result")
        if not isinstance(result, dict):
            raise McpError("Failed to parse JSON response: no result")
        return result

    def _check_output(self, tool: types.Tool, result: dict[str, Any]) -> None:
        """The SDK client's check of a successful result against the tool's output schema, its messages too."""
        assert tool.output_schema is not None
        if "structuredContent" not in result:
            raise McpAnswerError(f"Tool {tool.name} has an output schema but did not return structured content")
        try:
            validator, fast = self.validators.checks(tool.output_schema)
        except SchemaError as exc:
            raise McpAnswerError(f"Invalid schema for tool {tool.name}: {exc}") from None
        if fast is not None and fast(result["structuredContent"]):
            return  # valid for jsonschema too (worldfarm.fastschema), which is asked only otherwise
        try:
            error = jsonschema_exceptions.best_match(validator.iter_errors(result["structuredContent"]))
        except Unresolvable as exc:
            raise McpAnswerError(f"Invalid schema for tool {tool.name}: {exc}") from None
        if error is not None:
            raise McpAnswerError(f"Invalid structured content returned by tool {tool.name}: {error}")


def _invalid_x_mcp_header(tool: types.Tool) -> bool:
    """Whether the protocol says to drop ``tool``: its ``x-mcp-header`` annotations are invalid (the SDK's check).

    The SDK's check lives in the ``mcp`` package, whose import costs the harness ~0.4 s of CPU at every
    start (it loads the SDK's client and server); it is loaded only for a schema that has such annotations.
    """
    if X_MCP_HEADER not in json.dumps(tool.input_schema):
        return False
    from mcp.shared.inbound import find_invalid_x_mcp_header

    return find_invalid_x_mcp_header(tool.input_schema) is not None


def mcp_failure(what: str, exc: McpError | McpAnswerError) -> EnvironmentFailure:
    """The environment failure a failed MCP operation (``what``: "calling get_guest") is recorded as."""
    if isinstance(exc, McpError):
        return EnvironmentFailure(f"the MCP server failed {what}: {exc.message}")
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return EnvironmentFailure(f"the MCP server answered badly {what}: {first_line}")


def _tool_result(result: dict[str, Any]) -> ToolResult:
    """The text, structured content and error flag of a ``tools/call`` result (validated as the SDK does)."""
    content, structured, is_error = result.get("content"), result.get("structuredContent"), result.get("isError", False)
    if not (
        isinstance(content, list)
        and all(isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str) for b in content)
        and (structured is None or isinstance(structured, dict))
        and isinstance(is_error, bool)
    ):  # anything but text blocks: the SDK's own models decide (and say what is wrong)
        return _validated(result)
    parts: list[str] = [block["text"] for block in content]
    if not parts and structured is not None:
        parts.append(json.dumps(structured, ensure_ascii=False))
    return ToolResult("\n".join(parts), structured, is_error)


def _validated(result: dict[str, Any]) -> ToolResult:
    try:
        parsed = types.CallToolResult.model_validate(result)
    except ValidationError as exc:
        raise McpAnswerError(str(exc)) from None
    parts = []
    for block in parsed.content:
        if isinstance(block, types.TextContent):
            parts.append(block.text)
        else:
            parts.append(json.dumps(_CONTENT_BLOCK.dump_python(block, mode="json", by_alias=True, exclude_none=True)))
    if not parts and parsed.structured_content is not None:
        parts.append(json.dumps(parsed.structured_content, ensure_ascii=False))
    return ToolResult("\n".join(parts), parsed.structured_content, bool(parsed.is_error))


def _http_error(response: httpx2.Response) -> str:
    """What the SDK's client reports for an HTTP error: the JSON-RPC error in its body, else a stand-in."""
    if response.headers.get("content-type", "").lower().startswith("application/json"):
        try:
            error = json.loads(response.content).get("error")
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return _error_message(error)
    return "Not Found" if response.status_code == 404 else "Server returned an error response"


def _error_message(error: Any) -> str:
    message = error.get("message") if isinstance(error, dict) else None
    return message if isinstance(message, str) else f"malformed JSON-RPC error: {error!r}"

"""A fast path for well-formed 2026-07-28 ``tools/call`` requests on an episode's MCP URL.

The MCP SDK spends most of a tool call's CPU building and checking models around it: the request
envelope, a per-request connection and session, the params, the result (twice, once per protocol
surface), the reply. A request in the one shape the harness and the SDK's own client send, a
``tools/call`` of the 2026-07-28 protocol with a plain envelope, is answered here instead, with the
bytes the SDK would write, through the same functions wherever something is decided:

- the SDK's Host/Origin and Content-Type check (``TransportSecurityMiddleware``), its ``Accept``
  check, its body size limit (``RequestBodyLimitMiddleware``), its duplicated-header and envelope
  ladder (``classify_inbound_request``), and the server's ``Mcp-Param`` schema lookup;
- the environment's own call, :func:`servers.mcp.call_on`, exactly as the SDK's handler runs it:
  argument validation, the tool program, the trace, the mapping of failures to ``isError`` results;
- the SDK's mapping of any other exception to a JSON-RPC error (``modern_error_data``).

Everything else goes to the SDK untouched, with the body it was sent: another method or protocol
era, a field this shape does not cover (a progress token, a log level, client capabilities, a
request id that is not a plain integer or string), a rejected envelope, and every request of a
server with middleware (``--tracing``, metrics): the fast path never skips what a middleware would
see. ``tests/servers/test_fastcall.py`` holds the two paths to the same bytes over many calls.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import mcp_types as types
from mcp.server import Server
from mcp.server.runner import modern_error_data
from mcp.server.streamable_http import check_accept_headers
from mcp.server.transport_security import (
    RequestBodyLimitMiddleware,
    TransportSecurityMiddleware,
    TransportSecuritySettings,
)
from mcp.shared.inbound import (
    ERROR_CODE_HTTP_STATUS,
    MCP_PARAM_HEADER_PREFIX,
    InboundModernRoute,
    classify_inbound_request,
    find_duplicated_routing_header,
)
from mcp_types import (
    CLIENT_CAPABILITIES_META_KEY,
    CLIENT_INFO_META_KEY,
    PROTOCOL_VERSION_META_KEY,
    SERVER_INFO_META_KEY,
    methods,
)
from mcp_types.version import LATEST_MODERN_VERSION
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servers.episodes import LiveEpisode
from servers.mcp import call_on

VERSION = LATEST_MODERN_VERSION
"""The one protocol version answered here (its result surface is what ``_result_json`` writes)."""

METHOD = "tools/call"
_ENVELOPE_KEYS = frozenset({"jsonrpc", "id", "method", "params"})
_PARAM_KEYS = frozenset({"name", "arguments", "_meta"})
_META_KEYS = frozenset({PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY})
_CLIENT_INFO_KEYS = frozenset({"name", "version", "title", "description"})
_MAX_ID = 2**53
_PARAM_PREFIX = MCP_PARAM_HEADER_PREFIX.lower()

EpisodeLookup = Callable[[str], LiveEpisode]
"""The episode a path's id names (raises EpisodeNotFound): the same lookup the SDK's path resolves with."""


class FastToolCalls:
    """The fast path of one environment's server: ``await fast(scope, receive, send, episode_id, sdk)``."""

    def __init__(
        self, server: Server[Any], security: TransportSecuritySettings | None, max_body: int, lookup: EpisodeLookup
    ) -> None:
        self.server = server
        self.security = TransportSecurityMiddleware(security)
        self.max_body = max_body
        self.lookup = lookup
        self.stamp = json.dumps(server.server_info_stamp, separators=(",", ":"))
        self.answered = 0
        """Tool calls answered here (the rest went to the SDK)."""

    def engages(self, scope: Scope) -> bool:
        """Whether a request may take the fast path: a POST saying it is a 2026-07-28 tools/call, a server
        with no middleware, and no cache hint for tools/call (which would change the result)."""
        if scope["method"] != "POST" or self.server.middleware or METHOD in self.server.cache_hints:
            return False
        version = method = None
        for key, value in scope["headers"]:
            if key == b"mcp-protocol-version":
                version = value
            elif key == b"mcp-method":
                method = value
        return version == VERSION.encode() and method == METHOD.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send, episode_id: str, sdk: ASGIApp) -> None:
        """Answer the request, or pass it to ``sdk`` (the SDK's handler) with its body untouched."""

        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            body = await _body(receive)
            response = await self._answer(Request(scope), body, episode_id)
            if response is None:
                await sdk(scope, _replay(body, receive), send)
            else:
                await response(scope, receive, send)

        await RequestBodyLimitMiddleware(answer, self.max_body)(scope, receive, send)

    async def _answer(self, request: Request, body: bytes, episode_id: str) -> Response | None:
        rejected = await self.security.validate_request(request, is_post=True)
        if rejected is not None:
            return rejected
        if not check_accept_headers(request)[0]:
            return None
        try:
            decoded = json.loads(body)
        except (ValueError, RecursionError):
            return None
        call = _plain_tool_call(decoded)
        if call is None or not self._envelope_accepted(request, decoded):
            return None
        request_id, name, arguments = call
        if arguments and not self._no_param_schema(name):
            return None
        self.answered += 1
        try:
            result = call_on(lambda: self.lookup(episode_id), name, arguments)
        except Exception as exc:
            return _error_response(request_id, modern_error_data(exc))
        return Response(self._reply_json(request_id, result), status_code=200, media_type="application/json")

    def _envelope_accepted(self, request: Request, decoded: dict[str, Any]) -> bool:
        """The SDK's own header and envelope rungs pass (and no ``Mcp-Param`` header asks for more)."""
        raw = [(key.decode("latin-1"), value.decode("latin-1")) for key, value in request.scope["headers"]]
        if find_duplicated_routing_header(raw) is not None or any(key.startswith(_PARAM_PREFIX) for key, _ in raw):
            return False
        headers = dict(reversed(raw))  # as dict(request.headers) reads them: the first of a repeated header
        verdict = classify_inbound_request(decoded, headers=headers)
        return isinstance(verdict, InboundModernRoute) and verdict.protocol_version == VERSION

    def _no_param_schema(self, name: str) -> bool:
        """The server declares no ``Mcp-Param`` headers for ``name``: nothing for the SDK to check them against."""
        lookup = self.server.get_tool_input_schema
        return lookup is not None and lookup(name) is None

    def _reply_json(self, request_id: int | str, result: types.CallToolResult) -> str:
        """The JSON-RPC reply the SDK writes for ``result`` (the same bytes, by construction or by the SDK)."""
        inner = _result_json(result)
        if inner is None:
            return _sdk_reply_json(self.server, request_id, result)
        envelope = json.dumps(request_id)
        meta = f'"_meta":{{{json.dumps(SERVER_INFO_META_KEY)}:{self.stamp}}}'
        return f'{{"jsonrpc":"2.0","id":{envelope},"result":{{{inner},{meta}}}}}'


def _plain_tool_call(decoded: Any) -> tuple[int | str, str, dict[str, Any] | None] | None:
    """(id, tool name, arguments) of a request in the plain shape, else None (the SDK decides)."""
    if type(decoded) is not dict or decoded.keys() != _ENVELOPE_KEYS:
        return None
    request_id, params = decoded["id"], decoded["params"]
    if decoded["jsonrpc"] != "2.0" or decoded["method"] != METHOD or not _plain_id(request_id):
        return None
    if type(params) is not dict or not params.keys() <= _PARAM_KEYS or type(params.get("name")) is not str:
        return None
    arguments = params.get("arguments")
    if arguments is not None and type(arguments) is not dict:
        return None
    meta = params.get("_meta")
    if type(meta) is not dict or not meta.keys() <= _META_KEYS or not _plain_meta(meta):
        return None
    return request_id, params["name"], arguments


def _plain_id(value: Any) -> bool:
    return type(value) is str or (type(value) is int and -_MAX_ID < value < _MAX_ID)


def _plain_meta(meta: dict[str, Any]) -> bool:
    """The envelope names this version, no client capabilities, and at most a plain client info."""
    if meta.get(PROTOCOL_VERSION_META_KEY) != VERSION or meta.get(CLIENT_CAPABILITIES_META_KEY) != {}:
        return False
    info = meta.get(CLIENT_INFO_META_KEY)
    if info is None:
        return CLIENT_INFO_META_KEY not in meta
    return (
        type(info) is dict
        and info.keys() <= _CLIENT_INFO_KEYS
        and {"name", "version"} <= info.keys()
        and all(type(value) is str for value in info.values())
    )


def _result_json(result: types.CallToolResult) -> str | None:
    """The members of ``result`` as the SDK's 2026-07-28 result surface writes them, up to ``_meta``; None
    when ``result`` holds anything but plain text blocks and JSON values (the SDK's serializers then)."""
    if result.meta is not None or result.result_type != "complete":
        return None
    blocks = []
    for block in result.content:
        if type(block) is not types.TextContent or block.annotations is not None or block.meta is not None:
            return None
        blocks.append({"text": block.text, "type": "text"})
    members: dict[str, Any] = {"content": blocks, "isError": bool(result.is_error), "resultType": "complete"}
    if result.structured_content is not None:
        try:
            members["structuredContent"] = _json_mode(result.structured_content)
        except _NotPlain:
            return None
    return json.dumps(members, separators=(",", ":"))[1:-1]


class _NotPlain(Exception):
    """A value that is not plain JSON data."""


def _json_mode(value: Any) -> Any:
    """``value`` as pydantic writes it in JSON mode: the same, but non-finite floats become null.
    _NotPlain for anything but JSON data (pydantic decides then)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:
        if all(type(key) is str and _finite_scalar(item) for key, item in value.items()):
            return value  # the common case, a row: nothing to change
        if not all(type(key) is str for key in value):
            raise _NotPlain
        return {key: _json_mode(item) for key, item in value.items()}
    if kind is list:
        return [_json_mode(item) for item in value]
    raise _NotPlain


_SCALARS = frozenset({str, int, bool, type(None)})


def _finite_scalar(value: Any) -> bool:
    kind = type(value)
    return kind in _SCALARS or (kind is float and math.isfinite(value))


def _sdk_reply_json(server: Server[Any], request_id: int | str, result: types.CallToolResult) -> str:
    """The reply for an unusual result, written by the SDK's own serializers: its result surface, the
    server-info stamp (as the SDK adds it), its JSON-RPC response model."""
    dumped = methods.serialize_server_result(
        METHOD, VERSION, result.model_dump(by_alias=True, mode="json", exclude_none=True)
    )
    if dumped.get("resultType") is None:
        dumped["resultType"] = "complete"
    meta = dumped.get("_meta")
    if meta is None:
        dumped["_meta"] = {SERVER_INFO_META_KEY: server.server_info_stamp}
    elif isinstance(meta, dict) and meta.get(SERVER_INFO_META_KEY) is None:
        dumped["_meta"] = {**meta, SERVER_INFO_META_KEY: server.server_info_stamp}
    reply = types.JSONRPCResponse(jsonrpc="2.0", id=request_id, result=dumped)
    return json.dumps(reply.model_dump(mode="json", by_alias=True, exclude_none=True), separators=(",", ":"))


def _error_response(request_id: int | str, error: types.ErrorData) -> Response:
    """A JSON-RPC error reply with the HTTP status the SDK's table gives its code."""
    reply = types.JSONRPCError(jsonrpc="2.0", id=request_id, error=error)
    body = json.dumps(reply.model_dump(mode="json", by_alias=True, exclude_none=True), separators=(",", ":"))
    return Response(body, status_code=ERROR_CODE_HTTP_STATUS.get(error.code, 200), media_type="application/json")


async def _body(receive: Receive) -> bytes:
    """The whole request body (the SDK's size limit has already buffered it)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """``receive`` that gives ``body`` again first, for the SDK."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed

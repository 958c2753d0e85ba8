"""The registry's optional MCP proxy: ``/envs/{env}/e/{episode}/mcp`` forwarded to the episode's worker.

For deployments where agents can reach the registry but not the workers. Requests are checked here
as a worker checks them (Host and Origin against the hosts this registry answers for, body size),
then sent on with their method, MCP headers (``Mcp-Session-Id``, ``MCP-Protocol-Version``...) and
body; the worker's status and headers come back with its body: an SSE stream (a legacy client's)
streamed as it comes, a JSON answer (what calls get) in one piece. Errors are JSON-RPC errors with
an HTTP status, as the worker's transport answers them: 404 for an unknown episode, 410 for one
lost with its worker.
"""

from __future__ import annotations

import httpx2
from mcp.server.transport_security import RequestBodyLimitMiddleware, TransportSecurityMiddleware
from mcp.server.transport_security import TransportSecuritySettings as SecuritySettings
from mcp_types import INVALID_REQUEST, ErrorData, JSONRPCError
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from registry.errors import RegistryError, UnknownEpisode, WorkerUnreachable
from registry.forwarding import Forwarder, lost

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
NOT_FORWARDED = HOP_BY_HOP | {"host", "origin", "content-length"}
NOT_RETURNED = HOP_BY_HOP | {"date", "server"}

STREAM_TIMEOUT = httpx2.Timeout(connect=2.0, read=None, write=10.0, pool=10.0)
"""A GET opens a server-sent event stream that may stay quiet for long: no read timeout."""
CALL_TIMEOUT = httpx2.Timeout(connect=2.0, read=300.0, write=10.0, pool=10.0)


class McpProxy:
    def __init__(
        self, forwarder: Forwarder, http: httpx2.AsyncClient, security: SecuritySettings, max_body_bytes: int
    ) -> None:
        self.forwarder = forwarder
        self.http = http
        self.guard = TransportSecurityMiddleware(security)
        self.limited = RequestBodyLimitMiddleware(self._forward, max_body_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.limited(scope, receive, send)

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        rejected = await self.guard.validate_request(request, is_post=request.method == "POST")
        if rejected is not None:
            await rejected(scope, receive, send)
            return
        try:
            response = await self._send_upstream(request)
        except RegistryError as exc:
            await _error(exc.status, exc.message)(scope, receive, send)
            return
        headers = {k: v for k, v in response.headers.items() if k.lower() not in NOT_RETURNED}
        if response.headers.get("content-type", "").startswith("text/event-stream"):
            stream = response.aiter_raw()
            answer: Response = StreamingResponse(
                stream, response.status_code, headers, background=BackgroundTask(response.aclose)
            )
        else:  # a JSON answer (what workers send to calls): one piece, cheaper than a stream
            try:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
            answer = Response(body, response.status_code, headers)
        await answer(scope, receive, send)

    async def _send_upstream(self, request: Request) -> httpx2.Response:
        env, episode_id = request.path_params["env"], request.path_params["episode"]
        placement, worker = await self.forwarder.owner(episode_id)
        if placement.env != env:
            raise UnknownEpisode(f"episode {episode_id} belongs to {placement.env}, not {env}")
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED]
        upstream = self.http.build_request(
            request.method,
            f"{worker.url}/envs/{env}/e/{episode_id}/mcp",
            headers=headers,
            content=await request.body(),
            timeout=STREAM_TIMEOUT if request.method == "GET" else CALL_TIMEOUT,
        )
        try:
            return await self.http.send(upstream, stream=True)
        except httpx2.TransportError:
            if await self.forwarder.liveness.confirm(worker):
                raise WorkerUnreachable(f"worker {worker.name} did not answer in time; retry") from None
            raise lost(placement, worker) from None


def _error(status: int, message: str) -> Response:
    """A JSON-RPC error (no request id) with an HTTP status, as the MCP transport answers transport errors."""
    body = JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=INVALID_REQUEST, message=message))
    return Response(body.model_dump_json(by_alias=True), status_code=status, media_type="application/json")

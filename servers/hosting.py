"""Serving every environment's MCP server over streamable HTTP from one route per URL shape.

- ``/envs/{env}/e/{episode}/mcp``: the episode's tools, for clients of both protocol eras.
- ``/envs/{env}/mcp``: legacy clients that keep an ``Mcp-Session-Id`` get one fresh episode per
  session, created when the session opens and closed when the client ends it.

Each environment gets one low-level server and one session manager, created on first use and run in
the host's task group (a mounted app's lifespan would never run). Requests are answered as JSON,
never SSE: SSE costs several times the CPU per call. Host and Origin headers are checked by the
SDK's DNS-rebinding guard with the hosts this worker is configured to answer for. Well-formed
2026-07-28 ``tools/call`` requests on a data environment's episode URL take a fast path with the same
answers (``servers.fastcall``); the SDK answers everything else.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import anyio
from anyio.abc import TaskGroup, TaskStatus
from mcp.server import ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp_types import INVALID_REQUEST, ErrorData, JSONRPCError
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servers.code.calls import code_caller
from servers.code.hosts import HostPool
from servers.environments import ServedEnvironments
from servers.episodes import ANONYMOUS, EpisodeStore, Limits, LiveEpisode
from servers.errors import EpisodeNotFound, ServerError, WorkerFull
from servers.fastcall import FastToolCalls
from servers.mcp import build_server
from servers.runtime import Runtime
from servers.sessions import EpisodeSessions
from servers.settings import WorkerSettings

logger = logging.getLogger(__name__)

SESSION_HEADER = "mcp-session-id"
VERSION_HEADER = "mcp-protocol-version"


class McpHost:
    """The MCP side of a worker: per-environment servers and the two MCP routes' ASGI endpoints."""

    def __init__(
        self, catalog: ServedEnvironments, store: EpisodeStore, settings: WorkerSettings, hosts: HostPool
    ) -> None:
        self.hosts = hosts
        self.catalog = catalog
        self.store = store
        self.settings = settings
        self.security = settings.transport_security()
        self.sessions: dict[str, str] = {}
        """Legacy MCP session id -> the episode it was given (anonymous sessions on ``/envs/{env}/mcp``)."""
        self.episode_sessions = EpisodeSessions(store.limits.sessions_per_episode, store.limits.ttl(ANONYMOUS))
        """Legacy MCP sessions open on each episode's own URL."""
        self._managers: dict[str, StreamableHTTPSessionManager] = {}
        self._fast: dict[str, FastToolCalls] = {}
        """The fast path of each data environment's server (code environments' calls run in their hosts)."""
        self._locks: dict[str, anyio.Lock] = {}
        self._tg: TaskGroup | None = None

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the host: session managers started inside live until this exits."""
        async with anyio.create_task_group() as tg:
            self._tg = tg
            try:
                yield
            finally:
                tg.cancel_scope.cancel()
                self._tg = None
                self._managers.clear()
                self._fast.clear()

    async def episode_endpoint(self, scope: Scope, receive: Receive, send: Send) -> None:
        """``/envs/{env}/e/{episode}/mcp``."""
        env_id, episode_id = scope["path_params"]["env"], scope["path_params"]["episode"]
        try:
            episode = self.store.get(episode_id)
            if episode.env.id != env_id:
                raise EpisodeNotFound(f"episode {episode_id} belongs to {episode.env.id}, not {env_id}")
            manager = await self._manager(episode.env)
        except ServerError as exc:
            await _error(exc.status, exc.message)(scope, receive, send)
            return
        episode.touch()
        session = _request_header(scope, SESSION_HEADER)
        if session is not None:
            self.episode_sessions.used(session)
        elif scope["method"] == "POST" and _legacy(scope):
            if not self.episode_sessions.has_room(episode.id):
                limit = self.episode_sessions.per_episode
                await _error(429, _TOO_MANY_SESSIONS.format(episode=episode.id, limit=limit))(scope, receive, send)
                return
            send = self._counting_session(episode.id, send)
        fast = self._fast.get(episode.env.id)
        if fast is not None and session is None and fast.engages(scope):
            await fast(scope, receive, send, episode_id, manager.handle_request)
            return
        await manager.handle_request(scope, receive, send)
        if session is not None and scope["method"] == "DELETE":
            self.episode_sessions.ended(session)

    async def session_endpoint(self, scope: Scope, receive: Receive, send: Send) -> None:
        """``/envs/{env}/mcp``: one episode per legacy MCP session."""
        headers = Request(scope).headers
        version, session = headers.get(VERSION_HEADER), headers.get(SESSION_HEADER)
        if version is not None and version not in HANDSHAKE_PROTOCOL_VERSIONS:
            await _error(400, _NEEDS_EPISODE_URL.format(env=scope["path_params"]["env"]))(scope, receive, send)
            return
        try:
            runtime = self.catalog.get(scope["path_params"]["env"])
            manager = await self._manager(runtime)
        except ServerError as exc:
            await _error(exc.status, exc.message)(scope, receive, send)
            return
        if session is None:
            refusal = self._anonymous_refusal() if scope["method"] == "POST" else None
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            send = self._opening_session(runtime, send)
        elif session in self.sessions:
            with contextlib.suppress(EpisodeNotFound):
                self.store.get(self.sessions[session]).touch()
        await manager.handle_request(scope, receive, send)
        if scope["method"] == "DELETE" and session in self.sessions:
            with contextlib.suppress(EpisodeNotFound):
                self.store.close(self.sessions.pop(session))

    def resolve(self, ctx: ServerRequestContext[Any, Any]) -> LiveEpisode:
        """The episode a request acts on: from the URL, else from its legacy session."""
        request = ctx.request
        if not isinstance(request, Request):
            raise EpisodeNotFound("this request names no episode; connect to an episode's mcp_url")
        episode_id = request.path_params.get("episode")
        if episode_id is None:
            episode_id = self.sessions.get(request.headers.get(SESSION_HEADER, ""))
        if episode_id is None:
            raise EpisodeNotFound("this MCP session has no episode (it ended or expired); open a new session")
        return self.store.get(episode_id)

    def forget_ended_sessions(self) -> None:
        """Drop the session entries whose episode has ended."""
        for session, episode_id in list(self.sessions.items()):
            if episode_id not in self.store:
                del self.sessions[session]
        self.episode_sessions.forget_ended_episodes(self.store)

    def _anonymous_refusal(self) -> Response | None:
        """Why a new anonymous session cannot open here (off, or its share in use); None if it can."""
        if self.store.limits.anonymous_sessions == 0:
            return _error(403, _NO_ANONYMOUS)
        if not self.store.has_room(ANONYMOUS):
            full = WorkerFull(self.store.full_message(ANONYMOUS))
            return _error(full.status, full.message)
        return None

    def _counting_session(self, episode_id: str, send: Send) -> Send:
        """Wrap ``send`` so that a session the SDK opens on the episode's URL is counted."""

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                session = _header(message, SESSION_HEADER)
                if session is not None:
                    self.episode_sessions.opened(episode_id, session)
            await send(message)

        return watch

    def _opening_session(self, runtime: Runtime, send: Send) -> Send:
        """Wrap ``send`` so that a session the SDK opens gets a fresh episode."""

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                session = _header(message, SESSION_HEADER)
                if session is not None:
                    try:
                        episode = self.store.create(runtime, origin=ANONYMOUS)
                    except WorkerFull:  # filled up since the check: the session's calls will say so
                        logger.warning("MCP session %s opened with no episode: the worker is full", session)
                    else:
                        episode.mcp_session = session
                        self.sessions[session] = episode.id
            await send(message)

        return watch

    async def _manager(self, runtime: Runtime) -> StreamableHTTPSessionManager:
        manager = self._managers.get(runtime.id)
        if manager is not None:
            return manager
        async with self._locks.setdefault(runtime.id, anyio.Lock()):
            manager = self._managers.get(runtime.id)
            if manager is None:
                manager = self._start(runtime)
                await self._task_group().start(_run_manager, manager)
                self._managers[runtime.id] = manager
            return manager

    def _start(self, runtime: Runtime) -> StreamableHTTPSessionManager:
        code = code_caller(self.hosts, runtime)
        server = build_server(runtime, self.resolve, tracing=self.settings.tracing, code=code)
        if code is None and self.settings.fast_calls:
            self._fast[runtime.id] = FastToolCalls(server, self.security, self.settings.max_body_bytes, self.store.get)
        return StreamableHTTPSessionManager(
            app=server,
            json_response=True,
            security_settings=self.security,
            max_request_body_size=self.settings.max_body_bytes,
            session_idle_timeout=self.store.limits.ttl(ANONYMOUS),
            max_sessions=_max_sessions(self.store.limits),
        )

    def _task_group(self) -> TaskGroup:
        if self._tg is None:
            raise RuntimeError("McpHost is not running; enter McpHost.running() in the app's lifespan")
        return self._tg


_EPISODE_PATH = re.compile(r"/envs/(?P<env>[^/]+)/e/(?P<episode>[^/]+)/mcp")
_SESSION_PATH = re.compile(r"/envs/(?P<env>[^/]+)/mcp")


class McpRoutes:
    """ASGI middleware sending the two MCP URL shapes straight to the host.

    MCP requests are the hot path: they skip the web framework's routing and exception layers,
    which they do not use (the SDK answers every protocol error itself).
    """

    def __init__(self, app: ASGIApp, host: McpHost) -> None:
        self.app = app
        self.host = host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.startswith("/envs/"):
            if match := _EPISODE_PATH.fullmatch(path):
                scope["path_params"] = match.groupdict()
                await self.host.episode_endpoint(scope, receive, send)
                return
            if match := _SESSION_PATH.fullmatch(path):
                scope["path_params"] = match.groupdict()
                await self.host.session_endpoint(scope, receive, send)
                return
        await self.app(scope, receive, send)


_NEEDS_EPISODE_URL = (
    "this URL serves MCP sessions (protocol 2025-11-25 and earlier), one episode per session. "
    'For newer clients, create an episode (POST /v1/episodes with {{"env": "{env}"}}) and connect '
    "to the mcp_url it returns: /envs/{env}/e/<episode_id>/mcp"
)


_NO_ANONYMOUS = (
    "this worker opens no episodes for anonymous MCP sessions (its operator can allow some: worldfarm serve "
    "--anonymous-sessions N). Create an episode with the farm's token (POST /v1/episodes) and connect to "
    "the mcp_url it returns"
)
_TOO_MANY_SESSIONS = (
    "episode {episode} already has {limit} open MCP sessions; end one (HTTP DELETE with its Mcp-Session-Id) or reuse it"
)


def _max_sessions(limits: Limits) -> int:
    """Sessions one environment's manager may hold: every episode's share and the anonymous share."""
    return limits.max_episodes * limits.sessions_per_episode + limits.anonymous_sessions


def _legacy(scope: Scope) -> bool:
    """Whether a request speaks a protocol with sessions (no version header: the oldest, which has them)."""
    version = _request_header(scope, VERSION_HEADER)
    return version is None or version in HANDSHAKE_PROTOCOL_VERSIONS


def _request_header(scope: Scope, name: str) -> str | None:
    key = name.encode("latin-1")
    for header, value in scope["headers"]:
        if header == key:
            return bytes(value).decode("latin-1")
    return None


async def _run_manager(manager: StreamableHTTPSessionManager, *, task_status: TaskStatus[None]) -> None:
    async with manager.run():
        task_status.started()
        await anyio.sleep_forever()


def _header(message: Message, name: str) -> str | None:
    key = name.encode("latin-1")
    for header, value in message.get("headers", []):
        if header.lower() == key:
            return bytes(value).decode("latin-1")
    return None


def _error(status: int, message: str) -> Response:
    """A JSON-RPC error (no request id) with an HTTP status, as the SDK answers transport errors."""
    body = JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=INVALID_REQUEST, message=message))
    return Response(body.model_dump_json(by_alias=True), status_code=status, media_type="application/json")

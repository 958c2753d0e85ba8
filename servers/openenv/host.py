"""The OpenEnv side of a worker: its session table, the scenario list, and one socket's session loop."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

import anyio
from starlette.websockets import WebSocket, WebSocketDisconnect

from servers.code.hosts import HostPool
from servers.environments import ServedEnvironments
from servers.episodes import EpisodeStore
from servers.openenv.rpc import handle
from servers.openenv.session import Farmland, Session, SessionFull
from servers.openenv.table import SessionTable
from worldfarm.membership import EnvSummary, summarize
from worldfarm.openenv import (
    CAPACITY_REACHED,
    AllowedHosts,
    CloseMessage,
    McpMessage,
    ProtocolError,
    ResetMessage,
    StateMessage,
    StepResult,
    error_message,
    mcp_message,
    observation_message,
    parse_action,
    parse_message,
    parse_rpc,
    read_rpc,
    scenarios_result,
    state_message,
)

logger = logging.getLogger(__name__)

REFUSAL_GRACE = 10.0
"""Seconds a refused socket waits for the client's first message, to answer it with the refusal."""
EXPIRED = 4000
"""WebSocket close code of a session closed for being idle past the TTL (4000-4999: the application's own)."""


class OpenEnvHost:
    def __init__(
        self, catalog: ServedEnvironments, store: EpisodeStore, allowed: AllowedHosts, hosts: HostPool | None = None
    ) -> None:
        self.catalog = catalog
        self.allowed = allowed
        self._summaries: list[EnvSummary] | None = None
        land = Farmland(catalog=catalog, store=store, scenarios=self.scenarios, hosts=hosts or HostPool())
        self.sessions = SessionTable(land, store.limits.max_episodes, store.limits.idle_ttl)

    async def scenarios(self) -> StepResult:
        """``__list_scenarios__``: every environment of this worker (read from the bundles once)."""
        if self._summaries is None:
            self._summaries = await anyio.to_thread.run_sync(self._summarize)
        return scenarios_result(self._summaries)

    def _summarize(self) -> list[EnvSummary]:
        paths = [self.catalog.bundle_dir(env) for env in self.catalog.ids()]
        return [s for s in (summarize(p) for p in paths if p is not None) if s is not None]

    async def serve(self, websocket: WebSocket, scope_env: str | None) -> None:
        """One ``/ws`` connection: one session, until the client closes it or it idles past the TTL."""
        await self._hold(websocket, scope_env, self.answer)

    async def serve_rpc(self, websocket: WebSocket, scope_env: str | None) -> None:
        """One WS ``/mcp`` connection: JSON-RPC on a session of its own (reset to the URL's environment)."""
        await self._hold(websocket, scope_env, self.answer_rpc, reset_first=scope_env is not None)

    async def _hold(
        self, websocket: WebSocket, scope_env: str | None, answer: Answer, *, reset_first: bool = False
    ) -> None:
        refusal = self.allowed.refusal(websocket.headers)
        if refusal is not None:
            await websocket.close(code=1008, reason=refusal)
            return
        await websocket.accept()
        try:
            session = self.sessions.open(scope_env)
        except SessionFull as exc:
            await _refuse(
                websocket, error_message(CAPACITY_REACHED, exc.message, max_sessions=self.sessions.max_sessions)
            )
            return
        with anyio.CancelScope() as scope:
            self.sessions.attach(session, scope)
            try:
                if reset_first:
                    session.reset({})
                await _converse(websocket, session, answer)
            except WebSocketDisconnect:
                pass
            finally:
                self.sessions.close(session.id)
        if scope.cancelled_caught:
            reason = f"session expired after {self.sessions.idle_ttl:g} s without use"
            await _close(websocket, EXPIRED, reason)
        else:
            await _close(websocket, 1000, "")

    async def answer(self, session: Session, text: str) -> str | None:
        """The reply to one message (None: the client closed the session)."""
        try:
            message = parse_message(text)
            if isinstance(message, CloseMessage):
                return None
            if isinstance(message, StateMessage):
                return state_message(session.state())
            if isinstance(message, McpMessage):
                request = parse_rpc(message.data)
                if isinstance(request, dict):
                    return mcp_message(request)
                return mcp_message(await handle(request, self.sessions, session.scope_env, own=session))
            if isinstance(message, ResetMessage):
                return observation_message(session.reset(message.data))
            return observation_message(await session.step(parse_action(message.data)))
        except ProtocolError as exc:
            extra = {"errors": exc.errors} if exc.errors is not None else {}
            return error_message(exc.code, exc.message, **extra)
        except SessionFull as exc:
            return error_message(CAPACITY_REACHED, exc.message)

    async def answer_rpc(self, session: Session, text: str) -> str | None:
        """The JSON-RPC response to one request on a WS ``/mcp`` socket."""
        request = read_rpc(text)
        if isinstance(request, dict):
            return json.dumps(request)
        return json.dumps(await handle(request, self.sessions, session.scope_env, own=session), default=str)


Answer = Callable[[Session, str], Awaitable[str | None]]


async def _converse(websocket: WebSocket, session: Session, answer: Answer) -> None:
    """Answer the socket's messages in order until the client closes or disconnects."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text") or (message.get("bytes") or b"").decode("utf-8", "replace")
        reply = await answer(session, text)
        if reply is None:
            return
        await websocket.send_text(reply)


async def _refuse(websocket: WebSocket, refusal: str) -> None:
    """Answer the client's first message with ``refusal``, then close: closing at once would make its
    first send fail with a bare "connection closed" instead of the reason."""
    with anyio.move_on_after(REFUSAL_GRACE):
        message = await websocket.receive()
        if message["type"] != "websocket.disconnect":
            await websocket.send_text(refusal)
    await _close(websocket, 1013, "worker full")


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    try:
        await websocket.close(code=code, reason=reason)
    except RuntimeError:  # already closed by the client
        return

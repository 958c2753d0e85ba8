"""OpenEnv through the registry: each session's episode placed on a worker, its messages relayed there.

A client's socket on the registry's ``/openenv/ws`` is paired, at its first reset, with a socket on
the ``/openenv/ws`` of the least-loaded healthy worker serving the scenario; from then on every
message goes to that worker and its answer comes back unchanged (the worker holds the session and its
episode). A reset to an environment that worker does not serve moves the session to one that does
(the old worker frees the old episode when its socket closes). Before any reset, the registry answers
itself: ``__list_scenarios__`` from its catalog, anything else with what to do first. A worker that
is full is skipped; a worker lost mid-session closes the client's socket saying so.

A socket on ``/openenv/mcp`` (JSON-RPC, the production mode's socket) is relayed the same way to a
worker's ``/openenv/mcp``: placed by the first ``openenv/session/create`` that names a scenario, or,
on ``/openenv/envs/<env>/mcp``, by its first request (the registry creates the session for the URL's
environment first, as a worker does when the socket opens).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from registry.catalog import Catalog
from registry.errors import NoWorkerAvailable, RegistryError
from registry.liveness import Liveness
from registry.workers import WorkerPool, WorkerState
from worldfarm.openenv import (
    CAPACITY_REACHED,
    CREATE_SESSION,
    INVALID_PARAMS,
    LIST_SCENARIOS,
    SERVER_ERROR,
    AllowedHosts,
    CallTool,
    CloseMessage,
    Message,
    ProtocolError,
    ResetMessage,
    State,
    StateMessage,
    StepMessage,
    StepResult,
    error_message,
    not_started,
    observation_message,
    parse_action,
    parse_message,
    read_rpc,
    reset_refused,
    rpc_error,
    scenarios_result,
    state_message,
)

logger = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024 * 1024
CONNECT_TIMEOUT = 10.0
LOST = 1011
"""Close code when the worker holding the session's episode is lost."""


@dataclass(eq=False)
class Upstream:
    """The worker socket a session is relayed to."""

    worker: WorkerState
    socket: ClientConnection


@dataclass(eq=False)
class Relay:
    """One client session through the registry."""

    scope_env: str | None
    upstream: Upstream | None = None
    socket: str = "ws"
    """The worker's socket it is relayed to: ``ws`` (sessions) or ``mcp`` (JSON-RPC)."""


Answer = Callable[[Relay, str], Awaitable[str | None]]


class OpenEnvRelay:
    def __init__(
        self, pool: WorkerPool, liveness: Liveness, catalog: Catalog, allowed: AllowedHosts, token: str
    ) -> None:
        self.pool = pool
        self.liveness = liveness
        self.catalog = catalog
        self.allowed = allowed
        self.auth = {"Authorization": f"Bearer {token}"}
        """What the registry presents to workers, on sockets and requests alike: the farm's token."""

    async def serve(self, websocket: WebSocket, scope_env: str | None) -> None:
        """One ``/ws`` connection: a session, relayed from its first reset on."""
        await self._hold(websocket, Relay(scope_env), self.answer)

    async def serve_rpc(self, websocket: WebSocket, scope_env: str | None) -> None:
        """One WS ``/mcp`` connection: JSON-RPC on a session of its own, relayed once it has a scenario."""
        await self._hold(websocket, Relay(scope_env, socket="mcp"), self.answer_rpc)

    async def _hold(self, websocket: WebSocket, relay: Relay, answer: Answer) -> None:
        refusal = self.allowed.refusal(websocket.headers)
        if refusal is not None:
            await websocket.close(code=1008, reason=refusal)
            return
        await websocket.accept()
        try:
            await self._converse(websocket, relay, answer)
        except WebSocketDisconnect:
            pass
        except WorkerLost as lost:
            await _close(websocket, lost.close_code, lost.reason[:120])
            return
        finally:
            await self._drop(relay)
        await _close(websocket, 1000, "")

    async def _converse(self, websocket: WebSocket, relay: Relay, answer: Answer) -> None:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text") or (message.get("bytes") or b"").decode("utf-8", "replace")
            reply = await answer(relay, text)
            if reply is None:
                return
            await websocket.send_text(reply)

    async def answer(self, relay: Relay, text: str) -> str | None:
        """The reply to one client message (None: the client closed the session)."""
        try:
            message = parse_message(text)
        except ProtocolError as exc:
            return error_message(exc.code, exc.message, **({"errors": exc.errors} if exc.errors else {}))
        if isinstance(message, CloseMessage):
            return None
        if isinstance(message, ResetMessage):
            return await self._reset(relay, text, message.data)
        if relay.upstream is not None:
            return await _exchange(relay.upstream, text)
        return self._before_reset(message)

    async def answer_rpc(self, relay: Relay, text: str) -> str:
        """The JSON-RPC response to one request on a WS ``/mcp`` socket."""
        request = read_rpc(text)
        if isinstance(request, dict):
            return json.dumps(request)
        scenario = request.params.get("scenario") if request.method == CREATE_SESSION else None
        upstream = relay.upstream
        if isinstance(scenario, str) and scenario:
            if upstream is not None and scenario in upstream.worker.envs:
                return await _exchange(upstream, text)
            await self._drop(relay)
            return await self._place(relay, scenario, text, request.id)
        if upstream is not None:
            return await _exchange(upstream, text)
        if relay.scope_env is None:
            message = f"no session yet: call {CREATE_SESSION} with params {{scenario: <environment id>}} first"
            return json.dumps(rpc_error(request.id, INVALID_PARAMS, message))
        create = {"jsonrpc": "2.0", "id": None, "method": CREATE_SESSION, "params": {"scenario": relay.scope_env}}
        opened = json.loads(await self._place(relay, relay.scope_env, json.dumps(create), request.id))
        if relay.upstream is None or "error" in opened:
            await self._drop(relay)
            return json.dumps({**opened, "id": request.id})
        return await _exchange(relay.upstream, text)

    def _before_reset(self, message: Message) -> str:
        if isinstance(message, StateMessage):
            return state_message(State())
        if isinstance(message, StepMessage):
            try:
                action = parse_action(message.data)
            except ProtocolError as exc:
                return error_message(exc.code, exc.message, errors=exc.errors)
            if isinstance(action, CallTool) and action.tool_name == LIST_SCENARIOS:
                return observation_message(self.scenarios())
            return observation_message(not_started(action))
        return error_message("SESSION_ERROR", "no session yet: reset(scenario=<environment id>) first")

    def scenarios(self) -> StepResult:
        summaries = [self.catalog.summary(env) for env in self.pool.envs()]
        return scenarios_result([s for s in summaries if s is not None])

    async def _reset(self, relay: Relay, text: str, data: dict[str, Any]) -> str:
        scenario = data.get("scenario") or relay.scope_env
        upstream = relay.upstream
        if not isinstance(scenario, str) or not scenario:
            if upstream is not None:
                return await _exchange(upstream, text)
            return observation_message(reset_refused("parameter 'scenario' is required: the id of an environment"))
        if upstream is not None and scenario in upstream.worker.envs:
            return await _exchange(upstream, text)
        await self._drop(relay)
        return await self._place(relay, scenario, text)

    async def _place(self, relay: Relay, scenario: str, text: str, rpc_id: str | int | None = None) -> str:
        """Open the session on the best worker serving ``scenario`` and pass it the reset (on an ``mcp``
        socket: the ``openenv/session/create`` request, whose refusals are JSON-RPC errors with ``rpc_id``)."""
        tried: set[str] = set()
        while (worker := self.pool.choose(scenario, tried)) is not None:
            tried.add(worker.instance)
            upstream = await self._open(worker, relay)
            if upstream is None:
                continue
            reply = await _exchange(upstream, text)
            if _refused_as_full(reply):
                worker.episodes = worker.max_episodes
                await upstream.socket.close()
                continue
            relay.upstream = upstream
            worker.episodes += 1
            return reply
        error = self.pool.unavailable(scenario)
        if relay.socket == "mcp":
            return json.dumps(
                rpc_error(
                    rpc_id, SERVER_ERROR if isinstance(error, NoWorkerAvailable) else INVALID_PARAMS, error.message
                )
            )
        if isinstance(error, NoWorkerAvailable):
            return error_message(CAPACITY_REACHED, error.message)
        return observation_message(reset_refused(error.message))

    async def _open(self, worker: WorkerState, relay: Relay) -> Upstream | None:
        scoped = relay.scope_env if relay.socket == "ws" else None  # an mcp session is created by its request
        path = f"/openenv/envs/{scoped}/{relay.socket}" if scoped else f"/openenv/{relay.socket}"
        url = "ws" + worker.url.removeprefix("http") + path
        try:
            socket = await connect(
                url,
                additional_headers=self.auth,
                open_timeout=CONNECT_TIMEOUT,
                max_size=MAX_MESSAGE,
                ping_interval=None,
                compression=None,
            )
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            logger.warning("cannot open an OpenEnv session on worker %s: %s", worker.name, exc)
            await self.liveness.confirm(worker)
            return None
        return Upstream(worker, socket)

    async def _drop(self, relay: Relay) -> None:
        upstream, relay.upstream = relay.upstream, None
        if upstream is None:
            return
        upstream.worker.episodes = max(0, upstream.worker.episodes - 1)
        try:
            await upstream.socket.close()
        except (OSError, ConnectionClosed):
            return


class WorkerLost(RegistryError):
    """The worker's side of a session closed: the session ends with the worker's code and reason."""

    code = "episode_lost"
    status = 410

    def __init__(self, reason: str, close_code: int = LOST) -> None:
        super().__init__(reason)
        self.reason = reason
        self.close_code = close_code


async def _exchange(upstream: Upstream, text: str) -> str:
    """Send one message to the worker and return its answer; WorkerLost if its socket closes."""
    try:
        await upstream.socket.send(text)
        reply = await upstream.socket.recv()
    except ConnectionClosed as exc:
        received = exc.rcvd
        if received is not None and received.code >= 4000:  # the worker ended it (expired): say why
            raise WorkerLost(received.reason, received.code) from None
        raise WorkerLost(f"the episode was lost with worker {upstream.worker.name}; reset to start a new one") from None
    return reply if isinstance(reply, str) else reply.decode("utf-8", "replace")


def _refused_as_full(reply: str) -> bool:
    try:
        answer = json.loads(reply)
    except ValueError:
        return False
    return bool(answer.get("type") == "error" and answer.get("data", {}).get("code") == CAPACITY_REACHED)


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    try:
        await websocket.close(code=code, reason=reason)
    except RuntimeError:
        return

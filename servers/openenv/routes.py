"""The OpenEnv routes of a worker, under ``/openenv`` (every environment) and ``/openenv/envs/{env}`` (one),
and the same under ``/openenv/t/<token>`` for clients that send no headers.

    WS   /ws        a session (reset/step/state/close/mcp messages)
    WS   /mcp       JSON-RPC over a socket, with a session of its own
    POST /mcp       JSON-RPC (production mode): sessions by ``session_id``
    POST /reset     a reset on a fresh session, which is then freed (OpenEnv's HTTP reset is stateless)
    POST /step      a step on a fresh session (only ``__list_scenarios__`` is useful without a reset)
    GET  /state     a fresh session's state
    GET  /health, /metadata, /schema

Every route needs the farm's token, as ``Authorization: Bearer <token>`` or in the path
(:func:`worldfarm.openenv.mount`): the reward is for the harness, not for whoever reaches the worker.
Host and Origin are checked as on the MCP routes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request, WebSocket
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import HTTPConnection

from servers.errors import EnvironmentUnavailable, UnknownEnvironment
from servers.openenv.host import OpenEnvHost
from servers.openenv.rpc import handle
from servers.openenv.session import SessionFull
from worldfarm.openenv import (
    ProtocolError,
    State,
    health,
    metadata,
    parse_action,
    parse_rpc,
    rpc_error,
    schemas,
)
from worldfarm.openenv import mount as mount_openenv
from worldfarm.serving import error_response


class StepRequest(BaseModel):
    """``POST /step``, as openenv-core's StepRequest."""

    model_config = ConfigDict(extra="allow")

    action: dict[str, Any]
    timeout_s: float | None = Field(default=None, gt=0)
    request_id: str | None = Field(default=None, max_length=255)


def host_of(connection: Request | WebSocket) -> OpenEnvHost:
    host: OpenEnvHost = connection.app.state.worker.openenv
    return host


def scope_env(connection: Request | WebSocket) -> str | None:
    env = connection.path_params.get("env")
    return env if isinstance(env, str) else None


router = APIRouter(tags=["OpenEnv"])


@router.websocket("/ws")
async def session_socket(websocket: WebSocket) -> None:
    await host_of(websocket).serve(websocket, scope_env(websocket))


@router.websocket("/mcp")
async def rpc_socket(websocket: WebSocket) -> None:
    await host_of(websocket).serve_rpc(websocket, scope_env(websocket))


@router.post("/mcp")
async def rpc(request: Request) -> JSONResponse:
    host = host_of(request)
    refusal = host.allowed.refusal(request.headers)
    if refusal is not None:
        return JSONResponse(rpc_error(None, -32600, refusal), status_code=403)
    try:
        raw = await request.json()
    except ValueError:
        return JSONResponse(rpc_error(None, -32700, "Parse error"))
    parsed = parse_rpc(raw)
    if isinstance(parsed, dict):
        return JSONResponse(parsed)
    return JSONResponse(await handle(parsed, host.sessions, scope_env(request)))


@router.post("/reset")
async def reset(request: Request) -> JSONResponse:
    """A reset on a fresh session, freed right after: what OpenEnv's stateless HTTP reset does."""
    body = await _body(request)
    if not isinstance(body, dict):
        return error_response(422, "invalid_request", "the body must be a JSON object of reset parameters")
    host = host_of(request)
    try:
        session = host.sessions.open(scope_env(request))
    except SessionFull as exc:
        return error_response(exc.status, exc.code, exc.message)
    try:
        return JSONResponse(session.reset(body).payload())
    except SessionFull as exc:
        return error_response(exc.status, exc.code, exc.message)
    finally:
        host.sessions.close(session.id)


@router.post("/step")
async def step(body: StepRequest, request: Request) -> JSONResponse:
    """A step on a fresh session: only ``__list_scenarios__`` does anything without a reset."""
    host = host_of(request)
    try:
        action = parse_action(body.action)
        session = host.sessions.open(scope_env(request))
    except ProtocolError as exc:
        return error_response(422, "invalid_request", exc.message)
    except SessionFull as exc:
        return error_response(exc.status, exc.code, exc.message)
    try:
        return JSONResponse((await session.step(action)).payload())
    finally:
        host.sessions.close(session.id)


@router.get("/state")
async def state() -> dict[str, Any]:
    return State().model_dump()


@router.get("/health")
async def healthy() -> dict[str, str]:
    return health()


@router.get("/schema")
async def schema() -> dict[str, Any]:
    return schemas()


@router.get("/metadata")
async def describe(request: Request) -> JSONResponse:
    host, env = host_of(request), scope_env(request)
    if env is None:
        count = len(host.catalog)
        about = f"worldfarm: {count} database-backed tool environments; reset(scenario=<environment id>, task_idx=<n>)"
        return JSONResponse(metadata("worldfarm", about))
    try:
        runtime = host.catalog.get(env)
    except (UnknownEnvironment, EnvironmentUnavailable) as exc:
        return error_response(exc.status, exc.code, exc.message)
    return JSONResponse(metadata(runtime.id, runtime.env.description, runtime.env.version))


async def _body(request: Request) -> Any:
    raw = await request.body()
    if not raw:
        return {}
    try:
        return await request.json()
    except ValueError:
        return None


def mount(app: FastAPI) -> None:
    """Serve the OpenEnv routes for every environment and for each one, behind the worker's token."""
    mount_openenv(app, router, _token)


def _token(connection: HTTPConnection) -> str:
    token: str = connection.app.state.worker.settings.token
    return token

"""OpenEnv on the registry, under ``/openenv`` and ``/openenv/envs/{env}`` (and the same under
``/openenv/t/<token>`` for clients that send no headers): one address for every worker.

    WS   /ws        a session, relayed to the worker holding its episode (:mod:`registry.openenv`)
    WS   /mcp       JSON-RPC on a session of its own, relayed the same way
    POST /mcp       JSON-RPC: a session created on a worker serving the scenario; its id carries the
                    worker's instance, so later calls go straight there
    POST /reset     forwarded to a worker serving the scenario
    POST /step      answered here (without a reset only ``__list_scenarios__`` does anything)
    GET  /health, /metadata, /schema, /state

Like a worker's, every route needs the farm's token (:func:`worldfarm.openenv.mount`); the registry
presents it to the workers it relays to. Host and Origin are checked.
"""

from __future__ import annotations

from typing import Any

import httpx2
from fastapi import APIRouter, FastAPI, Request, WebSocket
from fastapi.responses import JSONResponse, Response
from starlette.requests import HTTPConnection

from registry.service import Registry
from registry.workers import WorkerState
from worldfarm.openenv import (
    INVALID_PARAMS,
    INVALID_REQUEST,
    LIST_SCENARIOS,
    PARSE_ERROR,
    SERVER_ERROR,
    CallTool,
    ProtocolError,
    RpcRequest,
    State,
    health,
    metadata,
    not_started,
    parse_action,
    parse_rpc,
    reset_refused,
    rpc_error,
    schemas,
)
from worldfarm.openenv import mount as mount_openenv
from worldfarm.serving import error_response

SEPARATOR = "."
"""Between the worker's instance and its session id, in session ids the registry hands out."""

router = APIRouter(tags=["OpenEnv"])


def registry_of(connection: Request | WebSocket) -> Registry:
    registry: Registry = connection.app.state.registry
    return registry


def scope_env(connection: Request | WebSocket) -> str | None:
    env = connection.path_params.get("env")
    return env if isinstance(env, str) else None


@router.websocket("/ws")
async def session_socket(websocket: WebSocket) -> None:
    await registry_of(websocket).openenv.serve(websocket, scope_env(websocket))


@router.websocket("/mcp")
async def rpc_socket(websocket: WebSocket) -> None:
    await registry_of(websocket).openenv.serve_rpc(websocket, scope_env(websocket))


@router.get("/health")
async def healthy() -> dict[str, str]:
    return health()


@router.get("/schema")
async def schema() -> dict[str, Any]:
    return schemas()


@router.get("/state")
async def state() -> dict[str, Any]:
    return State().model_dump()


@router.get("/metadata")
async def describe(request: Request) -> dict[str, Any]:
    registry, env = registry_of(request), scope_env(request)
    summary = registry.catalog.summary(env) if env else None
    if summary is not None:
        return metadata(summary.id, summary.description, summary.version or None)
    count = len(registry.pool.envs())
    about = f"worldfarm: {count} database-backed tool environments; reset(scenario=<environment id>, task_idx=<n>)"
    return metadata(env or "worldfarm", about)


@router.post("/step")
async def step(request: Request) -> JSONResponse:
    """A step on a fresh session: only ``__list_scenarios__`` does anything without a reset."""
    body = await _json(request)
    action = body.get("action") if isinstance(body, dict) else None
    try:
        parsed = parse_action(action if isinstance(action, dict) else {})
    except ProtocolError as exc:
        return error_response(422, "invalid_request", exc.message)
    if isinstance(parsed, CallTool) and parsed.tool_name == LIST_SCENARIOS:
        return JSONResponse(registry_of(request).openenv.scenarios().payload())
    return JSONResponse(not_started(parsed).payload())


@router.post("/reset")
async def reset(request: Request) -> Response:
    """Forwarded to a worker serving the scenario (a stateless reset: no episode is kept)."""
    registry, body = registry_of(request), await _json(request)
    if not isinstance(body, dict):
        return error_response(422, "invalid_request", "the body must be a JSON object of reset parameters")
    env = body.get("scenario") or scope_env(request)
    if not isinstance(env, str):
        return JSONResponse(reset_refused("parameter 'scenario' is required: the id of an environment").payload())
    worker = registry.pool.choose(env, set(), allow_full=True)
    if worker is None:
        error = registry.pool.unavailable(env)
        return JSONResponse(reset_refused(error.message).payload())
    return await _forward(registry, worker, "/openenv/reset", body)


@router.post("/mcp")
async def rpc(request: Request) -> Response:
    registry = registry_of(request)
    refusal = registry.openenv.allowed.refusal(request.headers)
    if refusal is not None:
        return JSONResponse(rpc_error(None, INVALID_REQUEST, refusal), status_code=403)
    raw = await _json(request)
    if raw is None:
        return JSONResponse(rpc_error(None, PARSE_ERROR, "Parse error"))
    parsed = parse_rpc(raw)
    if isinstance(parsed, dict):
        return JSONResponse(parsed)
    return await _route_rpc(registry, parsed, scope_env(request))


async def _route_rpc(registry: Registry, request: RpcRequest, env: str | None) -> Response:
    """Send a JSON-RPC request to the worker it belongs to: by session id, else by scenario."""
    session = request.params.get("session_id")
    if isinstance(session, str) and SEPARATOR in session:
        instance, inner = session.split(SEPARATOR, 1)
        worker = registry.pool.get(instance)
        if worker is None:
            return JSONResponse(rpc_error(request.id, INVALID_PARAMS, f"Unknown session_id: {session}"))
        params = {**request.params, "session_id": inner}
        return await _forward_rpc(registry, worker, request, params, env)
    scenario = request.params.get("scenario") or env
    if not isinstance(scenario, str):
        message = "name a scenario: params {scenario, task_idx} or the URL /openenv/envs/<env>/mcp"
        return JSONResponse(rpc_error(request.id, INVALID_PARAMS, message))
    worker = registry.pool.choose(scenario, set())
    if worker is None:
        error = registry.pool.unavailable(scenario)
        return JSONResponse(rpc_error(request.id, SERVER_ERROR, error.message))
    return await _forward_rpc(registry, worker, request, dict(request.params), env)


async def _forward_rpc(
    registry: Registry, worker: WorkerState, request: RpcRequest, params: dict[str, Any], env: str | None
) -> Response:
    path = f"/openenv/envs/{env}/mcp" if env else "/openenv/mcp"
    body = {"jsonrpc": "2.0", "method": request.method, "params": params, "id": request.id}
    try:
        answer = await registry.http.post(f"{worker.url}{path}", json=body, headers=registry.openenv.auth)
    except httpx2.TransportError:
        await registry.liveness.confirm(worker)
        return JSONResponse(rpc_error(request.id, SERVER_ERROR, f"worker {worker.name} did not answer; retry"))
    reply = answer.json()
    result = reply.get("result") if isinstance(reply, dict) else None
    if isinstance(result, dict) and isinstance(result.get("session_id"), str):
        result["session_id"] = f"{worker.instance}{SEPARATOR}{result['session_id']}"
    return JSONResponse(reply, status_code=answer.status_code)


async def _forward(registry: Registry, worker: WorkerState, path: str, body: dict[str, Any]) -> Response:
    try:
        answer = await registry.http.post(f"{worker.url}{path}", json=body, headers=registry.openenv.auth)
    except httpx2.TransportError:
        await registry.liveness.confirm(worker)
        return error_response(502, "worker_unreachable", f"worker {worker.name} did not answer; retry")
    return Response(answer.content, answer.status_code, media_type=answer.headers.get("content-type"))


async def _json(request: Request) -> Any:
    raw = await request.body()
    if not raw:
        return {}
    try:
        return await request.json()
    except ValueError:
        return None


def mount(app: FastAPI) -> None:
    """Serve the OpenEnv routes for every environment and for each one, behind the farm's token."""
    mount_openenv(app, router, _token)


def _token(connection: HTTPConnection) -> str:
    registry: Registry = connection.app.state.registry
    return registry.settings.token

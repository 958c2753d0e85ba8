"""OpenEnv's production mode: MCP-style JSON-RPC (``POST /mcp``, ``{"type": "mcp"}`` messages, WS ``/mcp``).

    openenv/session/create  {scenario?, task_idx?, task?}   -> {"session_id"}: a session, reset if a
                                                               scenario is known (params or the URL's)
    openenv/session/close   {session_id}                    -> {"session_id", "closed": true}
    tools/list              {session_id?}                   -> {"tools": [{name, description, inputSchema}]}
    tools/call              {name, arguments, session_id?}  -> {"content", "structured_content", "data"}

A call's failure is a JSON-RPC error carrying the observation; the session goes on.
"""

from __future__ import annotations

import json
from typing import Any

from servers.code.runtime import CodeRuntime
from servers.environments import EnvRuntime
from servers.errors import EnvironmentUnavailable, UnknownEnvironment
from servers.openenv.session import Session, SessionFull
from servers.openenv.table import SessionTable
from worldfarm.openenv import (
    CLOSE_SESSION,
    CREATE_SESSION,
    INTERNAL_ERROR,
    INVALID_PARAMS,
    LIST_SCENARIOS,
    METHOD_NOT_FOUND,
    SERVER_ERROR,
    CallTool,
    Observation,
    RpcRequest,
    StepResult,
    ToolList,
    rpc_error,
    rpc_result,
)

CREATE, CLOSE = CREATE_SESSION, CLOSE_SESSION


async def handle(
    request: RpcRequest, table: SessionTable, scope_env: str | None, own: Session | None = None
) -> dict[str, Any]:
    """Answer one JSON-RPC request; ``own`` is the session of the socket it came on, if any."""
    params, rid = request.params, request.id
    if request.method == CREATE:
        if own is None:
            return _create(rid, table, scope_env, params)
        return _reset_own(rid, own, params)
    if request.method == CLOSE:
        return _close(rid, table, params, own)
    if request.method not in ("tools/list", "tools/call"):
        return rpc_error(rid, METHOD_NOT_FOUND, f"Method not found: {request.method}")
    session = own
    if session is None and isinstance(params.get("session_id"), str):
        session = table.get(params["session_id"])
        if session is None:
            return rpc_error(rid, INVALID_PARAMS, f"Unknown session_id: {params['session_id']} (closed or expired)")
    if request.method == "tools/list":
        return _list(rid, table, session, scope_env)
    return await _call(rid, session, params)


def _create(
    rid: str | int | None, table: SessionTable, scope_env: str | None, params: dict[str, Any]
) -> dict[str, Any]:
    try:
        session = table.open(scope_env)
    except SessionFull as exc:
        return rpc_error(rid, SERVER_ERROR, exc.message, {"max_sessions": table.max_sessions})
    reset = {k: v for k, v in params.items() if k != "session_id"}
    if reset.get("scenario") or scope_env:
        try:
            opened = session.reset(reset)
        except SessionFull as exc:
            table.close(session.id)
            return rpc_error(rid, SERVER_ERROR, exc.message)
        error = opened.observation.error
        if error is not None:
            table.close(session.id)
            return rpc_error(rid, INVALID_PARAMS, error)
    return rpc_result(rid, {"session_id": session.id})


def _reset_own(rid: str | int | None, own: Session, params: dict[str, Any]) -> dict[str, Any]:
    """``openenv/session/create`` on a socket's own session: reset it if a scenario is named."""
    if params.get("scenario"):
        try:
            error = own.reset(params).observation.error
        except SessionFull as exc:
            return rpc_error(rid, SERVER_ERROR, exc.message)
        if error is not None:
            return rpc_error(rid, INVALID_PARAMS, error)
    return rpc_result(rid, {"session_id": own.id})


def _close(rid: str | int | None, table: SessionTable, params: dict[str, Any], own: Session | None) -> dict[str, Any]:
    target = params.get("session_id")
    if not isinstance(target, str) or not target:
        return rpc_error(rid, INVALID_PARAMS, "Invalid params - 'session_id' is required")
    if own is not None and target == own.id:
        return rpc_error(rid, -32600, "Cannot close active WebSocket-managed session via MCP method")
    if table.get(target) is None:
        return rpc_error(rid, INVALID_PARAMS, f"Unknown session_id: {target}")
    table.close(target)
    return rpc_result(rid, {"session_id": target, "closed": True})


def _list(rid: str | int | None, table: SessionTable, session: Session | None, scope_env: str | None) -> dict[str, Any]:
    runtime: EnvRuntime | CodeRuntime | None = session.opened.runtime if session and session.opened else None
    if runtime is None:
        env = scope_env or (session.scope_env if session else None)
        if env is None:
            return rpc_error(
                rid, INVALID_PARAMS, "no environment: create a session with a scenario (openenv/session/create) first"
            )
        try:
            runtime = table.land.catalog.get(env)
        except (UnknownEnvironment, EnvironmentUnavailable) as exc:
            return rpc_error(rid, INVALID_PARAMS, exc.message)
    tools = [
        {"name": t.name, "description": t.description, "inputSchema": t.input_schema} for t in table.land.tools(runtime)
    ]
    return rpc_result(rid, {"tools": tools})


async def _call(rid: str | int | None, session: Session | None, params: dict[str, Any]) -> dict[str, Any]:
    name, arguments = params.get("name"), params.get("arguments", {})
    if not isinstance(name, str) or not name:
        return rpc_error(rid, INVALID_PARAMS, "Missing 'name' in params")
    if not isinstance(arguments, dict):
        return rpc_error(rid, INVALID_PARAMS, "'arguments' must be an object")
    if session is None:
        return rpc_error(rid, INVALID_PARAMS, "tools/call needs a session: call openenv/session/create first")
    if session.opened is None and name != LIST_SCENARIOS:
        message = f"no episode in this session: call {CREATE} with params {{scenario: <environment id>}} first"
        return rpc_error(rid, INVALID_PARAMS, message)
    result = await session.step(CallTool(tool_name=name, arguments=arguments))
    return _answer(rid, result)


def _answer(rid: str | int | None, result: StepResult) -> dict[str, Any]:
    observation = result.observation
    payload = result.payload()
    if observation.error is not None:
        return rpc_error(rid, INTERNAL_ERROR, observation.error, payload)
    data = observation.tool_result if isinstance(observation, Observation) and observation.tool_name else payload
    if isinstance(observation, ToolList):
        data = payload
    text = json.dumps(data, ensure_ascii=False, default=str)
    return rpc_result(
        rid, {"content": [{"type": "text", "text": text}], "structured_content": data, "data": data, "is_error": False}
    )

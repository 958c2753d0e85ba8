"""A code environment's tool call: arguments checked, the app's HTTP request made in its host, the answer read.

- 2xx: the app's JSON is the result (its text as the app wrote it; an object, or a list as
  ``{"items": [...]}``, as structured content).
- 4xx: the app refused the request (FastAPI's own validation, a 404 the app raised): a tool error.
- an unhandled exception in the app (a 500): a tool error (``app_error``) saying where in the app's
  code it happened; nothing was changed.
- the host broke its sandbox, ran out of time or memory, or died: ``environment_defect``; the host
  was stopped and starts again on the next call.

Every call goes into the episode's trace like a data environment's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from servers.code.hosts import HostFailure, HostPool, Reply
from servers.code.runtime import CodeRuntime
from servers.episodes import LiveEpisode
from servers.errors import AppError, EnvironmentDefect, InvalidArguments, RuleViolation, ServerError
from worldfarm.codeenv import CodeTool


@dataclass
class CodeResult:
    text: str
    """The app's answer as it wrote it (what an agent reads)."""
    structured: dict[str, Any]


async def call_code_tool(
    pool: HostPool, runtime: CodeRuntime, episode: LiveEpisode, name: str, arguments: dict[str, Any] | None
) -> CodeResult:
    """Run one tool call of ``runtime`` on ``episode`` (through its host) and record it in the trace."""
    started, wall = time.perf_counter(), time.time()
    args: dict[str, Any] = arguments or {}
    checked = False
    try:
        tool, args = runtime.checked(name, arguments)
        checked = True
        try:
            reply = await pool.host(runtime.spec).call(episode, request_of(tool, args))
        except HostFailure as exc:
            raise EnvironmentDefect(
                f"{name}: {exc.message}. Nothing was changed; a new host starts on the next call"
            ) from None
        result = outcome(tool, reply)
    except ServerError as exc:
        episode.record(name, args, checked, wall, started, error=exc)
        raise
    episode.record(name, args, checked, wall, started, result=result.structured)
    return result


def code_caller(
    pool: HostPool, runtime: object
) -> Callable[[LiveEpisode, str, dict[str, Any] | None], Awaitable[tuple[str, dict[str, Any]]]] | None:
    """What runs ``runtime``'s tool calls in its host (for the MCP server), or None for a data environment."""
    if not isinstance(runtime, CodeRuntime):
        return None

    async def caller(episode: LiveEpisode, name: str, arguments: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
        result = await call_code_tool(pool, runtime, episode, name, arguments)
        return result.text, result.structured

    return caller


def request_of(tool: CodeTool, arguments: dict[str, Any]) -> dict[str, Any]:
    """The HTTP request for a call of ``tool``: each argument where its route puts it."""
    path, query, body = tool.route.path, [], {}
    whole: Any = None
    for name, value in arguments.items():
        place = tool.route.params[name]
        if place == "path":
            path = path.replace("{" + name + "}", quote(_text(value), safe=""))
        elif place == "query":
            values = value if isinstance(value, list) else [value]
            query += [[name, _text(v)] for v in values if v is not None]
        elif place == "json":
            whole = value
        else:
            body[name] = value
    sends_body = any(place in ("body", "json") for place in tool.route.params.values())
    payload = whole if whole is not None else body
    return {"method": tool.route.method, "path": path, "query": query, "body": payload if sends_body else None}


def outcome(tool: CodeTool, reply: Reply) -> CodeResult:
    """The result of a call the app answered; ToolCallError for a refusal or an exception in the app."""
    if reply.error is not None:
        raise AppError(_app_failure(tool.name, reply.error))
    data = _json(reply.body)
    if reply.status >= 400:
        raise _refusal(tool.name, reply.status, data if data is not None else reply.body)
    if isinstance(data, dict):
        structured = data
    elif data is None and not reply.body.strip():
        structured = {}
    else:
        structured = {"items": data} if isinstance(data, list) else {"result": data if data is not None else reply.body}
    return CodeResult(text=reply.body, structured=structured)


def _app_failure(tool: str, error: dict[str, Any]) -> str:
    where = error.get("where") or []
    place = ""
    if where:
        frame = where[-1]
        place = f" (line {frame.get('line')}, in {frame.get('function')}: `{str(frame.get('code', ''))[:160]}`)"
    kind, message = error.get("type", "Exception"), str(error.get("message", ""))[:400]
    return (
        f"{tool} failed inside the environment's code: {kind}: {message}{place}. Nothing was changed; "
        "check the arguments (for example that the ids you passed exist) or use another tool"
    )


def _refusal(tool: str, status: int, detail: Any) -> ServerError:
    if isinstance(detail, dict) and "detail" in detail:
        detail = detail["detail"]
    if status == 422 and isinstance(detail, list):
        problems = []
        for item in detail[:5]:
            if isinstance(item, dict):
                loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path")]
                problems.append(f"{'.'.join(loc) or 'arguments'}: {item.get('msg', item)}")
        return InvalidArguments(f"{tool}: the app refused the arguments: {'; '.join(problems)}")
    text = detail if isinstance(detail, str) else json.dumps(detail)[:400]
    return RuleViolation(f"{tool}: the app refused the request (HTTP {status}): {text}. Nothing was changed")


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value) if isinstance(value, dict | list) else str(value)

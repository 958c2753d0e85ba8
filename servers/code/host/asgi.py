"""One HTTP request through the app, in process: no server, no socket; the exception, if it raised, with context.

Starlette answers an unhandled exception with a 500 and then raises it again; here it is caught and
described by where it happened in the scenario's own code (line, function, the line's text), which
is what the agent and the report are told.
"""

from __future__ import annotations

import json
import linecache
import traceback
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

MAX_BODY = 4 * 1024 * 1024


@dataclass
class Request:
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    """JSON-able; None sends no body."""


@dataclass
class Response:
    status: int = 500
    content_type: str = ""
    body: bytes = b""
    error: dict[str, Any] | None = None
    """The app's unhandled exception: type, message, where (frames in the app's code, innermost last)."""


async def call(app: Any, request: Request, filename: str) -> Response:
    body = b"" if request.body is None else json.dumps(request.body).encode()
    scope = _scope(request, body)
    response = Response()
    sent_body = False

    async def receive() -> dict[str, Any]:
        nonlocal sent_body
        if sent_body:
            return {"type": "http.disconnect"}
        sent_body = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            response.status = int(message["status"])
            headers = {bytes(k).lower(): bytes(v) for k, v in message.get("headers", [])}
            response.content_type = headers.get(b"content-type", b"").decode("latin-1")
        elif message["type"] == "http.response.body" and len(response.body) < MAX_BODY:
            response.body += bytes(message.get("body", b""))

    try:
        await app(scope, receive, send)
    except BaseException as exc:  # the scenario's code failed (even sys.exit): described, never fatal to the host
        response.status = 500
        response.error = describe(exc, filename)
    return response


def describe(exc: BaseException, filename: str) -> dict[str, Any]:
    """``exc`` as data: its type, message and the frames of the scenario's code it passed through."""
    frames = [
        {"line": frame.lineno, "function": frame.name, "code": (linecache.getline(filename, frame.lineno or 0)).strip()}
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename == filename
    ]
    return {"type": type(exc).__name__, "message": str(exc)[:1000], "where": frames[-3:]}


def _scope(request: Request, body: bytes) -> dict[str, Any]:
    path = request.path
    headers = [(b"host", b"app"), (b"accept", b"application/json")]
    if request.body is not None:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": path,
        "raw_path": quote(path).encode(),
        "root_path": "",
        "query_string": urlencode(request.query).encode(),
        "headers": headers,
        "client": ("127.0.0.1", 0),
        "server": ("app", 80),
        "state": {},
    }

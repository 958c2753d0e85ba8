"""What the farm's two HTTP services (a worker, the registry) share: their app shell, socket and server.

sock = listen("127.0.0.1", 0)            # bound now: the URL is known before serving starts
app = service_app("worldfarm worker", worker.running, max_body_bytes=2**20, token="...")
serve(app, sock)

The server holds no connection open for a client that is slow to send: a request's headers must
arrive within ``WORLDFARM_HEADER_TIMEOUT`` seconds (default 10) and its body within
``WORLDFARM_BODY_TIMEOUT`` seconds after them (default 30); otherwise it answers 408 and closes.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from urllib.parse import urlsplit

import anyio
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from worldfarm.errors import ConfigError, ServiceError
from worldfarm.settings import KEEP_ALIVE

LOOP_VARIABLE = "WORLDFARM_EVENT_LOOP"
HEADER_TIMEOUT_VARIABLE = "WORLDFARM_HEADER_TIMEOUT"
BODY_TIMEOUT_VARIABLE = "WORLDFARM_BODY_TIMEOUT"
HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 30.0


def service_app(
    title: str, running: Callable[[], AbstractAsyncContextManager[None]], *, max_body_bytes: int, token: str
) -> FastAPI:
    """A FastAPI app that runs ``running()`` for its lifetime and answers every ServiceError and
    malformed request as ``{"error": {"code", "message"}}`` with its status. Its OpenAPI description
    (``/openapi.json``) is served only with ``token`` (it lists every control route); there are no docs pages.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running():
            yield

    app = FastAPI(
        title=title, lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None, max_body_size=max_body_bytes
    )
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)

    async def openapi(request: Request) -> JSONResponse:
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
            message = "missing or wrong bearer token: the OpenAPI description needs 'Authorization: Bearer <token>'"
            return error_response(401, "unauthorized", message)
        return JSONResponse(app.openapi())

    app.add_api_route("/openapi.json", openapi, methods=["GET"], include_in_schema=False)
    return app


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def _service_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return error_response(exc.status, exc.code, exc.message)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return error_response(422, "invalid_request", "; ".join(problems) or "invalid request")


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one); ConfigError if it is taken."""
    sock = bind(host, port)
    sock.listen(2048)
    return sock


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` but not listening: connections to it are refused at once
    until a server listens on it (uvicorn does when it starts serving a socket it is handed)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on such sockets, and without it a response
    # sent in two writes waits for the client's delayed ACK (40 ms per request on a kept-alive connection)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); pick another --port") from None
    return sock


def url_of(sock: socket.socket) -> str:
    """The http URL a listening socket is reached at (loopback for a wildcard address)."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def host_patterns(url: str | None) -> tuple[str, ...]:
    """The Host headers a service reached at ``url`` must accept: ``name:port`` and ``name:*``."""
    netloc = urlsplit(url).netloc if url else ""
    return (netloc, f"{netloc.split(':')[0]}:*") if netloc else ()


def serve(app: FastAPI, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` with uvicorn until interrupted (SIGINT or SIGTERM: a graceful stop).

    HTTP is parsed by httptools, with read deadlines (:func:`deadline_protocol`); the event loop is
    uvloop where it exists (``python -m bench.runtime``: together a third less CPU per MCP call than
    h11 on asyncio's loop).
    """
    anyio.run(uvicorn.Server(server_config(app)).serve, [sock], backend_options={"use_uvloop": _use_uvloop()})


def server_config(app: FastAPI) -> uvicorn.Config:
    """How a farm service is served: HTTP with read deadlines (:func:`deadline_protocol`); WebSockets
    (OpenEnv sessions) get no server pings: a ping that times out would drop the session of a client busy
    elsewhere (generating its next action, say); idle sessions end with the episodes' TTL instead."""
    return uvicorn.Config(
        app,
        http=deadline_protocol(*read_deadlines()),
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=5,
        timeout_keep_alive=KEEP_ALIVE,
        ws_ping_interval=None,
    )


def read_deadlines() -> tuple[float, float]:
    """The header and body read timeouts: ``WORLDFARM_HEADER_TIMEOUT`` and ``WORLDFARM_BODY_TIMEOUT``, in seconds."""
    return _seconds(HEADER_TIMEOUT_VARIABLE, HEADER_TIMEOUT), _seconds(BODY_TIMEOUT_VARIABLE, BODY_TIMEOUT)


def _seconds(variable: str, default: float) -> float:
    text = os.environ.get(variable)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise ConfigError(f"{variable}={text!r}: give a positive number of seconds")
    return value


def deadline_protocol(header_timeout: float, body_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol with read deadlines: a request's headers must arrive within
    ``header_timeout`` seconds of the connection (or of its first byte, on a kept-alive connection),
    its body within ``body_timeout`` seconds after them. A request past either gets a 408 and the
    connection is closed, so slow clients cannot hold connections (uvicorn has no such timeouts). A
    WebSocket's upgrade request completes (no body), so the deadlines end there: its session is bounded
    by its TTL (tests/servers/openenv: a session outlives the deadlines)."""

    class DeadlineProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm(header_timeout, "headers")

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if self._deadline is None:
                self._arm(header_timeout, "headers")

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            self._arm(body_timeout, "body")

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._disarm()

        def _arm(self, seconds: float, part: str) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._expired, seconds, part)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expired(self, seconds: float, part: str) -> None:
            self._deadline = None
            if self.transport.is_closing():
                return
            if self.cycle is None or not self.cycle.response_started:
                self.transport.write(_timeout_response(f"the request {part} did not arrive within {seconds:g} s"))
            self.transport.close()

    return DeadlineProtocol


def _timeout_response(message: str) -> bytes:
    body = message.encode()
    head = [
        b"HTTP/1.1 408 Request Timeout",
        b"content-type: text/plain; charset=utf-8",
        b"content-length: " + str(len(body)).encode(),
        b"connection: close",
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def _use_uvloop() -> bool:
    """uvloop if it is installed, unless ``WORLDFARM_EVENT_LOOP=asyncio`` asks for asyncio's own loop."""
    choice = os.environ.get(LOOP_VARIABLE, "auto")
    if choice not in ("auto", "asyncio", "uvloop"):
        raise ConfigError(f"{LOOP_VARIABLE}={choice!r}: use auto, asyncio or uvloop")
    if choice == "asyncio":
        return False
    try:
        import uvloop  # noqa: F401
    except ImportError:
        if choice == "uvloop":
            raise ConfigError(f"{LOOP_VARIABLE}=uvloop, but uvloop is not installed") from None
        return False
    return True

"""What the farm's two HTTP services (a worker, the registry) share: their app shell, socket and server.

sock = listen("127.0.0.1", 0)            # bound now: the URL is known before serving starts
app = service_app("worldfarm worker", worker.running, max_body_bytes=2**20)
serve(app, sock)
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from urllib.parse import urlsplit

import anyio
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from worldfarm.errors import ConfigError, ServiceError
from worldfarm.settings import KEEP_ALIVE

LOOP_VARIABLE = "WORLDFARM_EVENT_LOOP"


def service_app(
    title: str, running: Callable[[], AbstractAsyncContextManager[None]], *, max_body_bytes: int
) -> FastAPI:
    """A FastAPI app that runs ``running()`` for its lifetime and answers every ServiceError and
    malformed request as ``{"error": {"code", "message"}}`` with its status."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running():
            yield

    app = FastAPI(title=title, lifespan=lifespan, docs_url=None, redoc_url=None, max_body_size=max_body_bytes)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
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
    sock.listen(2048)
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

    uvicorn picks httptools for HTTP when installed; the event loop is uvloop where it exists
    (``python -m bench.runtime``: together a third less CPU per MCP call than h11 on asyncio's loop).
    """
    anyio.run(uvicorn.Server(server_config(app)).serve, [sock], backend_options={"use_uvloop": _use_uvloop()})


def server_config(app: FastAPI) -> uvicorn.Config:
    """How a farm service is served. WebSockets (OpenEnv sessions) get no server pings: a ping that
    times out would drop the session of a client busy elsewhere (generating its next action, say);
    idle sessions end with the episodes' TTL instead."""
    return uvicorn.Config(
        app,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=5,
        timeout_keep_alive=KEEP_ALIVE,
        ws_ping_interval=None,
    )


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

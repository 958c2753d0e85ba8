"""``worldfarm registry``: run the registry service with uvicorn (``worldfarm up`` runs it for you)."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import uvicorn

from registry.app import DEFAULT_HEARTBEAT_TIMEOUT, LOOPBACK_HOSTS, Registry, RegistrySettings, create_app
from worldfarm.errors import ConfigError
from worldfarm.settings import KEEP_ALIVE, TOKEN_VARIABLE, farm_token, state_dir

REGISTRY_DB = "registry.sqlite"


def serve_registry(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    fd: int | None = None,
    token: str | None = None,
    db: Path | None = None,
    public_url: str | None = None,
    allowed_hosts: list[str] | None = None,
    heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    proxy_mcp: bool = False,
) -> None:
    """Serve the registry on ``host:port`` (or on the listening socket ``fd``) until interrupted."""
    if heartbeat_timeout <= 0:
        raise ConfigError("--heartbeat-timeout must be positive")
    given = farm_token(token)
    token = given or secrets.token_urlsafe(24)
    sock = socket.socket(fileno=fd) if fd is not None else listen(host, port)
    bound = url_of(sock)
    settings = RegistrySettings(
        token=token,
        db=db or state_dir() / REGISTRY_DB,
        public_url=public_url.rstrip("/") if public_url else None,
        heartbeat_timeout=heartbeat_timeout,
        proxy_mcp=proxy_mcp,
        allowed_hosts=(*LOOPBACK_HOSTS, *(allowed_hosts or []), *_host_of(public_url)),
    )
    registry = Registry(settings)
    print(f"worldfarm registry listening on {bound}", flush=True)
    print(f"  store: {settings.db}", flush=True)
    if given is None:
        print(f"  farm token (set {TOKEN_VARIABLE} to choose one): {token}", flush=True)
    config = uvicorn.Config(
        create_app(registry),
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=5,
        timeout_keep_alive=KEEP_ALIVE,
    )
    anyio.run(uvicorn.Server(config).serve, [sock])


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


def _host_of(url: str | None) -> tuple[str, ...]:
    netloc = urlsplit(url).netloc if url else ""
    return (netloc, f"{netloc.split(':')[0]}:*") if netloc else ()

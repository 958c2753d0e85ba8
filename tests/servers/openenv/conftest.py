"""Fixtures of the OpenEnv tests: a worker served over real HTTP and WebSockets on loopback, in process."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import pytest
import uvicorn
from fastapi import FastAPI

from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN
from worldfarm.openenv import openenv_url
from worldfarm.serving import listen, server_config, url_of


@contextlib.asynccontextmanager
async def serving(app: FastAPI, sock: socket.socket | None = None) -> AsyncIterator[str]:
    """``app`` served by uvicorn on ``sock`` (default: a free loopback port) in this event loop; yields
    its base URL. The socket listens before the server starts, so a client may connect at once (it
    waits in the backlog)."""
    sock = sock or listen("127.0.0.1", 0)
    server = uvicorn.Server(server_config(app))
    task = asyncio.create_task(server.serve([sock]))
    try:
        yield url_of(sock)
    finally:
        server.should_exit = True
        async with asyncio.timeout(15):
            await task
        sock.close()


@contextlib.asynccontextmanager
async def served_worker(limits: Limits | None = None, token: str = TOKEN) -> AsyncIterator[tuple[Worker, str]]:
    """A worker serving ``examples/`` (with ``limits``) and the base URL of its OpenEnv endpoint for
    clients that send no headers (the token in the path)."""
    worker = Worker(WorkerSettings(bundles=EXAMPLES, token=token, limits=limits or Limits()))
    async with serving(create_app(worker)) as url:
        yield worker, openenv_url(url, token)


@pytest.fixture
async def worker() -> AsyncIterator[tuple[Worker, str]]:
    async with served_worker() as served:
        yield served

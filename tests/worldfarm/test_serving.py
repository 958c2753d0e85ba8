"""The HTTP shell both farm services share: event loop choice, listening sockets, read deadlines, and
the OpenAPI description behind the token."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx2
import pytest

from tests.conftest import EXAMPLES, Process, start_process, stop_process
from worldfarm import ConfigError
from worldfarm.serving import (
    BODY_TIMEOUT_VARIABLE,
    HEADER_TIMEOUT_VARIABLE,
    LOOP_VARIABLE,
    _use_uvloop,
    listen,
    read_deadlines,
    url_of,
)


@pytest.mark.parametrize(("choice", "uvloop"), [("auto", True), ("uvloop", True), ("asyncio", False)])
def test_the_event_loop_is_uvloop_unless_asked_otherwise(
    monkeypatch: pytest.MonkeyPatch, choice: str, uvloop: bool
) -> None:
    monkeypatch.setenv(LOOP_VARIABLE, choice)
    assert _use_uvloop() is uvloop


def test_an_unknown_event_loop_is_a_clear_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LOOP_VARIABLE, "trio")
    with pytest.raises(ConfigError, match="WORLDFARM_EVENT_LOOP='trio': use auto, asyncio or uvloop"):
        _use_uvloop()


def test_a_listening_socket_turns_nagle_off_for_what_it_accepts_and_says_its_url() -> None:
    with listen("127.0.0.1", 0) as server:
        assert server.proto == socket.IPPROTO_TCP  # asyncio sets TCP_NODELAY only on such sockets
        assert url_of(server) == f"http://127.0.0.1:{server.getsockname()[1]}"
        with pytest.raises(ConfigError, match="pick another --port"):
            listen("127.0.0.1", server.getsockname()[1])


@pytest.fixture(scope="module")
def impatient_worker() -> Iterator[Process]:
    """A real worker whose read deadlines are half a second."""
    env = {HEADER_TIMEOUT_VARIABLE: "0.5", BODY_TIMEOUT_VARIABLE: "0.5"}
    proc = start_process(["serve", str(EXAMPLES), "--port", "0"], env=env)
    try:
        yield proc
    finally:
        stop_process(proc)


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=30)


def answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a socket timeout fails the test)."""
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    return received


@pytest.mark.parametrize(
    ("sent", "part"),
    [
        (b"", "headers"),
        (b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n", "headers"),
        (b'POST /v1/episodes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"env"', "body"),
    ],
)
def test_a_client_too_slow_to_send_its_request_gets_a_408_and_the_connection_closed(
    impatient_worker: Process, sent: bytes, part: str
) -> None:
    held = [connect(impatient_worker.url) for _ in range(20)]
    for sock in held:
        sock.sendall(sent)
    answers = [answer(sock) for sock in held]
    for sock in held:
        sock.close()
    assert all(a.startswith(b"HTTP/1.1 408 Request Timeout") for a in answers)
    assert answers[0].endswith(f"the request {part} did not arrive within 0.5 s".encode())


def test_a_kept_alive_connection_idle_between_requests_is_not_cut_by_the_header_deadline(
    impatient_worker: Process,
) -> None:
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with connect(impatient_worker.url) as sock:
        sock.sendall(request)
        first = one_response(sock)
        threading.Event().wait(1.0)  # idle for twice the header deadline (time passing is the point)
        sock.sendall(request)
        second = one_response(sock)
    assert first.startswith(b"HTTP/1.1 200")
    assert second.startswith(b"HTTP/1.1 200")


def one_response(sock: socket.socket) -> bytes:
    """One response with a Content-Length, read off a kept-alive connection."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(4096)
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += sock.recv(4096)
    return head + b"\r\n\r\n" + body


def test_a_bad_read_deadline_is_a_clear_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HEADER_TIMEOUT_VARIABLE, "soon")
    with pytest.raises(ConfigError, match="WORLDFARM_HEADER_TIMEOUT='soon': give a positive number of seconds"):
        read_deadlines()


async def test_the_openapi_description_needs_the_token(worker_http: httpx2.AsyncClient) -> None:
    without = await worker_http.get("/openapi.json", headers={"Authorization": ""})
    wrong = await worker_http.get("/openapi.json", headers={"Authorization": "Bearer nope"})
    given = await worker_http.get("/openapi.json")
    assert (without.status_code, wrong.status_code, given.status_code) == (401, 401, 200)
    assert "/v1/episodes" in given.json()["paths"]
    assert (await worker_http.get("/docs")).status_code == 404

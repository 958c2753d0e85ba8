"""The HTTP shell both farm services share: event loop choice and listening sockets."""

from __future__ import annotations

import socket

import pytest

from worldfarm import ConfigError
from worldfarm.serving import LOOP_VARIABLE, _use_uvloop, listen, url_of


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

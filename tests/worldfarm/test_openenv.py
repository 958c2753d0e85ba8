"""The OpenEnv contract's access rule: how a client without headers carries the token, and what a
refused one is told."""

from __future__ import annotations

from worldfarm.openenv import TOKEN_REFUSAL, openenv_url


def test_the_refusal_says_both_ways_to_send_the_token_and_fits_a_websocket_close_frame() -> None:
    assert "/openenv/t/<token>" in TOKEN_REFUSAL
    assert "Authorization: Bearer <token>" in TOKEN_REFUSAL
    assert len(TOKEN_REFUSAL.encode()) <= 123  # RFC 6455: a close frame's reason is at most 123 bytes


def test_the_openenv_url_carries_any_token_as_one_path_segment() -> None:
    assert openenv_url("http://127.0.0.1:8000/", "abc-_1") == "http://127.0.0.1:8000/openenv/t/abc-_1"
    assert openenv_url("http://farm", "a/b+c= d") == "http://farm/openenv/t/a%2Fb%2Bc%3D%20d"

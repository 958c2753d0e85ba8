"""Scoring an episode in one request: the verdict with the state and the trace it was reached on, when asked."""

from __future__ import annotations

import httpx2

from tests.servers.test_fastcall import HEADERS, call_body


async def test_a_verdict_comes_with_the_state_and_trace_when_asked_and_only_then(
    worker_http: httpx2.AsyncClient,
) -> None:
    episode = (await worker_http.post("/v1/episodes", json={"env": "hotel", "task": "cancel-farid"})).json()
    call = call_body("cancel_booking", {"booking_id": 6})
    await worker_http.post(episode["mcp_url"], content=call, headers={**HEADERS, "mcp-name": "cancel_booking"})
    control = episode["control_url"]

    plain = (await worker_http.post(f"{control}/verify", json={})).json()
    full = (await worker_http.post(f"{control}/verify", json={"with_state": True, "with_trace": True})).json()

    assert plain["state"] is None
    assert plain["trace"] is None
    assert full["passed"] == plain["passed"]
    assert full["state"] == (await worker_http.get(f"{control}/state")).json()
    assert full["trace"] == (await worker_http.get(f"{control}/trace")).json()
    assert [c["tool"] for c in full["trace"]["calls"]] == ["cancel_booking"]

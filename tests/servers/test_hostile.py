"""What an agent sends over MCP, in either protocol era, ends as a tool error in the trace: never an
internal error, a lost call, an unreadable trace or a traceback in the log."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx2
import pytest

from tests.servers.raw_mcp import INTERNAL_ERRORS, Era, RawSession, rpc_error, tool_error
from tests.servers.test_control import new_episode

NAN, INF = float("nan"), float("inf")


def nested(levels: int) -> Any:
    return json.loads("[" * levels + "]" * levels)


CASES: list[tuple[str, dict[str, Any], str]] = [
    ("search_guests", {"query": "\ud800"}, "argument 'query' contains a lone surrogate (\\ud800)"),
    ("get_guest", {"guest_id": 2**63}, "argument 'guest_id' is outside the 64-bit integer range"),
    ("get_guest", {"guest_id": -(2**64)}, "argument 'guest_id' is outside the 64-bit integer range"),
    ("record_payment", {"booking_id": 1, "amount": NAN, "method": "card"}, "'amount' is nan; numbers must be"),
    ("record_payment", {"booking_id": 1, "amount": INF, "method": "card"}, "'amount' is inf; numbers must be"),
    ("search_guests", {"query": "q" * 20_000}, "'query' is 20,000 characters long; the limit is 10,000"),
    ("get_guest", {"guest_id": 1, "x": nested(40)}, "is nested too deeply: at most 32 levels"),
    ("get_guest", {"guest_id": 1, "x": nested(300)}, "is nested too deeply: at most 32 levels"),
]


@pytest.mark.parametrize("era", ["modern", "legacy"])
@pytest.mark.parametrize(("tool", "arguments", "message"), CASES)
async def test_values_sqlite_cannot_take_are_tool_errors_in_the_trace_in_both_eras(
    worker_http: httpx2.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    era: Era,
    tool: str,
    arguments: dict[str, Any],
    message: str,
) -> None:
    episode = await new_episode(worker_http)
    session = RawSession(worker_http, episode["mcp_url"], era)
    with caplog.at_level(logging.WARNING):
        response = await session.call(tool, arguments)
    trace = await worker_http.get(f"/v1/episodes/{episode['episode_id']}/trace")

    assert rpc_error(response) not in INTERNAL_ERRORS
    assert trace.status_code == 200
    calls = trace.json()["calls"]
    refused_by_parser = rpc_error(response) == -32700  # the legacy era's parser refuses some bodies outright
    if refused_by_parser:
        assert era == "legacy"
        assert response.status_code == 400
        assert calls == []
    else:
        assert message in (tool_error(response) or f"not a tool error: {response.text[:300]}")
        assert [(c["tool"], c["error_code"]) for c in calls] == [(tool, "invalid_arguments")]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_the_trace_served_after_hostile_calls_shows_them_escaped_and_cut(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    session = RawSession(worker_http, episode["mcp_url"], "modern")
    await session.call("search_guests", {"query": "a\ud800"})
    await session.call("get_guest", {"guest_id": 1, "x": nested(300)})
    await session.call("get_guest", {"guest_id": 1, "x": "y" * 900_000})
    trace = await worker_http.get(f"/v1/episodes/{episode['episode_id']}/trace")

    assert trace.status_code == 200
    surrogate, deep, long = trace.json()["calls"]
    assert surrogate["arguments"] == {"query": "a\\ud800"}
    assert deep["truncated"]
    assert "nested deeper than 32 levels: left out" in json.dumps(deep["arguments"])
    assert long["truncated"]
    assert long["arguments"]["x"].endswith("more characters left out]")


async def test_made_up_tool_names_never_become_metric_labels(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    session = RawSession(worker_http, episode["mcp_url"], "legacy")
    names = ["get_guest\u00e9", "zz" * 500, *(f"made_up_{n}" for n in range(50))]
    answers = [await session.call(name, {}) for name in names]
    metrics = await worker_http.get("/metrics")
    assert all("unknown tool" in (tool_error(a) or "") for a in answers)
    assert metrics.status_code == 200
    assert "made_up_" not in metrics.text
    assert "zzzz" not in metrics.text
    assert 'tool="_unknown"' in metrics.text

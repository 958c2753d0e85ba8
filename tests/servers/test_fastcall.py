"""The tools/call fast path answers byte for byte as the MCP SDK does, in both protocol eras, errors included.

Two workers serve the same bundles in process, one with the fast path and one without (the SDK
answers all). The same requests (valid calls of every tool, broken arguments, unknown tools, broken
rules, and a long list of malformed or unusual envelopes, headers and bodies) go to an episode on
each, in the same order; every answer (status, headers, body) and the episodes' traces and states
must be the same, and the fast worker must have answered the plain calls itself.
"""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types.version import LATEST_MODERN_VERSION

from client.agents.baselines import random_arguments
from servers import Worker, WorkerSettings, create_app
from tests.conftest import AUTH, EXAMPLES, TOKEN, lifespan_of
from tests.prometheus import scrape, value
from worldfarm import load_bundle

VERSION = LATEST_MODERN_VERSION
META = {
    "io.modelcontextprotocol/protocolVersion": VERSION,
    "io.modelcontextprotocol/clientInfo": {"name": "test", "version": "1"},
    "io.modelcontextprotocol/clientCapabilities": {},
}
HEADERS = {
    "accept": "application/json, text/event-stream",
    "content-type": "application/json",
    "mcp-protocol-version": VERSION,
    "mcp-method": "tools/call",
}
BUNDLES = {env: load_bundle(EXAMPLES / env) for env in ("hotel", "library")}
TOOL_CALLS = "worldfarm_tool_calls_total"


@dataclass
class Side:
    worker: Worker
    http: httpx2.AsyncClient

    async def episode(self, env: str) -> dict[str, Any]:
        response = await self.http.post("/v1/episodes", json={"env": env}, headers={"authorization": f"Bearer {TOKEN}"})
        info: dict[str, Any] = response.json()
        return info

    async def send(self, url: str, body: bytes, headers: dict[str, str], method: str = "POST") -> tuple[Any, ...]:
        response = await self.http.request(method, url, content=body, headers=headers)
        kept = {k: v for k, v in response.headers.items() if k != "mcp-session-id"}
        return response.status_code, kept, response.content


@pytest.fixture
async def sides() -> AsyncIterator[tuple[Side, Side]]:
    """(fast, sdk): two in-process workers over the examples, with and without the fast path."""
    workers = [Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, fast_calls=fast)) for fast in (True, False)]
    apps = [create_app(worker) for worker in workers]
    async with lifespan_of(apps[0]), lifespan_of(apps[1]):
        clients = [
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://127.0.0.1:8000", headers=AUTH)
            for app in apps
        ]
        async with clients[0], clients[1]:
            yield Side(workers[0], clients[0]), Side(workers[1], clients[1])


def call_body(name: Any, arguments: Any = None, *, request_id: Any = 1, meta: Any = None, **extra: Any) -> bytes:
    params: dict[str, Any] = {"name": name, "_meta": META if meta is None else meta}
    if arguments is not None:
        params["arguments"] = arguments
    body = {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params, **extra}
    return json.dumps(body).encode()


def plain_calls(env: str, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """Calls of every tool: the reference solutions' calls, arguments drawn from each schema, broken ones."""
    bundle = BUNDLES[env]
    calls = [(step.tool, dict(step.arguments)) for task in bundle.tasks for step in task.solution]
    for tool in bundle.env.tools:
        schema = dict(tool.input_schema)
        calls += [(tool.name, random_arguments(schema, rng)) for _ in range(3)]
        calls.append((tool.name, {}))
        calls.append((tool.name, {**random_arguments(schema, rng), "unexpected": 1}))
        calls.append((tool.name, {name: "wrong type" for name in schema.get("properties", {})}))
    calls += [("no_such_tool", {}), ("get_gust", {"guest_id": 1}), ("", {})]
    rng.shuffle(calls)
    return calls


def unusual_requests(name: str, arguments: dict[str, Any]) -> list[tuple[bytes, dict[str, str]]]:
    """Requests around one valid call: each differs from the plain shape in one way."""
    headers = {**HEADERS, "mcp-name": name}
    body = call_body(name, arguments)
    weird_meta = [
        {**META, "io.modelcontextprotocol/clientCapabilities": {"roots": {}}},
        {**META, "io.modelcontextprotocol/clientCapabilities": {"roots": "bad"}},
        {**META, "io.modelcontextprotocol/clientCapabilities": "none"},
        {**META, "io.modelcontextprotocol/clientInfo": {"name": 5, "version": "1"}},
        {**META, "io.modelcontextprotocol/clientInfo": "me"},
        {k: v for k, v in META.items() if k != "io.modelcontextprotocol/clientInfo"},
        {**META, "io.modelcontextprotocol/clientInfo": {"name": "x", "version": "1", "websiteUrl": "https://x"}},
        {**META, "io.modelcontextprotocol/clientInfo": {"name": "x"}},
        {**META, "io.modelcontextprotocol/clientInfo": None},
        {**META, "progressToken": 7},
        {**META, "io.modelcontextprotocol/logLevel": "debug"},
        {**META, "io.modelcontextprotocol/protocolVersion": "2025-11-25"},
        {k: v for k, v in META.items() if k != "io.modelcontextprotocol/clientCapabilities"},
        "not a meta",
    ]
    requests = [(call_body(name, arguments, request_id=rid), headers) for rid in ("abc", 0, -5, 2**60, 1.0, True, None)]
    requests += [(call_body(name, arguments, meta=meta), headers) for meta in weird_meta]
    requests += [
        (call_body(name, None), headers),
        (call_body(name, [1, 2]), headers),
        (call_body(name, "text"), headers),
        (call_body(name, arguments, extra_member=1), headers),
        (
            json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "_meta": META, "x": 1}}
            ).encode(),
            headers,
        ),
        (
            json.dumps(
                {"jsonrpc": "1.0", "id": 1, "method": "tools/call", "params": {"name": name, "_meta": META}}
            ).encode(),
            headers,
        ),
        (
            json.dumps({"jsonrpc": "2.0", "method": "tools/call", "params": {"name": name, "_meta": META}}).encode(),
            headers,
        ),
        (json.dumps([json.loads(body)]).encode(), headers),
        (b"{not json", headers),
        (b"", headers),
        (
            call_body("search_guests", {"query": "caf\u00e9 \u2603 \U0001f600"}),
            {**headers, "mcp-name": "search_guests"},
        ),
        (call_body("search_guests", {"query": "\ud800"}), {**headers, "mcp-name": "search_guests"}),
        (call_body("search_guests", {"query": "x" * 100_000}), {**headers, "mcp-name": "search_guests"}),
        (body, {**headers, "mcp-name": "someone_else"}),
        (body, {k: v for k, v in headers.items() if k != "mcp-name"}),
        (body, {**headers, "mcp-method": "tools/list"}),
        (body, {**headers, "accept": "text/event-stream"}),
        (body, {**headers, "content-type": "text/plain"}),
        (body, {**headers, "host": "evil.example:80"}),
        (body, {**headers, "origin": "http://evil.example"}),
        (body, {**headers, "origin": "http://127.0.0.1:8000"}),
        (body, {**headers, "mcp-param-guest": "1"}),
        (body + b" " * (1024 * 1024), headers),
    ]
    return requests


async def both(sides: tuple[Side, Side], urls: tuple[str, str], body: bytes, headers: dict[str, str]) -> None:
    fast, sdk = sides
    first = await fast.send(urls[0], body, headers)
    second = await sdk.send(urls[1], body, headers)
    assert first == second, (body[:300], headers)


def fast_answered(side: Side) -> int:
    return sum(fast.answered for fast in side.worker.mcp._fast.values())


@pytest.mark.parametrize("env", sorted(BUNDLES))
async def test_tool_calls_are_answered_as_the_sdk_answers_them(sides: tuple[Side, Side], env: str) -> None:
    fast, sdk = sides
    infos = [await fast.episode(env), await sdk.episode(env)]
    urls = (infos[0]["mcp_url"], infos[1]["mcp_url"])
    calls = plain_calls(env, random.Random(17))

    for number, (name, arguments) in enumerate(calls):
        await both(sides, urls, call_body(name, arguments, request_id=number), {**HEADERS, "mcp-name": name})

    traces = [
        await side.http.get(f"/v1/episodes/{info['episode_id']}/trace", headers={"authorization": f"Bearer {TOKEN}"})
        for side, info in zip(sides, infos, strict=True)
    ]
    states = [
        await side.http.get(f"/v1/episodes/{info['episode_id']}/state", headers={"authorization": f"Bearer {TOKEN}"})
        for side, info in zip(sides, infos, strict=True)
    ]
    assert without_timing(traces[0].json()) == without_timing(traces[1].json())
    assert states[0].json() == states[1].json()
    assert len(traces[0].json()["calls"]) == len(calls)
    assert fast_answered(fast) == len(calls)
    assert fast_answered(sdk) == 0


def without_timing(trace: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in call.items() if k not in ("started_at", "duration_ms")} for call in trace["calls"]]


async def test_unusual_requests_are_answered_as_the_sdk_answers_them(sides: tuple[Side, Side]) -> None:
    fast, sdk = sides
    infos = [await fast.episode("hotel"), await sdk.episode("hotel")]
    urls = (infos[0]["mcp_url"], infos[1]["mcp_url"])

    for body, headers in unusual_requests("get_guest", {"guest_id": 2}):
        await both(sides, urls, body, headers)
    for method in ("GET", "DELETE", "PUT"):
        assert await fast.send(urls[0], b"", HEADERS, method) == await sdk.send(urls[1], b"", HEADERS, method)
    other = [urls[0].replace(infos[0]["episode_id"], "gone"), urls[1].replace(infos[1]["episode_id"], "gone")]
    await both(
        sides, (other[0], other[1]), call_body("get_guest", {"guest_id": 2}), {**HEADERS, "mcp-name": "get_guest"}
    )

    traced = await fast.http.get(
        f"/v1/episodes/{infos[0]['episode_id']}/trace", headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert fast_answered(fast) >= 4  # the string, zero, negative and large integer ids at least
    assert len(traced.json()["calls"]) > 4


async def test_the_older_protocol_era_is_answered_as_the_sdk_answers_it(sides: tuple[Side, Side]) -> None:
    """Handshake, session and calls of a 2025-11-25 client on the episode URL: the SDK answers on both."""
    answers: list[list[Any]] = []
    for side in sides:
        info = await side.episode("hotel")
        async with Client(streamable_http_client(info["mcp_url"], http_client=side.http), mode="legacy") as client:
            results = [await client.call_tool(name, args) for name, args in plain_calls("hotel", random.Random(5))[:40]]
        answers.append([r.model_dump(mode="json") for r in results])
    assert answers[0] == answers[1]
    assert fast_answered(sides[0]) == 0


async def test_the_sdks_own_client_gets_the_same_results_from_the_fast_path(sides: tuple[Side, Side]) -> None:
    answers: list[list[Any]] = []
    for side in sides:
        info = await side.episode("library")
        transport = streamable_http_client(info["mcp_url"], http_client=side.http)
        async with Client(transport, mode=VERSION) as client:
            results = [
                await client.call_tool(name, args) for name, args in plain_calls("library", random.Random(9))[:40]
            ]
        answers.append([r.model_dump(mode="json") for r in results])
    assert answers[0] == answers[1]
    assert fast_answered(sides[0]) == 40


async def test_calls_on_either_path_move_the_workers_metrics_alike(sides: tuple[Side, Side]) -> None:
    calls = [("search_guests", {"query": "Farid"}), ("cancel_booking", {"booking_id": 2}), ("get_gust", {})]
    moved: list[dict[str, float]] = []
    for side in sides:
        info = await side.episode("hotel")
        before = await scrape(side.http)
        for number, (name, arguments) in enumerate(calls):
            await side.send(
                info["mcp_url"], call_body(name, arguments, request_id=number), {**HEADERS, "mcp-name": name}
            )
        after = await scrape(side.http)
        moved.append(
            {
                f"{name}/{outcome}": value(after, TOOL_CALLS, env="hotel", tool=name, outcome=outcome)
                - value(before, TOOL_CALLS, env="hotel", tool=name, outcome=outcome)
                for name, _ in calls
                for outcome in ("ok", "tool_error")
            }
        )

    assert moved[0] == moved[1]
    assert moved[0]["search_guests/ok"] == 1
    assert moved[0]["cancel_booking/tool_error"] == 1
    assert fast_answered(sides[0]) == len(calls)

"""A worker's ``/metrics``, read with prometheus-client's own parser, moving as episodes and calls happen."""

from __future__ import annotations

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from prometheus_client import CollectorRegistry, Counter, generate_latest

from servers import EnvRuntime, EpisodeStore, Limits, Worker, WorkerSettings, create_app
from servers.telemetry import REGISTRY, ToolCalls
from tests.conftest import EXAMPLES, TOKEN, running
from tests.prometheus import parse, scrape, value
from worldfarm.metrics import MAX_TOOL_SERIES


async def test_metrics_need_the_farms_token_as_a_bearer_header(worker_http: httpx2.AsyncClient) -> None:
    anonymous = await worker_http.get("/metrics", headers={"Authorization": ""})
    wrong = await worker_http.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert (anonymous.status_code, wrong.status_code) == (401, 401)
    assert anonymous.json()["error"]["code"] == "unauthorized"


async def test_episodes_and_tool_calls_move_the_counters(worker_http: httpx2.AsyncClient) -> None:
    before = await scrape(worker_http)
    created = (await worker_http.post("/v1/episodes", json={"env": "hotel", "task": "cancel-farid"})).json()
    async with Client(streamable_http_client(created["mcp_url"], http_client=worker_http)) as client:
        await client.call_tool("search_guests", {"query": "Farid"})
        await client.call_tool("cancel_booking", {"booking_id": 2})  # refused by a rule: a tool error
        await client.call_tool("cancel_booking", {"booking_id": 6})
    assert (await worker_http.post(f"{created['control_url']}/verify", json={})).json()["passed"] is True
    during = await scrape(worker_http)
    assert (await worker_http.delete(created["control_url"])).status_code == 204
    after = await scrape(worker_http)

    def moved(metric: str, **labels: str) -> float:
        return value(during, metric, **labels) - value(before, metric, **labels)

    assert moved("worldfarm_episodes_created_total", origin="control") == 1
    assert moved("worldfarm_tool_calls_total", env="hotel", tool="search_guests", outcome="ok") == 1
    assert moved("worldfarm_tool_calls_total", env="hotel", tool="cancel_booking", outcome="ok") == 1
    assert moved("worldfarm_tool_calls_total", env="hotel", tool="cancel_booking", outcome="tool_error") == 1
    assert moved("worldfarm_tool_call_seconds_count", outcome="ok") == 2
    assert moved("worldfarm_tool_call_seconds_count", outcome="tool_error") == 1
    assert moved("worldfarm_verifications_total", result="passed") == 1
    assert moved("worldfarm_verify_seconds_count") == 1
    assert moved("worldfarm_episode_create_seconds_count") == 1
    assert value(during, "worldfarm_episodes_live") == value(after, "worldfarm_episodes_live") + 1
    assert (
        value(after, "worldfarm_episodes_ended_total", reason="closed")
        - value(during, "worldfarm_episodes_ended_total", reason="closed")
        == 1
    )
    assert value(during, "worldfarm_envs_served") == 2  # the examples: hotel, library
    assert value(during, "worldfarm_envs_loaded") >= 1
    assert value(during, "process_cpu_seconds_total") > 0


async def test_load_and_capacity_are_read_when_scraped() -> None:
    worker = Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, name="w-metrics", limits=Limits(max_episodes=7)))
    async with running(create_app(worker)) as http:
        for _ in range(3):
            assert (await http.post("/v1/episodes", json={"env": "library"})).status_code == 201
        samples = await scrape(http)
    assert value(samples, "worldfarm_episodes_live") == 3
    assert value(samples, "worldfarm_episodes_max") == 7
    assert value(samples, "worldfarm_worker_info", name="w-metrics", instance=worker.instance) == 1


def test_expired_episodes_are_counted_as_expired(hotel: EnvRuntime) -> None:
    store = EpisodeStore(Limits(idle_ttl=0.001))
    before = parse(_text())
    episode = store.create(hotel)
    episode.last_used -= 1.0  # idle for a second: past the TTL
    assert store.reap() == 1
    after = parse(_text())
    assert (
        value(after, "worldfarm_episodes_ended_total", reason="expired")
        - value(before, "worldfarm_episodes_ended_total", reason="expired")
        == 1
    )


def test_tool_labels_past_the_cap_fold_into_other() -> None:
    registry = CollectorRegistry()
    calls = ToolCalls(Counter("calls", "calls", ["env", "tool", "outcome"], registry=registry), cap=3)
    for env in ("a", "b", "c", "d", "e"):
        calls.child(env, "t", "ok").inc()
    calls.child("a", "t", "tool_error").inc()  # a pair already labelled keeps its label for every outcome
    samples = parse(generate_latest(registry).decode())
    assert {dict(labels)["env"] for name, labels in samples if name == "calls_total"} == {"a", "b", "c", "_other"}
    assert value(samples, "calls_total", env="_other", tool="_other", outcome="ok") == 2
    assert value(samples, "calls_total", env="a", tool="t", outcome="tool_error") == 1
    assert MAX_TOOL_SERIES * 3 <= 20_000  # the worst case per worker stays a size Prometheus handles


def _text() -> str:
    return generate_latest(REGISTRY).decode()

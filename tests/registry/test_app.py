"""The registry in process, in front of real worker processes it reaches over loopback HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.conftest import AUTH, EXAMPLES, Process, running
from tests.registry.conftest import InProcess, join, registry_app
from worldfarm.membership import summarize


async def wait_for(condition: Any, within: float = 10.0) -> None:
    """Poll ``condition`` (state that the registry's own tasks change) with a deadline."""
    with anyio.fail_after(within):
        while not condition():  # noqa: ASYNC110 - no event to wait on: the registry's watch loop changes it
            await anyio.sleep(0.02)


async def test_control_routes_need_the_farm_token_but_health_and_the_catalog_do_not(registry_http: InProcess) -> None:
    http = registry_http.http
    no_token = {"Authorization": ""}
    refused = [
        await http.post("/v1/episodes", json={"env": "hotel"}, headers=no_token),
        await http.get("/v1/envs", headers={"Authorization": "Bearer wrong"}),
        await http.post("/v1/workers", json={}, headers=no_token),
    ]
    assert [r.status_code for r in refused] == [401, 401, 401]
    assert refused[0].json()["error"]["code"] == "unauthorized"
    assert "Bearer" in refused[0].json()["error"]["message"]
    assert (await http.get("/health", headers=no_token)).json()["role"] == "registry"
    assert (await http.get("/v0/servers", headers=no_token)).status_code == 200


async def test_an_unknown_environment_is_a_404_naming_what_the_farm_serves(
    registry_http: InProcess, live_worker: Process
) -> None:
    await join(registry_http, live_worker)
    response = await registry_http.http.post("/v1/episodes", json={"env": "casino"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_environment"
    assert "hotel" in response.json()["error"]["message"]


async def test_an_unknown_episode_or_operation_is_a_404(registry_http: InProcess) -> None:
    http = registry_http.http
    unknown = await http.get("/v1/episodes/nope")
    state = await http.get("/v1/episodes/nope/state")
    operation = await http.post("/v1/episodes/nope/explode")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "episode_not_found")
    assert (state.status_code, state.json()["error"]["code"]) == (404, "episode_not_found")
    assert (operation.status_code, operation.json()["error"]["code"]) == (404, "unknown_operation")


async def test_a_malformed_body_is_a_422_saying_what_is_wrong(registry_http: InProcess) -> None:
    http = registry_http.http
    wrong_field = await http.post("/v1/episodes", json={"environment": "hotel"})
    not_json = await http.post("/v1/episodes", content=b"{env: hotel", headers={"content-type": "application/json"})
    empty_batch = await http.post("/v1/episodes/batch", json={"episodes": []})
    assert [r.status_code for r in (wrong_field, not_json, empty_batch)] == [422, 422, 422]
    assert "env" in wrong_field.json()["error"]["message"]
    assert "episodes" in empty_batch.json()["error"]["message"]


async def test_an_episode_placed_by_the_registry_is_controlled_through_it(
    registry_http: InProcess, live_worker: Process
) -> None:
    http = registry_http.http
    await join(registry_http, live_worker)
    created = await http.post("/v1/episodes", json={"env": "hotel", "task": "cancel-farid"})
    assert created.status_code == 201
    episode = created.json()
    assert episode["mcp_url"].startswith(f"{live_worker.url}/envs/hotel/e/")
    assert episode["control_url"] == f"http://127.0.0.1:9000/v1/episodes/{episode['episode_id']}"

    control = episode["control_url"]
    query = await http.post(f"{control}/query", json={"sql": "SELECT status FROM bookings WHERE id = 6"})
    forked = await http.post(f"{control}/fork")
    fork_info = await http.get(forked.json()["control_url"])
    closed = await http.delete(control)
    after = await http.get(control)

    assert query.json()["rows"] == [["confirmed"]]
    assert forked.status_code == 201
    assert fork_info.json()["origin"] == "fork"
    assert closed.status_code == 204
    assert after.status_code == 404


async def test_a_task_the_environment_lacks_is_the_workers_own_404(
    registry_http: InProcess, live_worker: Process
) -> None:
    await join(registry_http, live_worker)
    response = await registry_http.http.post("/v1/episodes", json={"env": "hotel", "task": "no-such-task"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_task"
    assert "cancel-farid" in response.json()["error"]["message"]


async def test_a_worker_that_stops_heartbeating_is_marked_down_and_its_episodes_are_lost(
    registry_http: InProcess, live_worker: Process
) -> None:
    # registered under an instance id the process does not answer to: probes fail, no heartbeat comes
    await join(registry_http, live_worker, instance="impostor")
    created = (await registry_http.http.post("/v1/episodes", json={"env": "hotel"})).json()
    worker = registry_http.registry.pool.get("impostor")
    assert worker is not None

    await wait_for(lambda: worker.status == "down")
    lost = await registry_http.http.get(created["control_url"])
    again = await registry_http.http.post("/v1/episodes", json={"env": "hotel"})

    assert lost.status_code == 410
    assert lost.json()["error"]["code"] == "episode_lost"
    assert "lost with its worker" in lost.json()["error"]["message"]
    assert again.status_code == 503
    assert again.json()["error"]["code"] == "no_worker_available"


async def test_placements_survive_a_restart_of_the_registry(
    registry_http: InProcess, live_worker: Process, tmp_path: Path
) -> None:
    await join(registry_http, live_worker)
    created = (await registry_http.http.post("/v1/episodes", json={"env": "hotel"})).json()

    _, app = registry_app(tmp_path / "registry.sqlite")
    async with running(app, base_url="http://127.0.0.1:9001") as http:
        found = await http.get(f"/v1/episodes/{created['episode_id']}")

    assert found.status_code == 200
    assert found.json()["episode_id"] == created["episode_id"]
    assert found.json()["control_url"].startswith("http://127.0.0.1:9001/")


@pytest.mark.slow  # seconds of work: the full suite runs it, the fast loop skips it
async def test_a_full_or_dead_worker_is_skipped_for_the_next_one(
    registry_http: InProcess, live_worker: Process, small_worker: Process
) -> None:
    async with httpx2.AsyncClient(headers=AUTH, timeout=10) as direct:
        for _ in range(2):  # fill the small worker behind the registry's back
            assert (await direct.post(f"{small_worker.url}/v1/episodes", json={"env": "hotel"})).status_code == 201
    await join(registry_http, small_worker, episodes=0)
    await join(registry_http, live_worker, episodes=50)
    await join(registry_http, live_worker, instance="dead", url="http://127.0.0.1:9", episodes=0)

    created = await registry_http.http.post("/v1/episodes", json={"env": "hotel"})

    assert created.status_code == 201
    assert created.json()["mcp_url"].startswith(live_worker.url)
    dead = registry_http.registry.pool.get("dead")
    assert dead is not None
    assert dead.status == "down"


async def test_a_batch_is_spread_over_the_workers_and_kept_whole_or_not_at_all(
    registry_http: InProcess, live_worker: Process
) -> None:
    await join(registry_http, live_worker)
    good = [{"env": "hotel", "task": "cancel-farid"}] * 10
    bad = [*good[:3], {"env": "hotel", "task": "no-such-task"}, *good[3:]]

    refused = await registry_http.http.post("/v1/episodes/batch", json={"episodes": bad})
    kept_after_refusal = registry_http.registry.store.placement_counts()
    accepted = await registry_http.http.post("/v1/episodes/batch", json={"episodes": good})

    assert refused.status_code == 404
    assert refused.json()["error"]["message"].startswith("episode 3 of the batch")
    assert kept_after_refusal == {}
    assert accepted.status_code == 201
    episodes = accepted.json()["episodes"]
    assert len({e["episode_id"] for e in episodes}) == 10
    assert all(e["task"] == "cancel-farid" for e in episodes)


async def test_the_catalog_lists_each_environment_in_the_mcp_registry_shape(
    registry_http: InProcess, live_worker: Process
) -> None:
    http = registry_http.http
    joined = await join(registry_http, live_worker)
    summary = summarize(EXAMPLES / "hotel")
    assert summary is not None
    uploaded = await http.put(f"/v1/workers/{joined['instance']}/envs", json={"envs": [summary.model_dump()]})

    listing = (await http.get("/v0/servers", headers={"Authorization": ""})).json()
    by_name = await http.get("/v0/servers/dev.worldfarm%2Fhotel")
    by_id = await http.get("/v0/servers/hotel")
    unknown = await http.get("/v0/servers/dev.worldfarm%2Fcasino")

    assert uploaded.status_code == 204
    assert listing["metadata"]["count"] == 1
    server = listing["servers"][0]["server"]
    assert server["name"] == "dev.worldfarm/hotel"
    assert server["remotes"][0]["type"] == "streamable-http"
    assert server["remotes"][0]["url"] == "http://127.0.0.1:9000/envs/hotel/e/{episode_id}/mcp"
    facts = server["_meta"]["dev.worldfarm/environment"]
    assert facts["domain"] == "hospitality"
    assert "cancel_booking" in {tool["name"] for tool in facts["tools"]}
    assert "cancel-farid" in {task["id"] for task in facts["tasks"]}
    assert facts["capacity"]["workers"] == 1
    assert "verifier" not in str(listing)
    assert listing["servers"][0]["_meta"]["io.modelcontextprotocol.registry/official"]["isLatest"] is True
    assert by_name.json() == by_id.json() == listing["servers"][0]
    assert unknown.status_code == 404


async def test_v1_envs_searches_and_filters_the_catalog(registry_http: InProcess, live_worker: Process) -> None:
    http = registry_http.http
    joined = await join(registry_http, live_worker, envs=["hotel", "inn"])
    hotel = summarize(EXAMPLES / "hotel")
    assert hotel is not None
    inn = hotel.model_copy(update={"id": "inn", "title": "Quiet Inn", "domain": "lodging"})
    await http.put(f"/v1/workers/{joined['instance']}/envs", json={"envs": [hotel.model_dump(), inn.model_dump()]})

    every = (await http.get("/v1/envs")).json()["envs"]
    by_text = (await http.get("/v1/envs", params={"q": "quiet"})).json()["envs"]
    by_domain = (await http.get("/v1/envs", params={"domain": "hospitality"})).json()["envs"]
    by_tool = (await http.get("/v1/envs", params={"tool": "check_in"})).json()["envs"]
    no_tool = (await http.get("/v1/envs", params={"tool": "launch_rocket"})).json()["envs"]
    page = (await http.get("/v1/envs", params={"limit": 1})).json()
    details = await http.get("/v1/envs/hotel")

    assert [e["id"] for e in every] == ["hotel", "inn"]
    assert "cancel_booking" in every[0]["tools"]
    assert [e["id"] for e in by_text] == ["inn"]
    assert [e["id"] for e in by_domain] == ["hotel"]
    assert [e["id"] for e in by_tool] == ["hotel", "inn"]
    assert no_tool == []
    assert page["next_cursor"] == "hotel"
    assert details.json()["title"] == "Harbor View Hotel"


async def test_the_mcp_proxy_carries_an_episodes_tool_calls_and_checks_the_host(
    registry_http: InProcess, live_worker: Process
) -> None:
    http = registry_http.http
    await join(registry_http, live_worker)
    episode = (await http.post("/v1/episodes", json={"env": "hotel", "task": "cancel-farid"})).json()
    proxied = f"http://127.0.0.1:9000/envs/hotel/e/{episode['episode_id']}/mcp"

    async with Client(streamable_http_client(proxied, http_client=http)) as client:
        result = await client.call_tool("cancel_booking", {"booking_id": 6})
    verified = await http.post(f"{episode['control_url']}/verify", json={})
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    bad_host = await http.post(proxied, json=ping, headers={"Host": "evil.example"})
    unknown = await http.post("/envs/hotel/e/nope/mcp", json=ping)
    wrong_env = await http.post(f"/envs/inn/e/{episode['episode_id']}/mcp", json=ping)

    assert not result.is_error
    assert verified.json()["passed"] is True
    assert bad_host.status_code == 421
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"].startswith("no episode nope")
    assert wrong_env.status_code == 404


async def test_listing_episodes_gathers_them_from_the_workers(registry_http: InProcess, live_worker: Process) -> None:
    await join(registry_http, live_worker)
    placed = (await registry_http.http.post("/v1/episodes", json={"env": "hotel"})).json()
    async with httpx2.AsyncClient(headers=AUTH, timeout=10) as direct:
        made_directly = (await direct.post(f"{live_worker.url}/v1/episodes", json={"env": "hotel"})).json()

    listed = {e["episode_id"]: e for e in (await registry_http.http.get("/v1/episodes")).json()}

    assert listed[placed["episode_id"]]["control_url"] == placed["control_url"]
    assert listed[made_directly["episode_id"]]["control_url"] == made_directly["control_url"]


async def test_an_environment_only_gone_workers_offered_is_a_404_naming_what_the_farm_serves(
    registry_http: InProcess, live_worker: Process
) -> None:
    gone = await join(registry_http, live_worker, instance="earlier-run", envs=["casino"])
    await registry_http.http.delete(f"/v1/workers/{gone['instance']}")
    await join(registry_http, live_worker)

    response = await registry_http.http.post("/v1/episodes", json={"env": "casino"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_environment"
    assert "it serves: hotel" in response.json()["error"]["message"]

"""The control plane over HTTP (in process): tokens, episode lifecycle, read-only queries, diff, trace."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, running


async def new_episode(http: httpx2.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await http.post("/v1/episodes", json={"env": "hotel", **body})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def error_of(response: httpx2.Response) -> tuple[int, str, str]:
    body = response.json()["error"]
    return response.status_code, body["code"], body["message"]


async def test_every_control_route_needs_the_token(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        for method, path in [("POST", "/v1/episodes"), ("GET", f"/v1/episodes/{episode['episode_id']}/state")]:
            response = await worker_http.request(method, path, json={"env": "hotel"}, headers=headers)
            status, code, message = error_of(response)
            assert (status, code) == (401, "unauthorized")
            assert "Authorization: Bearer <token>" in message
    assert (await worker_http.get("/health", headers={"Authorization": ""})).json()["status"] == "ok"


async def test_an_episode_is_created_with_absolute_urls_and_its_task(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http, task="cancel-farid")
    assert episode["mcp_url"] == f"http://127.0.0.1:8000/envs/hotel/e/{episode['episode_id']}/mcp"
    assert episode["control_url"] == f"http://127.0.0.1:8000/v1/episodes/{episode['episode_id']}"
    assert episode["instruction"].startswith("Farid Haddad can't make his stay")


async def test_bad_creation_requests_say_what_is_wrong(worker_http: httpx2.AsyncClient) -> None:
    unknown_env = await worker_http.post("/v1/episodes", json={"env": "casino"})
    assert error_of(unknown_env)[:2] == (404, "unknown_environment")
    assert "it serves: hotel, library" in error_of(unknown_env)[2]
    unknown_task = await worker_http.post("/v1/episodes", json={"env": "hotel", "task": "nope"})
    assert error_of(unknown_task)[:2] == (404, "unknown_task")
    malformed = await worker_http.post("/v1/episodes", json={"environment": "hotel"})
    status, code, message = error_of(malformed)
    assert (status, code) == (422, "invalid_request")
    assert "body.env: Field required" in message


async def test_an_unknown_episode_is_a_404_that_says_how_to_get_one(worker_http: httpx2.AsyncClient) -> None:
    status, code, message = error_of(await worker_http.get("/v1/episodes/not-an-episode/state"))
    assert (status, code) == (404, "episode_not_found")
    assert "POST /v1/episodes" in message
    mcp = await worker_http.post("/envs/hotel/e/not-an-episode/mcp", json={})
    assert mcp.status_code == 404
    assert "no episode 'not-an-episode'" in mcp.json()["error"]["message"]


async def test_a_full_worker_answers_503_with_what_to_do() -> None:
    worker = Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=Limits(max_episodes=1)))
    async with running(create_app(worker)) as http:
        await new_episode(http)
        status, code, message = error_of(await http.post("/v1/episodes", json={"env": "hotel"}))
    assert (status, code) == (503, "worker_full")
    assert "DELETE /v1/episodes/{id}" in message


async def test_diff_trace_and_verify_follow_a_scripted_sequence_of_mcp_calls(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http, task="cancel-farid")
    url = episode["control_url"]
    assert (await worker_http.post(f"{url}/verify", json={})).json()["passed"] is False
    async with Client(streamable_http_client(episode["mcp_url"], http_client=worker_http)) as client:
        await client.call_tool("search_guests", {"query": "Farid"})
        failed = await client.call_tool("cancel_booking", {"booking_id": 2})
        await client.call_tool("cancel_booking", {"booking_id": 6})
    assert failed.is_error

    trace = (await worker_http.get(f"{url}/trace")).json()["calls"]
    assert [(c["tool"], c["error_code"]) for c in trace] == [
        ("search_guests", None),
        ("cancel_booking", "rule_violation"),
        ("cancel_booking", None),
    ]
    tables = (await worker_http.get(f"{url}/diff")).json()["tables"]
    assert set(tables) == {"bookings", "payments"}
    [update] = tables["bookings"]["updated"]
    assert (update["key"], update["before"]["status"], update["after"]["status"]) == (
        {"id": 6},
        "confirmed",
        "cancelled",
    )
    [refund] = tables["payments"]["inserted"]
    assert (refund["after"]["kind"], refund["after"]["amount_cents"]) == ("refund", 5000)
    verdict = (await worker_http.post(f"{url}/verify", json={})).json()
    assert verdict["passed"] is True
    assert [a["message"] for a in verdict["assertions"]][:3] == [
        "Farid's booking is cancelled",
        "his $50 deposit is refunded",
        "no other booking changed",
    ]
    assert (await worker_http.get(url)).json()["calls"] == 3


async def test_queries_read_main_and_initial_but_can_never_write(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    url = episode["control_url"]
    async with Client(streamable_http_client(episode["mcp_url"], http_client=worker_http)) as client:
        await client.call_tool("update_guest_contact", {"guest_id": 4, "phone": "+1-555-0199"})
    query = "SELECT m.phone, i.phone FROM main.guests m JOIN initial.guests i USING (id) WHERE id = :id"
    answer = (await worker_http.post(f"{url}/query", json={"sql": query, "params": {"id": 4}})).json()
    assert answer["rows"] == [["+1-555-0199", "+1-555-0104"]]
    for sql in [
        "UPDATE guests SET name = 'x'",
        "DELETE FROM guests",
        "ATTACH ':memory:' AS other",
        "PRAGMA query_only = 0",
        "CREATE TABLE t (x)",
        "SELECT 1; DELETE FROM guests",
    ]:
        status, code, _ = error_of(await worker_http.post(f"{url}/query", json={"sql": sql}))
        assert (status, code) == (400, "bad_request"), sql
    names = await worker_http.post(f"{url}/query", json={"sql": "SELECT COUNT(*) FROM guests"})
    assert names.json()["rows"] == [[8]]


async def test_fork_reset_snapshot_and_restore_over_http(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    url = episode["control_url"]
    count = {"sql": "SELECT COUNT(*) FROM guests"}
    async with Client(streamable_http_client(episode["mcp_url"], http_client=worker_http)) as client:
        snapshot = (await worker_http.post(f"{url}/snapshot")).json()["snapshot_id"]
        await client.call_tool("create_guest", {"name": "Ivy Chen", "email": "ivy@example.com"})
    fork = (await worker_http.post(f"{url}/fork")).json()
    assert fork["episode_id"] != episode["episode_id"]
    assert fork["origin"] == "fork"
    assert (await worker_http.post(f"{fork['control_url']}/query", json=count)).json()["rows"] == [[9]]
    await worker_http.post(f"{url}/restore", json={"snapshot_id": snapshot})
    assert (await worker_http.post(f"{url}/query", json=count)).json()["rows"] == [[8]]
    assert (await worker_http.post(f"{fork['control_url']}/reset")).json()["calls"] == 0
    assert (await worker_http.post(f"{fork['control_url']}/query", json=count)).json()["rows"] == [[8]]
    assert (await worker_http.delete(url)).status_code == 204
    assert error_of(await worker_http.get(url))[2].endswith("was closed; create a new one (POST /v1/episodes)")


async def test_state_reads_tables_as_json(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    state = (await worker_http.get(f"{episode['control_url']}/state", params={"tables": "rooms"})).json()
    assert list(state["tables"]) == ["rooms"]
    assert state["tables"]["rooms"]["columns"] == ["id", "floor", "type_code", "status"]
    assert len(state["tables"]["rooms"]["rows"]) == 12
    status, _, message = error_of(await worker_http.get(f"{episode['control_url']}/state", params={"tables": "x"}))
    assert status == 400
    assert "no table 'x'" in message


async def test_oversized_bodies_are_refused(worker_http: httpx2.AsyncClient) -> None:
    response = await worker_http.post("/v1/episodes", content=b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413


async def test_mcp_requests_with_a_foreign_host_or_origin_are_refused(worker_http: httpx2.AsyncClient) -> None:
    episode = await new_episode(worker_http)
    ping = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-11-25"}
    evil_host = await worker_http.post(episode["mcp_url"], json=ping, headers={**headers, "Host": "evil.example"})
    evil_origin = await worker_http.post(
        episode["mcp_url"], json=ping, headers={**headers, "Origin": "http://evil.example"}
    )
    assert evil_host.status_code == 421
    assert evil_origin.status_code == 403


async def test_the_session_url_tells_modern_clients_to_use_an_episode_url(worker_http: httpx2.AsyncClient) -> None:
    request = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"Accept": "application/json", "MCP-Protocol-Version": "2026-07-28"}
    response = await worker_http.post("/envs/hotel/mcp", json=request, headers=headers)
    assert response.status_code == 400
    assert "POST /v1/episodes" in response.json()["error"]["message"]


async def query(http: httpx2.AsyncClient, sql: str) -> httpx2.Response:
    episode = await new_episode(http)
    return await http.post(f"/v1/episodes/{episode['episode_id']}/query", json={"sql": sql})


async def test_a_query_returns_blobs_as_base64_text(worker_http: httpx2.AsyncClient) -> None:
    response = await query(worker_http, "SELECT x'ff00' AS raw, 'text' AS word")
    assert response.status_code == 200
    assert response.json()["rows"] == [["/wA=", "text"]]


@pytest.mark.parametrize(
    ("sql", "function"),
    [
        ("SELECT hex(fts3_tokenizer('simple'))", "fts3_tokenizer"),
        ("SELECT fts3_tokenizer('mine', x'0000000000000000')", "fts3_tokenizer"),
        ("SELECT length(zeroblob(100000000))", "zeroblob"),
        ("SELECT randomblob(8)", "randomblob"),
        ("SELECT load_extension('libc.so.6')", "load_extension"),
        ("SELECT sqlite_compileoption_get(0)", "sqlite_compileoption_get"),
        ("SELECT count(*) FROM main.guests WHERE name = RANDOM()", "random"),
    ],
)
async def test_a_query_may_call_only_ordinary_functions(
    worker_http: httpx2.AsyncClient, sql: str, function: str
) -> None:
    response = await query(worker_http, sql)
    assert response.status_code == 400, response.text
    assert f"the function {function}() is not allowed in queries" in response.json()["error"]["message"]


async def test_ordinary_functions_work_in_queries(worker_http: httpx2.AsyncClient) -> None:
    sql = (
        "SELECT count(*), max(upper(name)), json_extract('{\"a\": 7}', '$.a'), date('2026-01-02', '+1 day'), "
        "group_concat(substr(email, 1, 1), '') FROM (SELECT * FROM main.guests ORDER BY id LIMIT 2)"
    )
    response = await query(worker_http, sql)
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [[2, "BEN CARTER", 7, "2026-01-03", "ab"]]


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT replace(printf('%.*c', 10000000, 'x'), 'x', 'xyz')", "makes a value over 16,777,216 bytes"),
        (
            "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 9000) "
            "SELECT printf('%.*c', 5000, 'x') FROM c",
            "result is over 16,777,216 bytes",
        ),
    ],
)
async def test_a_query_result_is_capped_in_bytes(worker_http: httpx2.AsyncClient, sql: str, message: str) -> None:
    response = await query(worker_http, sql)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]

"""Code environments served by a worker (in process; the app hosts and verifiers are real processes):
MCP tools, isolated episodes, errors with context, verification on the control plane, one host per scenario."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from servers import Worker, WorkerSettings, create_app
from tests.conftest import AWM_TEST_SETTINGS, TOKEN, running

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

BOOKSTORE = "online_bookstore_12"


@pytest.fixture
async def worker(awm_envs: Path) -> AsyncIterator[tuple[Worker, httpx2.AsyncClient]]:
    worker = Worker(WorkerSettings(bundles=awm_envs, token=TOKEN, code=AWM_TEST_SETTINGS))
    async with running(create_app(worker)) as http:
        yield worker, http


async def episode_of(http: httpx2.AsyncClient, task: str | None = None, env: str = BOOKSTORE) -> dict[str, Any]:
    response = await http.post("/v1/episodes", json={"env": env, **({"task": task} if task else {})})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_apps_operations_are_listed_as_mcp_tools(worker: tuple[Worker, httpx2.AsyncClient]) -> None:
    _, http = worker
    episode = await episode_of(http)
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert {"list_books", "add_to_cart", "checkout", "get_invoice"} <= set(tools)
    cart = tools["add_to_cart"]
    assert cart.description == "Add to cart. Put copies of a book in the current user's cart."
    assert cart.input_schema["required"] == ["book_id"]
    assert tools["list_books"].annotations is not None
    assert tools["list_books"].annotations.read_only_hint


async def test_episodes_of_one_scenario_are_isolated_and_share_one_host(
    worker: tuple[Worker, httpx2.AsyncClient],
) -> None:
    running_worker, http = worker
    first, second = await episode_of(http), await episode_of(http)
    async with (
        Client(streamable_http_client(first["mcp_url"], http_client=http)) as a,
        Client(streamable_http_client(second["mcp_url"], http_client=http)) as b,
    ):
        added = await a.call_tool("add_to_cart", {"book_id": 1, "quantity": 2})
        assert added.structured_content == {"id": 3, "book_id": 1, "quantity": 2}
        mine = (await a.call_tool("get_cart", {})).structured_content
        theirs = (await b.call_tool("get_cart", {})).structured_content
    assert mine is not None
    assert theirs is not None
    assert [item["book_id"] for item in mine["items"]] == [3, 5, 1]
    assert [item["book_id"] for item in theirs["items"]] == [3, 5]
    host = running_worker.hosts.get(BOOKSTORE)
    assert host is not None
    assert host.stats.starts == 1
    assert host.stats.calls == 3


async def test_bad_arguments_are_refused_before_the_app_sees_them(worker: tuple[Worker, httpx2.AsyncClient]) -> None:
    running_worker, http = worker
    episode = await episode_of(http)
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        wrong = await client.call_tool("add_to_cart", {"book_id": "one"})
        unknown = await client.call_tool("add_to_kart", {"book_id": 1})
    assert wrong.is_error
    assert "argument 'book_id' is invalid: 'one' is not of type 'integer'" in _text(wrong)
    assert unknown.is_error
    assert "did you mean add_to_cart" in _text(unknown)
    assert running_worker.hosts.get(BOOKSTORE) is None  # no call reached an app: no host was started


async def test_an_exception_in_the_app_is_a_tool_error_with_its_context_and_changes_nothing(
    worker: tuple[Worker, httpx2.AsyncClient],
) -> None:
    _, http = worker
    episode = await episode_of(http)
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        failed = await client.call_tool("get_invoice", {"order_id": 1})
        missing = await client.call_tool("cancel_order", {"order_id": 99})
        after = await client.call_tool("list_orders", {})
    assert failed.is_error
    assert "KeyError: 'Ireland' (line 367, in get_invoice: `rate = TAX_RATES[address.country]`)" in _text(failed)
    assert missing.is_error
    assert "AttributeError" in _text(missing)
    assert "Nothing was changed" in _text(missing)
    assert after.structured_content is not None
    assert len(after.structured_content["items"]) == 3
    trace = (await http.get(f"/v1/episodes/{episode['episode_id']}/trace")).json()["calls"]
    assert [call["error_code"] for call in trace] == ["app_error", "app_error", None]
    assert (await http.get(f"/v1/episodes/{episode['episode_id']}/diff")).json()["tables"] == {}


async def test_the_verifier_scores_through_the_control_plane_with_the_judges_evidence(
    worker: tuple[Worker, httpx2.AsyncClient],
) -> None:
    _, http = worker
    episode = await episode_of(http, task="task-2")
    url = episode["control_url"]
    before = (await http.post(f"{url}/verify", json={})).json()
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        await client.call_tool("cancel_order", {"order_id": 3})
    after = (await http.post(f"{url}/verify", json={})).json()
    assert (before["passed"], after["passed"]) == (False, True)
    assert after["verifier"]["returned"] == {"result": "complete"}
    assert after["evidence"]["returned"] == {"initial_status": "pending", "final_status": "cancelled"}
    answered = (
        await http.post(f"{url}/verify", json={"task": "task-6", "answer": "The store sells 3 of them."})
    ).json()
    assert answered["passed"] is True


async def test_a_verifier_that_raises_fails_the_task_and_says_why(worker: tuple[Worker, httpx2.AsyncClient]) -> None:
    _, http = worker
    episode = await episode_of(http, task="task-7")
    result = (await http.post(f"{episode['control_url']}/verify", json={})).json()
    assert result["passed"] is False
    assert result["assertions"][0]["error"] == "OperationalError: no such table: cart"


async def test_reset_fork_and_state_work_on_code_episodes(worker: tuple[Worker, httpx2.AsyncClient]) -> None:
    _, http = worker
    episode = await episode_of(http)
    url = episode["control_url"]
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        await client.call_tool("add_to_wishlist", {"book_id": 5})
        fork = (await http.post(f"{url}/fork")).json()
        await http.post(f"{url}/reset")
        reset_list = (await client.call_tool("list_wishlist", {})).structured_content
    async with Client(streamable_http_client(fork["mcp_url"], http_client=http)) as forked:
        fork_list = (await forked.call_tool("list_wishlist", {})).structured_content
    assert reset_list == {"items": [{"id": 1, "book_id": 2}]}
    assert fork_list == {"items": [{"id": 1, "book_id": 2}, {"id": 2, "book_id": 5}]}
    state = (await http.get(f"{url}/state", params={"tables": "wishlist_items"})).json()
    assert state["tables"]["wishlist_items"]["rows"] == [[1, 1, 2, "2026-02-23 09:00:00"]]


async def test_the_environment_description_says_its_kind_host_and_flagged_tasks(
    worker: tuple[Worker, httpx2.AsyncClient],
) -> None:
    _, http = worker
    before = (await http.get(f"/v1/envs/{BOOKSTORE}")).json()
    assert before["kind"] == "code"
    assert before["host"] == {"running": False, "starts": 0}
    flags = {task["id"]: task["flags"] for task in before["tasks"]}
    assert flags["task-5"] == ["satisfied_at_reset"]
    assert flags["task-1"] == []
    episode = await episode_of(http)
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        await client.call_tool("list_categories", {})
    host = (await http.get(f"/v1/envs/{BOOKSTORE}")).json()["host"]
    assert host["running"] is True
    assert host["starts"] == 1
    assert host["sandbox"]["audit"].startswith("active")


async def test_an_idle_host_is_stopped_and_the_next_call_starts_it_again(
    worker: tuple[Worker, httpx2.AsyncClient],
) -> None:
    running_worker, http = worker
    episode = await episode_of(http)
    async with Client(streamable_http_client(episode["mcp_url"], http_client=http)) as client:
        await client.call_tool("add_to_wishlist", {"book_id": 5})
        host = running_worker.hosts.get(BOOKSTORE)
        assert host is not None
        host.last_used -= running_worker.settings.code.idle_ttl + 1
        assert await running_worker.hosts.stop_idle() == [BOOKSTORE]
        assert not host.running
        again = (await client.call_tool("list_wishlist", {})).structured_content
    assert again == {"items": [{"id": 1, "book_id": 2}, {"id": 2, "book_id": 5}]}
    assert host.stats.starts == 2


def _text(result: Any) -> str:
    return " ".join(block.text for block in result.content)

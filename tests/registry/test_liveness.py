"""Requests for the episodes of a worker that is down are answered at once, not after a probe each."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from registry import Registry, RegistrySettings, create_app
from registry.store import Placement
from registry.workers import DOWN
from tests.conftest import TOKEN, running


@pytest.fixture
async def silent_url() -> AsyncIterator[tuple[str, list[int]]]:
    """A URL whose server accepts connections and never answers (a probe waits its whole timeout), and
    the list it appends to on each connection."""
    seen: list[int] = []
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(1)
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        for writer in held:
            writer.close()
        server.close()


async def test_requests_for_a_down_workers_episodes_do_not_each_wait_on_a_probe(
    tmp_path: Path, silent_url: tuple[str, list[int]]
) -> None:
    url, connections = silent_url
    registry = Registry(RegistrySettings(token=TOKEN, db=tmp_path / "registry.sqlite", heartbeat_timeout=60))
    async with running(create_app(registry), base_url="http://127.0.0.1:9000") as http:
        body = {"instance": "gone-1", "name": "worker-1", "url": url, "envs": ["hotel"], "max_episodes": 10}
        assert (await http.post("/v1/workers", json=body)).status_code == 201
        registry.store.add_placements([Placement("ep-1", "hotel", None, "gone-1")])
        worker = registry.pool.get("gone-1")
        assert worker is not None
        registry.pool.set_status(worker, DOWN, "it stopped answering")

        async with asyncio.timeout(30):
            answers = [await http.get("/v1/episodes/ep-1/trace") for _ in range(20)]
    assert [a.status_code for a in answers] == [410] * 20
    assert {a.json()["error"]["code"] for a in answers} == {"episode_lost"}
    assert len(connections) <= 1

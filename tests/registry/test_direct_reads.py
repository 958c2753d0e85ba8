"""An episode placed by the registry is read from its worker directly; closes and losses still go by the registry."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator

import httpx2
import pytest

from client import EpisodeLost, Farm
from tests.conftest import EXAMPLES, TOKEN, Process, start_process, stop_process
from tests.registry.conftest import InProcess, join

REGISTRY = "http://127.0.0.1:9000"


@pytest.fixture
def doomed_worker() -> Iterator[Process]:
    proc = start_process(["serve", str(EXAMPLES), "--port", "0"])
    try:
        yield proc
    finally:
        stop_process(proc)


@pytest.fixture
async def hosts(registry_http: InProcess) -> AsyncIterator[tuple[Farm, Counter[str]]]:
    """A farm client on the in-process registry (real workers over loopback), counting requests per host."""
    seen: Counter[str] = Counter()

    async def count(request: httpx2.Request) -> None:
        seen[f"{request.url.host}:{request.url.port}"] += 1

    mounts = {REGISTRY: httpx2.ASGITransport(app=registry_http.app)}
    http = httpx2.AsyncClient(mounts=mounts, event_hooks={"request": [count]}, timeout=30)
    async with http, Farm(REGISTRY, TOKEN, http=http) as farm:
        yield farm, seen


async def test_reads_go_to_the_worker_and_closes_to_the_registry(
    registry_http: InProcess, live_worker: Process, hosts: tuple[Farm, Counter[str]]
) -> None:
    farm, seen = hosts
    await join(registry_http, live_worker)
    worker_host = live_worker.url.removeprefix("http://")

    async with farm.episode("hotel", "cancel-farid") as episode:
        assert episode.info.direct_control_url is not None
        assert episode.info.direct_control_url.startswith(live_worker.url)
        assert episode.info.control_url.startswith(REGISTRY)
        await episode.call_tool("cancel_booking", {"booking_id": 6})
        before = seen.copy()
        trace, state = await episode.trace(), await episode.state(["bookings"])
        reads = seen - before

    assert [call.tool for call in trace.calls] == ["cancel_booking"]
    assert list(state.tables) == ["bookings"]
    assert reads == Counter({worker_host: 2})
    assert registry_http.registry.store.placement_counts() == {}  # the close went by the registry


async def test_a_read_when_the_worker_is_gone_says_the_episode_is_lost(
    registry_http: InProcess, doomed_worker: Process, hosts: tuple[Farm, Counter[str]]
) -> None:
    farm, _ = hosts
    await join(registry_http, doomed_worker)

    async with farm.episode("hotel", "cancel-farid", keep=True) as episode:
        stop_process(doomed_worker)
        with pytest.raises(EpisodeLost, match="lost with its worker"):
            await episode.state()

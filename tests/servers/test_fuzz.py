"""A bounded fuzz run: thousands of hostile tool calls in both protocol eras against a worker, and the
farm's promises hold for every one. No internal error, no environment defect blamed on arguments, no
partial write, every episode's trace readable, and memory flat from one half of the run to the next."""

from __future__ import annotations

import gc
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx2
import pytest

from servers import Limits, Worker, WorkerSettings, create_app
from tests.conftest import EXAMPLES, TOKEN, running
from tests.servers.hostile import Call, Corpus
from tests.servers.raw_mcp import INTERNAL_ERRORS, Era, RawSession, rpc_error, tool_error
from worldfarm import find_bundles, load_bundle

pytestmark = pytest.mark.slow  # real processes or seconds of work: the fast loop skips them

CALLS = 3000
EPISODES_PER_ENV = 4
TRACE_BYTES = 256 * 1024
FLAT = 48 * 1024 * 1024
"""RSS growth allowed from the first half of the run to the second (an unbounded trace grows ~100 MB)."""


def rss() -> int:
    gc.collect()
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024  # type: ignore[union-attr]


class Run:
    """What the run saw, kept small: counts, and the first few examples of anything wrong."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.wrong: dict[str, list[str]] = {"internal": [], "defect": [], "partial": []}

    def note(self, kind: str, call: Call, detail: str) -> None:
        self.outcomes[kind] += 1
        if kind in self.wrong and len(self.wrong[kind]) < 5:
            self.wrong[kind].append(f"{str(call.tool)[:40]!r} {str(call.arguments)[:120]!r}: {detail[:300]}")


async def one_call(worker: Worker, session: RawSession, episode_id: str, call: Call, run: Run) -> None:
    before = worker.store.get(episode_id).serialize()
    response = await session.call(call.tool, call.arguments)
    after = worker.store.get(episode_id).serialize()
    code, text = rpc_error(response), tool_error(response)
    if response.status_code >= 500 or code in INTERNAL_ERRORS:
        run.note("internal", call, f"HTTP {response.status_code} {response.text}")
    elif text is not None and "has a bug" in text:
        run.note("defect", call, text)
    elif text is not None:
        run.note("tool_error", call, text)
        if after != before:
            run.note("partial", call, text)
    elif code is not None:
        run.note(f"rpc_{code}", call, response.text)
    else:
        run.note("result", call, "")


async def test_thousands_of_hostile_calls_keep_every_promise() -> None:
    worker = Worker(WorkerSettings(bundles=EXAMPLES, token=TOKEN, limits=Limits(max_trace_bytes=TRACE_BYTES)))
    run, memory = Run(), []
    async with running(create_app(worker)) as http:
        sessions = await open_sessions(http)
        for _half in range(2):
            for index in range(CALLS // 2):
                _, session, episode_id, corpus = sessions[index % len(sessions)]
                await one_call(worker, session, episode_id, corpus.call(), run)
            memory.append(rss())
        traces = [await http.get(f"/v1/episodes/{episode_id}/trace") for _, _, episode_id, _ in sessions]

    assert run.wrong == {"internal": [], "defect": [], "partial": []}, run.outcomes
    assert sum(run.outcomes.values()) == CALLS
    assert run.outcomes["tool_error"] > CALLS // 2
    assert run.outcomes["result"] > 0
    assert [t.status_code for t in traces] == [200] * len(sessions)
    entries = [entry for trace in traces for entry in trace.json()["calls"]]
    assert not [e for e in entries if e["error_code"] == "environment_defect"]
    assert any(e["truncated"] for e in entries)
    assert all(len(t.content) < 2 * TRACE_BYTES for t in traces)
    assert memory[1] - memory[0] < FLAT, f"RSS grew {(memory[1] - memory[0]) / 2**20:.0f} MiB in the second half"


async def open_sessions(http: httpx2.AsyncClient) -> list[tuple[str, RawSession, str, Corpus]]:
    """Episodes of every example environment, half spoken to in each era, each with its corpus."""
    sessions = []
    for seed, path in enumerate(find_bundles(EXAMPLES)):
        tools: dict[str, dict[str, Any]] = {t.name: t.input_schema for t in load_bundle(path).env.tools}
        for index in range(EPISODES_PER_ENV):
            created = await http.post("/v1/episodes", json={"env": path.name})
            episode = created.json()
            era: Era = "modern" if index % 2 else "legacy"
            corpus = Corpus(tools, seed=seed * 100 + index)
            sessions.append((path.name, RawSession(http, episode["mcp_url"], era), episode["episode_id"], corpus))
    return sessions

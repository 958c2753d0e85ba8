"""OpenEnv sessions through the farm, against the farm's own MCP path and a process per session.

    python -m bench.openenv [--sessions 1024] [--calls 5] [--processes 32]

Starts ``worldfarm up --envs examples --workers 2`` and runs, in one go:

1. **OpenEnv**: ``--sessions`` concurrent sessions through the registry's ``/openenv/t/<token>/ws``
   (the URL ``up`` prints) with openenv-core's own client: reset (hotel, a task), ``--calls`` tool calls, verify, done;
2. **MCP**: the same episodes through the farm's own path: ``POST /v1/episodes`` on the registry,
   the MCP SDK's client on the episode's URL, ``POST .../verify``, ``DELETE``;
3. **a process per session** (how AWM's OpenEnv server runs: a subprocess per episode): ``--processes``
   concurrent sessions, each on a ``worldfarm serve`` process of its own, started for it and
   stopped after. A thousand such processes do not fit this machine, so this one is measured at a
   smaller count and its memory is scaled to ``--sessions``.

For each: sessions/s (wall time of the whole load), p50/p99 latency of reset (episode creation
for MCP, process start + reset for the process per session) and of a step (tool call), and memory:
the farm's processes' peak RSS above what they held idle (per session), or the RSS of one
per-session process. Client and farm share the machine's cores: figures are indicative.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types.version import LATEST_MODERN_VERSION
from openenv.core.generic_client import GenericEnvClient

from bench.registry import cpu_seconds, start_farm, stop_farm
from bench.runtime import free_port, percentile, rss_bytes
from worldfarm import load_bundle
from worldfarm.openenv import openenv_url
from worldfarm.settings import TOKEN_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
ENV = "hotel"
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("search_guests", {"query": "Farid"}),
    ("list_room_types", {}),
    ("get_room", {"room_id": 101}),
]


@dataclass
class Load:
    """What one way of running the sessions measured."""

    name: str
    sessions: int = 0
    failed: int = 0
    seconds: float = 0.0
    resets: list[float] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    memory: float = 0.0
    """Bytes per session."""
    cpu: float = 0.0
    """Seconds of the farm's CPU per session (the client's own not counted)."""
    note: str = ""

    @property
    def rate(self) -> float:
        return self.sessions / self.seconds if self.seconds else 0.0


async def timed(record: list[float], work: Awaitable[Any]) -> Any:
    started = time.perf_counter()
    result = await work
    record.append(time.perf_counter() - started)
    return result


async def run_all(load: Load, count: int, one: Callable[[int], Awaitable[None]]) -> None:
    async def guarded(index: int) -> None:
        try:
            await one(index)
            load.sessions += 1
        except Exception as exc:
            load.failed += 1
            if load.failed <= 3:
                print(f"  {load.name} session {index} failed: {exc!r}", file=sys.stderr)

    started = time.perf_counter()
    await asyncio.gather(*(guarded(i) for i in range(count)))
    load.seconds = time.perf_counter() - started


def step_calls(calls: int) -> list[tuple[str, dict[str, Any]]]:
    return [CALLS[i % len(CALLS)] for i in range(calls)]


# --- 1. OpenEnv through the registry ------------------------------------------------------------------


async def openenv_session(url: str, load: Load, task_idx: int, calls: int) -> None:
    async with GenericEnvClient(base_url=url, connect_timeout_s=300, message_timeout_s=300) as env:
        reset = await timed(load.resets, env.reset(scenario=ENV, task_idx=task_idx))
        assert reset.observation["reward_type"] == "reset_ok", reset.observation
        for tool, arguments in step_calls(calls):
            action = {"type": "call_tool", "tool_name": tool, "arguments": arguments}
            result = await timed(load.steps, env.step(action))
            assert result.observation["reward_type"] == "tool_call_ok", result.observation
        verify = {"type": "call_tool", "tool_name": "verify", "arguments": {}}
        await timed(load.steps, env.step(verify))
        await env.step({"type": "call_tool", "tool_name": "done", "arguments": {}})


# --- 2. the farm's own path: control plane + MCP -------------------------------------------------------


async def mcp_session(http: httpx2.AsyncClient, base: str, load: Load, task: str, calls: int) -> None:
    created = await timed(load.resets, http.post(f"{base}/v1/episodes", json={"env": ENV, "task": task}))
    info = created.raise_for_status().json()
    try:
        transport = streamable_http_client(info["mcp_url"], http_client=http)
        async with Client(transport, mode=LATEST_MODERN_VERSION, cache=None) as mcp:
            for tool, arguments in step_calls(calls):
                result = await timed(load.steps, mcp.call_tool(tool, arguments))
                assert not result.is_error, result
        await timed(load.steps, http.post(f"{info['control_url']}/verify", json={}))
    finally:
        await http.delete(info["control_url"])


# --- 3. a process per session --------------------------------------------------------------------------


@contextmanager
def own_process(bundle: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    command = [sys.executable, "-m", "cli", "serve", str(bundle), "--port", str(port)]
    env = {**os.environ, TOKEN_VARIABLE: TOKEN}
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def until_up(url: str) -> None:
    async with httpx2.AsyncClient(timeout=2) as http, asyncio.timeout(120):
        for _ in iter(int, 1):
            try:
                if (await http.get(f"{url}/health")).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            await asyncio.sleep(0.02)


async def process_session(load: Load, task_idx: int, calls: int, rss: list[int]) -> None:
    started = time.perf_counter()
    with own_process(ROOT / "examples" / ENV) as (proc, url):
        await until_up(url)
        starting = time.perf_counter() - started
        session = Load(load.name)
        await openenv_session(openenv_url(url, TOKEN), session, task_idx, calls)
        load.resets.append(starting + session.resets[0])  # the process's start is part of its reset
        load.steps.extend(session.steps)
        rss.append(rss_bytes(proc.pid))
        load.cpu += cpu_seconds(proc.pid)  # summed here, per session in measure()


# --- the run ------------------------------------------------------------------------------------------


class Peak:
    """The peak total RSS of some processes, sampled while a load runs."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.idle = self.now()
        self.peak = self.idle

    def now(self) -> int:
        return sum(rss_bytes(pid) for pid in self.pids)

    async def watch(self) -> None:
        for _ in iter(int, 1):
            self.peak = max(self.peak, self.now())
            await asyncio.sleep(0.1)


async def measured(load: Load, pids: list[int], count: int, one: Callable[[int], Awaitable[None]]) -> None:
    peak = Peak(pids)
    watcher = asyncio.create_task(peak.watch())
    cpu = sum(cpu_seconds(pid) for pid in pids)
    try:
        await run_all(load, count, one)
    finally:
        watcher.cancel()
    load.cpu = (sum(cpu_seconds(pid) for pid in pids) - cpu) / max(1, load.sessions)
    load.memory = max(0, peak.peak - peak.idle) / max(1, load.sessions)


async def measure(args: argparse.Namespace, farm_url: str, pids: list[int]) -> list[Load]:
    tasks = load_bundle(ROOT / "examples" / ENV).tasks
    openenv, mcp, processes = Load("OpenEnv via the registry"), Load("MCP via the registry"), Load("process/session")

    await measured(
        openenv,
        pids,
        args.sessions,
        lambda i: openenv_session(openenv_url(farm_url, TOKEN), openenv, i % len(tasks), args.calls),
    )
    limits = httpx2.Limits(max_connections=args.sessions + 8, max_keepalive_connections=args.sessions + 8)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx2.AsyncClient(limits=limits, timeout=300, headers=headers) as http:
        await measured(
            mcp, pids, args.sessions, lambda i: mcp_session(http, farm_url, mcp, tasks[i % len(tasks)].id, args.calls)
        )
    rss: list[int] = []
    await run_all(processes, args.processes, lambda i: process_session(processes, i % len(tasks), args.calls, rss))
    processes.memory = statistics.median(rss) if rss else 0.0
    processes.cpu /= max(1, processes.sessions)
    processes.note = (
        f"{args.processes} sessions; {args.sessions} would hold {processes.memory * args.sessions / 2**30:.1f} GiB"
    )
    return [openenv, mcp, processes]


def report(loads: list[Load], args: argparse.Namespace) -> None:
    load_avg = Path("/proc/loadavg").read_text().split()[:3]
    print(f"\n{args.sessions} sessions (reset, {args.calls} calls, verify, done); load average {' '.join(load_avg)}\n")
    columns = ["sessions", "failed", "sessions/s", "reset p50 / p99", "step p50 / p99", "memory", "farm CPU"]
    print("| | " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|")
    for load in loads:
        reset = f"{percentile(load.resets, 0.5) * 1000:.1f} / {percentile(load.resets, 0.99) * 1000:.1f} ms"
        step = f"{percentile(load.steps, 0.5) * 1000:.1f} / {percentile(load.steps, 0.99) * 1000:.1f} ms"
        memory = f"{load.memory / 1024:.0f} KiB"
        cpu = f"{load.cpu * 1000:.1f} ms"
        print(
            f"| {load.name} | {load.sessions} | {load.failed} | {load.rate:.1f} | {reset} | {step} | {memory} | {cpu} |"
        )
    openenv, mcp, processes = loads
    print(
        f"\nOpenEnv/MCP sessions/s: {openenv.rate / mcp.rate:.2f}x;  OpenEnv/process-per-session: "
        f"{openenv.rate / processes.rate:.1f}x sessions/s, {processes.memory / max(openenv.memory, 1):.0f}x less memory"
    )
    print(f"process per session: {processes.note}")
    print(json.dumps({load.name: {"rate": round(load.rate, 2), "failed": load.failed} for load in loads}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=1024, help="concurrent sessions (default: 1024)")
    parser.add_argument("--calls", type=int, default=5, help="tool calls per session (default: 5)")
    parser.add_argument("--processes", type=int, default=32, help="sessions run a process each (default: 32)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="worldfarm-bench-") as state:
        farm = start_farm(2, Path(state), TOKEN)
        try:
            facts = json.loads((Path(state) / "farm.json").read_text())
            pids = [farm.registry_pid, *(w["pid"] for w in facts["workers"])]
            loads = asyncio.run(measure(args, farm.url, pids))
        finally:
            stop_farm(farm)
    report(loads, args)


if __name__ == "__main__":
    main()

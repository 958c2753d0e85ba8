"""Registry benchmark: episodes created per second through the registry (single and batch) against
creating them on a worker directly, and MCP tool calls per second through the registry's proxy against
calls straight to the worker, all in the same run on the same farm.

    python -m bench.registry [--workers 2] [--episodes 600] [--calls 600] [--concurrency 16] [--rounds 3]

Starts ``worldfarm up`` (a registry and N workers on loopback) as a user would, measures, stops it.
Client, registry and workers share this machine's cores: figures are indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parent.parent
ENV, TOOL = "hotel", "list_room_types"


@dataclass
class FarmProcess:
    process: subprocess.Popen[str]
    url: str
    token: str
    workers: list[str]
    registry_pid: int


def start_farm(workers: int, state: Path, token: str) -> FarmProcess:
    args = [sys.executable, "-m", "cli", "up", "--envs", str(ROOT / "examples"), "--port", "0"]
    args += ["--workers", str(workers), "--state-dir", str(state), "--token", token]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    for line in process.stdout:
        match = re.search(r"farm listening on (http://\S+)", line)
        if match:
            facts = json.loads((state / "farm.json").read_text())
            urls = [w["url"] for w in facts["workers"]]
            return FarmProcess(process, match.group(1), token, urls, facts["registry"]["pid"])
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit(f"worldfarm up did not start: {process.stdout.read()}")


def stop_farm(farm: FarmProcess) -> None:
    farm.process.send_signal(signal.SIGTERM)
    try:
        farm.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        farm.process.kill()


async def rate(count: int, concurrency: int, one: Callable[[], Awaitable[int]]) -> float:
    """Operations per second of ``count`` operations, ``concurrency`` at a time (``one`` returns how many it did)."""
    done = 0
    limiter = anyio.CapacityLimiter(concurrency)

    async def worker() -> None:
        nonlocal done
        async with limiter:
            finished = await one()  # not `done += await one()`: that reads `done` before the await
            done += finished

    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for _ in range(count):
            tg.start_soon(worker)
    return done / (time.perf_counter() - started)


async def creation(http: httpx2.AsyncClient, base: str, count: int, concurrency: int, created: list[str]) -> float:
    async def one() -> int:
        response = await http.post(f"{base}/v1/episodes", json={"env": ENV})
        response.raise_for_status()
        created.append(response.json()["control_url"])
        return 1

    return await rate(count, concurrency, one)


async def batches(http: httpx2.AsyncClient, base: str, count: int, size: int, created: list[str]) -> float:
    async def one() -> int:
        response = await http.post(f"{base}/v1/episodes/batch", json={"episodes": [{"env": ENV}] * size})
        response.raise_for_status()
        created.extend(e["control_url"] for e in response.json()["episodes"])
        return size

    return await rate(count // size, 1, one)


async def close_all(http: httpx2.AsyncClient, urls: list[str]) -> None:
    async def one() -> int:
        await http.delete(urls.pop())
        return 1

    await rate(len(urls), 32, one)


async def mcp_calls(mcp_urls: list[str], calls: int) -> float:
    """Tool calls per second, one client per URL in parallel, ``calls`` spread over them."""
    limits = httpx2.Limits(max_connections=200)
    async with httpx2.AsyncClient(timeout=60, limits=limits) as http:
        per_client = calls // len(mcp_urls)
        done = 0

        async def client_loop(url: str) -> None:
            nonlocal done
            async with Client(streamable_http_client(url, http_client=http)) as client:
                await client.call_tool(TOOL, {})  # warm up the connection
                for _ in range(per_client):
                    result = await client.call_tool(TOOL, {})
                    assert not result.is_error
                    done += 1

        started = time.perf_counter()
        async with anyio.create_task_group() as tg:
            for url in mcp_urls:
                tg.start_soon(client_loop, url)
        return done / (time.perf_counter() - started)


@dataclass
class Comparison:
    name: str
    direct: Callable[[], Awaitable[float]]
    """The baseline: the same work done on a worker directly."""
    via: Callable[[], Awaitable[float]]
    """The work done through the registry."""
    operations: int
    """Episodes created or calls made per run (for the registry's CPU time per operation)."""
    direct_runs: list[float] = field(default_factory=list)
    via_runs: list[float] = field(default_factory=list)
    via_cpu: list[float] = field(default_factory=list)
    """Seconds of the registry process's CPU per operation, through the registry."""


def comparisons(
    http: httpx2.AsyncClient,
    farm: FarmProcess,
    episodes: list[dict[str, Any]],
    args: argparse.Namespace,
    created: list[str],
) -> list[Comparison]:
    worker, count, calls = farm.workers[0], args.episodes, args.calls

    def create(base: str, concurrency: int) -> Callable[[], Awaitable[float]]:
        return lambda: creation(http, base, count, concurrency, created)

    direct_mcp = [e["mcp_url"] for e in episodes]
    proxied_mcp = [f"{farm.url}/envs/{ENV}/e/{e['episode_id']}/mcp" for e in episodes]
    many = args.concurrency
    return [
        Comparison("episodes created, one at a time", create(worker, 1), create(farm.url, 1), count),
        Comparison(f"episodes created, {many} at a time", create(worker, many), create(farm.url, many), count),
        Comparison(
            f"episodes created in batches of {args.batch} (baseline: {many} at a time)",
            create(worker, many),
            lambda: batches(http, farm.url, count, args.batch, created),
            count,
        ),
        Comparison(
            "MCP tool calls through the proxy, 1 client",
            lambda: mcp_calls(direct_mcp[:1], calls),
            lambda: mcp_calls(proxied_mcp[:1], calls),
            calls,
        ),
        Comparison(
            f"MCP tool calls through the proxy, {len(episodes)} clients",
            lambda: mcp_calls(direct_mcp, calls),
            lambda: mcp_calls(proxied_mcp, calls),
            calls,
        ),
    ]


async def measure(farm: FarmProcess, args: argparse.Namespace) -> list[Comparison]:
    """Every comparison, ``args.rounds`` times, direct and through the registry back to back."""
    headers = {"Authorization": f"Bearer {farm.token}"}
    limits = httpx2.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx2.AsyncClient(headers=headers, timeout=60, limits=limits) as http:
        episodes = [(await http.post(f"{farm.url}/v1/episodes", json={"env": ENV})).json() for _ in range(4)]
        created: list[str] = []
        runs = comparisons(http, farm, episodes, args, created)
        for _ in range(args.rounds):
            for comparison in runs:
                comparison.direct_runs.append(await comparison.direct())
                await close_all(http, created)
                before = cpu_seconds(farm.registry_pid)
                comparison.via_runs.append(await comparison.via())
                comparison.via_cpu.append((cpu_seconds(farm.registry_pid) - before) / comparison.operations)
                await close_all(http, created)
    return runs


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(runs: list[Comparison], args: argparse.Namespace) -> None:
    print(f"registry benchmark: {args.workers} workers on loopback, {os.cpu_count()} cores shared with the client")
    print(f"(per second, median of {args.rounds} rounds; the machine is shared: figures are indicative)")
    print(f"  {'':<58} {'direct':>7} {'registry':>9} {'ratio':>6} {'registry CPU/op':>16}")
    for run in runs:
        direct, via = statistics.median(run.direct_runs), statistics.median(run.via_runs)
        cpu = statistics.median(run.via_cpu) * 1000
        print(f"  {run.name:<58} {direct:7.0f} {via:9.0f} {via / direct:6.2f} {cpu:13.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--episodes", type=int, default=600)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as state:
        farm = start_farm(args.workers, Path(state), secrets.token_urlsafe(16))
        try:
            runs = anyio.run(measure, farm, args)
        finally:
            stop_farm(farm)
    report(runs, args)


if __name__ == "__main__":
    main()

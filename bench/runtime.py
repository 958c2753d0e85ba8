"""Runtime benchmark: episode creation, memory per episode, MCP tool-call throughput, process-per-episode.

    python -m bench.runtime [--seconds 5] [--episodes 1000] [--processes 5]

Every figure comes with its baseline measured in the same run:
- episode creation vs rebuilding the database from DDL and INSERTs (what a reset costs in AWM);
- MCP tool calls on a worker vs a plain FastAPI JSON endpoint doing the same SQL (``bench.floor``);
- an in-process episode vs one server process per episode (AWM's way): start time and memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

from bench._bundle import write_bench_bundle
from servers import EnvRuntime, EpisodeStore, Limits
from worldfarm import Environment, load_bundle

TOKEN = "bench"
CALL = {"booking_id": 3, "service_code": "BRK", "quantity": 1}
MCP_HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2026-07-28",
    "Mcp-Method": "tools/call",
    "Mcp-Name": "add_service",
}
MCP_META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "1"},
    "io.modelcontextprotocol/clientCapabilities": {},
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- episode creation -------------------------------------------------------------------------


def bench_creation(runtime: EnvRuntime, count: int) -> dict[str, float]:
    store = EpisodeStore(Limits(max_episodes=count + 1))
    created, rebuilt = [], []
    for _ in range(count):
        started = time.perf_counter()
        episode = store.create(runtime)
        created.append(time.perf_counter() - started)
        store.close(episode.id)
    for _ in range(max(20, count // 20)):
        started = time.perf_counter()
        rebuild(runtime.env).close()
        rebuilt.append(time.perf_counter() - started)
    return {
        "create_p50_ms": percentile(created, 0.5) * 1000,
        "create_p99_ms": percentile(created, 0.99) * 1000,
        "rebuild_p50_ms": percentile(rebuilt, 0.5) * 1000,
    }


def rebuild(env: Environment) -> sqlite3.Connection:
    """The database built the way AWM resets one: run the DDL, then INSERT every seed row."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for table in env.schema_.tables:
        conn.execute(table.sql)
        for index in table.indexes:
            conn.execute(index)
    for block in env.seed:
        marks = ", ".join("?" * len(block.columns))
        conn.executemany(f"INSERT INTO {block.table} ({', '.join(block.columns)}) VALUES ({marks})", block.rows)  # noqa: S608
    return conn


# --- memory per episode (in a fresh process, so nothing else grows the heap) ---------------------


def measure_memory(bundle: Path, count: int) -> dict[str, float]:
    runtime = EnvRuntime(load_bundle(bundle))
    store = EpisodeStore(Limits(max_episodes=count + 1))
    store.create(runtime).call("get_booking", {"booking_id": 1})  # warm imports and caches
    before = rss_bytes(os.getpid())
    episodes = [store.create(runtime) for _ in range(count)]
    created = rss_bytes(os.getpid())
    for episode in episodes:
        episode.call("add_service", CALL)
    called = rss_bytes(os.getpid())
    return {
        "template": len(runtime.template),
        "created": (created - before) / count,
        "called": (called - before) / count,
    }


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


# --- tool-call throughput over real HTTP ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def process(args: list[str], health: str) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "WORLDFARM_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx2.get(health, timeout=1).status_code < 500:
                    break
            except httpx2.TransportError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"{args} did not come up")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


Request = Callable[[httpx2.AsyncClient, str, int], Any]


async def drive(
    new_episode: Callable[[httpx2.AsyncClient], Any], request: Request, clients: int, seconds: float
) -> dict[str, float]:
    limits = httpx2.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx2.AsyncClient(limits=limits, timeout=30) as http:
        episodes = [await new_episode(http) for _ in range(clients)]
        latencies: list[float] = []
        errors = 0

        async def loop(episode: str, until: float, record: bool) -> None:
            nonlocal errors
            number = 0
            while time.perf_counter() < until:
                started = time.perf_counter()
                ok = await request(http, episode, number)
                number += 1
                if record:
                    latencies.append(time.perf_counter() - started)
                    errors += 0 if ok else 1

        warm = time.perf_counter() + min(1.0, seconds / 5)
        await asyncio.gather(*(loop(e, warm, False) for e in episodes))
        started = time.perf_counter()
        await asyncio.gather(*(loop(e, started + seconds, True) for e in episodes))
        elapsed = time.perf_counter() - started
    return {
        "calls": len(latencies),
        "calls_per_s": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "errors": errors,
    }


def mcp_target(base: str) -> tuple[Callable[[httpx2.AsyncClient], Any], Request]:
    auth = {"Authorization": f"Bearer {TOKEN}"}

    async def new_episode(http: httpx2.AsyncClient) -> str:
        response = await http.post(f"{base}/v1/episodes", json={"env": "hotel"}, headers=auth)
        return str(response.json()["mcp_url"])

    async def call(http: httpx2.AsyncClient, url: str, number: int) -> bool:
        params = {"name": "add_service", "arguments": CALL, "_meta": MCP_META}
        body = {"jsonrpc": "2.0", "id": number, "method": "tools/call", "params": params}
        reply = (await http.post(url, json=body, headers=MCP_HEADERS)).json()
        return "result" in reply and not reply["result"].get("isError")

    return new_episode, call


def floor_target(base: str) -> tuple[Callable[[httpx2.AsyncClient], Any], Request]:
    async def new_episode(http: httpx2.AsyncClient) -> str:
        return str((await http.post(f"{base}/episodes")).json()["episode_id"])

    async def call(http: httpx2.AsyncClient, episode: str, number: int) -> bool:
        response = await http.post(f"{base}/episodes/{episode}/add_service", json=CALL)
        return response.status_code == 200 and "id" in response.json()

    return new_episode, call


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_throughput(
    folder: Path, bundle: Path, seconds: float, levels: list[int], rounds: int
) -> list[dict[str, Any]]:
    """Calls/s, latency and server CPU per call; MCP and floor alternate over ``rounds`` short rounds so
    that load from anything else on the machine falls on both alike."""
    worker_port, floor_port = free_port(), free_port()
    worker = f"http://127.0.0.1:{worker_port}"
    floor = f"http://127.0.0.1:{floor_port}"
    rows = []
    with (
        process(["-m", "cli", "serve", str(folder), "--port", str(worker_port)], f"{worker}/health") as w,
        process(["-m", "bench.floor", str(bundle), "--port", str(floor_port)], f"{floor}/docs") as f,
    ):
        for clients in levels:
            results: dict[str, list[dict[str, float]]] = {"mcp": [], "floor": []}
            for _ in range(rounds):
                for name, proc, target in (("mcp", w, mcp_target(worker)), ("floor", f, floor_target(floor))):
                    cpu = cpu_seconds(proc.pid)
                    point = asyncio.run(drive(*target, clients, seconds / rounds))
                    point["cpu_us"] = (cpu_seconds(proc.pid) - cpu) / max(1, point.pop("calls")) * 1e6
                    results[name].append(point)
            rows.append({"clients": clients, **{name: median_point(points) for name, points in results.items()}})
    return rows


def median_point(points: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(p[key] for p in points) for key in points[0]}


# --- one process per episode (AWM's way) -----------------------------------------------------------


def bench_process_per_episode(bundle: Path, count: int) -> dict[str, float]:
    starts, rss = [], []
    for _ in range(count):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        with process(["-m", "cli", "serve", str(bundle), "--port", str(port)], f"{base}/health") as proc:
            assert asyncio.run(first_call(base))
            starts.append(time.perf_counter() - started)
            rss.append(rss_bytes(proc.pid))
    return {"start_s": statistics.median(starts), "rss_bytes": statistics.median(rss)}


async def first_call(base: str) -> bool:
    new_episode, call = mcp_target(base)
    async with httpx2.AsyncClient(timeout=30) as http:
        return bool(await call(http, await new_episode(http), 1))


# --- report -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="measured seconds per throughput point")
    parser.add_argument("--episodes", type=int, default=1000, help="episodes for the memory figure")
    parser.add_argument("--processes", type=int, default=5, help="processes for the process-per-episode figure")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients per throughput point")
    parser.add_argument("--rounds", type=int, default=3, help="alternating MCP/floor rounds per point")
    parser.add_argument("--measure-memory", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_memory:
        print(json.dumps(measure_memory(args.measure_memory, args.episodes)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), args)


def run(folder: Path, args: argparse.Namespace) -> None:
    bundle = write_bench_bundle(folder)
    runtime = EnvRuntime(load_bundle(bundle))
    rows = sum(len(b.rows) for b in runtime.env.seed)
    print(f"template: {len(runtime.template) / 1024:.0f} KiB ({rows} seed rows)\n")

    creation = bench_creation(runtime, 3000)
    print("episode creation (in process, 3000 episodes)")
    print(f"  copy of the template:  p50 {creation['create_p50_ms']:.3f} ms  p99 {creation['create_p99_ms']:.3f} ms")
    print(f"  DDL + INSERT rebuild:  p50 {creation['rebuild_p50_ms']:.3f} ms  (AWM's reset)")
    print(f"  ratio:                 {creation['rebuild_p50_ms'] / creation['create_p50_ms']:.0f}x faster\n")

    memory = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.runtime", "--measure-memory", str(bundle), "--episodes", str(args.episodes)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    print(f"memory per live episode ({args.episodes} episodes, RSS growth)")
    for label, key in (("just created", "created"), ("after one write each", "called")):
        print(f"  {label + ':':<22} {memory[key] / 1024:.0f} KiB ({memory[key] / memory['template']:.2f}x template)")

    levels = [int(c) for c in args.clients.split(",")]
    print(f"\ntool calls: add_service (5 steps, one write) over HTTP, {args.seconds:g} s a point, {args.rounds} rounds")
    header = f"{'MCP calls/s':>11} {'p50 ms':>7} {'p99 ms':>7} {'CPU us':>7}"
    print(f"  {'clients':>7}  {header}  {header.replace('MCP', 'floor')}  {'MCP/floor':>9} {'CPU ratio':>9}")
    for row in bench_throughput(folder, bundle, args.seconds, levels, args.rounds):
        mcp, plain = row["mcp"], row["floor"]
        ratios = f"{mcp['calls_per_s'] / plain['calls_per_s']:>9.2f} {plain['cpu_us'] / mcp['cpu_us']:>9.2f}"
        errors = f"  ({mcp['errors']:.0f} / {plain['errors']:.0f} errors)" if mcp["errors"] or plain["errors"] else ""
        print(f"  {row['clients']:>7}  {point(mcp)}  {point(plain)}    {ratios}{errors}")
    print("  (CPU us: server CPU per call; CPU ratio: floor CPU / MCP CPU, the throughput ratio on a free core)")

    per_process = bench_process_per_episode(bundle, args.processes)
    print(f"\none process per episode (AWM's way), median of {args.processes}")
    print(f"  spawn to first tool call: {per_process['start_s']:.2f} s  vs {creation['create_p50_ms']:.3f} ms")
    print(
        f"  RSS per episode:          {per_process['rss_bytes'] / 2**20:.0f} MiB  vs {memory['called'] / 2**20:.2f} MiB"
    )


def point(figures: dict[str, float]) -> str:
    calls, p50, p99, cpu = (figures[k] for k in ("calls_per_s", "p50_ms", "p99_ms", "cpu_us"))
    return f"{calls:>11.0f} {p50:>7.2f} {p99:>7.2f} {cpu:>7.0f}"


if __name__ == "__main__":
    main()

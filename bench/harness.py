"""The client harness's speed: oracle episodes per second, and what the harness adds to each tool call.

    python -m bench.harness [--bundles DIR | --copies N] [--episodes M] [--concurrency 1 16 64] [--calls K]

Starts one real worker process (``worldfarm serve``) over many environments: the bundles in
``--bundles`` (e.g. a generated set), else ``--copies`` renamed copies of each example bundle. Then:

1. oracle episodes/s at each concurrency, through ``client.bench.run_bench`` (the whole harness:
   episode, MCP, verifier, state equivalence, trace, trajectory and results files), against a bare
   loop doing the least an oracle episode needs (create, ``mcp.Client`` calls, verify, close) in the
   same run: the ratio is what the harness costs;
2. per tool call: ``Episode.call_tool`` against a bare ``mcp.Client.call_tool`` loop on the same
   episode, interleaved in rounds.

Worker and harness share the machine's cores: figures are indicative (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types.version import LATEST_MODERN_VERSION

from client import BenchOptions, Farm, OracleAgent, RunStore, plan_episodes, run_bench
from worldfarm import find_bundles
from worldfarm.codeenv import AnyTask
from worldfarm.task import SolutionCall, Task

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundles", type=Path, help="serve these bundles (default: copies of examples/)")
    parser.add_argument("--copies", type=int, default=50, help="copies of each example bundle (default: 50)")
    parser.add_argument("--episodes", type=int, default=600, help="oracle episodes per concurrency (default: 600)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--calls", type=int, default=300, help="tool calls per side per round (default: 300)")
    parser.add_argument("--hold", type=int, default=1000, help="episodes held open at once (default: 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="worldfarm-bench-") as scratch:
        bundles = args.bundles or copy_examples(Path(scratch) / "bundles", args.copies)
        log = Path(scratch) / "worker.log"
        worker, url = start_worker(bundles, log)
        try:
            asyncio.run(measure(url, args, Path(scratch), worker.pid))
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            complaints = [line for line in log.read_text().splitlines() if "WARNING" in line or "ERROR" in line]
            print(f"worker log: {len(complaints)} warnings or errors" + "".join(f"\n  {c}" for c in complaints[:5]))


def copy_examples(root: Path, copies: int) -> Path:
    """``copies`` renamed copies of each example bundle, so that the worker serves many environments."""
    for bundle in find_bundles(ROOT / "examples"):
        for index in range(copies):
            target = root / f"{bundle.name}-{index:03d}"
            shutil.copytree(bundle, target, ignore=shutil.ignore_patterns("seed.sqlite*"))
            env = json.loads((target / "env.json").read_text())
            env["id"] = target.name
            (target / "env.json").write_text(json.dumps(env))
    return root


def start_worker(bundles: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A worker process writing to ``log`` (a file: a pipe nobody reads would stall it once full)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", str(bundles), "--port", "0"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "WORLDFARM_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"},
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        match = re.search(r"listening on (http://\S+)", log.read_text())
        if match:
            return process, match.group(1)
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the worker did not start:\n{log.read_text()}")


async def measure(url: str, args: argparse.Namespace, scratch: Path, worker_pid: int) -> None:
    async with Farm(url, TOKEN, max_connections=256) as farm:
        plan = await plan_episodes(farm)
        envs = sorted({env for env, _, _ in plan})
        print(f"worker {url}: {len(envs)} environments, {len(plan)} tasks; {os.cpu_count()} cores shared")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        started = time.perf_counter()
        await run_bench(farm, OracleAgent(), plan, RunStore(scratch / "warm"), BenchOptions(64, progress=False))
        print(
            f"warm-up (every env loaded, every reference replayed once): {len(plan)} episodes in "
            f"{time.perf_counter() - started:.1f} s\n"
        )
        tasks = {env: _data_tasks(await farm.tasks(env)) for env in envs}
        keys = [(env, task) for env, task, _ in plan]
        print("oracle episodes       episodes/s            CPU ms per episode (harness | bare)")
        print("                  harness   bare  ratio      this process      worker process")
        for concurrency in args.concurrency:
            await episodes_per_second(farm, keys, tasks, args.episodes, concurrency, scratch, worker_pid)
        print()
        first_calls = {env: next(iter(tasks[env].values())).solution[0] for env in envs}
        await tool_call_overhead(farm, envs[0], first_calls[envs[0]], args.calls)
        print()
        await held_open(farm, envs, first_calls, args.hold)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


async def episodes_per_second(
    farm: Farm,
    keys: list[tuple[str, str]],
    tasks: dict[str, dict[str, Task]],
    episodes: int,
    concurrency: int,
    scratch: Path,
    worker_pid: int,
) -> None:
    plan = [(*keys[i % len(keys)], i // len(keys)) for i in range(episodes)]
    store = RunStore(scratch / f"c{concurrency}")
    options = BenchOptions(concurrency=concurrency, progress=False)
    cpu = Cpu(worker_pid)
    harness = await timed(lambda: run_bench(farm, OracleAgent(), plan, store, options))
    worker_h, own_h = cpu.per(episodes)
    cpu = Cpu(worker_pid)
    bare = await timed(lambda: bare_oracle(farm, plan, tasks, concurrency))
    worker_b, own_b = cpu.per(episodes)
    print(
        f"  concurrency {concurrency:>3} {episodes / harness:7.1f} {episodes / bare:6.1f} {bare / harness:6.2f}"
        f"    {own_h:6.2f} | {own_b:5.2f}     {worker_h:6.2f} | {worker_b:5.2f}"
    )


async def bare_oracle(
    farm: Farm, plan: list[tuple[str, str, int]], tasks: dict[str, dict[str, Task]], concurrency: int
) -> None:
    """The least an oracle episode needs, without the harness: create, call over MCP, verify, close."""
    queue = iter(plan)
    auth = {"Authorization": f"Bearer {TOKEN}"}

    async def worker() -> None:
        for env, task_id, _ in queue:
            created = await farm.http.post(f"{farm.url}/v1/episodes", json={"env": env, "task": task_id}, headers=auth)
            info = created.json()
            transport = streamable_http_client(info["mcp_url"], http_client=farm.http)
            async with Client(transport, mode=LATEST_MODERN_VERSION, cache=None) as mcp:
                await mcp.list_tools()
                for call in tasks[env][task_id].solution:
                    await mcp.call_tool(call.tool, call.arguments)
            answer = "; ".join(tasks[env][task_id].verifier.answer)
            verdict = await farm.http.post(f"{info['control_url']}/verify", json={"answer": answer}, headers=auth)
            assert verdict.json()["passed"], verdict.text
            await farm.http.delete(info["control_url"], headers=auth)

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())


async def held_open(farm: Farm, envs: list[str], first_calls: dict[str, SolutionCall], count: int) -> None:
    """``count`` episodes open at the same time on one Farm (one HTTP client), each making its
    environment's first reference call (valid in a fresh episode)."""
    everyone_open = asyncio.Barrier(count)
    failures: list[str] = []

    async def one(index: int) -> None:
        try:
            env = envs[index % len(envs)]
            async with farm.episode(env) as episode:
                async with asyncio.timeout(300):
                    await everyone_open.wait()
                call = await episode.call_tool(first_calls[env].tool, first_calls[env].arguments)
                if call.is_error:
                    failures.append(call.text)
        except Exception as exc:  # boundary: count what failed, and how
            failures.append(f"{type(exc).__name__}: {exc}")
            await everyone_open.abort()

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(count)))
    elapsed = time.perf_counter() - started
    print(
        f"{count} episodes open at once on one Farm: all open, one call each, closed in {elapsed:.1f} s; "
        f"{len(failures)} failed" + (f" (first: {failures[0][:200]})" if failures else "")
    )


async def tool_call_overhead(farm: Farm, env: str, call: SolutionCall, calls: int, rounds: int = 10) -> None:
    """Per-call time of Episode.call_tool and of a bare mcp.Client loop, on one episode, interleaved.

    The two alternate which goes first from round to round, so that a drift of the machine's load
    (other processes share its cores) falls on both alike.
    """
    harness: list[float] = []
    bare: list[float] = []
    async with farm.episode(env) as episode:
        transport = streamable_http_client(episode.mcp_url, http_client=farm.http)
        async with Client(transport, mode=LATEST_MODERN_VERSION, cache=None) as mcp:
            await mcp.list_tools()
            for _ in range(rounds):

                async def through_harness() -> None:
                    for _ in range(calls):
                        await episode.call_tool(call.tool, call.arguments)

                async def through_bare_client() -> None:
                    for _ in range(calls):
                        await mcp.call_tool(call.tool, call.arguments)

                if len(harness) % 2:
                    bare.append(await timed(through_bare_client) / calls * 1000)
                    harness.append(await timed(through_harness) / calls * 1000)
                else:
                    harness.append(await timed(through_harness) / calls * 1000)
                    bare.append(await timed(through_bare_client) / calls * 1000)
    h, b = statistics.median(harness), statistics.median(bare)
    print(f"tool call, sequential, {rounds} rounds x {calls} calls (median of rounds; min-max):")
    print(f"  bare mcp.Client loop   {b:6.3f} ms/call  ({min(bare):.3f}-{max(bare):.3f})")
    print(f"  Episode.call_tool      {h:6.3f} ms/call  ({min(harness):.3f}-{max(harness):.3f})")
    print(f"  harness overhead       {h - b:+6.3f} ms/call  (harness/bare {h / b:.2f})")


async def timed(run: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await run()
    return time.perf_counter() - started


class Cpu:
    """CPU seconds used by the worker process and by this process since construction."""

    def __init__(self, worker_pid: int) -> None:
        self.pid = worker_pid
        self.worker, self.own = self._worker(), time.process_time()

    def _worker(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def per(self, episodes: int) -> tuple[float, float]:
        """(worker ms, harness ms) of CPU per episode."""
        worker, own = self._worker() - self.worker, time.process_time() - self.own
        return worker / episodes * 1000, own / episodes * 1000


if __name__ == "__main__":
    main()


def _data_tasks(tasks: dict[str, AnyTask]) -> dict[str, Task]:
    """The tasks with a reference solution (this benchmark replays them; code bundles' tasks have none)."""
    return {task_id: task for task_id, task in tasks.items() if isinstance(task, Task)}

"""Rollouts at RL scale: oracle episodes end to end (create, act, score, close) per second and CPU per episode.

    python -m bench.rollouts [--envs DIR] [--count 40] [--concurrency 16 64 256] [--farms one up]

Serves the default set's first ``--count`` environments (generated once and cached, or the bundles in
``--envs``) from one ``worldfarm serve`` worker ("one") and from ``worldfarm up --workers 2`` ("up"),
then runs every task of every environment once, at each concurrency, three ways in the same run:

- ``cli``: ``worldfarm bench --agent oracle`` as a user runs it (a process of its own: its CPU includes
  the interpreter starting and importing; its episodes/s is the bench's own figure from ``run.json``,
  import and planning left out, and its wall time with them is shown beside it);
- ``api``: the harness API loop, ``client.run_bench`` in this process on a fresh ``Farm``;
- ``bare``: the same HTTP work with raw requests and no harness (episodes created and closed in
  batches, the solution's tool calls as JSON-RPC posts, the verdict with the state and the trace,
  each task's reference state read once): what the episodes cost the farm and an HTTP client at the
  least, with nothing checked, compared or written.

Each run starts with a fresh ``Farm`` (so each task's reference solution is replayed once, as in a
real bench), after one warm-up run that loads every environment on the workers. CPU is read from
``/proc`` (the farm's processes) and from the kernel's accounting of this process and its children.
Harness, farm and this process share the machine's cores: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from client import BenchOptions, Farm, OracleAgent, RunStore, plan_episodes, run_bench, shared_http_client
from generator import default_set
from worldfarm.settings import cache_dir

MODES = ("cli", "api", "bare")
FARMS = ("one", "up")
MCP_VERSION = "2026-07-28"
MCP_META = {
    "io.modelcontextprotocol/protocolVersion": MCP_VERSION,
    "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "1"},
    "io.modelcontextprotocol/clientCapabilities": {},
}


@dataclass
class RunningFarm:
    kind: str
    url: str
    token: str
    process: subprocess.Popen[bytes]
    workers: list[int]
    registry: int | None


@dataclass
class Figures:
    episodes: int
    seconds: float
    harness_cpu: float
    worker_cpu: float
    registry_cpu: float
    wall: float | None = None
    """For the command line: seconds from starting the process to its exit."""
    passed: int = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--envs", type=Path, help="serve these bundles (default: the default set's first --count)")
    parser.add_argument("--count", type=int, default=40, help="environments of the default set (default: 40)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64, 256])
    parser.add_argument("--farms", nargs="+", choices=FARMS, default=list(FARMS))
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--trials", type=int, default=1, help="episodes per task (default: 1)")
    args = parser.parse_args()
    envs = args.envs or default_set(cache_dir() / "bench", count=args.count)
    print(f"environments: {envs}")
    print(f"{os.cpu_count()} cores shared by the harness, the farm and this process")
    print(f"load average before: {_load()}\n")
    header = f"{'farm':<5} {'conc':>4} {'mode':<5} {'episodes':>8} {'ep/s':>7} {'vs api':>7}"
    header += f" {'harness ms/ep':>13} {'worker ms/ep':>12} {'registry ms/ep':>14}  notes"
    print(header)
    for kind in args.farms:
        with farm_process(kind, envs) as farm:
            asyncio.run(warm_up(farm, args.trials))
            for concurrency in args.concurrency:
                rows = {mode: measure(mode, farm, concurrency, args.trials) for mode in args.modes}
                for mode, figures in rows.items():
                    print(row(kind, concurrency, mode, figures, rows.get("api")), flush=True)
    print(f"\nload average after: {_load()}")


def measure(mode: str, farm: RunningFarm, concurrency: int, trials: int) -> Figures:
    with tempfile.TemporaryDirectory(prefix="worldfarm-rollouts-") as scratch:
        out = Path(scratch) / "run"
        if mode == "cli":
            return run_cli(farm, concurrency, trials, out)
        runner = run_api if mode == "api" else run_bare
        return asyncio.run(in_process(farm, runner, concurrency, trials, out))


def row(kind: str, concurrency: int, mode: str, f: Figures, api: Figures | None) -> str:
    rate = f.episodes / f.seconds
    versus = f"{rate / (api.episodes / api.seconds):7.2f}" if api is not None else f"{'-':>7}"
    per = f.episodes or 1
    registry = f"{f.registry_cpu / per * 1000:14.2f}" if farm_has_registry(kind) else f"{'-':>14}"
    notes = []
    if f.wall is not None:
        notes.append(f"{f.episodes / f.wall:.1f} ep/s with start-up")
    if f.passed != f.episodes:
        notes.append(f"{f.episodes - f.passed} not passed")
    text = f"{kind:<5} {concurrency:>4} {mode:<5} {f.episodes:>8} {rate:7.1f} {versus}"
    text += f" {f.harness_cpu / per * 1000:13.2f} {f.worker_cpu / per * 1000:12.2f} {registry}  {'; '.join(notes)}"
    return text


def farm_has_registry(kind: str) -> bool:
    return kind == "up"


# --- the farm -----------------------------------------------------------------------------------


def worldfarm_command() -> list[str]:
    """The ``worldfarm`` entry point installed beside this interpreter."""
    return [str(Path(sys.executable).with_name("worldfarm"))]


@contextmanager
def farm_process(kind: str, envs: Path) -> Iterator[RunningFarm]:
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="worldfarm-rollouts-farm-") as state:
        log = Path(state) / "farm.log"
        if kind == "one":
            args = ["serve", str(envs), "--port", "0"]
            ready = r"listening on (http://\S+)"
        else:
            args = ["up", "--envs", str(envs), "--workers", "2", "--port", "0", "--state-dir", state]
            ready = r"farm listening on (http://\S+)"
        env = {**os.environ, "WORLDFARM_TOKEN": token, "WORLDFARM_STATE_DIR": state, "PYTHONUNBUFFERED": "1"}
        with log.open("wb") as out:
            process = subprocess.Popen([*worldfarm_command(), *args], stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            url = _wait_for(log, ready, process)
            if kind == "one":
                yield RunningFarm(kind, url, token, process, [process.pid], None)
            else:
                facts = json.loads((Path(state) / "farm.json").read_text())
                workers = [int(w["pid"]) for w in facts["workers"]]
                yield RunningFarm(kind, url, token, process, workers, int(facts["registry"]["pid"]))
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            problems = [line for line in log.read_text().splitlines() if "ERROR" in line or "Traceback" in line]
            if problems:
                print(f"  farm log ({kind}): {len(problems)} errors, first: {problems[0]}")


def _wait_for(log: Path, ready: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        match = re.search(ready, log.read_text())
        if match:
            return match.group(1)
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the farm did not start:\n{log.read_text()}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class FarmCpu:
    """CPU seconds the farm's workers and registry used since construction."""

    def __init__(self, farm: RunningFarm) -> None:
        self.farm = farm
        self.workers, self.registry = self._now()

    def _now(self) -> tuple[float, float]:
        workers = sum(cpu_seconds(pid) for pid in self.farm.workers)
        registry = cpu_seconds(self.farm.registry) if self.farm.registry is not None else 0.0
        return workers, registry

    def used(self) -> tuple[float, float]:
        workers, registry = self._now()
        return workers - self.workers, registry - self.registry


# --- the three ways to run the episodes -------------------------------------------------------------


def run_cli(farm: RunningFarm, concurrency: int, trials: int, out: Path) -> Figures:
    args = [*worldfarm_command(), "bench", "--agent", "oracle", "--farm", farm.url, "--out", str(out)]
    args += ["--concurrency", str(concurrency), "--trials", str(trials), "--no-progress", "--no-report"]
    env = {**os.environ, "WORLDFARM_TOKEN": farm.token}
    cpu = FarmCpu(farm)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"worldfarm bench failed ({process.returncode}): {errors.read().decode()[-2000:]}")
    workers, registry = cpu.used()
    session = json.loads((out / "run.json").read_text())["sessions"][-1]
    passed = sum(json.loads(line)["reward"] == 1.0 for line in (out / "results.jsonl").open())
    return Figures(
        episodes=session["ran"],
        seconds=session["seconds"],
        harness_cpu=usage.ru_utime + usage.ru_stime,
        worker_cpu=workers,
        registry_cpu=registry,
        wall=wall,
        passed=passed,
    )


Runner = Callable[[RunningFarm, int, int, Path], Awaitable[tuple[int, int]]]


async def in_process(farm: RunningFarm, runner: Runner, concurrency: int, trials: int, out: Path) -> Figures:
    cpu = FarmCpu(farm)
    own = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    episodes, passed = await runner(farm, concurrency, trials, out)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    workers, registry = cpu.used()
    harness = (after.ru_utime - own.ru_utime) + (after.ru_stime - own.ru_stime)
    return Figures(episodes, seconds, harness, workers, registry, passed=passed)


async def warm_up(farm: RunningFarm, trials: int) -> None:
    """Load every environment on every worker: one API run, untimed."""
    with tempfile.TemporaryDirectory(prefix="worldfarm-rollouts-warm-") as scratch:
        await run_api(farm, 64, trials, Path(scratch))


async def run_api(farm: RunningFarm, concurrency: int, trials: int, out: Path) -> tuple[int, int]:
    async with Farm(farm.url, farm.token, max_connections=max(64, 4 * concurrency)) as client:
        plan = await plan_episodes(client, trials=trials)
        options = BenchOptions(concurrency=concurrency, progress=False)
        summary = await run_bench(client, OracleAgent(), plan, RunStore(out), options)
    return summary["episodes"], summary["outcomes"]["success"]


async def run_bare(farm: RunningFarm, concurrency: int, trials: int, out: Path) -> tuple[int, int]:
    async with shared_http_client(max(64, 4 * concurrency)) as http:
        bare = Bare(http, farm.url, {"Authorization": f"Bearer {farm.token}"})
        return await bare.run(concurrency, trials)


class Bare:
    """Oracle episodes with raw requests: the HTTP work of a bench run, none of the harness."""

    def __init__(self, http: httpx2.AsyncClient, url: str, auth: dict[str, str]) -> None:
        self.http, self.url, self.auth = http, url, auth
        self.tasks: dict[str, asyncio.Future[Any]] = {}
        self.references: dict[tuple[str, str], asyncio.Future[Any]] = {}
        self.passed = 0

    async def run(self, concurrency: int, trials: int) -> tuple[int, int]:
        envs = [e["id"] for e in (await self.get(f"{self.url}/v1/envs"))["envs"]]
        plan: list[tuple[str, str]] = []
        for env in envs:
            for task in (await self.get(f"{self.url}/v1/envs/{env}"))["tasks"]:
                plan.extend((env, task["id"]) for _ in range(trials))
        ready: asyncio.Queue[tuple[str, str, dict[str, Any]] | None] = asyncio.Queue(concurrency)
        finished: list[str] = []
        closing: list[asyncio.Task[Any]] = []

        async def produce() -> None:  # created ahead, a batch at a time
            for start in range(0, len(plan), concurrency):
                chunk = plan[start : start + concurrency]
                for (env, task), info in zip(chunk, await self.create_batch(chunk), strict=True):
                    await ready.put((env, task, info))
            for _ in range(concurrency):
                await ready.put(None)

        async def worker() -> None:
            while (item := await ready.get()) is not None:
                await self.episode(*item)
                finished.append(item[2]["episode_id"])
                if len(finished) >= concurrency:  # closed behind, a batch at a time
                    closing.append(asyncio.ensure_future(self.close_batch(finished[:])))
                    finished.clear()

        async with asyncio.TaskGroup() as group:
            group.create_task(produce())
            for _ in range(concurrency):
                group.create_task(worker())
        await asyncio.gather(*closing, self.close_batch(finished))
        return len(plan), self.passed

    async def get(self, url: str) -> Any:
        response = await self.http.get(url, headers=self.auth)
        response.raise_for_status()
        return response.json()

    async def task(self, env: str, task_id: str) -> dict[str, Any]:
        if env not in self.tasks:
            self.tasks[env] = asyncio.ensure_future(self.get(f"{self.url}/v1/envs/{env}/tasks"))
        listed: list[dict[str, Any]] = await asyncio.shield(self.tasks[env])
        return next(t for t in listed if t["id"] == task_id)

    async def episode(self, env: str, task_id: str, info: dict[str, Any]) -> None:
        task = await self.task(env, task_id)
        await self.replay(info, task)
        control = info.get("direct_control_url") or info["control_url"]
        answer = "; ".join(task["verifier"]["answer"])
        body = {"answer": answer, "with_state": True, "with_trace": True}
        verdict = await self.http.post(f"{control}/verify", json=body, headers=self.auth)
        await self.reference(env, task)
        self.passed += bool(verdict.json()["passed"])

    async def reference(self, env: str, task: dict[str, Any]) -> Any:
        """The task's reference state, replayed by the farm once per task."""
        key = (env, task["id"])
        if key not in self.references:
            self.references[key] = asyncio.ensure_future(
                self.get(f"{self.url}/v1/envs/{env}/tasks/{task['id']}/reference")
            )
        return await asyncio.shield(self.references[key])

    async def create_batch(self, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
        body = {"episodes": [{"env": env, "task": task} for env, task in keys]}
        response = await self.http.post(f"{self.url}/v1/episodes/batch", json=body, headers=self.auth)
        response.raise_for_status()
        episodes: list[dict[str, Any]] = response.json()["episodes"]
        return episodes

    async def close_batch(self, ids: list[str]) -> None:
        if ids:
            response = await self.http.post(f"{self.url}/v1/episodes/close", json={"episodes": ids}, headers=self.auth)
            response.raise_for_status()

    async def replay(self, info: dict[str, Any], task: dict[str, Any]) -> None:
        for number, call in enumerate(task["solution"]):
            params = {"name": call["tool"], "arguments": call["arguments"], "_meta": MCP_META}
            body = {"jsonrpc": "2.0", "id": number, "method": "tools/call", "params": params}
            headers = {
                "Accept": "application/json, text/event-stream",
                "MCP-Protocol-Version": MCP_VERSION,
                "Mcp-Method": "tools/call",
                "Mcp-Name": call["tool"],
            }
            response = await self.http.post(info["mcp_url"], json=body, headers=headers)
            if response.json()["result"].get("isError"):
                raise SystemExit(f"a reference call failed: {response.text[:300]}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()

"""Capacity of one worker on a real environment set: the figures docs/deploy.md sizes containers from.

    python -m bench.capacity --envs DIR [--episodes 3000]

Starts ``worldfarm serve DIR`` as a real process and reads its resident memory and CPU time from /proc:
- idle, before any environment is loaded: the baseline;
- after one episode in every environment, with one tool call (each one loaded and warmed once): the
  cost of an environment;
- after ``--episodes`` more episodes spread over the environments, each having made the first call of a
  task's reference solution over MCP: the cost of an episode, and its ratio to the mean template size
  (the baseline of what an episode must hold: its copy of the template database).
Also the worker's CPU time per episode created and per tool call. One process on a shared machine:
the figures are indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx2

from worldfarm import find_bundles, load_bundle

TOKEN = "bench"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MCP_HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2026-07-28",
}
MCP_META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "1"},
    "io.modelcontextprotocol/clientCapabilities": {},
}
MIB = 2**20


@dataclass
class WorkerProcess:
    pid: int
    url: str

    def rss(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(envs: Path, max_episodes: int) -> Iterator[WorkerProcess]:
    command = [sys.executable, "-m", "cli", "serve", str(envs), "--port", "0"]
    command += ["--max-episodes", str(max_episodes), "--ttl", "86400"]
    env = {**os.environ, "WORLDFARM_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "listening on" in line:
                url = line.split("listening on ")[1].split()[0]
                break
        else:
            raise RuntimeError("the worker exited before it listened")
        httpx2.get(f"{url}/health", timeout=30).raise_for_status()
        yield WorkerProcess(proc.pid, url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def first_call(bundle: Path) -> dict[str, Any]:
    """The first call of the bundle's first task's reference solution (read from disk: the worker loads
    nothing before it is measured idle)."""
    first_line = (bundle / "tasks.jsonl").read_text().splitlines()[0]
    step: dict[str, Any] = json.loads(first_line)["solution"][0]
    return step


def new_episode(http: httpx2.Client, url: str, env: str) -> str:
    response = http.post(f"{url}/v1/episodes", json={"env": env})
    response.raise_for_status()
    return str(response.json()["mcp_url"])


def call(http: httpx2.Client, mcp_url: str, step: dict[str, Any], number: int) -> bool:
    params = {"name": step["tool"], "arguments": step["arguments"], "_meta": MCP_META}
    body = {"jsonrpc": "2.0", "id": number, "method": "tools/call", "params": params}
    headers = {**MCP_HEADERS, "Mcp-Method": "tools/call", "Mcp-Name": step["tool"]}
    reply = http.post(mcp_url, json=body, headers=headers).json()
    return "result" in reply and not reply["result"].get("isError")


def measure(envs: Path, episodes: int) -> dict[str, float]:
    paths = find_bundles(envs)
    ids = [path.name for path in paths]
    template = statistics.mean(len(load_bundle(path).template) for path in paths)
    steps = {path.name: first_call(path) for path in paths}
    with serving(envs, len(ids) + episodes + 10) as worker, httpx2.Client(headers=AUTH, timeout=60) as http:
        idle = worker.rss()
        for number, env in enumerate(ids):  # each environment loaded, and its MCP path warmed, once
            call(http, new_episode(http, worker.url, env), steps[env], number)
        loaded = worker.rss()
        cpu, failed = worker.cpu(), 0
        for number, env in enumerate(islice(cycle(ids), episodes)):
            failed += not call(http, new_episode(http, worker.url, env), steps[env], number)
        cpu_used, full = worker.cpu() - cpu, worker.rss()
    return {
        "envs": len(ids),
        "episodes": episodes,
        "template": template,
        "idle": idle,
        "per_env": (loaded - idle) / len(ids),
        "loaded": loaded,
        "per_episode": (full - loaded) / episodes,
        "full": full,
        "cpu_per_episode_and_call_ms": cpu_used / episodes * 1000,
        "failed_calls": failed,
    }


def report(figures: dict[str, float], seconds: float) -> None:
    envs, episodes = int(figures["envs"]), int(figures["episodes"])
    per_episode = figures["per_episode"]
    print(f"worker on {envs} environments (mean template {figures['template'] / 1024:.0f} KiB), {seconds:.0f} s")
    print(f"  idle RSS (baseline):              {figures['idle'] / MIB:.0f} MiB")
    per_env = figures["per_env"]
    print(f"  + every environment loaded:       {figures['loaded'] / MIB:.0f} MiB ({per_env / 1024:.0f} KiB each)")
    print(f"  + {episodes} more episodes, one call each: {figures['full'] / MIB:.0f} MiB")
    ratio = per_episode / figures["template"]
    print(f"  per episode:                      {per_episode / 1024:.0f} KiB ({ratio:.2f}x template)")
    print(f"  worker CPU per episode + 1 call:  {figures['cpu_per_episode_and_call_ms']:.2f} ms")
    if figures["failed_calls"]:
        print(f"  ({int(figures['failed_calls'])} first calls answered a tool error)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--envs", type=Path, required=True, help="a folder of bundles (e.g. a generated set)")
    parser.add_argument("--episodes", type=int, default=3000, help="episodes for the per-episode figure")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = measure(args.envs, args.episodes)
    report(figures, time.perf_counter() - started)


if __name__ == "__main__":
    main()

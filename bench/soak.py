"""Soak: a farm under steady load from well-behaved and hostile agents at once, for a bounded time.

    python -m bench.soak [--seconds 60] [--workers 2] [--concurrency 16] [--hostile 0.3]

Starts ``worldfarm up`` (a registry and N workers on loopback, the example environments) and keeps
``concurrency`` agents busy until the time is up. Each agent opens an episode for a random task through
the registry, replays the task's reference solution over MCP (2026-07-28, one JSON request per call),
slipping hostile calls in between (a lone surrogate, an integer past 64 bits, NaN, 60,000 characters,
300 levels of nesting, in place of one argument of a real call), verifies the episode and closes it.

Every hostile call must be refused as a tool error and change nothing, so every episode must still
verify. Reported: episodes, calls, failures of each kind (any is a defect: exit status 1), the workers'
memory at the end against after the first tenth of the run, and throughput in the last tenth against
the first (both ratios are 1.0 on a farm that holds steady).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2

from bench.registry import FarmProcess, start_farm, stop_farm

ENVS = ("hotel", "library")
HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2026-07-28",
    "Mcp-Method": "tools/call",
}
META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": {"name": "soak", "version": "1"},
    "io.modelcontextprotocol/clientCapabilities": {},
}
HOSTILE: list[Any] = ["\ud800", 2**63, float("nan"), float("inf"), "%" * 60_000, json.loads("[" * 300 + "]" * 300)]


@dataclass
class Tally:
    hostile_share: float
    started: float = field(default_factory=time.monotonic)
    episodes: int = 0
    calls: list[float] = field(default_factory=list)
    """When each call finished (seconds since the start)."""
    hostile: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def fail(self, kind: str, detail: str) -> None:
        self.failures[kind] += 1
        self.examples.setdefault(kind, detail[:300])


async def call(http: httpx2.AsyncClient, url: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    params = {"name": tool, "arguments": arguments, "_meta": META}
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params}
    response = await http.post(url, content=json.dumps(body).encode(), headers={**HEADERS, "Mcp-Name": tool})
    if response.status_code >= 500:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
    answer: dict[str, Any] = response.json()
    return answer


async def episode(
    http: httpx2.AsyncClient, farm: FarmProcess, tasks: dict[str, list[dict[str, Any]]], tally: Tally
) -> None:
    env = random.choice(ENVS)
    task = random.choice(tasks[env])
    created = await http.post(f"{farm.url}/v1/episodes", json={"env": env, "task": task["id"]})
    if created.status_code != 201:
        tally.fail("create", created.text)
        return
    info = created.json()
    for step in task["solution"]:
        if random.random() < tally.hostile_share and step["arguments"]:
            await hostile_call(http, info["mcp_url"], step, tally)
        reply = await call(http, info["mcp_url"], step["tool"], step["arguments"])
        tally.calls.append(time.monotonic() - tally.started)
        if "error" in reply or reply["result"].get("isError"):
            tally.fail("reference_call", json.dumps(reply))
    answer = "; ".join(task["verifier"]["answer"])  # what the oracle says: the values the verifier expects
    verdict = await http.post(f"{info['control_url']}/verify", json={"answer": answer})
    if verdict.status_code != 200 or not verdict.json()["passed"]:
        tally.fail("verify", verdict.text)
    trace = await http.get(f"{info['control_url']}/trace")
    if trace.status_code != 200:
        tally.fail("trace", trace.text)
    elif any(e["error_code"] == "environment_defect" for e in trace.json()["calls"]):
        tally.fail("environment_defect", trace.text)
    await http.delete(info["control_url"])
    tally.episodes += 1


async def hostile_call(http: httpx2.AsyncClient, url: str, step: dict[str, Any], tally: Tally) -> None:
    arguments = dict(step["arguments"])
    arguments[random.choice(sorted(arguments))] = random.choice(HOSTILE)
    answer = await call(http, url, step["tool"], arguments)
    tally.calls.append(time.monotonic() - tally.started)
    tally.hostile += 1
    result = answer.get("result", {})
    if "error" in answer or not result.get("isError"):
        tally.fail("hostile_not_a_tool_error", json.dumps(answer)[:300])
    elif "has a bug" in result["content"][0]["text"]:
        tally.fail("environment_defect", result["content"][0]["text"])


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


async def soak(farm: FarmProcess, state: Path, args: argparse.Namespace) -> tuple[Tally, list[int], list[int]]:
    auth = {"Authorization": f"Bearer {farm.token}"}
    limits = httpx2.Limits(max_connections=args.concurrency * 2)
    async with httpx2.AsyncClient(headers=auth, timeout=60, limits=limits) as http:
        tasks = {env: (await http.get(f"{farm.url}/v1/envs/{env}/tasks")).json() for env in ENVS}
        tally, pids = Tally(hostile_share=args.hostile), worker_pids(state)
        early: list[int] = []
        deadline = tally.started + args.seconds

        async def agent() -> None:
            while time.monotonic() < deadline:
                try:
                    await episode(http, farm, tasks, tally)
                except (httpx2.HTTPError, RuntimeError, ValueError, KeyError) as exc:
                    tally.fail(type(exc).__name__, str(exc))

        async def sample() -> None:
            await anyio.sleep(args.seconds / 10)
            early.extend(rss(pid) for pid in pids)

        async with anyio.create_task_group() as tg:
            tg.start_soon(sample)
            for _ in range(args.concurrency):
                tg.start_soon(agent)
        return tally, early, [rss(pid) for pid in pids]


def worker_pids(state: Path) -> list[int]:
    facts = json.loads((state / "farm.json").read_text())
    return [int(w["pid"]) for w in facts["workers"]]


def report(tally: Tally, early: list[int], late: list[int], args: argparse.Namespace) -> int:
    elapsed = time.monotonic() - tally.started
    tenth = args.seconds / 10  # the last tenth ends at the deadline (after it, agents only finish their episode)
    first = sum(t < tenth for t in tally.calls) / tenth
    last = sum(args.seconds - tenth < t <= args.seconds for t in tally.calls) / tenth
    mib = [f"{e / 2**20:.0f} -> {lt / 2**20:.0f} MiB" for e, lt in zip(early, late, strict=True)]
    growth = sum(late) / max(1, sum(early))
    print(f"soak: {args.workers} workers, {args.concurrency} agents, {elapsed:.0f} s, load {os.getloadavg()[0]:.2f}")
    print(f"  episodes {tally.episodes:,}   calls {len(tally.calls):,} ({len(tally.calls) / elapsed:.0f}/s)")
    print(f"  hostile calls {tally.hostile:,} (all must be tool errors that change nothing)")
    print(f"  failures {sum(tally.failures.values())}: {dict(tally.failures) or 'none'}")
    for kind, example in tally.examples.items():
        print(f"    {kind}: {example}")
    print(f"  worker RSS after the first tenth -> at the end: {', '.join(mib)} (ratio {growth:.3f})")
    print(f"  calls/s in the first tenth {first:.0f}, in the last tenth {last:.0f} (ratio {last / max(first, 1):.2f})")
    return 1 if tally.failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to keep the farm busy (default: 60)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16, help="agents at once (default: 16)")
    parser.add_argument("--hostile", type=float, default=0.3, help="chance of a hostile call before each real one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as state:
        farm = start_farm(args.workers, Path(state), secrets.token_urlsafe(16))
        try:
            tally, early, late = anyio.run(soak, farm, Path(state), args)
        finally:
            stop_farm(farm)
    raise SystemExit(report(tally, early, late, args))


if __name__ == "__main__":
    main()

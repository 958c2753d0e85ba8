"""What the metrics cost per MCP tool call: the hook alone, and a worker's server CPU with and without it.

    python -m bench.telemetry [--seconds 6] [--rounds 3] [--clients 1,8]

1. In process: ``servers.telemetry.tool_called`` (what every call runs: a counter, a histogram) timed over
   200,000 calls, against an empty function call (the baseline).
2. Over HTTP: two worker processes serve the same bundle, one as shipped, one with the metric hooks
   replaced by empty functions; MCP ``tools/call`` traffic alternates between them in short rounds (so
   other load on the machine falls on both alike) and each one's server CPU per call is read from /proc.
   The difference, as a share of the call's server CPU, is the figure the issue bounds (under 5%).
3. A scrape of ``/metrics`` with every tool of 1,000 environments labelled (the worst case the cap allows).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from prometheus_client import generate_latest

from bench._bundle import write_bench_bundle
from bench.runtime import cpu_seconds, drive, free_port, mcp_target, process
from servers import serve_http, telemetry

HOOK_CALLS = 200_000


def time_hook() -> dict[str, float]:
    """Microseconds per call of the tool-call hook, and of an empty call (same loop, same arguments)."""

    def empty(env: str, tool: str, error: Any, started: float, seconds: float) -> None:
        return None

    timings = {}
    for name, hook in (("empty", empty), ("hook", telemetry.tool_called)):
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(HOOK_CALLS):
                hook("bench-env", "add_service", None, 0.0, 0.0008)
            best = min(best, time.perf_counter() - started)
        timings[name] = best / HOOK_CALLS * 1e6
    return timings


def time_scrape() -> dict[str, float]:
    """Series and milliseconds of one scrape with 1,000 environments x 35 tools labelled (capped)."""
    for env in range(1000):
        for tool in range(35):
            telemetry.tool_called(f"env-{env:04d}", f"tool_{tool:02d}", None, 0.0, 0.001)
    started = time.perf_counter()
    text = generate_latest(telemetry.REGISTRY)
    seconds = time.perf_counter() - started
    series = sum(1 for line in text.splitlines() if line and not line.startswith(b"#"))
    return {"series": series, "ms": seconds * 1000, "kib": len(text) / 1024}


def bench_cpu(folder: Path, seconds: float, rounds: int, levels: list[int]) -> list[dict[str, Any]]:
    """Server CPU per call, with and without the hooks, alternating rounds."""
    with_port, without_port = free_port(), free_port()
    with_url, without_url = f"http://127.0.0.1:{with_port}", f"http://127.0.0.1:{without_port}"
    serve = ["-m", "cli", "serve", str(folder), "--port"]
    bare = ["-m", "bench.telemetry", "--serve-without-metrics", str(folder), "--port"]
    rows = []
    with (
        process([*serve, str(with_port)], f"{with_url}/health") as with_metrics,
        process([*bare, str(without_port)], f"{without_url}/health") as without_metrics,
    ):
        for clients in levels:
            cpu: dict[str, list[float]] = {"with": [], "without": []}
            for _ in range(rounds):
                for name, proc, url in (("with", with_metrics, with_url), ("without", without_metrics, without_url)):
                    before = cpu_seconds(proc.pid)
                    point = asyncio.run(drive(*mcp_target(url), clients, seconds / rounds))
                    cpu[name].append((cpu_seconds(proc.pid) - before) / max(1, point["calls"]) * 1e6)
            rows.append({"clients": clients, **{k: statistics.median(v) for k, v in cpu.items()}})
    return rows


def serve_without_metrics(folder: str, port: int) -> None:
    """A worker whose metric hooks do nothing (the baseline of the HTTP comparison)."""

    def nothing(*args: Any) -> None:
        return None

    for hook in ("tool_called", "episode_created", "episode_ended", "verified"):
        setattr(telemetry, hook, nothing)
    serve_http(Path(folder), port=port, token="bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="measured seconds per point and worker")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per point")
    parser.add_argument("--clients", default="1,8", help="concurrent clients per point")
    parser.add_argument("--serve-without-metrics", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_without_metrics:
        serve_without_metrics(args.serve_without_metrics, args.port)
        return
    hook = time_hook()
    print(f"the tool-call hook in process ({HOOK_CALLS:,} calls, best of 3)")
    print(
        f"  hook: {hook['hook']:.2f} us a call   empty call: {hook['empty']:.2f} us   "
        f"cost: {hook['hook'] - hook['empty']:.2f} us\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        write_bench_bundle(Path(tmp))
        levels = [int(c) for c in args.clients.split(",")]
        print(f"server CPU per MCP tools/call (add_service), {args.seconds:g} s a point, {args.rounds} rounds")
        print(f"  {'clients':>7} {'with us':>8} {'without us':>10} {'difference':>10} {'hook share':>10}")
        for row in bench_cpu(Path(tmp), args.seconds, args.rounds, levels):
            difference = (row["with"] - row["without"]) / row["without"]
            share = (hook["hook"] - hook["empty"]) / row["with"]
            print(
                f"  {row['clients']:>7} {row['with']:>8.0f} {row['without']:>10.0f} {difference:>+10.1%} {share:>10.2%}"
            )
    print("  (difference: measured, noisy at +-5%; hook share: the in-process hook cost over the call's server CPU)\n")
    scrape = time_scrape()
    print("a scrape of /metrics with 1,000 environments x 35 tools called (the label cap folds the rest)")
    print(f"  {scrape['series']:.0f} series, {scrape['kib']:.0f} KiB, {scrape['ms']:.0f} ms to render")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

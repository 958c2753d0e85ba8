"""Code-environment benchmark: imported Agent World Model scenarios on the farm against AWM's own way.

    python -m bench.awm [--calls 300] [--episodes 2000] [--verifications 20] [--awm-episodes 3]

Imports the fixture (``tests/fixtures/awm``) into a scratch folder, then prints, each with its
baseline measured in the same run:
- per scenario: the sandboxed host's start time and resident memory (one host serves every episode);
- episode creation: a copy of the template (ours) against one process per episode (AWM's way: a
  fresh interpreter that rebuilds the database from its INSERTs and loads the app), CPU and wall time;
- server CPU per tool call: a code environment's call (worker + its host) against a blueprint
  environment's call (the examples' hotel) and against a call on AWM's process-per-episode server;
- verifier latency: one sandboxed process per verification.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anyio

from generator.awm import ImportOptions, import_release, read_release
from servers import (
    CodeRuntime,
    CodeSettings,
    EnvRuntime,
    EpisodeStore,
    HostPool,
    call_code_tool,
    run_verifier,
)
from worldfarm import load_bundle, load_code_bundle

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "awm"
SCENARIO = "online_bookstore_12"
CODE_CALL = ("list_books", {"category_id": 1})
BLUEPRINT_CALL = ("search_guests", {"query": "a"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="tool calls per CPU figure")
    parser.add_argument("--episodes", type=int, default=2000, help="episodes created for the creation figure")
    parser.add_argument("--verifications", type=int, default=20, help="verifier runs for the latency figure")
    parser.add_argument("--awm-episodes", type=int, default=3, help="process-per-episode starts (AWM's way)")
    args = parser.parse_args()
    logging.getLogger("servers.code").setLevel(logging.ERROR)  # the misbehaving fixture's failures are expected
    print(f"load average before: {_load()}")
    with tempfile.TemporaryDirectory(prefix="bench-awm-") as scratch:
        out = Path(scratch) / "envs"
        started = time.perf_counter()
        import_release(FIXTURE, out, options=ImportOptions(settings=CodeSettings(call_time_limit=2.0)), progress=False)
        print(f"import of the fixture (3 scenarios): {time.perf_counter() - started:.1f} s\n")
        anyio.run(_measure, out, args)
    print(f"\nload average after: {_load()}")


async def _measure(out: Path, args: argparse.Namespace) -> None:
    pool = HostPool(CodeSettings())
    try:
        await _hosts(out, pool)
        runtime = CodeRuntime(load_code_bundle(out / SCENARIO))
        _creation(runtime, args.episodes)
        ours = await _code_call_cpu(pool, runtime, args.calls)
        blueprint = _blueprint_call_cpu(args.calls)
        awm_start, awm_call = _awm_process_per_episode(out / SCENARIO, args.awm_episodes, args.calls)
        print("\nserver CPU per tool call (ms)")
        print(f"  blueprint environment (hotel, in the worker)        {blueprint:8.3f}")
        print(
            f"  code environment (worker + its sandboxed host)      {ours:8.3f}  = {ours / blueprint:.1f}x blueprint's"
        )
        print(
            f"  AWM's process-per-episode server (no sandbox, no IPC) {awm_call:6.3f}  ours = {ours / awm_call:.2f}x it"
        )
        print(f"  + AWM's start of each episode's process (CPU ms)    {awm_start:8.1f}")
        await _verifier_latency(runtime, args.verifications)
    finally:
        await pool.close()


async def _hosts(out: Path, pool: HostPool) -> None:
    print("scenario               host start (s)   host RSS (MiB)")
    for scenario in sorted(s.name for s in read_release(FIXTURE)):
        runtime = CodeRuntime(load_code_bundle(out / scenario))
        ready = await pool.host(runtime.spec).start()
        rss = _rss_mib(int(ready["pid"]))
        print(f"{scenario:22} {pool.host(runtime.spec).stats.start_seconds:14.2f} {rss:16.1f}")


def _creation(runtime: CodeRuntime, count: int) -> None:
    store = EpisodeStore()
    started = time.perf_counter()
    for _ in range(count):
        store.create(runtime)
    per = (time.perf_counter() - started) / count * 1e6
    print(f"\nepisode creation: {per:.0f} µs per episode ({count} episodes, template {len(runtime.template)} bytes)")
    store.close_all()


async def _code_call_cpu(pool: HostPool, runtime: CodeRuntime, calls: int) -> float:
    store = EpisodeStore()
    episode = store.create(runtime)
    name, arguments = CODE_CALL
    await call_code_tool(pool, runtime, episode, name, arguments)
    host_pid = int(pool.host(runtime.spec).ready["pid"])
    worker0, host0 = time.process_time(), _cpu_seconds(host_pid)
    for _ in range(calls):
        await call_code_tool(pool, runtime, episode, name, arguments)
    worker1, host1 = time.process_time(), _cpu_seconds(host_pid)
    return ((worker1 - worker0) + (host1 - host0)) / calls * 1000


def _blueprint_call_cpu(calls: int) -> float:
    runtime = EnvRuntime(load_bundle(ROOT / "examples" / "hotel"))
    episode = EpisodeStore().create(runtime)
    name, arguments = BLUEPRINT_CALL
    episode.call(name, arguments)
    started = time.process_time()
    for _ in range(calls):
        episode.call(name, arguments)
    return (time.process_time() - started) / calls * 1000


_AWM_EPISODE = """
import asyncio, json, os, sqlite3, sys, time
path = sys.argv[1]
conn = sqlite3.connect(path)
for statement in json.loads(sys.argv[2]):
    conn.execute(statement)
conn.commit(); conn.close()
os.environ["DATABASE_PATH"] = "sqlite:///" + path
namespace = {"__name__": "awm_server"}
exec(compile(open(sys.argv[3]).read(), "app", "exec"), namespace)
app = namespace["app"]
started = time.process_time()
scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
         "path": "/api/books", "raw_path": b"/api/books", "root_path": "", "query_string": b"category_id=1",
         "headers": [(b"host", b"app")], "client": ("127.0.0.1", 0), "server": ("app", 80)}
async def call():
    async def receive(): return {"type": "http.request", "body": b"", "more_body": False}
    async def send(message): pass
    await app(scope, receive, send)
loop = asyncio.new_event_loop()
for _ in range(int(sys.argv[4])):
    loop.run_until_complete(call())
import resource
per_call = (time.process_time() - started) / int(sys.argv[4]) * 1000
print(json.dumps({"call_ms": per_call, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _awm_process_per_episode(bundle: Path, episodes: int, calls: int) -> tuple[float, float]:
    """AWM's way: per episode a fresh interpreter rebuilds the database from SQL and loads the app."""
    import json

    statements = _bundle_sql(bundle)
    starts, call_ms, rss = [], [], []
    for _ in range(episodes):
        with tempfile.TemporaryDirectory() as folder:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    _AWM_EPISODE,
                    f"{folder}/db.sqlite",
                    json.dumps(statements),
                    str(bundle / "app.py"),
                    str(calls),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            answer = json.loads(result.stdout.strip().splitlines()[-1])
            per_call = answer["call_ms"]
            total_cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
            starts.append(total_cpu - per_call * calls)
            call_ms.append(per_call)
            rss.append(answer["rss_kb"] / 1024)
            wall = time.perf_counter() - started
    print(
        f"AWM process per episode: {statistics.median(starts):.0f} ms CPU to start one (last took {wall:.2f} s "
        f"wall with {calls} calls), RSS {max(rss):.0f} MiB"
    )
    return statistics.median(starts), statistics.median(call_ms)


def _bundle_sql(bundle: Path) -> list[str]:
    """The scenario's DDL and its rows as INSERTs (AWM rebuilds its database this way at every reset)."""
    env = load_code_bundle(bundle).env
    statements = [table.sql for table in env.schema_.tables]
    for block in env.seed:
        columns = ", ".join(f'"{c}"' for c in block.columns)
        for row in block.rows:
            values = ", ".join(
                "NULL" if v is None else repr(v) if not isinstance(v, str) else "'" + v.replace("'", "''") + "'"
                for v in row
            )
            statements.append(f'INSERT INTO "{block.table}" ({columns}) VALUES ({values})')  # noqa: S608
    return statements


async def _verifier_latency(runtime: CodeRuntime, count: int) -> None:
    task = runtime.task("task-1")
    assert task.verifier is not None
    settings = CodeSettings()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        run = await run_verifier(task.verifier, runtime.template, runtime.template, None, settings)
        times.append((time.perf_counter() - started) * 1000)
        assert run.error is None, run.error
    times.sort()
    print(
        f"\nverifier latency (one sandboxed process each): median {statistics.median(times):.0f} ms, "
        f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms over {count} runs"
    )


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()

"""Benchmark the LLM pipeline's own work: everything but the model's thinking.

    python -m bench.llm                  # 8 environments
    python -m bench.llm --count 16 --concurrency 8

A scripted model on loopback (the tests' fake chat-completions server, answering every stage from
blueprint bundles at once) stands in for the endpoint, so the figures are the pipeline's local cost:
HTTP, JSON, stage checks (DDL, seed, each tool probed, each task's contract) and the final gate.
Three runs over the same environments: a fresh run (every answer over HTTP), a rerun answered
from the cache (no request at all), and the baseline, measured in the same run: the gate alone
(``validate_dir`` over the bundles written). Figures on a shared machine are indicative.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from generator import make_env, validate_dir
from generator.llm import LLMOptions, generate_llm
from generator.llm.scripted import Script, ScriptedWorld
from worldfarm import ChatSettings
from worldfarm.testing import FakeLLM


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.llm", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8, help="environments (blueprint bundles as the answers)")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    try:
        report(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def report(args: argparse.Namespace, root: Path) -> None:
    worlds = [ScriptedWorld.read(root / "worlds" / make_env(root / "worlds", 0, i).env_id) for i in range(args.count)]
    seeds = root / "seeds.txt"
    seeds.write_text("GitHub: code hosting\n")
    out = root / "out"
    fresh = timed_run(worlds, out, seeds, args.concurrency)
    cached = timed_run(worlds, out, seeds, args.concurrency)
    started = time.perf_counter()
    verdicts = validate_dir(out, workers=1)
    gate = time.perf_counter() - started
    kept = len(fresh["report"]["kept"])
    print(f"environments: {kept} kept of {args.count}; requests: {fresh['requests']} fresh, {cached['requests']} rerun")
    print(f"gate alone (baseline):     {gate:6.2f} s  {gate / kept:5.2f} s/env  ({sum(v.ok for v in verdicts)} pass)")
    for name, run in (("fresh run (all over HTTP)", fresh), ("rerun from the cache", cached)):
        seconds = run["seconds"]
        print(f"{name + ':':26} {seconds:6.2f} s  {seconds / kept:5.2f} s/env  {seconds / gate:4.1f}x the gate")


def timed_run(worlds: list[ScriptedWorld], out: Path, seeds: Path, concurrency: int) -> dict[str, Any]:
    script = Script(worlds, scenarios=[{"scenarios": [w.scenario() for w in worlds]}])
    with FakeLLM.in_thread() as llm:
        llm.responder = script
        chat = ChatSettings(model="scripted", base_url=llm.base_url, max_tokens=None)
        options = LLMOptions(out=out, chat=chat, scenarios=len(worlds), seeds=seeds, concurrency=concurrency)
        started = time.perf_counter()
        result = generate_llm(options)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "requests": len(llm.requests), "report": result}


if __name__ == "__main__":
    main()

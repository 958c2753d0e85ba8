"""Benchmark the blueprint generator: generate and validate a set, with time, peak memory and sizes.

    python -m bench.generate                 # 1,000 environments, seed 0, one worker per core
    python -m bench.generate --count 200 --workers 2 --out /tmp/envs

Each phase runs in its own process so its peak RSS (the process and its worker processes) is its
own. The baseline, measured in the same run, is one process generating the first ``--baseline``
environments: the ratio says what the parallel run gains over it, per environment. A last phase
validates again without the adversarial strategies, to give their own cost. Figures on a shared
machine are indicative.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline", type=int, default=20, help="environments in the one-process baseline")
    parser.add_argument("--out", type=Path, help="where to generate (default: a temporary folder, removed after)")
    parser.add_argument("--phase", choices=["generate", "validate", "validate-plain"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args)))
        return
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-generate-"))
    try:
        report(args, out)
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)


def run_phase(args: argparse.Namespace) -> dict[str, Any]:
    """One phase in this process; returns its wall time and peak RSS (this process and its children)."""
    from generator import generate, validate_dir

    started = time.perf_counter()
    if args.phase == "generate":
        result = generate(args.out, args.count, args.seed, workers=args.workers, force=True)
        outcome = {"passed": result["passed"], "failed": len(result["failed"])}
    else:
        reports = validate_dir(args.out, workers=args.workers, adversarial=args.phase == "validate")
        outcome = {"passed": sum(r.ok for r in reports), "failed": sum(not r.ok for r in reports)}
    seconds = time.perf_counter() - started
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    rss_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mib": rss_kib / 1024, **outcome}


def phase(name: str, out: Path, count: int, seed: int, workers: int) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.generate",
        "--phase",
        name,
        "--out",
        str(out),
        "--count",
        str(count),
        "--seed",
        str(seed),
        "--workers",
        str(workers),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=3600)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(args: argparse.Namespace, out: Path) -> None:
    print(
        f"benchmark: {args.count} environments, seed {args.seed}, {args.workers} worker(s), {os.cpu_count()} core(s)"
        " (shared machine: indicative)"
    )
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as base:
        baseline = phase("generate", Path(base), args.baseline, args.seed, 1)
    per_env_base = baseline["seconds"] / args.baseline
    gen = phase("generate", out, args.count, args.seed, args.workers)
    val = phase("validate", out, args.count, args.seed, args.workers)
    per_env = gen["seconds"] / args.count
    print(
        f"generate: {gen['seconds']:.1f} s ({per_env * 1000:.0f} ms per environment), peak RSS (largest process)"
        f" {gen['peak_rss_mib']:.0f} MiB, "
        f"{gen['passed']} pass, {gen['failed']} fail"
    )
    print(
        f"validate: {val['seconds']:.1f} s ({val['seconds'] / args.count * 1000:.0f} ms per environment), "
        f"peak RSS (largest process) {val['peak_rss_mib']:.0f} MiB, {val['passed']} pass, {val['failed']} fail"
    )
    total = gen["seconds"] + val["seconds"]
    cpu = gen["cpu_seconds"] + val["cpu_seconds"]
    print(f"generate + validate: {total:.1f} s wall (target: 180 s for 1,000 on 2 cores)")
    print(
        f"CPU time: generate {gen['cpu_seconds']:.1f} s, validate {val['cpu_seconds']:.1f} s; on {args.workers} idle "
        f"core(s) that is about {cpu / args.workers:.1f} s wall (the work is independent per environment)"
    )
    print(
        f"baseline (1 process, first {args.baseline}): {per_env_base * 1000:.0f} ms per environment; "
        f"parallel run: {per_env_base / per_env:.2f}x the baseline's throughput"
    )
    plain = phase("validate-plain", out, args.count, args.seed, args.workers)
    gate = (val["cpu_seconds"] - plain["cpu_seconds"]) / args.count * 1000
    print(
        f"the adversarial gate's cost: validate takes {val['cpu_seconds']:.1f} s CPU, {plain['cpu_seconds']:.1f} s "
        f"with --no-adversary: {gate:.0f} ms of CPU per environment (generate pays about as much again)"
    )
    sizes(out)


def sizes(out: Path) -> None:
    bundles = [p for p in out.iterdir() if (p / "env.json").is_file()]
    on_disk = [sum((p / n).stat().st_size for n in ("env.json", "tasks.jsonl")) for p in bundles]
    templates = [(p / "seed.sqlite").stat().st_size for p in bundles if (p / "seed.sqlite").is_file()]
    for label, values in (("bundle (env.json + tasks.jsonl)", on_disk), ("template database (seed.sqlite)", templates)):
        if values:
            print(
                f"{label}: min {min(values) / 1024:.0f} KiB, median {statistics.median(values) / 1024:.0f} KiB, "
                f"max {max(values) / 1024:.0f} KiB, total {sum(values) / 2**20:.1f} MiB"
            )


if __name__ == "__main__":
    main()

"""Trying a module's task kinds before they ship: build worlds where the module is on, derive each of its
candidates into a task and put every task through the whole gate, adversary included.

    python -m generator.tryout billing            # six worlds of the families billing fits
    python -m generator.tryout billing --count 12 --show

Prints each kind (and each combination it is part of) with how many of its tasks passed, and the gate's
first problems for the others; ``--show`` prints the tasks that passed as a reader sees them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.assemble import build_world
from generator.bundle_io import write_tasks
from generator.compose import fits, variant_for, variant_of
from generator.families import DOMAINS
from generator.modules import MODULES
from generator.taskcheck import TaskChecker
from generator.tasks_out import derive_tasks, task_json
from generator.toolcheck import check_tools
from generator.workbench import Workbench
from generator.world import World
from servers import EnvRuntime
from worldfarm import Task, load_bundle


@dataclass
class Tryout:
    """What the gate said of one world's candidates of a module."""

    env_id: str
    passed: list[Task] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)
    """Kind -> the problems (derivation or gate)."""
    tool_problems: list[str] = field(default_factory=list)


def worlds_with(module: str, count: int, seed: int = 0) -> list[World]:
    """``count`` worlds of the standard set whose domain the module fits, the module switched on."""
    found = MODULES[module]
    out = []
    for index in range(len(DOMAINS) * 10):
        variant = variant_of(index)
        if not fits(found.fits, variant.domain):
            continue
        forced = variant_for(variant.domain, variant.number, [module]) if module not in variant.modules else variant
        out.append(build_world(seed, index, variant=forced))
        if len(out) == count:
            break
    return out


def try_world(world: World, module: str, folder: Path) -> Tryout:
    """Derive the candidates of ``module`` (alone and in combinations) in ``world`` and gate them."""
    out = Tryout(world.env_id())
    candidates = [c for c in world.tasks if module in c.source.split("+")]
    if not candidates:
        return out
    target = folder / world.env_id()
    target.mkdir(parents=True, exist_ok=True)
    tasks, dropped = derive_tasks(target, world, candidates, len(candidates))
    for problem in dropped:
        kind = problem.removeprefix("task candidate ").split(":")[0]
        out.failed.setdefault(kind, []).append(problem)
    if not tasks:
        return out
    write_tasks(target, [task_json(t) for t in tasks])
    bundle = load_bundle(target)
    runtime = EnvRuntime(bundle)
    bench = Workbench(runtime)
    valid: dict[str, dict[str, Any]] = {}
    try:
        out.tool_problems = check_tools(runtime, valid, bench=bench)
        checker = TaskChecker(runtime, valid, bench=bench)
        for task in bundle.tasks:
            problems = checker.check(task)
            if problems:
                out.failed.setdefault(task.id.split("-", 1)[1], []).extend(problems)
            else:
                out.passed.append(task)
    finally:
        bench.close()
    return out


def tryout(module: str, count: int = 6, seed: int = 0) -> list[Tryout]:
    with tempfile.TemporaryDirectory(prefix="tryout-") as folder:
        return [try_world(w, module, Path(folder)) for w in worlds_with(module, count, seed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.tryout", description=__doc__.splitlines()[0])
    parser.add_argument("module", choices=sorted(MODULES))
    parser.add_argument("--count", type=int, default=6, help="worlds to try it in")
    parser.add_argument("--show", action="store_true", help="print the tasks that passed")
    args = parser.parse_args(argv)
    results = tryout(args.module, args.count)
    tally: dict[str, list[int]] = {}
    notes: dict[str, list[str]] = {}
    for result in results:
        for line in result.tool_problems:
            print(f"tool problem in {result.env_id}: {line}")
        for task in result.passed:
            tally.setdefault(task.id.split("-", 1)[1], [0, 0])[0] += 1
            if args.show:
                print(f"--- {result.env_id} {task.id}\n{task.instruction}\n  calls: {[c.tool for c in task.solution]}")
        for kind, problems in result.failed.items():
            tally.setdefault(kind, [0, 0])[1] += 1
            notes.setdefault(kind, []).extend(problems[:1])
    for kind, (good, bad) in sorted(tally.items()):
        print(f"{kind}: {good} of {good + bad} pass")
        for note in sorted(set(notes.get(kind, [])))[:3]:
            print(f"    {note[:300]}")
    return 0 if all(not r.failed and not r.tool_problems for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The validation gate: is a bundle fit to serve? Run through the real runtime, never trusted.

A bundle passes when it loads (schema builds, seed loads with foreign keys on, every SQL statement
prepares: :func:`worldfarm.load_bundle`), every tool runs on a valid input and refuses invalid ones
with a tool error, and every task passes :class:`generator.taskcheck.TaskChecker`: the contract of
:func:`servers.check_task` (verifier false at the start, reference solution runs cleanly, verifier
true after it, answers findable), a verifier that notices unrelated changes, and no win for any
generic strategy of :mod:`generator.strategies` (the adversarial gate; ``adversarial=False`` skips
it). An environment needs at least ``min_tasks`` good tasks.

The same gate serves the blueprint generator, ``worldfarm validate``, the hand-written examples and
the LLM pipeline (:func:`generator.validate_dir` runs it over a folder, in parallel).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.adversary import Tally
from generator.strategies import StrategyName
from generator.taskcheck import TaskChecker
from generator.toolcheck import check_tools
from generator.workbench import Workbench
from servers import EnvRuntime
from worldfarm import Bundle, BundleError, Task, load_bundle

MIN_TASKS = 10
GATE_VERSION = "2"
"""Bumped whenever the gate demands more of a bundle (2: the adversarial strategies): older proofs lapse."""


@dataclass
class BundleStats:
    env_id: str
    domain: str
    blueprint: str
    tools: int
    tables: int
    rows: int
    tasks: int
    difficulty: dict[str, int]
    tags: dict[str, int]
    tool_names: list[str]
    refusals: int
    branches: dict[str, dict[str, int]]
    schema_hash: str
    tokens: list[str]
    bytes_on_disk: int
    template_bytes: int


@dataclass
class BundleReport:
    path: Path
    env_id: str
    error: str | None = None
    tool_problems: list[str] = field(default_factory=list)
    task_problems: dict[str, list[str]] = field(default_factory=dict)
    tasks_checked: int = 0
    min_tasks: int = MIN_TASKS
    stats: BundleStats | None = None
    strategies: dict[StrategyName, Tally] = field(default_factory=dict)
    """Each adversarial strategy's record over the bundle's tasks (empty when they were skipped)."""
    adversary_seconds: float = 0.0
    """CPU time the strategies took."""

    @property
    def good_tasks(self) -> int:
        return self.tasks_checked - len(self.task_problems)

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and not self.tool_problems
            and not self.task_problems
            and self.good_tasks >= self.min_tasks
        )

    def problems(self) -> list[str]:
        out = [self.error] if self.error else []
        out += self.tool_problems
        out += [f"task {tid}: {p}" for tid, ps in self.task_problems.items() for p in ps]
        if self.error is None and self.good_tasks < self.min_tasks:
            out.append(f"only {self.good_tasks} good tasks; an environment needs at least {self.min_tasks}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"env": self.env_id, "ok": self.ok, "tasks": self.good_tasks, "problems": self.problems()}


def validate_bundle(path: str | Path, *, min_tasks: int = MIN_TASKS, adversarial: bool = True) -> BundleReport:
    """Run the whole gate over the bundle at ``path``; ``adversarial=False`` skips the generic strategies."""
    root = Path(path)
    report = BundleReport(path=root, env_id=root.name, min_tasks=min_tasks)
    try:
        bundle = load_bundle(root)
    except BundleError as exc:
        report.error = str(exc)
        return report
    runtime = EnvRuntime(bundle)
    bench = Workbench(runtime)
    valid: dict[str, dict[str, Any]] = {}
    try:
        report.tool_problems = check_tools(runtime, valid, bench=bench)
        checker = TaskChecker(runtime, valid, adversarial=adversarial, bench=bench)
        for task in bundle.tasks:
            problems = checker.check(task)
            report.tasks_checked += 1
            if problems:
                report.task_problems[task.id] = problems
    finally:
        bench.close()
    report.strategies = checker.tallies if adversarial else {}
    report.adversary_seconds = round(checker.seconds, 4)
    report.stats = bundle_stats(
        bundle, report.good_tasks, [t for t in bundle.tasks if t.id not in report.task_problems]
    )
    return report


# --- tasks ---------------------------------------------------------------------------------------


def check_task_fully(runtime: EnvRuntime, task: Task, *, checker: TaskChecker | None = None) -> list[str]:
    """Every problem the gate finds with one task (:class:`generator.taskcheck.TaskChecker`), the
    adversarial strategies included. Pass the environment's ``checker`` when checking many tasks: made
    here, it probes the tools first (for the strategies' dump of read-only tools)."""
    if checker is not None:
        return checker.check(task)
    bench = Workbench(runtime)
    try:
        valid: dict[str, dict[str, Any]] = {}
        check_tools(runtime, valid, bench=bench)
        return TaskChecker(runtime, valid, bench=bench).check(task)
    finally:
        bench.close()


# --- figures -------------------------------------------------------------------------------------


def _branches(tasks: list[Task]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for task in tasks:
        if task.branch is not None:
            counts = out.setdefault(task.branch.condition, {"holds": 0, "does_not_hold": 0})
            counts["holds" if task.branch.holds else "does_not_hold"] += 1
    return out


def bundle_stats(bundle: Bundle, good: int, tasks: list[Task]) -> BundleStats:
    env = bundle.env
    schema = "\n".join(sorted(t.sql for t in env.schema_.tables))
    tokens = {f"tool:{t.name}" for t in env.tools}
    for table in env.schema_.tables:
        for column in re.findall(r"^\s+(\w+) ", table.sql, re.MULTILINE):
            tokens.add(f"col:{table.name}.{column}")
    size = sum(p.stat().st_size for p in bundle.path.iterdir() if p.is_file() and not p.name.startswith("seed.sqlite"))
    return BundleStats(
        env_id=env.id,
        domain=env.domain,
        blueprint=(env.provenance.blueprint or env.id).split("/")[0],
        tools=len(env.tools),
        tables=len(env.schema_.tables),
        rows=sum(len(s.rows) for s in env.seed),
        tasks=good,
        difficulty=dict(Counter(t.difficulty for t in tasks)),
        tags=dict(Counter(tag for t in tasks for tag in t.tags)),
        tool_names=[t.name for t in env.tools],
        refusals=sum(t.refusal is not None for t in tasks),
        branches=_branches(tasks),
        schema_hash=hashlib.sha256(schema.encode()).hexdigest()[:16],
        tokens=sorted(tokens),
        bytes_on_disk=size,
        template_bytes=len(bundle.template),
    )

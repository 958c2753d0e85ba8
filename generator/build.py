"""The driver: generate environments ``0..count-1`` in parallel, gate each, keep what passes.

Each environment is built in a staging folder, gated (tools probed, task candidates checked best
first until twelve pass), and moved into place only when it passes with at least ten tasks; an
environment that cannot is rebuilt from the next attempt's seed. An existing bundle for the same
index, set seed and generator version is kept (resume) once it passes the gate again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.assemble import MIN_TASKS, TARGET_TASKS, build_world, number_tasks, rank_tasks
from generator.bundle_io import replace_dir, write_env, write_tasks
from generator.gate import bundle_stats, check_tools, validate_bundle
from generator.naming import slug
from generator.parallel import run_unordered
from generator.proofs import proven_stats, record_proof
from generator.taskcheck import TaskChecker
from generator.variants import domain_of, env_seed
from generator.world import GENERATOR_VERSION
from servers import EnvRuntime, EpisodeStore
from worldfarm import BundleError, Task, load_bundle

MAX_ATTEMPTS = 4
CANDIDATES = 16
"""Task candidates gated per attempt, best first; the first twelve that pass are kept."""
STAGING = ".staging"


@dataclass
class EnvRecord:
    """What happened to one environment index."""

    index: int
    env_id: str
    ok: bool
    attempts: int = 0
    resumed: bool = False
    proven: bool = False
    """Resumed on the strength of an earlier gate's proof (generator.proofs), without running the gate again."""
    dropped_tasks: int = 0
    problems: list[str] = field(default_factory=list)
    stats: dict[str, Any] | None = None
    strategies: dict[str, dict[str, int]] = field(default_factory=dict)
    """Each adversarial strategy's tally over the task candidates gated (kept and dropped)."""
    dropped_by: dict[str, int] = field(default_factory=dict)
    """Task candidates dropped because a strategy won them, per strategy."""
    adversary_seconds: float = 0.0
    """CPU time the strategies took on this environment's candidates."""


def env_id_for(index: int) -> str:
    domain, _ = domain_of(index)
    return f"{slug(domain.key)}-{index:04d}"


def make_env(out: Path, seed: int, index: int, force: bool = False) -> EnvRecord:
    """Generate (or keep) environment ``index`` of the set ``seed`` in ``out``."""
    env_id = env_id_for(index)
    final = out / env_id
    if not force and _resumable(final, seed, index):
        proven = proven_stats(final)
        if proven is not None:
            return EnvRecord(index, env_id, True, resumed=True, proven=True, stats=proven)
        report = validate_bundle(final)
        if report.ok and report.stats is not None:
            record_proof(final, asdict(report.stats))
            return EnvRecord(index, env_id, True, resumed=True, stats=asdict(report.stats))
    problems: list[str] = []
    staging = out / STAGING / env_id
    try:
        for attempt in range(MAX_ATTEMPTS):
            shutil.rmtree(staging, ignore_errors=True)
            record = _attempt(staging, seed, index, attempt, problems)
            if record is not None:
                replace_dir(staging, final)
                record_proof(final, record.stats or {})
                record.problems = problems[-10:]
                return record
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return EnvRecord(index, env_id, False, attempts=MAX_ATTEMPTS, problems=problems[-10:])


def _resumable(final: Path, seed: int, index: int) -> bool:
    try:
        env = json.loads((final / "env.json").read_text())
    except (OSError, ValueError):
        return False
    seeds = {env_seed(seed, index, a) for a in range(MAX_ATTEMPTS)}
    return env.get("version") == GENERATOR_VERSION and env.get("provenance", {}).get("seed") in seeds


def _attempt(staging: Path, seed: int, index: int, attempt: int, problems: list[str]) -> EnvRecord | None:
    world = build_world(seed, index, attempt)
    write_env(staging, world.env_json())
    write_tasks(staging, number_tasks(rank_tasks(world)[:CANDIDATES]))
    return _gate(staging, index, attempt, problems)


def _gate(folder: Path, index: int, attempt: int, problems: list[str]) -> EnvRecord | None:
    try:
        bundle = load_bundle(folder)
    except BundleError as exc:
        problems.append(f"attempt {attempt}: {exc}")
        return None
    runtime, store = EnvRuntime(bundle), EpisodeStore()
    valid: dict[str, dict[str, Any]] = {}
    try:
        tool_problems = check_tools(store, runtime, valid)
    finally:
        store.close_all()
    if tool_problems:
        problems += [f"attempt {attempt}: {p}" for p in tool_problems]
        return None
    kept, dropped, checker = _keep_tasks(runtime, bundle.tasks, valid, attempt, problems)
    if len(kept) < MIN_TASKS:
        problems.append(f"attempt {attempt}: only {len(kept)} tasks pass the gate")
        return None
    final_tasks = number_tasks([{**t.model_dump(mode="json"), "id": t.id.split("-", 1)[1]} for t in kept])
    write_tasks(folder, final_tasks)
    stats = bundle_stats(bundle, len(kept), kept)
    stats.bytes_on_disk = sum(p.stat().st_size for p in folder.iterdir() if p.name in ("env.json", "tasks.jsonl"))
    record = EnvRecord(index, folder.name, True, attempts=attempt + 1, dropped_tasks=dropped, stats=asdict(stats))
    record.strategies = {name: asdict(tally) for name, tally in checker.tallies.items()}
    record.dropped_by = checker.dropped_by
    record.adversary_seconds = round(checker.seconds, 4)
    return record


def _keep_tasks(
    runtime: EnvRuntime, tasks: tuple[Task, ...], valid: dict[str, dict[str, Any]], attempt: int, problems: list[str]
) -> tuple[list[Task], int, TaskChecker]:
    """The first twelve tasks that pass the gate, how many were dropped on the way, and the checker."""
    kept: list[Task] = []
    dropped = 0
    checker = TaskChecker(runtime, valid)
    try:
        for task in tasks:
            if len(kept) >= TARGET_TASKS:
                break
            task_problems = checker.check(task)
            if task_problems:
                dropped += 1
                problems += [f"attempt {attempt}: task {task.id}: {p}" for p in task_problems]
            else:
                kept.append(task)
    finally:
        checker.close()
    return kept, dropped, checker


# --- the set ---------------------------------------------------------------------------------------


def _work(job: tuple[str, int, int, bool]) -> EnvRecord:
    out, seed, index, force = job
    return make_env(Path(out), seed, index, force)


def generate_set(
    out: Path,
    count: int,
    seed: int = 0,
    *,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[EnvRecord], None] | None = None,
) -> list[EnvRecord]:
    """Environments ``0..count-1`` of set ``seed`` in ``out``; records in index order."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(str(out), seed, i, force) for i in range(count)]
    workers = max(1, min(workers or os.cpu_count() or 1, count))
    records: list[EnvRecord] = []
    for record in _run(jobs, workers):
        records.append(record)
        if progress is not None:
            progress(record)
    with contextlib.suppress(OSError):
        (out / STAGING).rmdir()
    return sorted(records, key=lambda r: r.index)


def _run(jobs: list[tuple[str, int, int, bool]], workers: int) -> Iterator[EnvRecord]:
    return run_unordered(_work, jobs, workers)

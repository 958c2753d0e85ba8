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

from generator.assemble import MIN_TASKS, TARGET_TASKS, build_world, rank
from generator.bundle_io import replace_dir, write_tasks
from generator.compose import domain_of, env_seed
from generator.gate import bundle_stats, validate_bundle
from generator.metrics import shape_of
from generator.naming import slug
from generator.parallel import run_unordered
from generator.proofs import proven_stats, record_proof
from generator.quality import check_world
from generator.taskcheck import TaskChecker
from generator.tasks_out import derive, open_derivation, task_json
from generator.toolcheck import Call, ToolCheck, known_calls, probe_tools
from generator.workbench import Workbench
from generator.world import GENERATOR_VERSION, World
from worldfarm import BundleError, Environment, Task, load_bundle

MAX_ATTEMPTS = 4
CANDIDATES = 12
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
    shape: dict[str, Any] | None = None
    """The environment's shape (:class:`generator.metrics.Shape`) for the report's targets."""
    quality: dict[str, Any] | None = None
    """Its data-quality figures and problems (:class:`generator.quality.Quality`)."""
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
    attempt = None if force else _resumable(final, seed, index)
    if attempt is not None:
        proven = proven_stats(final)
        stats = proven
        if stats is None:
            report = validate_bundle(final)
            if report.ok and report.stats is not None:
                stats = asdict(report.stats)
                record_proof(final, stats)
        if stats is not None:
            kept = EnvRecord(index, env_id, True, resumed=True, proven=proven is not None, stats=stats)
            bundle = load_bundle(final)
            _describe(kept, bundle.env, list(bundle.tasks), build_world(seed, index, attempt))
            return kept
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


def _resumable(final: Path, seed: int, index: int) -> int | None:
    """The attempt that made the bundle at ``final``, if it is of this set and generator version."""
    try:
        env = json.loads((final / "env.json").read_text())
    except (OSError, ValueError):
        return None
    if env.get("version") != GENERATOR_VERSION:
        return None
    seeds = [env_seed(seed, index, a) for a in range(MAX_ATTEMPTS)]
    made = env.get("provenance", {}).get("seed")
    return seeds.index(made) if made in seeds else None


def _attempt(staging: Path, seed: int, index: int, attempt: int, problems: list[str]) -> EnvRecord | None:
    return gate_world(staging, build_world(seed, index, attempt), attempt, problems)


def gate_world(folder: Path, world: World, attempt: int = 0, problems: list[str] | None = None) -> EnvRecord | None:
    """Write ``world`` into ``folder`` as a bundle and put it through the gate: its best candidates derived
    into tasks, the first ``TARGET_TASKS`` that pass kept. The record, or None (``problems`` say why)."""
    problems = [] if problems is None else problems
    try:
        derivation, live, dropped = open_derivation(folder, world, rank(world))
    except BundleError as exc:
        problems.append(f"attempt {attempt}: {exc}")
        return None
    try:  # the gate runs on the derivation's workbench: the same environment, already compiled
        tasks, more = derive(derivation, live, CANDIDATES)
        problems += [f"attempt {attempt}: {p}" for p in dropped + more]
        if len(tasks) < MIN_TASKS:
            problems.append(f"attempt {attempt}: only {len(tasks)} task candidates work")
            return None
        write_tasks(folder, [task_json(t) for t in tasks])
        gated = _gate(folder, derivation.bench, world.index, attempt, problems)
    finally:
        derivation.close()
    if gated is None:
        return None
    record, kept, env = gated
    _describe(record, env, kept, world)
    return record


def _describe(record: EnvRecord, env: Environment, tasks: list[Task], world: World) -> None:
    """The record's shape and quality, from the environment and tasks as written and the world that made them."""
    secrets = {c.instruction: c for c in world.tasks}
    record.shape = asdict(shape_of(env, tasks, secrets))
    record.quality = asdict(check_world(world))


def _gate(
    folder: Path, bench: Workbench, index: int, attempt: int, problems: list[str]
) -> tuple[EnvRecord, list[Task], Environment] | None:
    """The gate over the bundle in ``folder`` (its environment is ``bench``'s): its record, the tasks kept (as
    written), and its environment."""
    try:
        bundle = load_bundle(folder)
    except BundleError as exc:
        problems.append(f"attempt {attempt}: {exc}")
        return None
    tools = probe_tools(bench, bundle.env.tools, bundle.tasks)
    if tools.problems:
        problems += [f"attempt {attempt}: {p}" for p in tools.problems]
        return None
    kept, dropped, checker = _keep_tasks(bench, bundle.tasks, tools.valid, attempt, problems)
    if len(kept) < MIN_TASKS:
        problems.append(f"attempt {attempt}: only {len(kept)} tasks pass the gate")
        return None
    kept = [t.model_copy(update={"id": f"t{n:02d}-{t.id.split('-', 1)[1]}"}) for n, t in enumerate(kept, 1)]
    write_tasks(folder, [task_json(t) for t in kept])
    if _proved_by_others(bundle.env, tools.valid, bundle.tasks, kept):
        problems_now = _tool_problems(bench, tools, kept)
        if problems_now:  # a tool was only shown to work by a task that is not kept: validate would refuse it
            problems += [f"attempt {attempt}: {p}" for p in problems_now]
            return None
    stats = bundle_stats(bundle, len(kept), kept)
    stats.bytes_on_disk = sum(p.stat().st_size for p in folder.iterdir() if p.name in ("env.json", "tasks.jsonl"))
    record = EnvRecord(index, folder.name, True, attempts=attempt + 1, dropped_tasks=dropped, stats=asdict(stats))
    record.strategies = {name: asdict(tally) for name, tally in checker.tallies.items()}
    record.dropped_by = checker.dropped_by
    record.adversary_seconds = round(checker.seconds, 4)
    return record, kept, bundle.env


def _proved_by_others(
    env: Environment, valid: dict[str, dict[str, Any]], tasks: tuple[Task, ...], kept: list[Task]
) -> bool:
    """Whether some tool's first valid call may have come from the solution of a task that is not kept (the
    gate tries examples, then solution calls, then guesses; a bundle is validated with its kept tasks only)."""
    examples = {t.name: t.input_schema.get("examples", []) for t in env.tools}
    ours = {(c.tool, repr(sorted(c.arguments.items()))) for t in kept for c in t.solution}
    theirs = {(c.tool, repr(sorted(c.arguments.items()))) for t in tasks for c in t.solution}
    for name, args in valid.items():
        key = (name, repr(sorted(args.items())))
        if args not in examples.get(name, []) and key in theirs and key not in ours:
            return True
    return False


def _tool_problems(bench: Workbench, found: ToolCheck, kept: list[Task]) -> list[str]:
    """The tool check of the bundle as written, with the kept tasks only. Each tool is probed from the initial
    state, so a tool whose first valid call is again among the calls tried (an example, a kept task's call)
    passes as it did: only the others are probed again."""
    known = {name: {_key(call) for call in calls} for name, calls in known_calls(bench.runtime.env.tools, kept).items()}
    again = [t for t in bench.runtime.env.tools if _key(found.shown_by[t.name]) not in known.get(t.name, set())]
    return probe_tools(bench, again, kept).problems


def _key(call: Call) -> str:
    before, arguments = call
    return json.dumps([[c.model_dump(mode="json") for c in before], arguments], sort_keys=True)


def _keep_tasks(
    bench: Workbench, tasks: tuple[Task, ...], valid: dict[str, dict[str, Any]], attempt: int, problems: list[str]
) -> tuple[list[Task], int, TaskChecker]:
    """The first twelve tasks that pass the gate, how many were dropped on the way, and the checker."""
    kept: list[Task] = []
    dropped = 0
    checker = TaskChecker(bench.runtime, valid, bench=bench)
    for task in tasks:
        if len(kept) >= TARGET_TASKS:
            break
        task_problems = checker.check(task)
        if task_problems:
            dropped += 1
            problems += [f"attempt {attempt}: task {task.id}: {p}" for p in task_problems]
        else:
            kept.append(task)
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

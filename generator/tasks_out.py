"""From a built world to the tasks of its bundle: candidates run, verifiers derived, first ones kept.

The world's environment is written first and loaded through the real loader (so its template is
compiled and cached once); each candidate's reference solution is then run on it and its verifier
derived (:mod:`generator.derive`). Candidates whose solution fails or whose answer is not found are
dropped with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.bundle_io import write_env, write_tasks
from generator.candidate import TaskCandidate
from generator.derive import Derivation, TableInfo
from generator.world import World
from servers import EnvRuntime
from worldfarm import Assertion, BundleError, Environment, Task, Verifier, load_bundle

MAX_RELOADS = 5


def env_json(env: Environment) -> dict[str, Any]:
    return {"bundle_format": env.bundle_format, **env.model_dump(mode="json", by_alias=True, exclude_defaults=True)}


def task_json(task: Task) -> dict[str, Any]:
    """A task as a line of ``tasks.jsonl``: every field a reader expects (difficulty, tags, arguments), without
    the empty optional ones."""
    return task.model_dump(mode="json", exclude_none=True)


def table_info(world: World) -> dict[str, TableInfo]:
    out = {}
    for ent in world.entities.values():
        links = {c.column: world.e(c.ref).table for c in ent.refs()}
        reals = frozenset(c.column for c in ent.columns if c.kind == "real")
        display = ent.col(ent.display).column if ent.display != "id" else "id"
        out[ent.table] = TableInfo(label=ent.label, display=display, links=links, reals=reals)
    return out


def derive_tasks(
    folder: Path, world: World, candidates: list[TaskCandidate], want: int
) -> tuple[list[Task], list[str]]:
    """Up to ``want`` tasks from ``candidates`` (in order), and why the others were dropped."""
    derivation, live, problems = open_derivation(folder, world, candidates)
    try:
        tasks, dropped = derive(derivation, live, want)
    finally:
        derivation.close()
    return tasks, problems + dropped


def open_derivation(
    folder: Path, world: World, candidates: list[TaskCandidate]
) -> tuple[Derivation, list[TaskCandidate], list[str]]:
    """The world written into ``folder`` and loaded, ready to derive tasks from the candidates that load (those
    returned); why the others were dropped. Close the derivation when done. Raises BundleError."""
    write_env(folder, env_json(world.environment()))
    problems: list[str] = []
    live = list(candidates)
    for _ in range(MAX_RELOADS):
        write_tasks(folder, [task_json(_placeholder(c, i)) for i, c in enumerate(live)])
        try:
            bundle = load_bundle(folder)
            break
        except BundleError as exc:
            line = re.search(r"line (\d+)", exc.location or "")
            if line is None or not live:
                raise
            dropped = live.pop(int(line.group(1)) - 1)
            problems.append(f"task candidate {dropped.kind}: {exc}")
    else:
        raise BundleError(str(folder), "tasks.jsonl", "too many candidates fail to load")
    return Derivation(EnvRuntime(bundle), table_info(world)), live, problems


def derive(derivation: Derivation, candidates: list[TaskCandidate], want: int) -> tuple[list[Task], list[str]]:
    """Up to ``want`` tasks from ``candidates`` (in order), and why the others were dropped."""
    tasks: list[Task] = []
    problems: list[str] = []
    for candidate in candidates:
        if len(tasks) >= want:
            break
        made = derivation.task(candidate, f"t{len(tasks) + 1:02d}-{candidate.kind}")
        if isinstance(made, str):
            problems.append(f"task candidate {candidate.kind}: {made}")
        else:
            tasks.append(made)
    return tasks, problems


def _placeholder(candidate: TaskCandidate, index: int) -> Task:
    return Task(
        id=f"c{index:03d}",
        instruction=candidate.instruction,
        verifier=Verifier(assertions=[Assertion(sql="SELECT 1", message="derived later")]),
        solution=candidate.calls,
        difficulty=candidate.difficulty,
        tags=candidate.tags,
    )

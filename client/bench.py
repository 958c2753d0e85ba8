"""Benchmarks: many (env, task, trial) episodes of one agent, with bounded concurrency, resumable.

    plan = await plan_episodes(farm, envs=["hotel"], tasks=None, trials=4)
    summary = await run_bench(farm, agent, plan, RunStore(Path("runs/oracle")), BenchOptions(concurrency=16))

Episodes are run by ``concurrency`` workers pulling from the plan, their episodes created and closed
in batches (``client.supply``); each finished episode's trajectory and results line are written at
once (see ``client.store``), so a rerun into the same directory skips what is done. Bad input (an
unknown environment or task, a wrong token) fails before any episode runs; a failing farm or agent
during the run is recorded per episode, never a crash.
"""

from __future__ import annotations

import asyncio
import fnmatch
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tqdm import tqdm

from client.agents.base import Agent
from client.errors import BenchError
from client.farm import Farm
from client.runner import EpisodeResult, run_episode
from client.store import SUMMARY, Key, RunStore
from client.summary import summarize
from client.supply import EpisodeSupply
from worldfarm.control import RewardMode


@dataclass(frozen=True)
class BenchOptions:
    concurrency: int = 8
    timeout: float = 300.0
    """Seconds an agent may act in one episode."""
    mode: RewardMode = "verifier"
    check_state: bool = True
    seed: int = 0
    progress: bool = True


async def plan_episodes(
    farm: Farm,
    envs: list[str] | None = None,
    tasks: list[str] | None = None,
    trials: int = 1,
    *,
    include_flagged: bool = False,
) -> list[Key]:
    """Every (env, task, trial) to run: the farm's environments and tasks matching the patterns.

    Patterns are ids or shell-style globs (``hotel``, ``lib*``); a task pattern may name its
    environment (``hotel/cancel-*``). A pattern that matches nothing is an error. Tasks an import
    flagged (a verifier that passes at reset, crashes or never returns) are left out unless
    ``include_flagged``.
    """
    if trials < 1:
        raise BenchError("--trials must be at least 1")
    served = await farm.env_ids()
    chosen = _select(served, envs, "environment", "the farm serves")
    plan: list[Key] = []
    unmatched = set(tasks or [])
    for env_id in chosen:
        for task in (await farm.env(env_id)).tasks:
            if task.flags and not include_flagged:
                continue
            matching = [p for p in tasks or ["*"] if _task_matches(p, env_id, task.id)]
            unmatched -= set(matching)
            if matching:
                plan.extend((env_id, task.id, trial) for trial in range(trials))
    if unmatched:
        raise BenchError(f"no task matches {sorted(unmatched)} in the chosen environments")
    return plan


def _select(available: list[str], patterns: list[str] | None, what: str, where: str) -> list[str]:
    if not patterns:
        return available
    chosen = [name for name in available if any(fnmatch.fnmatchcase(name, p) for p in patterns)]
    missing = [p for p in patterns if not any(fnmatch.fnmatchcase(name, p) for name in available)]
    if missing:
        shown = ", ".join(available[:30]) + (" ..." if len(available) > 30 else "")
        raise BenchError(f"no {what} matches {missing}; {where}: {shown}")
    return chosen


def _task_matches(pattern: str, env_id: str, task_id: str) -> bool:
    if "/" in pattern:
        env_pattern, task_pattern = pattern.split("/", 1)
        return fnmatch.fnmatchcase(env_id, env_pattern) and fnmatch.fnmatchcase(task_id, task_pattern)
    return fnmatch.fnmatchcase(task_id, pattern)


async def run_bench(
    farm: Farm,
    agent: Agent,
    plan: list[Key],
    store: RunStore,
    options: BenchOptions,
    on_result: Callable[[EpisodeResult], None] | None = None,
) -> dict[str, Any]:
    """Run what the plan has that the store has not; return the summary of everything in the store.

    (A rerun with a narrower plan into the same directory still summarizes the whole run, as
    ``worldfarm report`` does.)
    """
    store.open({"agent": agent.describe(), "mode": options.mode, "farm": farm.url})
    done = store.done()
    todo = [key for key in plan if key not in done]
    session: dict[str, Any] = {"started": _now(), "planned": len(plan), "skipped": len(plan) - len(todo), "ran": 0}
    started = time.perf_counter()
    bar = tqdm(
        total=len(plan),
        initial=len(plan) - len(todo),
        unit="ep",
        desc=agent.name,
        mininterval=0.5,
        disable=not options.progress,
    )
    tally = _Tally(bar)

    def record(result: EpisodeResult) -> None:
        session["ran"] += 1
        tally.add(result)
        if on_result is not None:
            on_result(result)

    try:
        await _run_all(farm, agent, iter(todo), store, options, record)
    finally:
        bar.close()
        elapsed = time.perf_counter() - started
        session.update(finished=_now(), seconds=round(elapsed, 3))
        session["episodes_per_s"] = round(session["ran"] / elapsed, 3) if elapsed > 0 else None
        store.add_session(session)
    summary = summarize(store.results().values())
    store.write_json(SUMMARY, summary)
    return summary


async def _run_all(
    farm: Farm,
    agent: Agent,
    todo: Iterator[Key],
    store: RunStore,
    options: BenchOptions,
    record: Callable[[EpisodeResult], None],
) -> None:
    supply = EpisodeSupply(farm, todo, options.concurrency)

    async def worker() -> None:
        while (taken := await supply.take()) is not None:  # one shared supply: each key is taken once
            (env_id, task_id, trial), created = taken
            try:
                run = await run_episode(
                    farm,
                    agent,
                    env_id,
                    task_id,
                    trial,
                    time_limit=options.timeout,
                    mode=options.mode,
                    check_state=options.check_state,
                    seed=options.seed,
                    created=created,
                )
            finally:
                if created is not None:
                    supply.finished(created)
            run.result.trajectory = store.write_trajectory(run.trajectory)
            store.append(run.result)
            record(run.result)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(max(1, options.concurrency)):
                group.create_task(worker())
    finally:
        await asyncio.shield(supply.aclose())


class _Tally:
    """The progress bar's running figures."""

    def __init__(self, bar: tqdm[Any]) -> None:
        self.bar = bar
        self.counted = self.successes = self.env_errors = 0

    def add(self, result: EpisodeResult) -> None:
        self.counted += result.counted
        self.successes += result.outcome == "success"
        self.env_errors += result.outcome == "environment_error"
        rate = f"{self.successes / self.counted:.0%}" if self.counted else "-"
        self.bar.set_postfix(success=rate, env_errors=self.env_errors, refresh=False)
        self.bar.update(1)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

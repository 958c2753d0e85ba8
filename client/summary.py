"""Summaries of a bench run: success rate, pass^k, breakdowns by domain, difficulty and environment.

Environment errors are counted apart and left out of every rate (they say nothing about the agent).
pass^k (tau-bench) is, per task, the chance that k trials drawn from its n counted trials all
succeed, C(c, k) / C(n, k) with c successes, averaged over the tasks with at least k counted trials.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from client.runner import OUTCOMES, EpisodeResult


def summarize(results: Iterable[EpisodeResult]) -> dict[str, Any]:
    """Everything a report shows, from the results (one per (env, task, trial))."""
    results = list(results)
    counted = [r for r in results if r.counted]
    return {
        "episodes": len(results),
        "counted": len(counted),
        "environment_errors": len(results) - len(counted),
        "success_rate": _rate(counted),
        "mean_reward": _mean([r.reward for r in counted]),
        "outcomes": {outcome: sum(r.outcome == outcome for r in results) for outcome in OUTCOMES},
        "pass_k": pass_hat_k(counted),
        "by_domain": _breakdown(results, lambda r: r.domain or "(none)"),
        "by_difficulty": _breakdown(results, lambda r: r.difficulty or "(none)"),
        "by_env": _breakdown(results, lambda r: r.env),
        "tool_calls": _distribution([r.tool_calls for r in counted]),
        "latency_s": _distribution([r.duration_s for r in results]),
        "agent_s": _distribution([r.agent_s for r in results]),
        "tokens": {
            "prompt": sum(r.prompt_tokens for r in results),
            "completion": sum(r.completion_tokens for r in results),
            "per_episode": _mean([r.prompt_tokens + r.completion_tokens for r in counted]),
        },
    }


def pass_hat_k(results: list[EpisodeResult]) -> dict[str, float]:
    """pass^k for k = 1 .. the most counted trials any task has."""
    per_task: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for r in results:
        per_task[(r.env, r.task)].append(r.outcome == "success")
    most = max((len(trials) for trials in per_task.values()), default=0)
    values: dict[str, float] = {}
    for k in range(1, most + 1):
        scores = [math.comb(sum(t), k) / math.comb(len(t), k) for t in per_task.values() if len(t) >= k]
        values[str(k)] = round(statistics.fmean(scores), 4)
    return values


def _breakdown(results: list[EpisodeResult], key: Any) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[EpisodeResult]] = defaultdict(list)
    for r in results:
        groups[key(r)].append(r)
    table = {}
    for name in sorted(groups):
        group = groups[name]
        counted = [r for r in group if r.counted]
        outcomes = Counter(r.outcome for r in group)
        table[name] = {
            "episodes": len(group),
            "counted": len(counted),
            "successes": outcomes["success"],
            "success_rate": _rate(counted),
            "mean_reward": _mean([r.reward for r in counted]),
            "environment_errors": outcomes["environment_error"],
        }
    return table


def _rate(counted: list[EpisodeResult]) -> float | None:
    return round(sum(r.outcome == "success" for r in counted) / len(counted), 4) if counted else None


def _mean(values: list[float] | list[int]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def _distribution(values: list[float] | list[int]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "p50": None, "p90": None, "p99": None, "max": None}
    ordered = sorted(values)
    return {
        "mean": round(statistics.fmean(ordered), 4),
        "p50": round(float(_quantile(ordered, 0.5)), 4),
        "p90": round(float(_quantile(ordered, 0.9)), 4),
        "p99": round(float(_quantile(ordered, 0.99)), 4),
        "max": round(float(ordered[-1]), 4),
    }


def _quantile(ordered: list[float] | list[int], q: float) -> float:
    """Nearest-rank quantile of sorted values."""
    index = max(0, math.ceil(q * len(ordered)) - 1)
    return float(ordered[index])

"""The generation report's targets: each one a figure over the whole set, its bound, and whether it is met.

The bounds are issue 11's (worlds as deep and varied as Agent World Model's) and issue 10's (restraint
and both branches of every condition).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]


@dataclass(frozen=True)
class Target:
    name: str
    bound: str
    value: float
    met: bool

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "bound": self.bound, "value": self.value, "met": self.met}


def _at_least(name: str, low: float, value: float) -> Target:
    return Target(name, f">= {low:g}", round(value, 3), value >= low)


def _at_most(name: str, high: float, value: float) -> Target:
    return Target(name, f"<= {high:g}", round(value, 3), value <= high)


def _between(name: str, low: float, high: float, value: float) -> Target:
    return Target(name, f"{low:g} to {high:g}", round(value, 3), low <= value <= high)


def _share_of_top(counts: Counter[str], top: int) -> float:
    total = sum(counts.values())
    return sum(c for _, c in counts.most_common(top)) / total if total else 0.0


def targets(records: list[Record]) -> list[Target]:
    shapes = [r["shape"] for r in records if r.get("ok") and r.get("shape")]
    qualities = [r["quality"] for r in records if r.get("ok") and r.get("quality")]
    if not shapes:
        return []
    return [*_structure(shapes), *_tasks(shapes), *_data(qualities), *_set(records)]


def _structure(shapes: list[Record]) -> list[Target]:
    tables = [s["tables"] for s in shapes]
    tools = [s["tools"] for s in shapes]
    programs = Counter(p for s in shapes for p in s["programs"])
    skeletons = Counter(s["skeleton"] for s in shapes)
    return [
        _at_least("tables per environment, mean", 16, statistics.fmean(tables)),
        _at_least("tables per environment, min", 8, min(tables)),
        _at_least("tables per environment, max", 30, max(tables)),
        _at_least("foreign keys per environment, mean", 15, statistics.fmean(s["foreign_keys"] for s in shapes)),
        _between("tools per environment, mean", 35, 45, statistics.fmean(tools)),
        _at_least("tools per environment, min", 20, min(tools)),
        _at_least("tools per environment, max", 70, max(tools)),
        _at_least("distinct tool programs (identifiers and literals masked)", 2500, len(programs)),
        _at_most("share of tool instances in the 100 most common programs", 0.40, _share_of_top(programs, 100)),
        _at_least("distinct schema skeletons (foreign-key graph, names masked)", 500, len(skeletons)),
        _at_most("share of environments with the most common skeleton", 0.02, _share_of_top(skeletons, 1)),
    ]


def _tasks(shapes: list[Record]) -> list[Target]:
    kinds = Counter(part for s in shapes for k in s["kinds"] for part in k.split("__"))
    lengths = [n for s in shapes for n in s["solution_lengths"]]
    branches: dict[str, set[str]] = {}
    for s in shapes:
        for kind, branch in s["branches"]:
            branches.setdefault(kind, set()).add(branch)
    sides = Counter(branch for s in shapes for _, branch in s["branches"])
    total = len(lengths)
    balance = min(sides.values()) / max(sides.values()) if len(sides) == 2 else 0.0
    return [
        _at_least("task kinds (a combined request counts as each of its parts)", 150, len(kinds)),
        _at_most("share of task parts in the 10 most common kinds", 0.20, _share_of_top(kinds, 10)),
        _at_most(
            "requests a task shares word for word with another of its environment",
            0,
            sum(s.get("repeated_requests", 0) for s in shapes),
        ),
        _at_least("reference solution calls, median", 5, statistics.median(lengths)),
        _at_least("share of tasks with 8 or more calls", 0.25, sum(n >= 8 for n in lengths) / total),
        _at_least("reference solution calls, max", 15, max(lengths)),
        _at_least("share of tasks that are refusals", 0.05, sum(s["refusals"] for s in shapes) / total),
        _at_least(
            "conditional kinds seen in both branches (share)",
            1.0,
            sum(len(b) == 2 for b in branches.values()) / len(branches) if branches else 0.0,
        ),
        _at_least("conditional branches balance (fewer / more)", 0.8, balance),
    ]


def _data(qualities: list[Record]) -> list[Target]:
    if not qualities:
        return []
    money = sum(q["money_values"] for q in qualities)
    half = sum(q["half_dollars"] for q in qualities)
    emails = sum(q["emails"] for q in qualities)
    personal = sum(q["personal_emails"] for q in qualities)
    problems = sum(len(q["problems"]) for q in qualities)
    return [
        _at_most("share of money values that are multiples of $0.50", 0.30, half / money if money else 0.0),
        _at_least("share of customer emails on personal providers", 1.0, personal / emails if emails else 1.0),
        _at_most("data-quality problems (categories, reviews, wording)", 0, problems),
    ]


def _set(records: list[Record]) -> list[Target]:
    passed = sum(1 for r in records if r.get("ok"))
    return [_at_least("environments that pass the gate (share)", 1.0, passed / len(records) if records else 0.0)]

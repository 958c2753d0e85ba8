"""Assemble one environment: its world (entities, rows, tools) and its task candidates, in order.

:func:`build_world` is deterministic in (set seed, index, attempt). :func:`rank_tasks` orders the
candidates so that the first ten cover every difficulty and every kind of task the world offers.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.parts import (
    accounts,
    core,
    extras,
    money,
    people,
    plans,
    refusals,
    txn,
    txn_rules,
    txn_tasks,
    txn_tools,
)
from generator.toolkit import Json
from generator.variants import env_seed, rng_for, variant_of
from generator.world import World, new_world

TARGET_TASKS = 12
MIN_TASKS = 10


def build_world(seed: int, index: int, attempt: int = 0) -> World:
    variant = variant_of(index)
    world = new_world(index, env_seed(seed, index, attempt), variant, rng_for(seed, index, attempt))
    mods = variant.modules
    core.add_party(world)
    core.add_catalog(world)
    if "staff" in mods:
        people.add_staff(world)
    txn.add_txn(world)
    people.assign_seed_txns(world)
    if "payments" in mods:
        money.add_payments(world)
    if "reviews" in mods:
        extras.add_reviews(world)
    if "notes" in mods:
        extras.add_notes(world)
    if "addresses" in mods:
        extras.add_addresses(world)
    if "cases" in mods:
        people.add_cases(world)
    if "accounts" in mods:
        accounts.add_accounts(world)
    if "plans" in mods:
        plans.add_plans(world)
    core.add_unattached_parties(world)
    _tools(world)
    _tasks(world)
    return world


Part = tuple[str | None, Callable[[World], None] | None, Callable[[World], None] | None]
PARTS: list[Part] = [
    # (what the world must have, or None: always; adds its tools; adds its task candidates), in order
    (None, core.party_tools, core.party_tasks),
    (None, core.catalog_tools, core.catalog_tasks),
    (None, txn_tools.txn_tools, txn_tasks.txn_tasks),
    (None, None, txn_rules.rule_tasks),
    ("payment", money.payment_tools, money.payment_tasks),
    ("staff", people.staff_tools, people.staff_tasks),
    ("case", people.case_tools, people.case_tasks),
    (None, extras.extras_tools, extras.extras_tasks),
    ("account", accounts.account_tools, accounts.account_tasks),
    ("account", None, refusals.overdraw_task),
    (None, None, refusals.refusal_tasks),
    ("plan", plans.plan_tools, plans.plan_tasks),
]


def _tools(world: World) -> None:
    for needs, tools, _ in PARTS:
        if tools is not None and (needs is None or world.has(needs)):
            tools(world)


def _tasks(world: World) -> None:
    for needs, _, tasks in PARTS:
        if tasks is not None and (needs is None or world.has(needs)):
            tasks(world)


def rank_tasks(world: World) -> list[Json]:
    """All candidates, best first: one of each wanted tag, then alternating difficulties, each kind once."""
    pool = list(world.tasks)
    world.rng.shuffle(pool)
    ranked: list[Json] = []
    kinds: set[str] = set()

    def take(match: object) -> None:
        for t in pool:
            if t not in ranked and t["id"] not in kinds and (match is None or match(t)):  # type: ignore[operator]
                ranked.append(t)
                kinds.add(t["id"])
                return

    for tag in ("refusal", "lookup", "rule", "multi-step", "isolation", "lookup", "rule"):
        take(lambda t, tag=tag: tag in t["tags"])
    for _ in range(len(pool)):
        for level in ("easy", "medium", "hard"):
            take(lambda t, level=level: t["difficulty"] == level)
    take(None)
    ranked += [t for t in pool if t not in ranked]
    return ranked


def number_tasks(tasks: list[Json]) -> list[Json]:
    return [{**t, "id": f"t{n:02d}-{t['id']}"} for n, t in enumerate(tasks, start=1)]

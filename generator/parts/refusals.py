"""Requests to refuse: each breaks a written rule of the world, so the right outcome is no change and a
final message that says why, stating the rule's key value (which the agent must look up: it is never in
the instruction). ``refusal.otherwise`` is the workaround a compliant policy would make instead.

Kinds: more places (or units) than are left, a party at their limit of open transactions, a date
beyond the booking window, a cancellation inside the notice period, a return after the return window,
a withdrawal beyond the balance.
"""

from __future__ import annotations

from generator.blocks import Row, dollars, money_text
from generator.calendar import shift
from generator.parts.txn import (
    cancellable,
    date_col,
    open_count,
    remaining,
    reserve_name,
    return_days,
    states,
    summary_name,
)
from generator.parts.txn_tasks import (
    active_res,
    ask,
    cancellable_rows,
    describe,
    find_party,
    find_res,
    find_txns,
    free_day,
    reserve_args,
    returnable,
    unique_desc,
)
from generator.toolkit import Call, refusal, task
from generator.tools import search_name
from generator.world import World

MAX_QTY = 20


def refusal_tasks(world: World) -> None:
    for make in (_over_capacity, _party_limit, _beyond_window, _inside_cutoff, _after_return_window):
        make(world)


def _refuse(
    world: World,
    kind: str,
    text: str,
    look: list[Call],
    key: str,
    rivals: list[str],
    why: str,
    otherwise: list[Call],
) -> None:
    """A refusal task: the reference solution only looks, the verifier sees nothing changed and the key value."""
    world.tasks.append(
        task(
            kind,
            text,
            look,
            [world.unchanged_except()],
            answer=[key],
            competing=rivals,
            difficulty="medium",
            tags=["rule"],
            refusal=refusal(why, otherwise),
        )
    )


def _parties(world: World) -> list[Row]:
    limit = world.rules.party_limit
    return [
        p
        for p in world.e("party").rows
        if p.get("status", "active") == "active" and (not limit or open_count(world, p["id"]) < limit)
    ]


def _over_capacity(world: World) -> None:
    """More places (or units) than are left: the key value is how many are left."""
    d = world.domain
    parties, items = _parties(world), active_res(world)
    if not (d.qty or d.mode == "stock") or not parties or not items:
        return
    for r in world.rng.sample(items, len(items)):
        day = free_day(world, r, 1) if d.mode == "per_date" else world.today
        left = remaining(world, r, day) if day else 0
        if day and 1 <= left < MAX_QTY:
            break
    else:
        return
    p, want = world.pick(parties), world.rng.randint(left + 1, min(MAX_QTY, left + 4))
    res = world.e("resource")
    others = [remaining(world, x, day) for x in items if x["id"] != r["id"]]
    rivals = [str(v) for v in (r.get("capacity", left), *others)] + (
        [str(r["capacity"] - left)] if "capacity" in r else []
    )
    check = (f"check_{res.singular}_availability", _availability_args(world, r, day))
    look = [find_party(world, p), find_res(world, r)] + ([check] if d.mode != "stock" else [])
    what = d.qty or "units"
    _refuse(
        world,
        "refuse-over-capacity",
        f"{ask(world, p['name'], r, day, want)}.",
        look,
        str(left),
        rivals,
        f"only {left} {what} of {r['name']} are left",
        [(reserve_name(world), reserve_args(world, p["id"], r, day, left))],
    )


def _availability_args(world: World, r: Row, day: str) -> dict[str, object]:
    args: dict[str, object] = {world.e("resource").id_arg: r["id"]}
    if world.domain.mode == "per_date":
        args[date_col(world)] = day
    return args


def _party_limit(world: World) -> None:
    """A party who already has as many open transactions as the rule allows: the key value is the limit."""
    limit, party = world.rules.party_limit, world.e("party")
    full = [p for p in party.rows if p.get("status", "active") == "active" and open_count(world, p["id"]) == limit]
    picked = _bookable_slot(world)
    if not limit or not full or picked is None:
        return
    p, (r, day) = world.pick(full), picked
    pid = party.id_arg
    mine = [t for t in cancellable_rows(world) if t[pid] == p["id"]]
    book = (reserve_name(world), reserve_args(world, p["id"], r, day, 1))
    txn = world.e("txn")
    workaround = [(f"cancel_{txn.singular}", {txn.id_arg: mine[0]["id"]}), book] if mine else [book]
    counts = sorted({open_count(world, x["id"]) for x in party.rows} - {limit})
    total = sum(1 for t in txn.rows if t[pid] == p["id"])
    _refuse(
        world,
        "refuse-party-limit",
        f"{ask(world, p['name'], r, day, 1)}.",
        [find_party(world, p), (summary_name(world), {pid: p["id"]})],
        str(limit),
        [str(v) for v in (total, limit + 1, limit - 1, *counts)],
        f"{p['name']} already has {limit} open {txn.plural_label}, the most allowed",
        workaround,
    )


def _bookable_slot(world: World) -> tuple[Row, str] | None:
    for r in world.rng.sample(active_res(world), len(active_res(world))):
        day = free_day(world, r, 1) if world.domain.mode == "per_date" else world.today
        if day and remaining(world, r, day) >= 1:
            return r, day
    return None


def _beyond_window(world: World) -> None:
    """A date further ahead than bookings may be made: the key value is the window's length in days."""
    lo, hi = world.rules.window
    parties, items = _parties(world), active_res(world)
    if world.domain.mode != "per_date" or not parties or not items:
        return
    ahead = hi + world.rng.randint(3, 40)
    day, r, p = shift(world.today, ahead), world.pick(items), world.pick(parties)
    inside = free_day(world, r, 1)
    _refuse(
        world,
        "refuse-beyond-window",
        f"{ask(world, p['name'], r, day, 1)}.",
        [find_party(world, p), find_res(world, r)],
        str(hi),
        [str(v) for v in (ahead, lo, hi + 30, hi - 30)],
        f"bookings can be made at most {hi} days ahead",
        [(reserve_name(world), reserve_args(world, p["id"], r, inside, 1))] if inside else [],
    )


def _inside_cutoff(world: World) -> None:
    """A cancellation with less notice than the rule needs: the key value is the notice period in days."""
    c, col = world.rules.cutoff, date_col(world)
    if not c or world.domain.mode != "per_date":
        return
    txn = world.e("txn")
    pool = [
        t
        for t in txn.rows
        if t["status"] in cancellable(world) and world.today <= t[col] < shift(world.today, c) and unique_desc(world, t)
    ]
    if not pool:
        return
    t = world.pick(pool)
    p = world.e("party").by_id(t[world.e("party").id_arg])
    days_left = sum(1 for d in range(c + 1) if shift(world.today, d) <= t[col]) - 1
    _refuse(
        world,
        "refuse-inside-cutoff",
        f"{p['name']} called: please cancel their {describe(world, t)}.",
        [find_party(world, p), find_txns(world, p)],
        str(c),
        [str(v) for v in (days_left, c + 1, c + 2)],
        f"cancellations need at least {c} day(s) notice",
        [(f"cancel_{txn.singular}", {txn.id_arg: t["id"]})],
    )


def _after_return_window(world: World) -> None:
    """A return after the return window: the key value is the window in days."""
    pool = returnable(world, inside=False)
    if not pool:
        return
    t, days = world.pick(pool), return_days(world)
    party, txn = world.e("party"), world.e("txn")
    p = party.by_id(t[party.id_arg])
    _refuse(
        world,
        "refuse-after-return-window",
        f"{p['name']} wants to return their {describe(world, t)}.",
        [find_party(world, p), find_txns(world, p)],
        str(days),
        [str(v) for v in (14, 30, 45, 60, 90) if v != days],
        f"{states(world)['done']} {txn.plural_label} can be returned within {days} days only",
        [(f"return_{txn.singular}", {txn.id_arg: t["id"], party.id_arg: p["id"]})],
    )


def overdraw_task(world: World) -> None:
    """A withdrawal beyond what the account holds (and its overdraft): the key value is the balance."""
    acc = world.e("account")
    active = [a for a in acc.rows if a["status"] == "active" and a["balance_cents"] > 0]
    if not active:
        return
    a = world.pick(active)
    available = a["balance_cents"] + world.rules.overdraft
    amount = (available // 1000 + world.rng.randint(1, 30)) * 1000
    others = sorted(
        (x["balance_cents"] for x in acc.rows if x["id"] != a["id"]), key=lambda v: abs(v - a["balance_cents"])
    )
    withdraw = (f"withdraw_from_{acc.singular}", {acc.id_arg: a["id"], "amount": dollars(available)})
    _refuse(
        world,
        "refuse-overdraw",
        f"Withdraw ${money_text(amount)} from {acc.label} {a['number']}.",
        [(search_name(world, acc), {"query": a["number"]})],
        money_text(a["balance_cents"]),
        [money_text(v) for v in (available, *others)],
        f"{acc.label} {a['number']} holds only ${money_text(a['balance_cents'])}",
        [withdraw] if available > 0 else [],
    )

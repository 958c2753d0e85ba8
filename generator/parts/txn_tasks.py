"""Task candidates about transactions, computed from the seed rows: make, cancel, move, progress,
rules that refuse the obvious route, bulk work, and lookups."""

from __future__ import annotations

from typing import Any

from generator.blocks import Row, money_text
from generator.calendar import shift
from generator.naming import slug
from generator.parts.txn import (
    cancellable,
    date_col,
    open_states,
    party_can_book,
    remaining,
    reserve_name,
    return_days,
    states,
    summary_name,
)
from generator.toolkit import added, closest, new_row, old_rows_unchanged, others_unchanged, row_is, same_rows, task
from generator.tools import search_name
from generator.world import World

Check = tuple[str, str]


def find_party(world: World, row: Row) -> tuple[str, dict[str, Any]]:
    return search_name(world, world.e("party")), {"query": row["name"]}


def find_res(world: World, row: Row) -> tuple[str, dict[str, Any]]:
    return search_name(world, world.e("resource")), {"query": row["name"]}


def find_txns(world: World, party: Row) -> tuple[str, dict[str, Any]]:
    return search_name(world, world.e("txn")), {world.e("party").id_arg: party["id"]}


def net_paid(world: World, txn_id: int) -> int:
    if not world.has("payment"):
        return 0
    tid = world.e("txn").id_arg
    rows = [p for p in world.e("payment").rows if p[tid] == txn_id]
    return sum(p["amount_cents"] if p["kind"] == "charge" else -p["amount_cents"] for p in rows)


def describe(world: World, txn: Row) -> str:
    """How a user names a transaction: '... for Deluxe Suite on 2026-04-02'."""
    res = world.e("resource").by_id(txn[world.e("resource").id_arg])
    when = "on" if world.domain.mode == "per_date" else "made on"
    return f"{world.e('txn').label} for {res['name']} {when} {txn[date_col(world)]}"


def reserve_effects(world: World, party_expr: Any, res: Row, day: str, qty: int) -> list[Check]:
    txn, r = world.e("txn"), world.e("resource")
    status = states(world)["pending" if world.rules.approval else "initial"]
    expect: dict[str, Any] = {
        r.id_arg: res["id"],
        date_col(world): day,
        "total_cents": res["price_cents"] * qty,
        "status": status,
    }
    if world.domain.qty:
        expect["quantity"] = qty
    checks = [
        new_row(txn.table, expect, f"one new {txn.label} for {res['name']} on {day}"),
        added(txn.table, 1),
        old_rows_unchanged(txn.table),
    ]
    sql, msg = checks[0]
    pid = world.e("party").id_arg
    party_cond = f"{pid} = {party_expr}" if isinstance(party_expr, int) else f"{pid} = ({party_expr})"
    checks[0] = (sql + f" AND {party_cond}", msg)
    if world.domain.mode == "stock":
        checks.append(
            row_is(r.table, res["id"], {"stock": res["stock"] - qty}, f"{res['name']} stock went down by {qty}")
        )
    return checks


def cancel_effects(world: World, row: Row) -> list[Check]:
    txn, r = world.e("txn"), world.e("resource")
    checks = [
        row_is(txn.table, row["id"], {"status": states(world)["cancelled"]}, f"{txn.label} {row['id']} is cancelled")
    ]
    if world.domain.mode == "stock":
        res = r.by_id(row[r.id_arg])
        checks.append(
            row_is(r.table, res["id"], {"stock": res["stock"] + row.get("quantity", 1)}, "the units are back in stock")
        )
    net = net_paid(world, row["id"])
    if net > 0:
        pay = world.e("payment")
        checks += [
            new_row(
                pay.table, {txn.id_arg: row["id"], "amount_cents": net, "kind": "refund"}, f"{money_text(net)} refunded"
            ),
            added(pay.table, 1),
            old_rows_unchanged(pay.table),
        ]
    return checks


def stock_guard(world: World, res_ids: list[int]) -> list[Check]:
    """In stock mode, no other item's stock may change."""
    return [others_unchanged(world.e("resource").table, res_ids)] if world.domain.mode == "stock" else []


def touched(world: World, *roles: str) -> list[str]:
    extra = ["resource"] if world.domain.mode == "stock" else []
    return [*roles, *extra, "payment"]


def free_day(world: World, res: Row, qty: int) -> str | None:
    lo, hi = world.rules.window
    start = max(lo, world.rules.cutoff, 1) + 1
    for _ in range(20):
        day = shift(world.today, world.rng.randint(start, max(start, min(hi, 45))))
        if remaining(world, res, day) >= qty:
            return day
    return None


def txn_tasks(world: World) -> None:
    for make in (_reserve, _cancel, _progress, _reschedule, _summary, _availability, _return):
        make(world)


def bookable(world: World) -> list[Row]:
    return [p for p in world.e("party").rows if party_can_book(world, p)]


def active_res(world: World) -> list[Row]:
    return [r for r in world.e("resource").rows if r["status"] == "active"]


def reserve_args(world: World, party_id: int, res: Row, day: str, qty: int) -> dict[str, Any]:
    r, p = world.e("resource"), world.e("party")
    args: dict[str, Any] = {p.id_arg: party_id, r.id_arg: res["id"]}
    if world.domain.mode == "per_date":
        args[date_col(world)] = day
    if world.domain.qty:
        args["quantity"] = qty
    return args


def ask(world: World, party: str, res: Row, day: str, qty: int) -> str:
    d = world.domain
    when = f" on {day}" if d.mode == "per_date" else ""
    many = f", {qty} {d.qty if qty != 1 else singular(d.qty)}," if d.qty else ""
    return str(d.ask(party, res["name"], many, when))


def singular(noun: str) -> str:
    irregular = {"people": "person", "copies": "copy", "berths": "berth"}
    return irregular.get(noun, noun[:-1] if noun.endswith("s") else noun)


def pick_booking(world: World) -> tuple[Row, Row, str, int] | None:
    parties, items = bookable(world), active_res(world)
    for _ in range(30):
        if not parties or not items:
            return None
        p, r = world.pick(parties), world.pick(items)
        qty = world.rng.randint(1, 3) if world.domain.qty else 1
        day = free_day(world, r, qty) if world.domain.mode == "per_date" else world.today
        if day and remaining(world, r, day) >= qty:
            return p, r, day, qty
    return None


def _reserve(world: World) -> None:
    picked = pick_booking(world)
    if not picked:
        return
    p, r, day, qty = picked
    world.tasks.append(
        task(
            "make-txn",
            ask(world, p["name"], r, day, qty) + ", please.",
            [
                find_party(world, p),
                find_res(world, r),
                (reserve_name(world), reserve_args(world, p["id"], r, day, qty)),
            ],
            [
                *reserve_effects(world, p["id"], r, day, qty),
                *stock_guard(world, [r["id"]]),
                world.unchanged_except(*touched(world, "txn")),
            ],
            difficulty="medium",
            tags=["write", "workflow"],
        )
    )


def cancellable_rows(world: World) -> list[Row]:
    c, col = world.rules.cutoff, date_col(world)
    limit = shift(world.today, c)
    return [t for t in world.e("txn").rows if t["status"] in cancellable(world) and (not c or t[col] >= limit)]


def _cancel(world: World) -> None:
    txn, pid = world.e("txn"), world.e("party").id_arg
    rows = cancellable_rows(world)
    if not rows:
        return
    # "leave their other ones": only where another one could be cancelled by mistake
    multi = [t for t in rows if any(o[pid] == t[pid] and o["id"] != t["id"] for o in rows) and unique_desc(world, t)]
    single = [t for t in rows if unique_desc(world, t)]
    for kind, pool in (("cancel-txn", single), ("cancel-one-of-many", multi)):
        if not pool:
            continue
        t = world.pick(pool)
        p = world.e("party").by_id(t[pid])
        checks = cancel_effects(world, t)
        tags = ["write", "workflow"]
        if kind == "cancel-one-of-many":
            tags.append("isolation")
            where = f"{pid} = {p['id']} AND id != {t['id']}"
            checks.append(
                (f"SELECT {same_rows(txn.table, where)}", f"{p['name']}'s other {txn.plural_label} are untouched")
            )
        extra = " Leave their other ones as they are." if kind != "cancel-txn" else ""
        world.tasks.append(
            task(
                kind,
                f"{p['name']} called: please cancel their {describe(world, t)}.{extra}",
                [find_party(world, p), find_txns(world, p), (f"cancel_{txn.singular}", {txn.id_arg: t["id"]})],
                [
                    *checks,
                    *stock_guard(world, [t[world.e("resource").id_arg]]),
                    others_unchanged(txn.table, [t["id"]]),
                    world.unchanged_except(*touched(world, "txn")),
                ],
                difficulty="medium",
                tags=tags,
            )
        )


def unique_desc(world: World, t: Row) -> bool:
    pid, rid, col = world.e("party").id_arg, world.e("resource").id_arg, date_col(world)
    same = [x for x in world.e("txn").rows if x[pid] == t[pid] and x[rid] == t[rid] and x[col] == t[col]]
    return len(same) == 1


def _progress(world: World) -> None:
    txn, s = world.e("txn"), states(world)
    start, finish = world.domain.moves
    pid = world.e("party").id_arg
    moves = [(start, s["initial"], s["active"]), (finish, s["active"], s["done"])]
    if world.rules.approval:
        moves.append(("approve", s["pending"], s["initial"]))
    for verb, source, target in moves:
        pool = [t for t in txn.rows if t["status"] == source and unique_desc(world, t)]
        if not pool:
            continue
        t = world.pick(pool)
        p = world.e("party").by_id(t[pid])
        world.tasks.append(
            task(
                f"{slug(verb)}-txn",
                f"Please mark {p['name']}'s {describe(world, t)} as {target.replace('_', ' ')}.",
                [
                    find_party(world, p),
                    find_txns(world, p),
                    (f"{verb.replace(' ', '_')}_{txn.singular}", {txn.id_arg: t["id"]}),
                ],
                [
                    row_is(txn.table, t["id"], {"status": target}, f"it is {target}"),
                    others_unchanged(txn.table, [t["id"]]),
                    world.unchanged_except("txn"),
                ],
                difficulty="easy",
                tags=["write", "workflow"],
            )
        )


def _reschedule(world: World) -> None:
    if world.domain.mode != "per_date":
        return
    txn, col, rid = world.e("txn"), date_col(world), world.e("resource").id_arg
    pool = [
        t for t in txn.rows if t["status"] in cancellable(world) and t[col] >= world.today and unique_desc(world, t)
    ]
    if not pool:
        return
    t = world.pick(pool)
    res = world.e("resource").by_id(t[rid])
    day = free_day(world, res, t.get("quantity", 1))
    if not day or day == t[col]:
        return
    p = world.e("party").by_id(t[world.e("party").id_arg])
    world.tasks.append(
        task(
            "reschedule-txn",
            f"{p['name']} needs to move their {describe(world, t)} to {day}. Can you do that?",
            [
                find_party(world, p),
                find_txns(world, p),
                (f"reschedule_{txn.singular}", {txn.id_arg: t["id"], "new_date": day}),
            ],
            [
                row_is(txn.table, t["id"], {col: day, "status": t["status"]}, f"it is now on {day}"),
                others_unchanged(txn.table, [t["id"]]),
                world.unchanged_except("txn"),
            ],
            difficulty="medium",
            tags=["write", "workflow"],
        )
    )


def _summary(world: World) -> None:
    """The total billed for a party's finished transactions: not what they paid (payments may differ)."""
    pid, s = world.e("party").id_arg, states(world)
    billed: dict[int, int] = {}
    everything: dict[int, int] = {}
    for t in world.e("txn").rows:
        everything[t[pid]] = everything.get(t[pid], 0) + t["total_cents"]
        if t["status"] == s["done"]:
            billed[t[pid]] = billed.get(t[pid], 0) + t["total_cents"]
    if not billed:
        return
    party_id = world.pick(sorted(billed))
    p, txn = world.e("party").by_id(party_id), world.e("txn")
    done = [t for t in txn.rows if t[pid] == party_id and t["status"] == s["done"]]
    paid = sum(net_paid(world, t["id"]) for t in done)
    others = sorted(billed.values(), key=lambda v: abs(v - billed[party_id]))
    world.tasks.append(
        task(
            "lookup-spent",
            f"What is the total billed for {p['name']}'s {s['done'].replace('_', ' ')} {txn.plural_label}, added up?",
            [find_party(world, p), (summary_name(world), {pid: p["id"]})],
            [world.unchanged_except()],
            answer=[money_text(billed[party_id])],
            competing=[money_text(v) for v in (everything[party_id], paid, *(t["total_cents"] for t in done), *others)],
            difficulty="medium",
            tags=["lookup"],
        )
    )


def _availability(world: World) -> None:
    if world.domain.mode == "stock":
        r = world.pick([x for x in world.e("resource").rows if x["stock"] > 0] or world.e("resource").rows)
        world.tasks.append(
            task(
                "lookup-stock",
                f"How many units of {r['name']} do we have in stock right now?",
                [find_res(world, r)],
                [world.unchanged_except()],
                answer=[str(r["stock"])],
                competing=[str(x["stock"]) for x in closest(world.e("resource").rows, r, "stock")],
                difficulty="easy",
                tags=["lookup"],
            )
        )
        return
    r = world.pick(active_res(world))
    day = tight_day(world, r) if world.domain.mode == "per_date" else world.today
    if day is None or remaining(world, r, day) < 1:
        return
    left = remaining(world, r, day)
    others = [remaining(world, x, day) for x in active_res(world) if x["id"] != r["id"]]
    rival_counts = [r["capacity"], r["capacity"] - left, *sorted(others, key=lambda v: abs(v - left))]
    args: dict[str, Any] = {world.e("resource").id_arg: r["id"]}
    when = ""
    if world.domain.mode == "per_date":
        args[date_col(world)] = day
        when = f" on {day}"
    world.tasks.append(
        task(
            "lookup-availability",
            f"How many {world.domain.qty or 'places'} are still free for {r['name']}{when}?",
            [find_res(world, r), (f"check_{world.e('resource').singular}_availability", args)],
            [world.unchanged_except()],
            answer=[str(left)],
            competing=[str(v) for v in rival_counts],
            difficulty="medium",
            tags=["lookup"],
        )
    )


def tight_day(world: World, res: Row) -> str | None:
    if world.domain.mode == "stock":
        return world.today
    if world.domain.mode == "total":
        return world.today
    col, lo, hi = date_col(world), world.rules.window[0], world.rules.window[1]
    days = sorted(
        {
            t[col]
            for t in world.e("txn").rows
            if t[world.e("resource").id_arg] == res["id"]
            and t["status"] in open_states(world)
            and shift(world.today, max(lo, 1)) <= t[col] <= shift(world.today, hi)
        }
    )
    return days[0] if days else None


def return_effects(world: World, row: Row) -> list[Check]:
    txn, r = world.e("txn"), world.e("resource")
    res = r.by_id(row[r.id_arg])
    checks = [
        row_is(txn.table, row["id"], {"status": states(world)["returned"]}, f"{txn.label} {row['id']} is returned"),
        row_is(r.table, res["id"], {"stock": res["stock"] + row.get("quantity", 1)}, "the units are back in stock"),
        others_unchanged(r.table, [res["id"]]),
    ]
    net = net_paid(world, row["id"])
    if net > 0:
        pay = world.e("payment")
        refund = {txn.id_arg: row["id"], "amount_cents": net, "kind": "refund"}
        checks += [
            new_row(pay.table, refund, f"{money_text(net)} refunded"),
            added(pay.table, 1),
            old_rows_unchanged(pay.table),
        ]
    return checks


def returnable(world: World, inside: bool) -> list[Row]:
    """Finished orders inside (or outside) the return window, that a user can name unambiguously."""
    if world.domain.mode != "stock":
        return []
    window, col, done = shift(world.today, -return_days(world)), date_col(world), states(world)["done"]
    rows = [t for t in world.e("txn").rows if t["status"] == done and (t[col] >= window) == inside]
    return [t for t in rows if unique_desc(world, t)]


def _return(world: World) -> None:
    pool = returnable(world, inside=True)
    if not pool:
        return
    txn, party = world.e("txn"), world.e("party")
    t = world.pick(pool)
    p = party.by_id(t[party.id_arg])
    solution = [
        find_party(world, p),
        find_txns(world, p),
        (f"return_{txn.singular}", {txn.id_arg: t["id"], party.id_arg: p["id"]}),
    ]
    checks = [
        *return_effects(world, t),
        others_unchanged(txn.table, [t["id"]]),
        world.unchanged_except("txn", "resource", "payment"),
    ]
    text = f"{p['name']} wants to return their {describe(world, t)}."
    world.tasks.append(task("return-txn", text, solution, checks, difficulty="medium", tags=["write", "workflow"]))
